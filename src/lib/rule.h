/*
 * What a rule sees and may do. A rule declares what it handles (the asyncio
 * names whose calls it rewrites, every function definition, or a pass over
 * the binder's tables) and a callback the engine calls with typed nodes.
 * Rules never write text: they propose fixes (a diagnostic with edits,
 * applied all together or not at all) and flags (a diagnostic that leaves
 * the code as it is).
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

typedef enum am_fix_kind {
	AM_RULE_FIXES, /* always rewrites */
	AM_RULE_FLAGS, /* never rewrites */
	AM_RULE_MIXED  /* rewrites where it is provably safe, flags the rest */
} am_fix_kind;

/* Whether a rule's fixes behave as the code did (see am_applicability and
 * the doc's "Fix safety"). A rule of each kind says so in its doc. */
typedef enum am_rule_safety {
	AM_RULE_SAFE = 0,          /* every fix is exact (the default) */
	AM_RULE_UNSAFE = 1,        /* every fix changes behaviour on a path */
	AM_RULE_SAFE_OR_UNSAFE = 2 /* safe unless the fix says am_fix_unsafe */
} am_rule_safety;

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

/* A call a rule asked for (see am_rule's `calls` and `methods`), in the
 * order the engine's walk reaches it: when the walk enters its arguments
 * (so `f(x)` in `f(x)(y)` comes first). */
typedef struct am_call {
	TSNode node;      /* the call */
	TSNode callee;    /* its function: `asyncio.sleep`, `loop.time` */
	TSNode arguments; /* its argument list (a generator expression in
	                   * `f(x for x in y)`) */
	/* What the rule asked for that this call is: the asyncio member the
	 * callee resolves to ("sleep"), the method it names ("time"); NULL
	 * for what the rule did not ask for. */
	const char *asyncio_name;
	const char *method;
} am_call;

/* A function definition, for a rule with on_function: every one, in the
 * order the walk enters its parameters. */
typedef struct am_function {
	TSNode node;       /* the function_definition */
	TSNode name;       /* its name */
	TSNode parameters; /* its parameters */
} am_function;

/* A NULL-terminated list of names for a rule's `calls` or `methods`:
 *     .calls = AM_NAMES("sleep"),
 */
#define AM_NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

typedef struct am_rule {
	const char *code;    /* "ANY102" */
	const char *name;    /* "sleep": also its file's and fixture folder's */
	const char *summary; /* one line */
	/* Markdown: What it does, Why, Example, Use instead, When it flags
	 * instead, Fix safety, Migrating by hand. */
	const char *doc;
	am_fix_kind fix_kind;
	am_rule_stage stage;
	am_rule_safety safety;
	/* What the engine calls the rule for: on_call for each call of one of
	 * the asyncio members in `calls` ("sleep", "tasks.create_task") or of
	 * a method in `methods` on any receiver ("run_in_executor");
	 * on_function for every function definition; on_pass once per pass,
	 * after those (for rules that read the binder's tables). */
	const char *const *calls;
	const char *const *methods;
	void (*on_call)(am_context *ctx, const am_call *call);
	void (*on_function)(am_context *ctx, const am_function *function);
	void (*on_pass)(am_context *ctx);
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
	/* For the importer, when it runs in the pass of the rewrites: what
	 * they leave (see outlook.h); NULL otherwise. */
	const struct am_outlook *outlook;
	/* What the gather rule found about each list of tasks in this pass's
	 * text, by the list's binding (rules/gather/list_memo.h): made on
	 * first use, so that the many calls that fill one list read it once. */
	struct am_list_memos *lists;
	/* am_loop_var_read's answer for each binding, once found (loop_var.c):
	 * an array as long as the binder's bindings, made with the context;
	 * NULL to find each answer anew. */
	struct am_loop_var_memo **loop_vars;
	/* The binder's loads sorted by binding (am_binding_loads): made on
	 * first use. */
	struct am_binding_loads *binding_loads;
};

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
/* This fix changes behaviour on some path: it is made only with the
 * options' `unsafe_fixes` (for a rule of AM_RULE_SAFE_OR_UNSAFE; an
 * AM_RULE_UNSAFE rule's fixes all are). */
void am_fix_unsafe(am_fix *fix);

void am_flag(am_context *ctx, TSNode at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void am_flag_range(am_context *ctx, uint32_t start, uint32_t end,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Whether a diagnostic (fix or flag) of this pass already starts inside
 * [start, end) — the leftover rule flags only what no rule spoke of. */
int am_context_claimed(const am_context *ctx, uint32_t start, uint32_t end);

/* ---- helpers for rules ---------------------------------------------- */

/* A node's parent, as ts_node_parent() gives it but without its search
 * down from the root through every statement before the node (see
 * am_bind_parent). */
TSNode am_parent(const am_context *ctx, TSNode node);

const char *am_text(const am_context *ctx, TSNode node); /* arena copy */
/* Whether an identifier names an attribute (`x.name`) or a keyword
 * (`f(name=v)`), not a variable. */
int am_is_member_name(const am_context *ctx, TSNode identifier);
/* Calls fn for every identifier under `within` that binds `binding` (an
 * index into the binder's bindings) rather than loads it: an assignment
 * target, a parameter, a `def`, a `del`, a `global`/`nonlocal` naming it,
 * in its own scope or in a nested one that reaches it by name. */
void am_each_store(const am_context *ctx, int binding, TSNode within,
                   void (*fn)(const am_context *ctx, TSNode identifier,
                              void *data),
                   void *data);
/* The loads of `binding` (indices into the binder's uses, in text order),
 * *count of them: the binder's loads sorted by binding once for the pass,
 * so that following one name is not a read of every load of the file.
 * None when out of memory (the arena then fails the pass). */
const uint32_t *am_binding_loads(am_context *ctx, int binding, size_t *count);
/* The `def` (async or not) whose own scope `node` runs in, or a null node
 * in a module, class, lambda or comprehension. */
TSNode am_own_def(const am_context *ctx, TSNode node);
/* Whether a and b are both identifiers, of the same name. */
int am_same_name(const am_context *ctx, TSNode a, TSNode b);
int am_has_comment(const am_context *ctx, TSNode node);
/* The leading whitespace of the line holding byte `at`. */
const char *am_line_indent(const am_context *ctx, uint32_t at);
/* The 1-based line, in the input the user gave, of a byte of this pass's
 * text. Messages that name another line use it. */
unsigned int am_input_line(const am_context *ctx, uint32_t at);
/* The same for a node's start. */
unsigned int am_node_line(const am_context *ctx, TSNode node);
/* The file's indent unit ("    ", "\t", ...): from the first indented
 * block, else four spaces. */
const char *am_indent_unit(const am_context *ctx);

/* A call's arguments, split by kind. Limits keep this on the stack. */
#define AM_MAX_ARGS 32
typedef struct am_call_args {
	TSNode positional[AM_MAX_ARGS]; /* expressions and *splats, in order */
	size_t positional_count;
	TSNode keywords[AM_MAX_ARGS]; /* keyword_argument and **splat nodes */
	size_t keyword_count;
	int has_star;    /* a *splat among the positional arguments */
	int has_kwsplat; /* a **splat */
	int too_many;  /* more than AM_MAX_ARGS of a kind: rules should flag */
	int generator; /* f(x for x in y) */
} am_call_args;

void am_call_args_read(const am_context *ctx, TSNode call, am_call_args *args);
/* How many arguments the call has when all are positional and plain; -1
 * for a keyword, a splat or a generator argument. */
int am_call_positional_only(const am_context *ctx, TSNode call);
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
