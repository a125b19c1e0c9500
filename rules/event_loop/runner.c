/* `with asyncio.Runner() as runner: runner.run(main(a))` -> `anyio.run(main,
 * a)`: the block holds that one run and nothing else uses the runner. */
#include "runner.h"
#include "run_call.h"
#include "statement.h"

#include <string.h>

typedef struct runner_start {
	TSNode with;          /* with asyncio.Runner() as runner: */
	TSNode alias;         /* runner */
	TSNode run_statement; /* the block's statement */
	TSNode run_call;      /* runner.run(main(a)) */
	TSNode debug;         /* the value of debug=, or null */
} runner_start;

/* The `runner.run(...)` call a statement is made of (`return` allowed),
 * when `runner` is spelled as `alias`; else a null node. */
static TSNode run_of(const am_context *ctx, TSNode statement, TSNode alias)
{
	const am_syntax *sx = ctx->syntax;
	TSNode call = am_run_statement_call(ctx, statement, 1);
	if (ts_node_is_null(call))
		return call;
	TSNode fn = am_node_field(call, sx->field.function);
	if (!am_node_is(fn, sx->attribute) ||
	    !am_node_text_eq(ctx->text, am_node_field(fn, sx->field.attribute),
	                     "run") ||
	    !am_same_name(ctx, am_node_field(fn, sx->field.object), alias))
		return am_null_node();
	return call;
}

/* A node's parent; a null node for the root and for a null node. */
static TSNode parent_of(const am_context *ctx, TSNode node)
{
	return ts_node_is_null(node) ? node : am_parent(ctx, node);
}

/* The `with` statement whose only item is `call as name`, and the name. */
static TSNode with_of(const am_context *ctx, TSNode call, TSNode *alias)
{
	const am_syntax *sx = ctx->syntax;
	TSNode pattern = parent_of(ctx, call);
	TSNode item = parent_of(ctx, pattern);
	TSNode clause = parent_of(ctx, item);
	TSNode with = parent_of(ctx, clause);
	if (!am_node_is(pattern, sx->as_pattern) ||
	    !am_node_is(item, sx->with_item) ||
	    !am_node_is(clause, sx->with_clause) ||
	    ts_node_named_child_count(clause) != 1 ||
	    !am_node_is(with, sx->with_statement) || am_node_is_async(with))
		return am_null_node();
	*alias =
	        ts_node_named_child(am_node_field(pattern, sx->field.alias), 0);
	return am_node_is(*alias, sx->identifier) ? with : am_null_node();
}

/* Whether a load of the runner's name is the receiver of the lone run of
 * a `with asyncio.Runner() as <name>:` block (this one or another that
 * binds the name again). */
static int lone_run_receiver(const am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = am_parent(ctx, use);
	TSNode call = am_callee_call(ctx, fn);
	if (ts_node_is_null(call))
		return 0;
	TSNode statement = am_parent(ctx, call);
	while (!ts_node_is_null(statement) &&
	       !am_node_is(statement, sx->expression_statement) &&
	       !am_node_is(statement, sx->return_statement))
		statement = parent_of(ctx, statement);
	TSNode block = parent_of(ctx, statement);
	TSNode with = parent_of(ctx, block);
	if (!am_node_is(with, sx->with_statement) ||
	    !ts_node_eq(am_block_only_statement(ctx, block), statement) ||
	    !ts_node_eq(run_of(ctx, statement, use), call))
		return 0;
	TSNode clause = ts_node_named_child(with, 0);
	TSNode item = am_node_is(clause, sx->with_clause)
	                      ? ts_node_named_child(clause, 0)
	                      : am_null_node();
	TSNode value = am_node_is(item, sx->with_item)
	                       ? ts_node_named_child(item, 0)
	                       : am_null_node();
	TSNode runner = am_node_is(value, sx->as_pattern)
	                        ? ts_node_named_child(value, 0)
	                        : am_null_node();
	TSNode alias = am_null_node();
	return am_node_is(runner, sx->call) &&
	       ts_node_eq(with_of(ctx, runner, &alias), with) &&
	       am_same_name(ctx, alias, use) &&
	       am_bind_is_asyncio(ctx->binder,
	                          am_node_field(runner, sx->field.function),
	                          "Runner");
}

/* Why the runner is used for more than the run: the first such use. */
static const char *other_use_doubt(am_context *ctx, TSNode alias)
{
	const am_binder *b = ctx->binder;
	uint32_t len;
	const char *name = am_node_text(ctx->text, alias, &len);
	int scope = am_bind_scope_at(b, ts_node_start_byte(alias));
	int binding = am_bind_lookup(b, scope, name, len);
	if (binding < 0 || b->bindings.items[binding].scope != scope)
		return am_arena_printf(
		        ctx->arena,
		        "`%.*s` is declared `global` or `nonlocal` here",
		        (int)len, name);
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *u = &b->uses.items[i];
		if (u->binding == binding && !lone_run_receiver(ctx, u->node))
			return am_arena_printf(
			        ctx->arena,
			        "the runner is also used elsewhere (line %u)",
			        am_node_line(ctx, u->node));
	}
	return NULL;
}

