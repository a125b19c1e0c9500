/* The call that runs a program's main function on a loop, and what it
 * becomes: `X.run_until_complete(main(a))` -> `anyio.run(main, a)`. */
#include "run_call.h"
#include "imports.h"
#include "loop_var.h"
#include "split_call.h"
#include "statement.h"

#include <string.h>

TSNode am_run_statement_call(const am_context *ctx, TSNode statement,
                             int allow_return)
{
	const am_syntax *sx = ctx->syntax;
	TSNode e = am_statement_expression(ctx, statement);
	if (allow_return && am_node_is(statement, sx->return_statement))
		e = am_block_only_statement(ctx, statement);
	if (am_node_is(e, sx->assignment) &&
	    am_node_is(statement, sx->expression_statement))
		e = am_node_field(e, sx->field.right);
	return am_node_is(e, sx->call) ? e : am_null_node();
}

int am_in_async_function(const am_context *ctx, TSNode node)
{
	const am_binder *b = ctx->binder;
	const am_scope *s = &b->scopes.items[am_loop_function_scope_at(
	        b, ts_node_start_byte(node))];
	return am_node_is(s->node, ctx->syntax->function_definition) &&
	       am_node_is_async(s->node);
}

/* "`run_until_complete()`", "`run()`": the method, for messages. */
static const char *method_of(am_context *ctx, TSNode run_call)
{
	TSNode fn = am_node_field(run_call, ctx->syntax->field.function);
	return am_arena_printf(
	        ctx->arena, "`%s()`",
	        am_text(ctx, am_node_field(fn, ctx->syntax->field.attribute)));
}

const char *am_run_call_doubt(am_context *ctx, TSNode run_call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args, inner_args;
	am_call_args_read(ctx, run_call, &args);
	const char *method = method_of(ctx, run_call);
	if (args.generator || args.positional_count != 1 ||
	    args.keyword_count || args.has_star)
		return am_arena_printf(ctx->arena,
		                       "%s is not given one awaitable", method);
	TSNode inner = args.positional[0];
	if (!am_node_is(inner, sx->call))
		return am_arena_printf(
		        ctx->arena,
		        "%s is given `%s`, not a visible call of an async "
		        "function",
		        method, am_text(ctx, inner));
	const char *q = am_bind_resolve(
	        ctx->binder, am_node_field(inner, sx->field.function));
	if (q && strncmp(q, "asyncio.", 8) == 0)
		return am_arena_printf(
		        ctx->arena,
		        "%s is given `%s()`, which is not an async function: "
		        "await it in an async main function",
		        method, q);
	am_call_args_read(ctx, inner, &inner_args);
	if (inner_args.generator || inner_args.too_many)
		return "the call of the async function cannot be split";
	if (!am_imports_name_available(ctx, run_call, "anyio"))
		return "the name `anyio` is bound to something else here";
	if (inner_args.keyword_count &&
	    !am_imports_name_available(ctx, run_call, "functools"))
		return "the name `functools` is bound to something else here";
	if (inner_args.keyword_count && am_has_comment(ctx, run_call))
		return "a comment inside the call would be lost";
	if (!inner_args.keyword_count && inner_args.positional_count == 0 &&
	    am_has_comment(ctx, am_node_field(inner, sx->field.arguments)))
		return "a comment inside the call would be lost";
	return NULL;
}

/* `anyio.run(functools.partial(main, a, k=v))`: the arguments as written,
 * for when moving the keywords ahead could change what they evaluate to. */
static const char *run_whole(am_context *ctx, TSNode inner,
                             const am_call_args *inner_args, const char *extra)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t from = UINT32_MAX, to = 0;
	for (size_t i = 0; i < inner_args->positional_count; i++) {
		TSNode a = inner_args->positional[i];
		if (ts_node_start_byte(a) < from)
			from = ts_node_start_byte(a);
		if (ts_node_end_byte(a) > to)
			to = ts_node_end_byte(a);
	}
	for (size_t i = 0; i < inner_args->keyword_count; i++) {
		TSNode a = inner_args->keywords[i];
		if (ts_node_start_byte(a) < from)
			from = ts_node_start_byte(a);
		if (ts_node_end_byte(a) > to)
			to = ts_node_end_byte(a);
	}
	return am_arena_printf(
	        ctx->arena, "anyio.run(functools.partial(%s, %.*s)%s%s)",
	        am_text(ctx, am_node_field(inner, sx->field.function)),
	        (int)(to - from), ctx->text + from, extra ? ", " : "",
	        extra ? extra : "");
}

void am_fix_run_call(am_context *ctx, am_fix *fix, TSNode run_call,
                     const char *extra)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args, inner_args;
	am_call_args_read(ctx, run_call, &args);
	TSNode inner = args.positional[0];
	am_call_args_read(ctx, inner, &inner_args);
	if (!inner_args.keyword_count && !extra) {
		am_fix_replace_node(fix,
		                    am_node_field(run_call, sx->field.function),
		                    "anyio.run");
		am_split_call_in_place(ctx, fix, inner, &inner_args);
		return;
	}
	if (am_split_call_reorders(
	            ctx, inner_args.positional, inner_args.positional_count,
	            inner_args.keywords, inner_args.keyword_count)) {
		am_fix_replace_node(fix, run_call,
		                    run_whole(ctx, inner, &inner_args, extra));
		return;
	}
	am_fix_replace_node(fix, run_call,
	                    am_split_call_wrapped(ctx, "anyio.run", inner,
	                                          &inner_args, extra));
}
