#define _GNU_SOURCE
/*
 * The engine: parse, bind, run the rules, apply the fixes that do not
 * conflict, and repeat on the new text until it settles; then verify.
 */
#include "anyio_migrate.h"

#include "ahead.h"
#include "arena.h"
#include "bind.h"
#include "depth.h"
#include "dispatch.h"
#include "edits.h"
#include "imports.h"
#include "outlook.h"
#include "pass.h"
#include "result.h"
#include "rule.h"
#include "pytest_shapes.h"
#include "rule_registry.h"
#include "source.h"
#include "suppress.h"
#include "syntax.h"
#include "verify.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AM_MAX_PASSES 16

struct am_engine {
	TSParser *parser;
	am_syntax syntax;
	am_dispatch dispatch; /* which rules each call is for */
};

int am_engine_new(am_engine **out)
{
	if (!out)
		return AM_EINVALID;
	*out = NULL;
	am_engine *engine = calloc(1, sizeof(*engine));
	if (!engine)
		return AM_ENOMEM;
	const TSLanguage *language = tree_sitter_python();
	engine->parser = ts_parser_new();
	int rc = AM_ENOMEM;
	if (!engine->parser)
		goto fail;
	rc = AM_EINTERNAL;
	if (!ts_parser_set_language(engine->parser, language) ||
	    am_syntax_init(&engine->syntax, language) != 0)
		goto fail;
	rc = am_dispatch_init(&engine->dispatch);
	if (rc != AM_OK)
		goto fail;
	*out = engine;
	return AM_OK;
fail:
	am_engine_free(engine);
	return rc;
}

void am_engine_free(am_engine *engine)
{
	if (!engine)
		return;
	if (engine->parser)
		ts_parser_delete(engine->parser);
	am_dispatch_release(&engine->dispatch);
	free(engine);
}

/* The options as this version has them: a version 1 struct ends before
 * `unsafe_fixes`, and its callers got every fix made; a version 2 one
 * before `pytest_auto_mode`. */
static int read_options(const am_options *given, am_options *options)
{
	am_options defaults = AM_OPTIONS_INIT;
	*options = defaults;
	if (!given)
		return AM_OK;
	if (given->version == 1) {
		memcpy(options, given, offsetof(am_options, unsafe_fixes));
		options->unsafe_fixes = 1;
	} else if (given->version == 2) {
		memcpy(options, given, offsetof(am_options, pytest_auto_mode));
	} else if (given->version == AM_OPTIONS_VERSION) {
		*options = *given;
	} else {
		return AM_EINVALID;
	}
	options->version = AM_OPTIONS_VERSION;
	return AM_OK;
}

/* ---- rule selection ------------------------------------------------------ */

static int code_matches(const am_rule *rule, const char *const *list)
{
	for (; list && *list; list++) {
		size_t len = strlen(*list);
		if (strncmp(rule->code, *list, len) == 0 ||
		    strcmp(rule->name, *list) == 0)
			return 1;
	}
	return 0;
}

/* Whether a rule may rewrite: --select and --ignore choose. */
static int rule_enabled(const am_rule *rule, const am_options *options)
{
	/* The importer is what makes the other rules' output run. */
	if (!options || rule->stage == AM_STAGE_IMPORTS)
		return 1;
	if (options->select && !code_matches(rule, options->select))
		return 0;
	return !code_matches(rule, options->ignore);
}

/* Whether a rule runs. A rule left out still runs, to report the uses it
 * would rewrite (an asyncio use is a use whichever rule would fix it: the
 * gate counts it, the imports it needs stay); only the report about
 * suppression comments, which is no asyncio use, is left out. */
static int rule_runs(const am_rule *rule, const am_options *options)
{
	return !rule->only_when_selected || rule_enabled(rule, options);
}

int am_rule_selected(const am_rule_info *rule, const am_options *options)
{
	am_options local;
	if (!rule || read_options(options, &local) != AM_OK)
		return 0;
	return rule_enabled((const am_rule *)rule, &local);
}

/* ---- one migration
 * ----------------------------------------------------------- */

typedef struct am_run {
	am_engine *engine;
	am_result *result;
	const am_options *options;
	unsigned char enabled[AM_RULES_COUNT];  /* the rule runs */
	unsigned char rewrites[AM_RULES_COUNT]; /* and its fixes are made */
	const char *input; /* the input text (without BOM) */
	uint32_t input_len;
	const char *text; /* the current text (without BOM) */
	size_t len;
	TSTree *tree;
	am_segments segments;
	am_line_index input_lines; /* made on first use */
	const char *newline;
	int passes;         /* passes run so far */
	TSNode empty_block; /* a block with no statement, found by a pass */
	am_import_plan input_plan, output_plan;
	am_ahead ahead; /* imports made in the pass of the rewrites */
} am_run;

/* The stage's rules for every call and definition of the file, in the
 * binder's walk order: the binder notes them as it walks the tree, so the
 * rules need no walk of their own. A call goes to the rules that asked for
 * the asyncio member or the method it calls, in registry order. */
static void run_sites(am_run *run, am_context *ctx, am_rule_stage stage)
{
	const am_rule *on_function[AM_RULES_COUNT];
	size_t function_count = 0, call_count = 0;
	for (size_t r = 0; r < AM_RULES_COUNT; r++) {
		const am_rule *rule = am_rules[r];
		if (!run->enabled[r] || rule->stage != stage)
			continue;
		if (rule->on_function)
			on_function[function_count++] = rule;
		call_count += rule->on_call != NULL;
	}
	if (function_count == 0 && call_count == 0)
		return;
	const am_binder *b = ctx->binder;
	am_dispatch_hit hits[AM_RULES_COUNT];
	for (size_t i = 0; i < b->sites.count; i++) {
		const am_site *site = &b->sites.items[i];
		if (site->kind == AM_SITE_FUNCTION) {
			am_function f = {site->node, site->first, site->second};
			for (size_t r = 0; r < function_count; r++) {
				ctx->rule = on_function[r];
				on_function[r]->on_function(ctx, &f);
			}
			continue;
		}
		if (call_count == 0)
			continue;
		size_t n = am_dispatch_call(&run->engine->dispatch, b,
		                            site->first, hits);
		for (size_t h = 0; h < n; h++) {
			const am_rule *rule = am_rules[hits[h].rule];
			if (!run->enabled[hits[h].rule] ||
			    rule->stage != stage || !rule->on_call)
				continue;
			am_call c = {site->node, site->first, site->second,
			             hits[h].asyncio_name, hits[h].method};
			ctx->rule = rule;
			rule->on_call(ctx, &c);
		}
	}
}

