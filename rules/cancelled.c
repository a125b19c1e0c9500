/* ANY205 cancelled: except asyncio.CancelledError -> the anyio cancel class */
#include "array.h"
#include "holder.h"
#include "imports.h"
#include "rule.h"
#include "statement.h"

#include <string.h>

#define REPLACEMENT "anyio.get_cancelled_exc_class()"

static int names_cancelled_error(const char *qualname)
{
	return strcmp(qualname, "asyncio.CancelledError") == 0 ||
	       strcmp(qualname, "asyncio.exceptions.CancelledError") == 0;
}

static int names_cancelled_error_member(const char *qualname)
{
	return strncmp(qualname, "asyncio.CancelledError.", 23) == 0 ||
	       strncmp(qualname, "asyncio.exceptions.CancelledError.", 34) == 0;
}

static int is_type(TSNode node, const char *type)
{
	return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static int is_definition(const am_syntax *sx, TSNode node)
{
	return am_node_is(node, sx->function_definition) ||
	       am_node_is(node, sx->class_definition) ||
	       am_node_is(node, sx->lambda);
}

/* The except clause (not `except*`) whose class (or one in its tuple) is
 * `ref`; with `as`, the grammar wraps the classes and the name in an
 * as_pattern. */
static TSNode except_clause_of(const am_context *ctx, TSNode ref)
{
	const am_syntax *sx = ctx->syntax;
	TSNode node = ref, parent = am_parent(ctx, ref);
	while (am_node_is(parent, sx->tuple) ||
	       am_node_is(parent, sx->parenthesized_expression)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	if (am_node_is(parent, sx->as_pattern) &&
	    ts_node_eq(ts_node_named_child(parent, 0), node)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	if (am_node_is(parent, sx->except_clause) &&
	    !am_except_is_star(sx, parent)) {
		TSNode value = am_node_field(parent, sx->field.value);
		if (!ts_node_is_null(value) && ts_node_eq(value, node))
			return parent;
	}
	return am_null_node();
}

/* The `as` name of an except clause: *alias is null without `as`; returns
 * 0 when the target is not a plain name. */
static int handler_alias(const am_context *ctx, TSNode clause, TSNode *alias)
{
	const am_syntax *sx = ctx->syntax;
	TSNode value = am_node_field(clause, sx->field.value);
	TSNode target = am_node_field(clause, sx->field.alias);
	if (am_node_is(value, sx->as_pattern)) {
		TSNode wrapper = am_node_field(value, sx->field.alias);
		target = ts_node_named_child(wrapper, 0);
		if (ts_node_named_child_count(wrapper) != 1)
			return 0;
	}
	*alias = target;
	return ts_node_is_null(target) || am_node_is(target, sx->identifier);
}

static TSNode handler_block(const am_context *ctx, TSNode clause)
{
	uint32_t count = ts_node_named_child_count(clause);
	for (uint32_t i = count; i-- > 0;) {
		TSNode child = ts_node_named_child(clause, i);
		if (am_node_is(child, ctx->syntax->block))
			return child;
	}
	return am_null_node();
}

/* `raise` or `raise e` where e is the handler's `as` name. */
static int is_reraise(const am_context *ctx, TSNode statement, TSNode alias)
{
	if (!am_node_is(statement, ctx->syntax->raise_statement))
		return 0;
	TSNode raised = am_null_node();
	uint32_t count = ts_node_named_child_count(statement), values = 0;
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(statement, i);
		if (am_node_is(child, ctx->syntax->comment))
			continue;
		raised = child;
		values++;
	}
	if (values == 0)
		return 1;
	if (values > 1 || ts_node_is_null(alias) ||
	    !am_node_is(raised, ctx->syntax->identifier))
		return 0;
	uint32_t len;
	const char *name = am_node_text(ctx->text, alias, &len);
	uint32_t raised_len;
	const char *raised_name = am_node_text(ctx->text, raised, &raised_len);
	return len == raised_len && memcmp(name, raised_name, len) == 0;
}

static int inside_async_function(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	TSNode n = am_parent(ctx, node);
	while (!ts_node_is_null(n) && !is_definition(sx, n))
		n = am_parent(ctx, n);
	return am_node_is(n, sx->function_definition) && am_node_is_async(n);
}

/* Whether `with` holds `anyio.CancelScope(shield=True)` among its items. */
static int is_shielding_with(const am_context *ctx, TSNode with)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is_async(with))
		return 0;
	TSNode clause = ts_node_named_child(with, 0);
	if (!am_node_is(clause, sx->with_clause))
		return 0;
	uint32_t count = ts_node_named_child_count(clause);
	for (uint32_t i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(clause, i);
		TSNode call = am_node_field(item, sx->field.value);
		if (!am_node_is(call, sx->call))
			continue;
		const char *callee = am_bind_resolve(
		        ctx->binder, am_node_field(call, sx->field.function));
		if (!callee || strcmp(callee, "anyio.CancelScope") != 0)
			continue;
		am_call_args args;
		am_call_args_read(ctx, call, &args);
		TSNode shield = am_call_keyword(ctx, &args, "shield");
		if (!ts_node_is_null(shield) &&
		    am_node_text_eq(ctx->text, shield, "True"))
			return 1;
	}
	return 0;
}

