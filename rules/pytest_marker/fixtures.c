/* Fixtures of pytest-asyncio under anyio's plugin: `@pytest_asyncio.fixture`
 * becomes `@pytest.fixture`; a fixture that hands out pytest-asyncio's
 * `event_loop` hands out the running loop. */
#include "imports.h"
#include "pytest.h"
#include "pytest_shapes.h"
#include "statement.h"

#include <string.h>

/* The function a decorator at `node` (or inside it) decorates. */
static TSNode decorated_function(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	while (!ts_node_is_null(node) && !am_node_is(node, sx->decorator))
		node = am_parent(ctx, node);
	TSNode decorated = am_parent(ctx, node);
	if (ts_node_is_null(node) ||
	    !am_node_is(decorated, sx->decorated_definition))
		return am_null_node();
	TSNode definition = am_node_field(decorated, sx->field.definition);
	return am_node_is(definition, sx->function_definition) ? definition
	                                                       : am_null_node();
}

/* Whether `pytest` names the pytest module at `at`, or can be imported. */
static int pytest_usable(const am_context *ctx, TSNode at)
{
	return am_imports_name_available(ctx, at, "pytest");
}

void am_pytest_asyncio_fixture(am_context *ctx, TSNode chain)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, chain);
	TSNode call = am_callee_call(ctx, chain);
	TSNode decorator =
	        am_node_is(parent, sx->decorator) ? parent
	        : !ts_node_is_null(call) &&
	                        am_node_is(am_parent(ctx, call), sx->decorator)
	                ? am_parent(ctx, call)
	                : am_null_node();
	TSNode function = decorated_function(ctx, decorator);
	const char *why = NULL;
	if (ts_node_is_null(function)) {
		why = "it is not the decorator of a function";
	} else if (!ts_node_is_null(call)) {
		am_call_args args;
		am_call_args_read(ctx, call, &args);
		if (args.has_kwsplat || args.has_star || args.too_many ||
		    args.generator)
			why = "its arguments cannot be read";
		else if (!ts_node_is_null(
		                 am_call_keyword(ctx, &args, "loop_scope")))
			why = "`loop_scope=` chooses pytest-asyncio's loop, "
			      "which "
			      "anyio's plugin does not take";
	}
	const char *name =
	        why ? NULL
	            : am_pytest_fixture_name(
	                      ctx, decorator,
	                      am_node_field(function, sx->field.name));
	if (!why && am_node_is_async(function) &&
	    am_pytest_fixture_autouse(ctx, decorator))
		why = "it is used automatically, by plain tests too, and "
		      "anyio's plugin runs async fixtures for async tests only";
	else if (!why && am_node_is_async(function) &&
	         am_pytest_sync_requested(ctx, name, strlen(name)))
		why = "a plain test or fixture requests it, and anyio's plugin "
		      "runs async fixtures for async tests only";
	else if (!why && !pytest_usable(ctx, chain))
		why = "`pytest` names something else here";
	if (why) {
		am_flag(ctx, chain, "`%s` left as is: %s", am_text(ctx, chain),
		        why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, chain,
	                         "`pytest_asyncio.fixture` becomes "
	                         "`pytest.fixture`: anyio's plugin runs the "
	                         "async fixtures of the tests it runs");
	am_fix_replace_node(fix, chain, "pytest.fixture");
}

int am_pytest_loop_fixture(am_context *ctx, const am_function *def,
                           TSNode decorator)
{
	TSNode function = def->node;
	TSNode loop =
	        am_pytest_handed_out_loop(ctx->syntax, ctx->text, function);
	if (ts_node_is_null(loop))
		return 0;
	const char *name = am_pytest_fixture_name(ctx, decorator, def->name);
	const char *why = NULL;
	if (am_pytest_fixture_autouse(ctx, decorator))
		why = "it is used automatically, by plain tests too";
	else if (am_pytest_sync_requested(ctx, name, strlen(name)))
		why = "a plain test or fixture requests it";
	else if (!am_imports_name_available(ctx, ctx->root, "asyncio"))
		why = "`asyncio` names something else in this module";
	if (why) {
		am_flag(ctx, def->name,
		        "fixture `%s` left as is: it hands out "
		        "pytest-asyncio's "
		        "`event_loop`, and %s",
		        name, why);
		return 1;
	}
	am_fix *fix = am_fix_new(ctx, def->name,
	                         "fixture `%s` hands out the running loop: "
	                         "an async fixture, which anyio's plugin runs "
	                         "in the test's loop (asyncio backend only)",
	                         name);
	am_fix_insert(fix, ts_node_start_byte(function), "async ");
	am_fix_replace_node(fix, def->parameters, "()");
	am_fix_replace_node(fix, loop, "asyncio.get_running_loop()");
	return 1;
}