static void run_stage(am_run *run, am_context *ctx, am_rule_stage stage)
{
	run_sites(run, ctx, stage);
	for (size_t r = 0; r < AM_RULES_COUNT; r++) {
		const am_rule *rule = am_rules[r];
		if (run->enabled[r] && rule->stage == stage && rule->on_pass) {
			ctx->rule = rule;
			rule->on_pass(ctx);
		}
	}
}

/* Records the accepted fixes from..to, in input coordinates: each gets a
 * number, the input ranges its edits touch, and its diagnostic. Before the
 * segments move on to the next text. */
static int record_fixes(am_run *run, const am_pass *pass,
                        const unsigned char *accepted, const am_edit_list *kept,
                        size_t from, size_t to)
{
	int32_t *number = malloc((pass->fixes.count + 1) * sizeof(*number));
	if (!number)
		return AM_ENOMEM;
	int rc = AM_OK;
	for (size_t f = from; f < to; f++)
		number[f] = accepted[f] ? am_result_new_fix(run->result) : -1;
	for (size_t i = 0; rc == AM_OK && i < kept->edits.count; i++) {
		const am_edit *e = &kept->edits.items[i];
		if (e->fix < from || e->fix >= to)
			continue;
		rc = am_result_add_touch(
		        run->result, number[e->fix],
		        am_segments_to_input(&run->segments, e->start),
		        am_segments_to_input_end(&run->segments, e->end));
	}
	for (size_t f = from; rc == AM_OK && f < to; f++) {
		const am_note *n = &pass->fixes.items[f];
		if (!accepted[f] || !n->message || n->suppressed)
			continue;
		uint32_t start = am_segments_to_input(&run->segments, n->start);
		uint32_t end = am_segments_to_input(&run->segments, n->end);
		rc = am_result_add_fix(run->result, n->rule, n->message, start,
		                       end < start ? start : end,
		                       n->unsafe ? AM_FIX_UNSAFE : AM_FIX_SAFE,
		                       number[f], NULL, 0);
	}
	free(number);
	return rc;
}

/* Records the unsafe fixes held back in the settled text: a diagnostic
 * each, with its edits on that text. */
static int record_held(am_run *run, const am_pass *pass)
{
	am_arena *arena = am_result_arena(run->result);
	for (size_t f = 0; f < pass->fixes.count; f++) {
		const am_note *n = &pass->fixes.items[f];
		if (!n->held || !n->message || n->suppressed)
			continue;
		uint32_t count = 0;
		for (size_t i = 0; i < pass->held.edits.count; i++)
			count += pass->held.edits.items[i].fix == f;
		am_edit *edits = am_arena_alloc(arena, (count ? count : 1) *
		                                               sizeof(*edits));
		if (!edits)
			return AM_ENOMEM;
		count = 0;
		for (size_t i = 0; i < pass->held.edits.count; i++)
			if (pass->held.edits.items[i].fix == f)
				edits[count++] = pass->held.edits.items[i];
		uint32_t start = am_segments_to_input(&run->segments, n->start);
		uint32_t end = am_segments_to_input(&run->segments, n->end);
		if (am_result_add_fix(run->result, n->rule, n->message, start,
		                      end < start ? start : end, AM_FIX_UNSAFE,
		                      -1, edits, count) != AM_OK)
			return AM_ENOMEM;
	}
	return AM_OK;
}

static int compare_edits(const void *a, const void *b)
{
	const am_edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* A fallback rule rewrites what the rewrite rules leave: where one of their
 * fixes is held back, the fallback waits as it would wait for that fix to
 * be made (the queue a held stream rewrite would take is not also given
 * to the drop-in queue). Its fixes there go, without a diagnostic. */
static void drop_fallbacks_under_held(am_pass *pass, size_t first)
{
	unsigned char *dropped = NULL;
	for (size_t f = first; f < pass->fixes.count; f++) {
		am_note *n = &pass->fixes.items[f];
		for (size_t h = 0; h < first && !n->suppressed; h++) {
			const am_note *held = &pass->fixes.items[h];
			if (held->held &&
			    held->start < n->end + (n->start == n->end) &&
			    n->start < held->end + (held->start == held->end))
				n->suppressed = 1;
		}
		if (!n->suppressed)
			continue;
		if (!dropped && !(dropped = calloc(pass->fixes.count, 1))) {
			pass->failed = 1;
			return;
		}
		dropped[f] = 1;
	}
	if (!dropped)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < pass->proposed.edits.count; i++)
		if (!dropped[pass->proposed.edits.items[i].fix])
			pass->proposed.edits.items[kept++] =
			        pass->proposed.edits.items[i];
	pass->proposed.edits.count = kept;
	free(dropped);
}

/* Without `unsafe_fixes`, the unsafe fixes proposed are held back: their
 * edits go aside, and they claim their nodes as a made fix would. */
static void hold_unsafe_fixes(am_run *run, am_pass *pass)
{
	if (run->options->unsafe_fixes)
		return;
	int any = 0;
	for (size_t f = 0; f < pass->fixes.count; f++) {
		am_note *n = &pass->fixes.items[f];
		if (n->unsafe && !n->held && !n->suppressed) {
			n->held = 1;
			any = 1;
		}
	}
	if (!any)
		return;
	size_t kept = 0;
	for (size_t i = 0; i < pass->proposed.edits.count; i++) {
		am_edit e = pass->proposed.edits.items[i];
		if (!pass->fixes.items[e.fix].held)
			pass->proposed.edits.items[kept++] = e;
		else if (!AM_ARRAY_PUSH(&pass->held.edits, e))
			pass->failed = 1;
	}
	pass->proposed.edits.count = kept;
	if (pass->held.edits.count > 1)
		qsort(pass->held.edits.items, pass->held.edits.count,
		      sizeof(am_edit), compare_edits);
}