/* Whether node (inside block) sits in the body of a shielding `with`. */
static int shielded(const am_context *ctx, TSNode node, TSNode block)
{
	const am_syntax *sx = ctx->syntax;
	for (TSNode n = node; !ts_node_eq(n, block); n = am_parent(ctx, n)) {
		TSNode parent = am_parent(ctx, n);
		if (am_node_is(parent, sx->with_statement) &&
		    ts_node_eq(n, am_node_field(parent, sx->field.body)) &&
		    is_shielding_with(ctx, parent))
			return 1;
	}
	return 0;
}

/* Whether a break/continue belongs to a loop inside block. */
static int loop_inside(const am_context *ctx, TSNode node, TSNode block)
{
	const am_syntax *sx = ctx->syntax;
	for (TSNode n = node; !ts_node_eq(n, block); n = am_parent(ctx, n)) {
		TSNode parent = am_parent(ctx, n);
		if ((am_node_is(parent, sx->for_statement) ||
		     is_type(parent, "while_statement")) &&
		    ts_node_eq(n, am_node_field(parent, sx->field.body)))
			return 1;
	}
	return 0;
}

/* Whether node (inside block) sits in an except clause nested in it. */
static int in_nested_handler(const am_context *ctx, TSNode node, TSNode block)
{
	for (TSNode n = am_parent(ctx, node); !ts_node_eq(n, block);
	     n = am_parent(ctx, n))
		if (am_node_is(n, ctx->syntax->except_clause))
			return 1;
	return 0;
}

/* Whether an identifier is loaded (the binder records every load). */
static int is_load(const am_context *ctx, TSNode id)
{
	const am_binder *b = ctx->binder;
	uint32_t start = ts_node_start_byte(id);
	size_t lo;
	AM_LOWER_BOUND(lo, b->uses.count, b->uses.items[mid].start < start);
	return lo < b->uses.count && b->uses.items[lo].start == start;
}

/* Whether an identifier named like the `as` name binds that name. */
static int rebinds(const am_context *ctx, TSNode id, TSNode alias)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t len;
	const char *name = am_node_text(ctx->text, alias, &len);
	uint32_t id_len;
	const char *id_name = am_node_text(ctx->text, id, &id_len);
	if (len != id_len || memcmp(name, id_name, len) != 0 ||
	    is_load(ctx, id))
		return 0;
	TSNode parent = am_parent(ctx, id);
	if (am_node_is(parent, sx->attribute) &&
	    ts_node_eq(am_node_field(parent, sx->field.attribute), id))
		return 0;
	if (am_node_is(parent, sx->keyword_argument) &&
	    ts_node_eq(am_node_field(parent, sx->field.name), id))
		return 0;
	return 1;
}

/* `await`, `async with` or `async for`. */
static int awaits(const am_syntax *sx, TSNode n)
{
	if (am_node_is(n, sx->await))
		return 1;
	return (am_node_is(n, sx->with_statement) ||
	        am_node_is(n, sx->for_statement)) &&
	       am_node_is_async(n);
}

typedef struct handler_scan {
	TSNode block;
	TSNode alias; /* the `as` name, or null */
	TSNode last;  /* the final raise */
	int raise_alias;
} handler_scan;

/* Why one node of the handler may keep the cancellation, or NULL. */
static const char *node_problem(const am_context *ctx, const handler_scan *s,
                                TSNode n)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(n, sx->return_statement))
		return "it can `return`";
	if ((is_type(n, "break_statement") ||
	     is_type(n, "continue_statement")) &&
	    !loop_inside(ctx, n, s->block))
		return "it can leave an enclosing loop with `break`/`continue`";
	if (am_node_is(n, sx->raise_statement) && !ts_node_eq(n, s->last)) {
		if (!is_reraise(ctx, n, s->alias))
			return "it can raise another exception";
		if (ts_node_named_child_count(n) == 0 &&
		    in_nested_handler(ctx, n, s->block))
			return "a bare `raise` in a nested `except` re-raises "
			       "another exception";
	}
	if (awaits(sx, n) && !shielded(ctx, n, s->block))
		return "it awaits before re-raising, and anyio cancels that "
		       "await again at once";
	if (s->raise_alias && am_node_is(n, sx->identifier) &&
	    rebinds(ctx, n, s->alias))
		return "it rebinds the `as` name before `raise` re-raises it";
	return NULL;
}