/* Whether a call of an `event_loop` fixture's body only makes, sets or
 * closes a plain asyncio loop. */
static int plain_loop_call(const am_context *ctx, TSNode call)
{
	static const char *const allowed[] = {"asyncio.new_event_loop",
	                                      "asyncio.get_event_loop",
	                                      "asyncio.set_event_loop",
	                                      "asyncio.get_event_loop_policy",
	                                      "asyncio.events.new_event_loop",
	                                      NULL};
	TSNode callee = am_node_field(call, ctx->syntax->field.function);
	const char *q = am_bind_resolve(ctx->binder, callee);
	for (const char *const *a = allowed; q && *a; a++)
		if (strcmp(q, *a) == 0)
			return 1;
	if (!am_node_is(callee, ctx->syntax->attribute))
		return 0;
	TSNode method = am_node_field(callee, ctx->syntax->field.attribute);
	TSNode object = am_node_field(callee, ctx->syntax->field.object);
	/* loop.close(), policy().new_event_loop() */
	return (am_node_text_eq(ctx->text, method, "close") &&
	        am_node_is(object, ctx->syntax->identifier)) ||
	       (am_node_text_eq(ctx->text, method, "new_event_loop") &&
	        am_node_is(object, ctx->syntax->call) &&
	        plain_loop_call(ctx, object));
}

/* Whether the fixture's body makes a plain loop: every call in it is one
 * of those above (no policy set, no uvloop, no debug mode). */
static int makes_plain_loop(const am_context *ctx, TSNode function)
{
	am_walk walk;
	am_walk_init(&walk, am_node_field(function, ctx->syntax->field.body));
	int plain = 1;
	for (TSNode n; plain && am_walk_next(&walk, &n);)
		if (am_node_is(n, ctx->syntax->call))
			plain = plain_loop_call(ctx, n);
	am_walk_release(&walk);
	return plain;
}

/* Whether the parameters are at most `request`. */
static int takes_at_most_request(const am_context *ctx, TSNode parameters)
{
	uint32_t count = ts_node_named_child_count(parameters);
	if (count == 0)
		return 1;
	TSNode only = ts_node_named_child(parameters, 0);
	return count == 1 && am_node_is(only, ctx->syntax->identifier) &&
	       am_node_text_eq(ctx->text, only, "request");
}

int am_pytest_event_loop_fixture(am_context *ctx, const am_function *def)
{
	const am_syntax *sx = ctx->syntax;
	TSNode decorated = am_parent(ctx, def->node);
	TSNode statement = am_node_is(decorated, sx->decorated_definition)
	                           ? decorated
	                           : def->node;
	if (!ctx->options || !ctx->options->event_loop_unrequested ||
	    am_node_is_async(def->node) ||
	    !takes_at_most_request(ctx, def->parameters) ||
	    !makes_plain_loop(ctx, def->node))
		return 0;
	am_fix *fix =
	        am_fix_new(ctx, def->name,
	                   "the `event_loop` fixture goes: nothing in the "
	                   "project requests pytest-asyncio's loop, and "
	                   "anyio's plugin makes its own");
	/* A module-level definition goes with the blank lines after it (the
	 * ones before it then part the statements around it); the last one
	 * with those before it. */
	uint32_t start = ts_node_start_byte(statement);
	uint32_t end = ts_node_end_byte(statement);
	TSNode next = ts_node_next_named_sibling(statement);
	TSNode previous = ts_node_prev_named_sibling(statement);
	if (!am_node_is(am_parent(ctx, statement), sx->module)) {
		am_statement_remove(ctx, fix, statement, "");
	} else if (!ts_node_is_null(next)) {
		end = ts_node_start_byte(next);
		while (end > 0 && ctx->text[end - 1] != '\n')
			end--;
		am_fix_replace(fix, start, end < start ? start : end, "");
	} else {
		if (!ts_node_is_null(previous))
			start = ts_node_end_byte(previous);
		am_fix_replace(fix, start, end, "");
	}
	return 1;
}