static int compare_offsets(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Where the unsafe fixes held back start, sorted (malloc'd; NULL when
 * there are none or no memory, *count 0 then). */
static uint32_t *held_starts(const am_pass *pass, size_t *count)
{
	uint32_t *starts = NULL;
	*count = 0;
	for (size_t f = 0; f < pass->fixes.count; f++) {
		const am_note *n = &pass->fixes.items[f];
		if (!n->held || !n->message || n->suppressed)
			continue;
		if (!starts &&
		    !(starts = malloc(pass->fixes.count * sizeof(*starts))))
			return NULL;
		starts[(*count)++] = n->start;
	}
	if (*count > 1)
		qsort(starts, *count, sizeof(*starts), compare_offsets);
	return starts;
}

/* The settled text's flags. A flag on the node of a held unsafe fix is
 * left out: made, the fix would take it away (a queue the drop-in queue
 * would take is not also a queue to migrate by hand). */
static int record_flags(am_run *run, const am_pass *pass)
{
	size_t held_count;
	uint32_t *held = held_starts(pass, &held_count);
	for (size_t i = 0; i < pass->flags.count; i++) {
		const am_note *n = &pass->flags.items[i];
		if (held_count && bsearch(&n->start, held, held_count,
		                          sizeof(*held), compare_offsets))
			continue;
		uint32_t start = am_segments_to_input(&run->segments, n->start);
		uint32_t end = am_segments_to_input(&run->segments, n->end);
		if (am_result_add_diagnostic(
		            run->result, n->rule, n->message, 0, start,
		            end < start ? start : end) != AM_OK) {
			free(held);
			return AM_ENOMEM;
		}
	}
	free(held);
	return AM_OK;
}

/* Parses a text of the migration (with the tree of the text before it,
 * told of the edits, or NULL). */
static TSTree *parse(am_run *run, TSTree *old, const char *text, size_t len)
{
	am_result_count_parse(run->result);
	return ts_parser_parse_string(run->engine->parser, old, text,
	                              (uint32_t)len);
}

/* The point (row, byte column) reached from `from` at `point` after the
 * bytes [from, to) of text. */
static TSPoint point_after(TSPoint point, const char *text, uint32_t from,
                           uint32_t to)
{
	for (const char *p = text + from, *end = text + to;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			point.column += (uint32_t)(end - p);
			return point;
		}
		point.row++;
		point.column = 0;
		p = nl + 1;
	}
}

/* Tells the tree of `text` about the edits that make the next text, so
 * that the parser reuses what they leave alone. Edits go from the last to
 * the first: each then leaves the offsets of those before it valid. */
static int edit_tree(TSTree *tree, const char *text, const am_edit_list *kept)
{
	size_t count = kept->edits.count;
	TSPoint *starts = malloc((count ? count : 1) * 2 * sizeof(TSPoint));
	if (!starts)
		return AM_ENOMEM;
	TSPoint *ends = starts + count;
	TSPoint point = {0, 0};
	uint32_t at = 0;
	for (size_t i = 0; i < count; i++) {
		const am_edit *e = &kept->edits.items[i];
		starts[i] = point = point_after(point, text, at, e->start);
		ends[i] = point = point_after(point, text, e->start, e->end);
		at = e->end;
	}
	for (size_t i = count; i-- > 0;) {
		const am_edit *e = &kept->edits.items[i];
		TSInputEdit edit = {e->start,
		                    e->end,
		                    e->start + e->len,
		                    starts[i],
		                    ends[i],
		                    point_after(starts[i], e->text, 0, e->len)};
		ts_tree_edit(tree, &edit);
	}
	free(starts);
	return AM_OK;
}

/* What going back to the rewrites needs: the text, the edits and the
 * segments before they are applied. */
static int keep_for_undo(am_run *run, am_ahead *ahead, const am_edit_list *kept)
{
	ahead->before = run->text;
	ahead->before_len = run->len;
	if (!AM_ARRAY_RESERVE(&ahead->edits.edits, kept->edits.count) ||
	    !AM_ARRAY_RESERVE(&ahead->segments.items,
	                      run->segments.items.count))
		return AM_ENOMEM;
	memcpy(ahead->edits.edits.items, kept->edits.items,
	       kept->edits.count * sizeof(am_edit));
	ahead->edits.edits.count = kept->edits.count;
	memcpy(ahead->segments.items.items, run->segments.items.items,
	       run->segments.items.count * sizeof(am_segment));
	ahead->segments.items.count = run->segments.items.count;
	ahead->segments.input_len = run->segments.input_len;
	return AM_OK;
}

/* Applies the accepted edits of a pass: new text, new tree. */
static int advance(am_run *run, am_pass *pass, int *settled)
{
	uint32_t fix_count = (uint32_t)pass->fixes.count;
	unsigned char *accepted = calloc(fix_count ? fix_count : 1, 1);
	am_edit_list kept = {{0}};
	if (!accepted)
		return AM_ENOMEM;
	int rc = am_edits_select(&pass->proposed, fix_count, accepted, &kept);
	/* Imports made ahead: what it takes to go back to the rewrites. */
	am_ahead *ahead =
	        run->ahead.pending && !run->ahead.before ? &run->ahead : NULL;
	size_t split = ahead ? ahead->first_import : fix_count;
	if (rc == AM_OK)
		rc = record_fixes(run, pass, accepted, &kept, 0, split);
	if (rc == AM_OK && ahead) {
		ahead->recorded = am_result_get_mark(run->result);
		rc = keep_for_undo(run, ahead, &kept);
	}
	if (rc == AM_OK)
		rc = record_fixes(run, pass, accepted, &kept, split, fix_count);
	if (rc == AM_OK && kept.edits.count == 0)
		rc = AM_EINTERNAL; /* edits were proposed: the first always fits
		                    */
	if (rc == AM_OK && kept.edits.count) {
		size_t len;
		char *text = am_edits_apply(am_result_arena(run->result),
		                            run->text, run->len, &kept, &len);
		rc = text ? am_segments_apply(&run->segments, &kept)
		          : AM_ENOMEM;
		if (rc == AM_OK)
			rc = edit_tree(run->tree, run->text, &kept);
		if (rc == AM_OK) {
			run->text = text;
			run->len = len;
		}
	}
	free(accepted);
	AM_ARRAY_FREE(&kept.edits);
	if (rc != AM_OK || *settled)
		return rc;
	TSTree *old = run->tree;
	run->tree = parse(run, old, run->text, run->len);
	ts_tree_delete(old);
	if (!run->tree)
		return AM_ENOMEM;
	return AM_OK;
}