static const char *scan_nodes(const am_context *ctx, const handler_scan *s)
{
	const char *problem = NULL;
	am_walk walk;
	am_walk_init(&walk, s->block);
	TSNode n;
	am_walk_next(&walk, &n); /* the block itself */
	while (!problem && am_walk_next(&walk, &n)) {
		if (is_definition(ctx->syntax, n))
			am_walk_skip_children(&walk);
		else
			problem = node_problem(ctx, s, n);
	}
	am_walk_release(&walk);
	return problem;
}

/* Why the handler may not re-raise the cancellation, or NULL when it
 * re-raises on every path. */
static const char *handler_problem(const am_context *ctx, TSNode clause)
{
	handler_scan s;
	s.block = handler_block(ctx, clause);
	if (!handler_alias(ctx, clause, &s.alias))
		return "its `as` target is not a plain name";
	if (ts_node_is_null(s.block))
		return "it has no body";
	s.last = am_block_last_statement(ctx, s.block);
	if (!is_reraise(ctx, s.last, s.alias))
		return "its last statement is not a bare `raise` (or `raise e` "
		       "of its `as` name)";
	s.raise_alias = ts_node_named_child_count(s.last) > 0;
	return scan_nodes(ctx, &s);
}

static void check_handler(am_context *ctx, TSNode ref, TSNode clause)
{
	const char *problem = handler_problem(ctx, clause);
	if (problem) {
		am_flag(ctx, ref,
		        "`except asyncio.CancelledError:` left as is: %s",
		        problem);
		return;
	}
	if (!inside_async_function(ctx, clause)) {
		am_flag(ctx, ref,
		        "`except asyncio.CancelledError:` left as is outside "
		        "an "
		        "`async def`: `" REPLACEMENT "` needs a running "
		        "event loop");
		return;
	}
	if (!am_imports_name_available(ctx, ref, "anyio")) {
		am_flag(ctx, ref,
		        "`except asyncio.CancelledError:`: this scope binds "
		        "the name `anyio` to something else; rename it, then "
		        "catch `" REPLACEMENT "`");
		return;
	}
	am_fix *fix = am_fix_new(ctx, ref,
	                         "`except asyncio.CancelledError:` becomes "
	                         "`except " REPLACEMENT ":` (the handler "
	                         "re-raises it)");
	am_fix_replace_node(fix, ref, REPLACEMENT);
}

/* `raise asyncio.CancelledError` or `raise asyncio.CancelledError(...)`. */
static int is_raised(const am_context *ctx, TSNode ref)
{
	TSNode node = ref;
	TSNode call = am_callee_call(ctx, ref);
	if (!ts_node_is_null(call))
		node = call;
	TSNode parent = am_parent(ctx, node);
	return am_node_is(parent, ctx->syntax->raise_statement) &&
	       ts_node_eq(ts_node_named_child(parent, 0), node);
}

static void check_reference(am_context *ctx, const am_reference *ref)
{
	if (names_cancelled_error(ref->qualname)) {
		if (is_raised(ctx, ref->node)) {
			am_flag(ctx, ref->node,
			        "`raise asyncio.CancelledError` left as is: "
			        "anyio "
			        "cancels through cancel scopes, not by raising "
			        "the exception");
			return;
		}
		TSNode clause = except_clause_of(ctx, ref->node);
		if (!ts_node_is_null(clause)) {
			check_handler(ctx, ref->node, clause);
			return;
		}
	} else if (!names_cancelled_error_member(ref->qualname)) {
		return;
	}
	am_flag(ctx, ref->node,
	        "`%s` left as is: under anyio the cancellation exception is "
	        "`" REPLACEMENT "`",
	        am_text(ctx, ref->node));
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (!ref->ambiguous)
			check_reference(ctx, ref);
	}
}

/* ---- task.cancel() ---------------------------------------------------- */

static void flag_cancel(am_context *ctx, TSNode call, void *data)
{
	const char *factory = data;
	TSNode method = am_node_field(call, ctx->syntax->field.function);
	TSNode receiver = am_node_field(method, ctx->syntax->field.object);
	uint32_t start = ts_node_start_byte(method);
	if (am_context_claimed(ctx, start, start + 1))
		return; /* the same call, reached from another task */
	am_flag(ctx, method,
	        "`%s.cancel()` left as is: a task from `%s()`, and anyio has "
	        "no task objects to cancel",
	        am_text(ctx, receiver), factory);
}

