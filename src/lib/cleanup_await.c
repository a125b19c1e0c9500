#include "cleanup_await.h"

#include "coroutine_call.h"

#include <string.h>

/* Functions followed from one deadline; past this, the rule cannot tell
 * and says so. */
#define AM_CLEANUP_MAX_FUNCTIONS 64

typedef struct followed {
	TSNode defs[AM_CLEANUP_MAX_FUNCTIONS];
	size_t count;
	int overflow;
	int unseen; /* an await of something not followed */
} followed;

/* Whether a `with` statement's items shield its body
 * (`with anyio.CancelScope(shield=True):`): awaits there are protected
 * from the deadline's cancellation under anyio as under asyncio. */
static int shields(const am_context *ctx, TSNode with)
{
	const am_syntax *sx = ctx->syntax;
	TSNode clause = ts_node_named_child(with, 0);
	if (am_node_is_async(with) || !am_node_is(clause, sx->with_clause))
		return 0;
	uint32_t count = ts_node_named_child_count(clause);
	for (uint32_t i = 0; i < count; i++) {
		TSNode call = am_node_field(ts_node_named_child(clause, i),
		                            sx->field.value);
		if (!am_node_is(call, sx->call))
			continue;
		const char *callee = am_bind_resolve(
		        ctx->binder, am_node_field(call, sx->field.function));
		am_call_args args;
		am_call_args_read(ctx, call, &args);
		TSNode shield = am_call_keyword(ctx, &args, "shield");
		if (callee && strcmp(callee, "anyio.CancelScope") == 0 &&
		    !ts_node_is_null(shield) &&
		    am_node_text_eq(ctx->text, shield, "True"))
			return 1;
	}
	return 0;
}

/* Queue the async function of this file a call reaches, once. */
static void follow_call(const am_context *ctx, TSNode call, followed *f)
{
	TSNode callee = am_node_field(call, ctx->syntax->field.function);
	TSNode def = am_callee_definition(ctx, callee);
	if (ts_node_is_null(def) || !am_node_is_async(def))
		return;
	for (size_t i = 0; i < f->count; i++)
		if (ts_node_eq(f->defs[i], def))
			return;
	if (f->count == AM_CLEANUP_MAX_FUNCTIONS) {
		f->overflow = 1;
		return;
	}
	f->defs[f->count++] = def;
}

/* Notes an awaited expression whose code cannot be followed from here:
 * anything but a call of an async function of this file (followed) or of
 * asyncio's or anyio's own. */
static void note_awaited(const am_context *ctx, TSNode awaited, followed *f)
{
	const am_syntax *sx = ctx->syntax;
	while (am_node_is(awaited, sx->parenthesized_expression))
		awaited = ts_node_named_child(awaited, 0);
	if (!am_node_is(awaited, sx->call)) {
		f->unseen = 1;
		return;
	}
	TSNode callee = am_node_field(awaited, sx->field.function);
	TSNode def = am_callee_definition(ctx, callee);
	if (!ts_node_is_null(def) && am_node_is_async(def))
		return;
	const char *qualname = am_bind_resolve(ctx->binder, callee);
	if (qualname && (strncmp(qualname, "asyncio.", 8) == 0 ||
	                 strncmp(qualname, "anyio.", 6) == 0))
		return;
	f->unseen = 1;
}

/* Whether the exception classes of an except clause, `type`, may name
 * cancellation: CancelledError or BaseException, or anything but plain
 * names and attributes ending in Error, Exception or Warning and
 * asyncio's exceptions (a tuple held in a variable, a call). */
static int names_cancellation(const am_context *ctx, TSNode type)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(type, sx->as_pattern))
		type = ts_node_named_child(type, 0);
	if (am_node_is(type, sx->tuple) ||
	    am_node_is(type, sx->parenthesized_expression)) {
		uint32_t count = ts_node_named_child_count(type);
		for (uint32_t i = 0; i < count; i++)
			if (names_cancellation(ctx,
			                       ts_node_named_child(type, i)))
				return 1;
		return 0;
	}
	/* asyncio's own exceptions (QueueEmpty, ...) are not cancellation. */
	const char *qualname = am_bind_resolve(ctx->binder, type);
	if (qualname && strncmp(qualname, "asyncio.", 8) == 0)
		return strstr(qualname, "CancelledError") != NULL;
	TSNode name = type;
	if (am_node_is(type, sx->attribute))
		name = am_node_field(type, sx->field.attribute);
	if (ts_node_is_null(name) || !am_node_is(name, sx->identifier))
		return 1;
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	static const char *const other[] = {"Error", "Exception", "Warning"};
	if (am_node_text_eq(ctx->text, name, "CancelledError") ||
	    am_node_text_eq(ctx->text, name, "BaseException"))
		return 1;
	for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
		size_t n = strlen(other[i]);
		if (len > n && memcmp(text + len - n, other[i], n) == 0)
			return 0;
	}
	return 1;
}