/* Whether an edit's text refers to module `name` ("anyio." in it). */
static int edit_uses_module(const am_edit *e, const char *name)
{
	size_t n = strlen(name);
	if (e->len <= n) /* a deletion's text may be NULL */
		return 0;
	const char *end = e->text + e->len;
	for (const char *p = e->text;;) {
		const char *hit = memmem(p, (size_t)(end - p), name, n);
		if (!hit || hit + n == end)
			return 0;
		p = hit + 1;
		char before = hit > e->text ? hit[-1] : ' ';
		if (hit[n] == '.' && !(before == '_' || before == '.' ||
		                       (unsigned)((before | 32) - 'a') < 26u ||
		                       (unsigned)(before - '0') < 10u))
			return 1;
	}
}

/* The module (anyio, functools, ...) an edit writes whose name, where the
 * edit lands, is bound to something else; NULL when there is none. */
static const char *taken_module_in_edit(const am_binder *b, const am_edit *e)
{
	for (const char *const *m = am_importable_modules; *m; m++) {
		if (!edit_uses_module(e, *m))
			continue;
		int scope = am_bind_scope_at(b, e->start);
		int index = am_bind_lookup(b, scope, *m, strlen(*m));
		if (index < 0)
			continue;
		const am_binding *bd = &b->bindings.items[index];
		if (bd->kind != AM_BINDING_IMPORT ||
		    strcmp(bd->qualname, *m) != 0)
			return *m;
	}
	return NULL;
}

/* Fixes that would write `anyio.x` where `anyio` names something else
 * become flags. */
static void drop_fixes_using_taken_names(am_context *ctx, am_pass *pass)
{
	const char **taken = calloc(pass->fixes.count + 1, sizeof(*taken));
	if (!taken) {
		pass->failed = 1;
		return;
	}
	int any = 0;
	for (size_t i = 0; i < pass->proposed.edits.count; i++) {
		const am_edit *e = &pass->proposed.edits.items[i];
		const char *m = taken_module_in_edit(ctx->binder, e);
		if (m && !taken[e->fix]) {
			taken[e->fix] = m;
			any = 1;
		}
	}
	if (!any) {
		free(taken);
		return;
	}
	size_t kept = 0;
	for (size_t i = 0; i < pass->proposed.edits.count; i++)
		if (!taken[pass->proposed.edits.items[i].fix])
			pass->proposed.edits.items[kept++] =
			        pass->proposed.edits.items[i];
	pass->proposed.edits.count = kept;
	for (size_t f = 0; f < pass->fixes.count; f++) {
		am_note *n = &pass->fixes.items[f];
		if (!taken[f] || !n->message)
			continue;
		ctx->rule = n->rule;
		am_flag_range(
		        ctx, n->start, n->end,
		        "not rewritten: the name `%s` means something else "
		        "here, and the rewrite needs the module; rename that "
		        "binding, then run again (the fix would have been: "
		        "%s)",
		        taken[f], n->message);
		n->message = NULL;
	}
	free(taken);
}

/* Whether the rule of a note may rewrite. */
static int note_rewrites(const am_run *run, const am_note *n)
{
	for (size_t r = 0; r < AM_RULES_COUNT; r++)
		if (am_rules[r] == n->rule)
			return run->rewrites[r];
	return 1;
}

/* The fixes of rules left out by --select/--ignore become flags: the use
 * is reported, the code stays. */
static void demote_unselected_fixes(const am_run *run, am_context *ctx,
                                    am_pass *pass)
{
	unsigned char *demoted = calloc(pass->fixes.count + 1, 1);
	if (!demoted) {
		pass->failed = 1;
		return;
	}
	int any = 0;
	for (size_t f = 0; f < pass->fixes.count; f++)
		if (!note_rewrites(run, &pass->fixes.items[f]))
			demoted[f] = 1, any = 1;
	size_t kept = 0;
	for (size_t i = 0; any && i < pass->proposed.edits.count; i++)
		if (!demoted[pass->proposed.edits.items[i].fix])
			pass->proposed.edits.items[kept++] =
			        pass->proposed.edits.items[i];
	if (any)
		pass->proposed.edits.count = kept;
	for (size_t f = 0; any && f < pass->fixes.count; f++) {
		am_note *n = &pass->fixes.items[f];
		if (!demoted[f] || !n->message || n->suppressed)
			continue;
		ctx->rule = n->rule;
		am_flag_range(ctx, n->start, n->end,
		              "%s (not rewritten: %s is not selected)",
		              n->message, n->rule->code);
		n->message = NULL;
	}
	free(demoted);
}