/* A task made by asyncio, or by `loop.create_task(...)` whatever the loop
 * is called. */
static void on_call(am_context *ctx, const am_call *call)
{
	TSNode fn = call->callee;
	am_holder holder;
	am_holder_of(ctx, call->node, &holder);
	if (holder.known)
		am_holder_method_calls(ctx, &holder, "cancel", flag_cancel,
		                       (void *)am_text(ctx, fn));
}

const am_rule am_rule_cancelled = {
        .code = "ANY205",
        .name = "cancelled",
        .summary = "re-raising `except asyncio.CancelledError:` → `except "
                   "anyio.get_cancelled_exc_class():`",
        .doc = "## What it does\n"
               "Rewrites the class of an `except asyncio.CancelledError:` "
               "clause (also `asyncio.exceptions.CancelledError`, a name "
               "from `from asyncio import CancelledError`, or one element "
               "of a tuple of classes) to `anyio.get_cancelled_exc_class()` "
               "when the handler re-raises on every path. Reports every "
               "other use of cancellation that anyio does differently.\n\n"
               "## Why\n"
               "Under anyio, cancellation is `asyncio.CancelledError` on "
               "the asyncio backend and `trio.Cancelled` on trio; "
               "`anyio.get_cancelled_exc_class()` names the right one. A "
               "cancel scope only finishes when its cancellation comes "
               "back out of the cancelled code, so a handler must "
               "re-raise it.\n\n"
               "## Example\n"
               "```python\ntry:\n    await serve()\n"
               "except asyncio.CancelledError:\n    log.info(\"stopping\")\n"
               "    raise\n```\n\n"
               "## Use instead\n"
               "```python\ntry:\n    await serve()\n"
               "except anyio.get_cancelled_exc_class():\n"
               "    log.info(\"stopping\")\n    raise\n```\n\n"
               "## When it flags instead\n"
               "- the handler may not re-raise: its last statement is not "
               "a bare `raise` (or `raise e` of its `as` name), or it holds "
               "a `return`, a `break`/`continue` out of an enclosing loop, "
               "a `raise` of something else, or rebinds the `as` name "
               "(nested functions and classes are not looked into);\n"
               "- the handler awaits (`await`, `async with`, `async for`) "
               "outside `with anyio.CancelScope(shield=True):`: the scope "
               "is still cancelled, so anyio cancels that await at once "
               "where asyncio let it run;\n"
               "- the handler is not in an `async def` "
               "(`get_cancelled_exc_class()` needs a running event loop);\n"
               "- `raise asyncio.CancelledError`: cancel a scope instead "
               "(`scope.cancel()`, `tg.cancel_scope.cancel()`);\n"
               "- `X.cancel()` where `X` is assigned from "
               "`asyncio.create_task()`, `asyncio.ensure_future()` or "
               "`loop.create_task()` (matched by name in the file): run "
               "the work in a task group and cancel `tg.cancel_scope`, or "
               "give it its own `anyio.CancelScope`;\n"
               "- any other use (`isinstance(e, asyncio.CancelledError)`, "
               "`except*`, a tuple kept in a variable): use "
               "`anyio.get_cancelled_exc_class()`.\n\n"
               "## Fix safety\n"
               "Safe.\n"
               "On the asyncio backend the class is the same, so the "
               "handler catches exactly what it caught. Exceptions other "
               "than cancellation raised by calls inside the handler "
               "cannot be seen; they would replace the cancellation as "
               "they did before.\n"
               "\n"
               "## Migrating by hand\n"
               "anyio needs cancellation re-raised, or the cancel scope "
               "never finishes: end the handler with a bare `raise` "
               "(cleanup that must await goes in `with "
               "anyio.CancelScope(shield=True):`), then catch "
               "`anyio.get_cancelled_exc_class()`.\n"
               "\n"
               "The cancellation exception is "
               "`anyio.get_cancelled_exc_class()` (asyncio.CancelledError "
               "on asyncio, trio.Cancelled on trio): use that, and re-raise "
               "it wherever it is caught. A task's `cancel()`: start the "
               "work in a task group and cancel `tg.cancel_scope`, or run "
               "it in its own `anyio.CancelScope` and call "
               "`scope.cancel()`. A handler outside an `async def`: catch "
               "cancellation in the async code that awaits, and re-raise "
               "it there.\n",
        .fix_kind = AM_RULE_MIXED,
        .calls = AM_NAMES("create_task", "ensure_future", "tasks.create_task",
                          "tasks.ensure_future"),
        .methods = AM_NAMES("create_task"),
        .on_call = on_call,
        .on_pass = on_pass,
};