/* Whether an except clause may be entered by a cancellation (a bare
 * `except:` is). A handler entered otherwise cannot be running cleanup
 * after a cancellation: a cancellation arriving inside it leaves it at
 * that await, under asyncio as under anyio. */
static int may_catch_cancellation(const am_context *ctx, TSNode clause)
{
	const am_syntax *sx = ctx->syntax;
	TSNode type = am_node_is(clause, sx->except_clause)
	                      ? am_node_field(clause, sx->field.value)
	                      : ts_node_named_child(clause, 0);
	if (ts_node_is_null(type) || am_node_is(type, sx->block))
		return 1;
	return names_cancellation(ctx, type);
}

/* The cleanup under `node` itself (nested functions, classes and lambdas
 * are not run there, and a shielded scope protects what it holds), and
 * the functions its calls reach, into f. Returns
 * what it found and, in *why, why that is cleanup. In the functions
 * followed (`direct` false) only an await in `finally` or in an except
 * clause that may catch cancellation counts: an `async with` there is
 * mostly a lock or a task group, whose exit does not await, and counting
 * it, or every handler, would leave most deadlines unmigrated. */
static const char *scan(const am_context *ctx, TSNode node, followed *f,
                        int direct, const char **why)
{
	const am_syntax *sx = ctx->syntax;
	am_walk walk;
	am_walk_init(&walk, node);
	const char *found = NULL;
	uint32_t handler_end = 0; /* inside an except/finally until this byte */
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		TSSymbol s = ts_node_symbol(n);
		if (s == sx->function_definition || s == sx->class_definition ||
		    s == sx->lambda ||
		    (s == sx->with_statement && shields(ctx, n))) {
			am_walk_skip_children(&walk);
			continue;
		}
		if (ts_node_start_byte(n) >= handler_end)
			handler_end = 0;
		if (s == sx->except_clause ||
		    strcmp(ts_node_type(n), "finally_clause") == 0) {
			int counts = direct ||
			             strcmp(ts_node_type(n),
			                    "finally_clause") == 0 ||
			             may_catch_cancellation(ctx, n);
			if (!handler_end && counts)
				handler_end = ts_node_end_byte(n);
		} else if (direct && s == sx->with_statement &&
		           am_node_is_async(n)) {
			found = "an `async with`";
			*why = " (its exit may await)";
		} else if (direct && s == sx->for_statement &&
		           am_node_is_async(n)) {
			found = "an `async for`";
			*why = " (its iterator may await when closed)";
		} else if ((s == sx->with_statement ||
		            s == sx->for_statement) &&
		           am_node_is_async(n)) {
			f->unseen = 1; /* in a function followed: its exit is
			                * not looked into */
		} else if (s == sx->await && handler_end) {
			found = "an await in `except`/`finally`";
			*why = "";
		} else if (s == sx->await) {
			note_awaited(ctx, ts_node_named_child(n, 0), f);
		} else if (s == sx->call) {
			follow_call(ctx, n, f);
		}
	}
	am_walk_release(&walk);
	return found;
}

const char *am_cleanup_that_awaits(const am_context *ctx, TSNode node,
                                   int *unseen)
{
	followed f;
	f.count = 0;
	f.overflow = 0;
	f.unseen = 0;
	const char *why = "";
	if (am_node_is(node, ctx->syntax->call)) /* an awaitable itself */
		note_awaited(ctx, node, &f);
	const char *found = scan(ctx, node, &f, 1, &why);
	if (found)
		return am_arena_printf(ctx->arena, "%s inside%s", found, why);
	for (size_t next = 0; next < f.count; next++) {
		TSNode def = f.defs[next];
		found = scan(ctx, am_node_field(def, ctx->syntax->field.body),
		             &f, 0, &why);
		if (found)
			return am_arena_printf(
			        ctx->arena,
			        "%s inside `%s()`%s, which it calls", found,
			        am_text(ctx,
			                am_node_field(def,
			                              ctx->syntax->field.name)),
			        why);
	}
	if (f.overflow)
		return "calls to more functions of this file than this rule "
		       "follows (any of them may await in its cleanup)";
	if (unseen)
		*unseen = f.unseen;
	return NULL;
}