/* Takes back the fixes of suppressed lines: their edits go. */
static void drop_suppressed_fixes(am_pass *pass, am_suppressions *sup,
                                  const char *text)
{
	if (sup->items.count == 0)
		return;
	unsigned char *dropped = calloc(pass->fixes.count + 1, 1);
	if (!dropped) {
		pass->failed = 1;
		return;
	}
	for (size_t f = 0; f < pass->fixes.count; f++) {
		am_note *n = &pass->fixes.items[f];
		if (n->message && am_suppressed(sup, text, n->start, n->rule)) {
			dropped[f] = 1;
			n->suppressed =
			        1; /* still claims its node for ANY900 */
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < pass->proposed.edits.count; i++)
		if (!dropped[pass->proposed.edits.items[i].fix])
			pass->proposed.edits.items[kept++] =
			        pass->proposed.edits.items[i];
	pass->proposed.edits.count = kept;
	free(dropped);
}

/* The settled text's flags: suppressed ones go. */
static void settle_flags(am_context *ctx, am_suppressions *sup)
{
	am_pass *pass = ctx->pass;
	size_t kept = 0;
	for (size_t i = 0; i < pass->flags.count; i++) {
		am_note *n = &pass->flags.items[i];
		if (!am_suppressed(sup, ctx->text, n->start, n->rule))
			pass->flags.items[kept++] = *n;
	}
	pass->flags.count = kept;
}

/* Takes back the fixes of a pass from `first` on, and their edits. */
static void drop_fixes_from(am_pass *pass, uint32_t first)
{
	size_t kept = 0;
	for (size_t i = 0; i < pass->proposed.edits.count; i++)
		if (pass->proposed.edits.items[i].fix < first)
			pass->proposed.edits.items[kept++] =
			        pass->proposed.edits.items[i];
	pass->proposed.edits.count = kept;
	pass->fixes.count = first;
}

/* Whether every fix with edits would be accepted; `kept` gets the edits. */
static int all_accepted(am_pass *pass, am_edit_list *kept, int *all)
{
	uint32_t count = (uint32_t)pass->fixes.count;
	unsigned char *accepted = calloc(count ? count : 1, 1);
	if (!accepted)
		return AM_ENOMEM;
	int rc = am_edits_select(&pass->proposed, count, accepted, kept);
	*all = 1;
	for (size_t i = 0; i < pass->proposed.edits.count; i++)
		if (!accepted[pass->proposed.edits.items[i].fix])
			*all = 0;
	free(accepted);
	return rc;
}

/* The importer in the pass of the rewrites, on their outlook, when they
 * are all accepted and the outlook can be told; its fixes then join the
 * pass's, and the next pass checks them (see ahead.h). */
static int import_ahead(am_run *run, am_context *ctx, am_pass *pass,
                        am_suppressions *sup)
{
	am_edit_list rewrites = {{0}};
	int all = 0, known = 0;
	int rc = all_accepted(pass, &rewrites, &all);
	am_outlook outlook;
	if (rc == AM_OK && all)
		rc = am_outlook_build(&outlook, ctx->binder, &rewrites, &known);
	if (rc != AM_OK || !known) {
		AM_ARRAY_FREE(&rewrites.edits);
		return rc;
	}
	uint32_t first = (uint32_t)pass->fixes.count;
	ctx->outlook = &outlook;
	run_stage(run, ctx, AM_STAGE_IMPORTS);
	drop_suppressed_fixes(pass, sup, run->text);
	ctx->outlook = NULL;
	am_edit_list together = {{0}};
	if (!pass->failed && pass->fixes.count > first &&
	    !am_ahead_clash(ctx, pass, first, &rewrites))
		rc = all_accepted(pass, &together, &all);
	else
		all = 0;
	AM_ARRAY_FREE(&together.edits);
	if (rc != AM_OK || !all) {
		/* Nothing imported, or the next pass must do it: imports near
		 * the rewrites, or imports that conflict with each other (a
		 * pass of imports would make some, and the next the rest). */
		drop_fixes_from(pass, first);
		am_outlook_release(&outlook);
	} else {
		run->ahead.pending = 1;
		run->ahead.outlook = outlook;
		run->ahead.first_import = first;
	}
	AM_ARRAY_FREE(&rewrites.edits);
	return AM_OK;
}

/* Goes back from the text with imports made ahead to the rewrites alone:
 * the text, its segments and diagnostics, and the tree (re-parsed from the
 * current one, told of the edits that take the imports out). */
static int undo_ahead(am_run *run)
{
	am_ahead *a = &run->ahead;
	am_edit_list rewrites = {{0}}, back = {{0}};
	am_arena *arena = am_result_arena(run->result);
	size_t len = 0;
	char *text = NULL;
	int rc = am_ahead_undo(a, &rewrites, &back);
	if (rc == AM_OK) {
		text = am_edits_apply(arena, a->before, a->before_len,
		                      &rewrites, &len);
		rc = text ? edit_tree(run->tree, run->text, &back) : AM_ENOMEM;
	}
	if (rc == AM_OK) {
		am_segments_release(&run->segments);
		run->segments = a->segments;
		memset(&a->segments, 0, sizeof(a->segments));
		rc = am_segments_apply(&run->segments, &rewrites);
	}
	if (rc == AM_OK) {
		am_result_rewind(run->result, a->recorded);
		TSTree *old = run->tree;
		run->tree = parse(run, old, text, len);
		ts_tree_delete(old);
		run->text = text;
		run->len = len;
		if (!run->tree)
			rc = AM_ENOMEM;
	}
	AM_ARRAY_FREE(&rewrites.edits);
	AM_ARRAY_FREE(&back.edits);
	am_ahead_release(a);
	return rc;
}

/* A stage of rules that rewrite: their fixes, less those that cannot be;
 * then, when they made some and no check is pending, the importer's ahead.
 * A fix without edits (a rule that gave up half-way, or a suppressed one)
 * counts as nothing proposed. */
static int rewrite_stage(am_run *run, am_context *ctx, am_suppressions *sup,
                         am_rule_stage stage, int ahead)
{
	am_pass *pass = ctx->pass;
	size_t first = pass->fixes.count;
	run_stage(run, ctx, stage);
	if (stage == AM_STAGE_FALLBACK)
		drop_fallbacks_under_held(pass, first);
	drop_fixes_using_taken_names(ctx, pass);
	drop_suppressed_fixes(pass, sup, run->text);
	demote_unselected_fixes(run, ctx, pass);
	hold_unsafe_fixes(run, pass);
	if (!ahead || pass->proposed.edits.count == 0 || pass->failed)
		return AM_OK;
	return import_ahead(run, ctx, pass, sup);
}

/* The stages of one pass, up to the first that proposes a fix; *settled
 * when none did. */
static int run_stages(am_run *run, am_context *ctx, am_suppressions *sup,
                      int *settled)
{
	am_pass *pass = ctx->pass;
	int ahead = !run->ahead.pending;
	int rc = rewrite_stage(run, ctx, sup, AM_STAGE_REWRITE, ahead);
	if (rc == AM_OK && pass->proposed.edits.count == 0 && !pass->failed)
		rc = rewrite_stage(run, ctx, sup, AM_STAGE_FALLBACK, ahead);
	if (rc == AM_OK && pass->proposed.edits.count == 0 && !pass->failed) {
		run_stage(run, ctx, AM_STAGE_IMPORTS);
		drop_suppressed_fixes(pass, sup, run->text);
	}
	if (rc == AM_OK && pass->proposed.edits.count == 0 && !pass->failed) {
		run_stage(run, ctx, AM_STAGE_REPORT);
		settle_flags(ctx, sup);
		run_stage(run, ctx, AM_STAGE_SETTLED);
		am_imports_plan(ctx, &run->output_plan);
		if (!ctx->options || !ctx->options->queue_compat)
			run->result->queue_compat_left =
			        am_queue_compat_candidates(ctx->binder);
		*settled = 1;
	}
	return rc;
}

/* The pass after imports made ahead: they stand when it settles (it
 * proves the text has settled, which the pass after a pass of imports did)
 * and the outlook they were made from holds on its binder. */
static int ahead_stands(am_run *run, const am_binder *binder, int settled)
{
	return settled && am_outlook_holds(&run->ahead.outlook, binder);
}

/* One pass; *settled when the text no longer changes; *undone when it
 * found imports made ahead wrong or premature, and went back to the
 * rewrites alone (a pass that does not count). */
static int run_pass(am_run *run, int *settled, int *undone)
{
	am_arena *arena = am_result_arena(run->result);
	am_binder binder;
	am_pass pass;
	memset(&pass, 0, sizeof(pass));
	TSNode root = ts_tree_root_node(run->tree);
	am_suppressions sup;
	int checking = run->ahead.pending;
	int rc = am_bind(&binder, &run->engine->syntax, arena, run->text, root,
	                 run->engine->parser);
	if (rc == AM_OK && am_bind_find_empty_block(&binder, &run->empty_block))
		rc = AM_EVERIFY;
	if (rc == AM_OK)
		rc = am_suppressions_find(&sup, arena, run->text,
		                          (uint32_t)run->len, root,
		                          &run->engine->syntax);
	else
		memset(&sup, 0, sizeof(sup));
	am_context ctx = {
	        .text = run->text,
	        .len = (uint32_t)run->len,
	        .root = root,
	        .syntax = &run->engine->syntax,
	        .binder = &binder,
	        .arena = arena,
	        .newline = run->newline,
	        .pass = &pass,
	        .input = run->input,
	        .input_len = run->input_len,
	        .segments = &run->segments,
	        .options = run->options,
	        .input_lines = &run->input_lines,
	        .suppressions = &sup,
	        .loop_vars =
	                rc == AM_OK && binder.bindings.count
	                        ? am_arena_zalloc(arena, binder.bindings.count *
	                                                         sizeof(void *))
	                        : NULL};
	*settled = *undone = 0;
	if (rc == AM_OK && run->passes++ == 0)
		am_imports_plan(&ctx, &run->input_plan);
	if (rc == AM_OK)
		rc = run_stages(run, &ctx, &sup, settled);
	if (rc == AM_OK && (pass.failed || arena->failed))
		rc = AM_ENOMEM;
	if (rc == AM_OK && checking) {
		if (ahead_stands(run, &binder, *settled)) {
			am_ahead_release(&run->ahead);
		} else {
			*settled = 0;
			*undone = 1;
			rc = undo_ahead(run);
		}
	}
	if (rc == AM_OK && *settled)
		rc = record_flags(run, &pass);
	if (rc == AM_OK && *settled)
		rc = record_held(run, &pass);
	else if (rc == AM_OK && !*undone)
		rc = advance(run, &pass, settled);
	am_pass_release(&pass);
	am_binder_release(&binder);
	am_suppressions_release(&sup);
	return rc;
}

static int fail(am_result *result, int status, const char *text, size_t len,
                size_t at, const char *what)
{
	am_line_index index;
	if (am_line_index_build(&index, am_result_arena(result), text, len) !=
	    AM_OK)
		return am_result_fail(result, AM_ENOMEM, "out of memory");
	am_position pos = am_line_index_position(&index, text, len, at);
	return am_result_fail_at(result, status, pos, what);
}

/* Whether text may use asyncio: it spells "asyncio", or one of the loop
 * methods the rules match on any receiver (`.methods` of ANY203 and
 * ANY204) whose name nothing else has; `time` and `create_task` are left
 * out: on a receiver not known to be asyncio's they are not reported. */
static int mentions_asyncio(const char *text, size_t len)
{
	/* `event_loop`: pytest-asyncio's fixture, taken by name. */
	static const char *const words[] = {"asyncio", "run_in_executor",
	                                    "run_until_complete", "event_loop",
	                                    "IsolatedAsyncioTestCase"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (memmem(text, len, words[i], strlen(words[i])))
			return 1;
	return 0;
}

static int migrate(am_run *run, const char *source, size_t len)
{
	am_result *result = run->result;
	size_t bad;
	int rc = am_source_check(source, len, &bad);
	if (rc == AM_EBINARY)
		return fail(result, rc, source, len, bad,
		            "binary file (NUL byte): not Python source");
	if (rc == AM_EENCODING)
		return fail(result, rc, source, len, bad,
		            "not valid UTF-8: only UTF-8 source is migrated");
	size_t bom = am_source_bom_length(source, len);
	run->text = source + bom;
	run->len = len - bom;
	run->input = run->text;
	run->input_len = (uint32_t)run->len;
	run->newline = am_source_newline(run->text, run->len);
	if (run->len > UINT32_MAX / 2)
		return am_result_fail(result, AM_EINVALID, "file too large");
	/* The prefilter: an asyncio use is reached through an import that
	 * spells "asyncio", or is a call of an event loop's method that the
	 * rules report on any receiver (a loop handed in from another
	 * module); text without any of those bytes has none, and is returned
	 * as it is without being parsed. A test module under pytest-asyncio's
	 * auto mode, and the conftest.py that gets the `anyio_backend`
	 * fixture, are read whatever they spell. */
	if (!mentions_asyncio(run->text, run->len) &&
	    !run->options->pytest_auto_mode && !run->options->anyio_backends) {
		if (am_segments_init(&run->segments, (uint32_t)run->len) !=
		    AM_OK)
			return am_result_fail(result, AM_ENOMEM,
			                      "out of memory");
		return am_result_finish(result, run->text, run->len, bom,
		                        source, &run->segments);
	}
	size_t deep;
	const char *why;
	rc = am_depth_check(run->text, run->len, &deep, &why);
	if (rc == AM_ENOMEM)
		return am_result_fail(result, rc, "out of memory");
	if (rc == AM_EDEPTH)
		return fail(result, rc, source, len, bom + deep, why);
	run->tree = parse(run, NULL, run->text, run->len);
	if (!run->tree)
		return am_result_fail(result, AM_ENOMEM, "parser failed");
	TSNode bad_node;
	if (am_verify_find_syntax_error(ts_tree_root_node(run->tree),
	                                &bad_node))
		return fail(result, AM_ESYNTAX, source, len,
		            bom + ts_node_start_byte(bad_node),
		            am_verify_describe(bad_node));
	am_suppressions header;
	if (am_suppressions_find(&header, am_result_arena(result), run->text,
	                         (uint32_t)run->len,
	                         ts_tree_root_node(run->tree),
	                         &run->engine->syntax) != AM_OK)
		return am_result_fail(result, AM_ENOMEM, "out of memory");
	int whole_file = header.whole_file;
	am_suppressions_release(&header);
	if (am_segments_init(&run->segments, (uint32_t)run->len) != AM_OK)
		return am_result_fail(result, AM_ENOMEM, "out of memory");
	if (whole_file) { /* `# anyio-migrate: ignore-file` */
		if (am_verify_find_error(ts_tree_root_node(run->tree),
		                         &bad_node))
			return fail(result, AM_ESYNTAX, source, len,
			            bom + ts_node_start_byte(bad_node),
			            am_verify_describe(bad_node));
		return am_result_finish(result, run->text, run->len, bom,
		                        source, &run->segments);
	}
	for (int i = 0; i < AM_MAX_PASSES;) {
		int settled, undone;
		int first = run->passes == 0;
		rc = run_pass(run, &settled, &undone);
		if (rc == AM_ENOMEM)
			return am_result_fail(result, rc, "out of memory");
		if (rc == AM_EVERIFY && first) /* the input's own block */
			return fail(result, AM_ESYNTAX, source, len,
			            bom + ts_node_start_byte(run->empty_block),
			            am_verify_describe(run->empty_block));
		if (rc == AM_EVERIFY)
			return am_result_fail(result, AM_EVERIFY,
			                      "internal error: the migrated "
			                      "text would not parse; "
			                      "the file is left unchanged "
			                      "(please report this)");
		if (rc != AM_OK)
			return am_result_fail(
			        result, rc,
			        "internal error: the rules did not settle");
		/* A settled pass changed nothing: its tree was verified. A
		 * block left with no statement is found by the walk of the
		 * pass that binds the new tree. */
		if (!settled &&
		    am_verify_find_syntax_error(ts_tree_root_node(run->tree),
		                                &bad_node)) {
			return am_result_fail(result, AM_EVERIFY,
			                      "internal error: the migrated "
			                      "text would not parse; "
			                      "the file is left unchanged "
			                      "(please report this)");
		}
		if (settled) {
			am_result_set_plans(result, &run->input_plan,
			                    &run->output_plan);
			return am_result_finish(result, run->text, run->len,
			                        bom, source, &run->segments);
		}
		/* Going back to the rewrites alone leaves the text the pass
		 * that made them would have left without imports made ahead:
		 * the count of passes is that of that pass. */
		if (!undone)
			i++;
	}
	return am_result_fail(result, AM_EINTERNAL,
	                      "internal error: the rules did not settle");
}

int am_migrate(am_engine *engine, const char *source, size_t len,
               const am_options *given, am_result **out)
{
	am_options local;
	const am_options *options = &local;
	if (!engine || !out || (!source && len))
		return AM_EINVALID;
	if (read_options(given, &local) != AM_OK)
		return AM_EINVALID;
	*out = NULL;
	am_result *result = am_result_new(source, len);
	if (!result)
		return AM_ENOMEM;
	am_run run;
	memset(&run, 0, sizeof(run));
	run.engine = engine;
	run.result = result;
	run.options = options;
	for (size_t r = 0; r < AM_RULES_COUNT; r++) {
		run.enabled[r] = (unsigned char)rule_runs(am_rules[r], options);
		run.rewrites[r] =
		        (unsigned char)rule_enabled(am_rules[r], options);
	}
	int rc = migrate(&run, source ? source : "", len);
	if (run.tree)
		ts_tree_delete(run.tree);
	am_segments_release(&run.segments);
	am_ahead_release(&run.ahead);
	*out = result;
	return rc;
}

/* ---- what test files tell the project ------------------------------------ */

/* The fixture decorator of a definition (its text names `fixture`), or a
 * null node. */
static TSNode fixture_decorator(const am_engine *engine, const char *text,
                                TSNode statement)
{
	const am_syntax *sx = &engine->syntax;
	if (!am_node_is(statement, sx->decorated_definition))
		return am_null_node();
	uint32_t count = ts_node_named_child_count(statement);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(statement, i);
		uint32_t len;
		const char *t = am_node_text(text, d, &len);
		if (am_node_is(d, sx->decorator) &&
		    memmem(t, len, "fixture", 7))
			return d;
	}
	return am_null_node();
}

/* Each parameter of a function pytest calls, but self, cls and request. */
static void scan_parameters(const am_engine *engine, const char *text,
                            TSNode parameters, am_name_callback each,
                            void *data)
{
	const am_syntax *sx = &engine->syntax;
	uint32_t count = ts_node_named_child_count(parameters);
	for (uint32_t i = 0; i < count; i++) {
		TSNode name = am_pytest_parameter_name(
		        sx, ts_node_named_child(parameters, i));
		if (!am_node_is(name, sx->identifier) ||
		    am_node_text_eq(text, name, "self") ||
		    am_node_text_eq(text, name, "cls") ||
		    am_node_text_eq(text, name, "request"))
			continue;
		uint32_t len;
		const char *t = am_node_text(text, name, &len);
		each(t, len, data);
	}
}

/* A fixture's names: its function's, and a string `name=` in its
 * decorator. */
static void fixture_names(const am_engine *engine, const char *text,
                          TSNode decorator, TSNode function,
                          am_name_callback each, void *data)
{
	const am_syntax *sx = &engine->syntax;
	uint32_t len;
	const char *t = am_node_text(
	        text, am_node_field(function, sx->field.name), &len);
	each(t, len, data);
	TSNode call = ts_node_named_child(decorator, 0);
	TSNode args = am_node_is(call, sx->call)
	                      ? am_node_field(call, sx->field.arguments)
	                      : am_null_node();
	uint32_t count =
	        ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
	for (uint32_t i = 0; i < count; i++) {
		TSNode a = ts_node_named_child(args, i);
		TSNode value = am_node_field(a, sx->field.value);
		if (!am_node_is(a, sx->keyword_argument) ||
		    !am_node_text_eq(text, am_node_field(a, sx->field.name),
		                     "name") ||
		    !am_node_is(value, sx->string))
			continue;
		t = am_node_text(text, value, &len);
		/* the text between the quotes, prefixes and triple quotes
		 * aside */
		const char *open = t;
		while (open < t + len && *open != '"' && *open != '\'')
			open++;
		const char *close = t + len;
		while (close > open && (close[-1] == '"' || close[-1] == '\''))
			close--;
		while (open < close && (*open == '"' || *open == '\''))
			open++;
		if (open < close)
			each(open, (size_t)(close - open), data);
	}
}

/* Whether the parameters name pytest-asyncio's `event_loop`. */
static int takes_event_loop(const am_engine *engine, const char *text,
                            TSNode parameters)
{
	const am_syntax *sx = &engine->syntax;
	uint32_t count = ts_node_named_child_count(parameters);
	for (uint32_t i = 0; i < count; i++) {
		TSNode name = am_pytest_parameter_name(
		        sx, ts_node_named_child(parameters, i));
		if (am_node_is(name, sx->identifier) &&
		    am_node_text_eq(text, name, "event_loop"))
			return 1;
	}
	return 0;
}

static void scan_body(const am_engine *engine, const char *text, TSNode body,
                      int depth, am_scan_kind kind, am_name_callback each,
                      void *data)
{
	const am_syntax *sx = &engine->syntax;
	uint32_t count = ts_node_named_child_count(body);
	for (uint32_t i = 0; i < count; i++) {
		TSNode statement = ts_node_named_child(body, i);
		TSNode d =
		        am_node_is(statement, sx->decorated_definition)
		                ? am_node_field(statement, sx->field.definition)
		                : statement;
		if (am_node_is(d, sx->class_definition) && depth == 0) {
			scan_body(engine, text,
			          am_node_field(d, sx->field.body), 1, kind,
			          each, data);
			continue;
		}
		if (!am_node_is(d, sx->function_definition))
			continue;
		TSNode parameters = am_node_field(d, sx->field.parameters);
		TSNode fixture = fixture_decorator(engine, text, statement);
		uint32_t len;
		const char *name = am_node_text(
		        text, am_node_field(d, sx->field.name), &len);
		int test = len >= 4 && memcmp(name, "test", 4) == 0;
		if (kind == AM_SCAN_SYNC_REQUESTS && !am_node_is_async(d) &&
		    (test || !ts_node_is_null(fixture)))
			scan_parameters(engine, text, parameters, each, data);
		else if (kind == AM_SCAN_LOOP_REQUESTS &&
		         (test || !ts_node_is_null(fixture)) &&
		         takes_event_loop(engine, text, parameters) &&
		         ts_node_is_null(
		                 am_pytest_handed_out_loop(sx, text, d)))
			each("event_loop", 10, data);
		else if (kind == AM_SCAN_ASYNC_FIXTURES &&
		         !ts_node_is_null(fixture) &&
		         (am_node_is_async(d) ||
		          takes_event_loop(engine, text, parameters)))
			fixture_names(engine, text, fixture, d, each, data);
	}
}

int am_scan_tests(am_engine *engine, const char *source, size_t len,
                  am_scan_kind kind, am_name_callback each, void *data)
{
	size_t bad, deep;
	const char *why;
	if (!engine || !source || !each || len > UINT32_MAX / 2)
		return AM_EINVALID;
	int rc = am_source_check(source, len, &bad);
	if (rc != AM_OK)
		return rc;
	size_t bom = am_source_bom_length(source, len);
	rc = am_depth_check(source + bom, len - bom, &deep, &why);
	if (rc != AM_OK)
		return rc;
	TSTree *tree = ts_parser_parse_string(
	        engine->parser, NULL, source + bom, (uint32_t)(len - bom));
	if (!tree)
		return AM_ENOMEM;
	scan_body(engine, source + bom, ts_tree_root_node(tree), 0, kind, each,
	          data);
	ts_tree_delete(tree);
	return AM_OK;
}

/* ---- a pytest configuration's line --------------------------------------- */

int am_migrate_pytest_line(const char *source, size_t len, size_t start,
                           size_t end, const am_options *given,
                           const char *kept, am_result **out)
{
	am_options options;
	if (!out || !source || start > end || end > len ||
	    len > UINT32_MAX / 2 || read_options(given, &options) != AM_OK)
		return AM_EINVALID;
	*out = am_result_new(source, len);
	am_result *r = *out;
	if (!r)
		return AM_ENOMEM;
	const am_rule *rule = &am_rule_pytest_marker;
	size_t shown = end;
	while (shown > start &&
	       (source[shown - 1] == '\n' || source[shown - 1] == '\r'))
		shown--;
	int enabled = rule_enabled(rule, &options);
	int made = !kept && enabled && options.unsafe_fixes;
	am_arena *arena = am_result_arena(r);
	const char *message =
	        kept ? am_arena_printf(arena,
	                               "`%.*s`: pytest-asyncio's setting, left "
	                               "as is: %s",
	                               (int)(shown - start), source + start,
	                               kept)
	             : am_arena_printf(arena,
	                               "`%.*s`: pytest-asyncio's setting, "
	                               "removed (anyio's plugin runs the tests "
	                               "marked `pytest.mark.anyio`)%s",
	                               (int)(shown - start), source + start,
	                               enabled ? ""
	                                       : " (not rewritten: ANY208 is "
	                                         "not selected)");
	am_segments segments;
	if (!message || am_segments_init(&segments, (uint32_t)len) != AM_OK)
		return am_result_fail(r, AM_ENOMEM, "out of memory");
	am_edit edit = {(uint32_t)start, (uint32_t)end, "", 0, 0};
	am_edit_list edits = {{&edit, 1, 1}};
	int rc = AM_OK;
	const char *text = source;
	size_t text_len = len;
	if (kept || !enabled) {
		rc = am_result_add_diagnostic(r, rule, message, 0,
		                              (uint32_t)start, (uint32_t)shown);
	} else if (!made) {
		am_edit *held = am_arena_alloc(arena, sizeof(*held));
		if (!held)
			rc = AM_ENOMEM;
		else
			*held = edit;
		if (rc == AM_OK)
			rc = am_result_add_fix(r, rule, message,
			                       (uint32_t)start, (uint32_t)shown,
			                       AM_FIX_UNSAFE, -1, held, 1);
	} else {
		int32_t fix = am_result_new_fix(r);
		rc = am_result_add_touch(r, fix, (uint32_t)start,
		                         (uint32_t)end);
		if (rc == AM_OK)
			rc = am_result_add_fix(r, rule, message,
			                       (uint32_t)start, (uint32_t)shown,
			                       AM_FIX_UNSAFE, fix, NULL, 0);
		if (rc == AM_OK)
			rc = am_segments_apply(&segments, &edits);
		text = am_edits_apply(arena, source, len, &edits, &text_len);
		if (!text)
			rc = AM_ENOMEM;
	}
	if (rc == AM_OK)
		rc = am_result_finish(r, text, text_len, 0, source, &segments);
	else
		rc = am_result_fail(r, rc, "out of memory");
	am_segments_release(&segments);
	return rc;
}
