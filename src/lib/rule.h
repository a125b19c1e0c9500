/*
 * What a rule sees and may do. A rule is a kind of node to match plus a callback
 * (or, for rules that look at the binder's tables rather than at a pattern,
 * a per-pass callback). Rules never write text: they propose fixes (a
 * diagnostic with edits, applied all together or not at all) and flags (a
 * diagnostic that leaves the code as it is).
 */
#ifndef AM_RULE_H
#define AM_RULE_H

#include "anyio_migrate.h"
#include "arena.h"
#include "bind.h"
#include "edits.h"
#include "syntax.h"

#include <stdarg.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef struct am_context am_context;
typedef struct am_match am_match;

typedef enum am_fix_kind {
	AM_RULE_FIXES,  /* always rewrites */
	AM_RULE_FLAGS,  /* never rewrites */
	AM_RULE_MIXED   /* rewrites where it is provably safe, flags the rest */
} am_fix_kind;

/* When a rule runs. A pass runs the rewrite rules; when they propose
 * nothing, the fallback rules (rewrites that must wait for the others, like
 * the drop-in queue); then the import rule; when it proposes nothing
 * either, the text has settled and the report rules add their
 * diagnostics; once the suppressed ones are dropped, the settled rules
 * report on the suppression comments themselves. */
typedef enum am_rule_stage {
	AM_STAGE_REWRITE = 0,
	AM_STAGE_FALLBACK = 1, /* when the rewrite rules propose nothing */
	AM_STAGE_IMPORTS = 2,
	AM_STAGE_REPORT = 3,
	AM_STAGE_SETTLED = 4 /* after suppressed diagnostics are dropped */
} am_rule_stage;

/* The nodes a rule's on_match is called for. The engine finds them in one
 * walk of the tree, in the order the walk reaches their last part: a call
 * when the walk enters its arguments (so `f(x)` in `f(x)(y)` comes first),
 * a definition when it enters its parameters. */
typedef enum am_match_kind {
	AM_MATCH_NONE = 0,
	AM_MATCH_CALLS = 1,    /* every call: @call, @fn (the callee), @args */
	AM_MATCH_FUNCTIONS = 2 /* every def: @def, @name, @params */
} am_match_kind;

typedef struct am_rule {
	const char *code;    /* "ANY102" */
	const char *name;    /* "sleep" */
	const char *summary; /* one line */
	const char *doc;     /* Markdown: what, why, example, use instead, when it flags */
	am_fix_kind fix_kind;
	am_match_kind match; /* what on_match is called for */
	void (*on_match)(am_context *ctx, const am_match *match);
	void (*on_pass)(am_context *ctx); /* once per pass, after the matches */
	am_rule_stage stage;
	/* --select/--ignore leave the rule out altogether: what it reports is
	 * no asyncio use (a rule left out otherwise still runs, its fixes
	 * becoming flags, so that every use is reported). */
	int only_when_selected;
} am_rule;

/* The registry, generated from the rule files (rules/registry.cmake): in
 * the order of the rules' codes, which is the order they run in. */
extern const am_rule *const am_rules[];
extern const size_t am_rules_count;

/* ---- the context of one pass ------------------------------------------ */

struct am_context {
	const char *text;
	uint32_t len;
	TSNode root;
	const am_syntax *syntax;
	const am_binder *binder;
	am_arena *arena;
	const char *newline; /* the file's: "\n" or "\r\n" */
	const am_rule *rule; /* the rule running now */
	struct am_pass *pass;
	/* The input, and how this pass's text maps back to it (for line
	 * numbers in messages: users read them against the input). */
	const char *input;
	uint32_t input_len;
	const am_segments *segments;
	const am_options *options; /* may be NULL */
	/* Where the input's lines start, made on first use (may be NULL). */
	struct am_line_index *input_lines;
	/* The suppression comments of this pass's text. */
	const struct am_suppressions *suppressions;
};

/* A match's nodes by name (see am_match_kind); a null node for a name the
 * match does not have. */
TSNode am_capture(const am_match *match, const char *name);

/* ---- fixes and flags ---------------------------------------------------- */

typedef struct am_fix am_fix;

/* Begins a fix whose diagnostic covers `at`; message is printf-style. A NULL
 * message makes a fix with no diagnostic (e.g. an import added for another
 * fix). Returns NULL when out of memory (the pass then fails). */
am_fix *am_fix_new(am_context *ctx, TSNode at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
am_fix *am_fix_new_range(am_context *ctx, uint32_t start, uint32_t end,
                         const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
void am_fix_replace(am_fix *fix, uint32_t start, uint32_t end,
                    const char *text);
void am_fix_replace_node(am_fix *fix, TSNode node, const char *text);
void am_fix_insert(am_fix *fix, uint32_t at, const char *text);

void am_flag(am_context *ctx, TSNode at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void am_flag_range(am_context *ctx, uint32_t start, uint32_t end,
                   const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* Whether a diagnostic (fix or flag) of this pass already starts inside
 * [start, end) — the leftover rule flags only what no rule spoke of. */
int am_context_claimed(const am_context *ctx, uint32_t start, uint32_t end);

/* ---- helpers for rules ---------------------------------------------- */

const char *am_text(const am_context *ctx, TSNode node); /* arena copy */
int am_has_comment(const am_context *ctx, TSNode node);
/* The leading whitespace of the line holding byte `at`. */
const char *am_line_indent(const am_context *ctx, uint32_t at);
/* The 1-based line, in the input the user gave, of a byte of this pass's
 * text. Messages that name another line use it. */
unsigned int am_input_line(const am_context *ctx, uint32_t at);
/* The file's indent unit ("    ", "\t", ...): from the first indented
 * block, else four spaces. */
const char *am_indent_unit(const am_context *ctx);

/* A call's arguments, split by kind. Limits keep this on the stack. */
#define AM_MAX_ARGS 32
typedef struct am_call_args {
	TSNode positional[AM_MAX_ARGS]; /* expressions and *splats, in order */
	size_t positional_count;
	TSNode keywords[AM_MAX_ARGS];   /* keyword_argument and **splat nodes */
	size_t keyword_count;
	int has_star;    /* a *splat among the positional arguments */
	int has_kwsplat; /* a **splat */
	int too_many;    /* more than AM_MAX_ARGS of a kind: rules should flag */
	int generator;   /* f(x for x in y) */
} am_call_args;

void am_call_args_read(const am_context *ctx, TSNode call, am_call_args *args);
/* The value node of keyword `name`, or a null node. */
TSNode am_call_keyword(const am_context *ctx, const am_call_args *args,
                       const char *name);

/* The call node whose `function` is `callee`, or a null node. */
TSNode am_callee_call(const am_context *ctx, TSNode callee);

/* Whether the expression is a plain name or attribute chain (a.b.c). */
int am_is_dotted(const am_context *ctx, TSNode node);

/* A growing string in the arena. */
typedef struct am_strbuf {
	am_arena *arena;
	char *data;
	size_t len, cap;
} am_strbuf;

void am_strbuf_init(am_strbuf *sb, am_arena *arena);
void am_strbuf_append(am_strbuf *sb, const char *text, size_t len);
void am_strbuf_puts(am_strbuf *sb, const char *text);
void am_strbuf_node(am_strbuf *sb, const am_context *ctx, TSNode node);
void am_strbuf_printf(am_strbuf *sb, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
const char *am_strbuf_cstr(am_strbuf *sb);

#endif