/* Why the block is not one run: two runs, or other statements. */
static const char *block_doubt(am_context *ctx, runner_start *start)
{
	TSNode block = am_node_field(start->with, ctx->syntax->field.body);
	start->run_statement = am_block_only_statement(ctx, block);
	if (!ts_node_is_null(start->run_statement)) {
		start->run_call =
		        run_of(ctx, start->run_statement, start->alias);
		return ts_node_is_null(start->run_call)
		               ? "its block is not `runner.run(main(...))`"
		               : NULL;
	}
	unsigned int runs[2] = {0, 0};
	size_t count = 0;
	uint32_t n = ts_node_named_child_count(block);
	for (uint32_t i = 0; i < n && count < 2; i++) {
		TSNode call = run_of(ctx, ts_node_named_child(block, i),
		                     start->alias);
		if (!ts_node_is_null(call))
			runs[count++] = am_node_line(ctx, call);
	}
	if (count == 2)
		return am_arena_printf(
		        ctx->arena,
		        "two runs (lines %u and %u) share the "
		        "runner's loop, where each `anyio.run()` "
		        "makes its own",
		        runs[0], runs[1]);
	return "other statements run in its block, with its loop set";
}

/* Why `asyncio.Runner(...)` cannot become `anyio.run(...)`, or NULL (then
 * *start describes it). */
static const char *runner_doubt(am_context *ctx, TSNode call,
                                runner_start *start)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	start->debug = am_call_keyword(ctx, &args, "debug");
	start->with = with_of(ctx, call, &start->alias);
	if (ts_node_is_null(start->with))
		return "not the only item of `with asyncio.Runner() as "
		       "runner:`";
	if (!ts_node_is_null(am_call_keyword(ctx, &args, "loop_factory")))
		return "`loop_factory=` picks an asyncio loop, which the trio "
		       "backend has no use for";
	if (args.generator || args.positional_count || args.has_star ||
	    args.keyword_count != (size_t)!ts_node_is_null(start->debug))
		return "it is given arguments other than `debug=`";
	if (am_in_async_function(ctx, call))
		return "in an `async def` a loop already runs";
	const char *why = block_doubt(ctx, start);
	if (why)
		return why;
	am_call_args run_args;
	am_call_args_read(ctx, start->run_call, &run_args);
	if (run_args.keyword_count)
		return "`run()` is given keyword arguments (`context=`)";
	why = other_use_doubt(ctx, start->alias);
	if (why)
		return why;
	TSNode w = start->with;
	if (am_comment_between(ctx, w, ts_node_start_byte(w),
	                       ts_node_start_byte(start->run_statement)) ||
	    am_comment_between(ctx, w, ts_node_end_byte(start->run_statement),
	                       ts_node_end_byte(w)) ||
	    (!ts_node_is_null(start->debug) &&
	     am_has_comment(ctx, start->run_call)))
		return "a comment would be lost";
	return am_run_call_doubt(ctx, start->run_call);
}

void am_event_loop_on_runner(am_context *ctx, const am_call *runner)
{
	runner_start start;
	const char *why = runner_doubt(ctx, runner->node, &start);
	if (why) {
		am_flag(ctx, runner->callee,
		        "`asyncio.Runner()` left as is: %s", why);
		return;
	}
	int debug = !ts_node_is_null(start.debug);
	am_fix *fix = am_fix_new(
	        ctx, runner->callee,
	        "`with asyncio.Runner() as %s: %s.run(main(...))` becomes "
	        "`anyio.run(main, ...)`%s",
	        am_text(ctx, start.alias), am_text(ctx, start.alias),
	        debug ? "; `debug=` becomes `backend_options`" : "");
	am_fix_unsafe(fix); /* see Fix safety */
	/* `with ...:` up to the run statement goes: the statement takes the
	 * with's place. */
	am_fix_replace(fix, ts_node_start_byte(start.with),
	               ts_node_start_byte(start.run_statement), "");
	am_fix_replace(fix, ts_node_end_byte(start.run_statement),
	               ts_node_end_byte(start.with), "");
	const char *extra = NULL;
	if (debug)
		extra = am_arena_printf(ctx->arena,
		                        "backend_options={\"debug\": %s}",
		                        am_text(ctx, start.debug));
	am_fix_run_call(ctx, fix, start.run_call, extra);
}
