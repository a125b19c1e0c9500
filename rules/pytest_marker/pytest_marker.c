/* ANY208 pytest-marker: a test suite from pytest-asyncio to anyio's plugin:
 * @pytest.mark.asyncio -> @pytest.mark.anyio, and what goes with it. */
#include "pytest.h"
#include "pytest_shapes.h"

#include <string.h>

int am_pytest_rooted_at(const char *qualname, const char *module)
{
	size_t len = strlen(module);
	return qualname && strncmp(qualname, module, len) == 0 &&
	       (qualname[len] == '\0' || qualname[len] == '.');
}

static int is_marker(const char *qualname)
{
	return qualname && (strcmp(qualname, "pytest.mark.asyncio") == 0 ||
	                    strcmp(qualname, "pytest.mark.anyio") == 0);
}

/* Whether an expression mentions the asyncio or (once rewritten) the anyio
 * marker: `pytest.mark.asyncio`, `[pytest.mark.anyio, ...]`. */
static int mentions_marker(const am_context *ctx, TSNode expression)
{
	const am_syntax *sx = ctx->syntax;
	am_walk walk;
	am_walk_init(&walk, expression);
	int found = 0;
	/* `pytest.mark.anyio` where nothing binds `pytest` yet: the mark
	 * written before its import (which the importer adds next). */
	int pytest_unbound = am_bind_lookup(ctx->binder, 0, "pytest", 6) < 0;
	for (TSNode n; !found && am_walk_next(&walk, &n);)
		found = (am_node_is(n, sx->attribute) ||
		         am_node_is(n, sx->identifier)) &&
		        (is_marker(am_bind_resolve(ctx->binder, n)) ||
		         (pytest_unbound && am_node_is(n, sx->attribute) &&
		          am_node_text_eq(ctx->text, n, "pytest.mark.anyio")));
	am_walk_release(&walk);
	return found;
}

TSNode am_pytest_pytestmark(const am_context *ctx, TSNode body)
{
	const am_syntax *sx = ctx->syntax;
	am_children children;
	am_children_init(&children, body);
	TSNode statement, found = am_null_node();
	while (ts_node_is_null(found) &&
	       am_children_next(&children, &statement)) {
		if (!am_node_is(statement, sx->expression_statement))
			continue;
		TSNode assignment = ts_node_named_child(statement, 0);
		if (!am_node_is(assignment, sx->assignment))
			continue;
		TSNode left = am_node_field(assignment, sx->field.left);
		TSNode right = am_node_field(assignment, sx->field.right);
		if (am_node_is(left, sx->identifier) &&
		    am_node_text_eq(ctx->text, left, "pytestmark") &&
		    !ts_node_is_null(right))
			found = assignment;
	}
	am_children_release(&children);
	return found;
}

/* `pytestmark = ...` naming the marker among the statements of a module or
 * class body. */
static int pytestmark_in(const am_context *ctx, TSNode body)
{
	TSNode assignment = am_pytest_pytestmark(ctx, body);
	return !ts_node_is_null(assignment) &&
	       mentions_marker(ctx, am_node_field(assignment,
	                                          ctx->syntax->field.right));
}

static int decorators_mention(const am_context *ctx, TSNode decorated,
                              int (*test)(const am_context *, TSNode))
{
	uint32_t count = ts_node_named_child_count(decorated);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(decorated, i);
		if (am_node_is(d, ctx->syntax->decorator) && test(ctx, d))
			return 1;
	}
	return 0;
}

int am_pytest_carries_marker(const am_context *ctx, TSNode function)
{
	const am_syntax *sx = ctx->syntax;
	for (TSNode n = am_parent(ctx, function); !ts_node_is_null(n);
	     n = am_parent(ctx, n)) {
		if (am_node_is(n, sx->decorated_definition) &&
		    decorators_mention(ctx, n, mentions_marker))
			return 1;
		if (am_node_is(n, sx->class_definition) &&
		    pytestmark_in(ctx, am_node_field(n, sx->field.body)))
			return 1;
		if (am_node_is(n, sx->module) && pytestmark_in(ctx, n))
			return 1;
	}
	return 0;
}

/* Whether the fixture decorator is `qualname`'s (with or without a call). */
static int decorator_is(const am_context *ctx, TSNode decorator,
                        const char *qualname)
{
	TSNode expression = ts_node_named_child(decorator, 0);
	if (am_node_is(expression, ctx->syntax->call))
		expression =
		        am_node_field(expression, ctx->syntax->field.function);
	const char *q = am_bind_resolve(ctx->binder, expression);
	return q && strcmp(q, qualname) == 0;
}

TSNode am_pytest_fixture_decorator(const am_context *ctx, TSNode function)
{
	TSNode decorated = am_parent(ctx, function);
	if (!am_node_is(decorated, ctx->syntax->decorated_definition))
		return am_null_node();
	uint32_t count = ts_node_named_child_count(decorated);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(decorated, i);
		if (am_node_is(d, ctx->syntax->decorator) &&
		    (decorator_is(ctx, d, "pytest.fixture") ||
		     decorator_is(ctx, d, "pytest_asyncio.fixture")))
			return d;
	}
	return am_null_node();
}

int am_pytest_sync_requested(const am_context *ctx, const char *name,
                             size_t len)
{
	const char *const *names =
	        ctx->options ? ctx->options->sync_requested_fixtures : NULL;
	for (; names && *names; names++)
		if (strlen(*names) == len && memcmp(*names, name, len) == 0)
			return 1;
	return 0;
}

/* The call of a fixture decorator (`@pytest.fixture(scope=...)`), or a null
 * node for the bare one. */
static TSNode decorator_call(const am_context *ctx, TSNode decorator)
{
	TSNode expression = ts_node_named_child(decorator, 0);
	return am_node_is(expression, ctx->syntax->call) ? expression
	                                                 : am_null_node();
}

static TSNode decorator_keyword(const am_context *ctx, TSNode decorator,
                                const char *keyword)
{
	TSNode call = decorator_call(ctx, decorator);
	if (ts_node_is_null(call))
		return call;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	return am_call_keyword(ctx, &args, keyword);
}

const char *am_pytest_fixture_name(const am_context *ctx, TSNode decorator,
                                   TSNode function_name)
{
	TSNode name = decorator_keyword(ctx, decorator, "name");
	if (am_node_is(name, ctx->syntax->string)) {
		const char *text = am_text(ctx, name);
		size_t len = strlen(text);
		if (len >= 2 && (text[0] == '"' || text[0] == '\'') &&
		    text[len - 1] == text[0])
			return am_arena_strndup(ctx->arena, text + 1, len - 2);
	}
	return am_text(ctx, function_name);
}

int am_pytest_fixture_autouse(const am_context *ctx, TSNode decorator)
{
	TSNode value = decorator_keyword(ctx, decorator, "autouse");
	return !ts_node_is_null(value) &&
	       !am_node_text_eq(ctx->text, value, "False");
}

/* A test (pytest collects `test*` functions) that carries the marker, or a
 * fixture: what may request pytest-asyncio's `event_loop`. */
static int may_request_loop(const am_context *ctx, TSNode function, TSNode name,
                            int fixture)
{
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	return fixture || (len >= 4 && memcmp(text, "test", 4) == 0 &&
	                   am_pytest_carries_marker(ctx, function));
}

/* The parameter named `event_loop`, or a null node. */
static TSNode event_loop_parameter(const am_context *ctx, TSNode parameters)
{
	am_children children;
	am_children_init(&children, parameters);
	TSNode parameter, found = am_null_node();
	while (am_children_next(&children, &parameter)) {
		TSNode name = am_pytest_parameter_name(ctx->syntax, parameter);
		if (!ts_node_is_null(name) &&
		    am_node_text_eq(ctx->text, name, "event_loop")) {
			found = name;
			break;
		}
	}
	am_children_release(&children);
	return found;
}

static void on_function(am_context *ctx, const am_function *def)
{
	TSNode function = def->node;
	TSNode name = def->name;
	TSNode decorator = am_pytest_fixture_decorator(ctx, function);
	int fixture = !ts_node_is_null(decorator);
	if (fixture && am_pytest_loop_fixture(ctx, def, decorator))
		return;
	/* A plain `@pytest.fixture` on an async function (pytest-asyncio's
	 * are for check_use): anyio's plugin leaves it to plain tests as a
	 * coroutine. */
	if (fixture && am_node_is_async(function) &&
	    decorator_is(ctx, decorator, "pytest.fixture")) {
		const char *fixture_name =
		        am_pytest_fixture_name(ctx, decorator, name);
		const char *why =
		        am_pytest_fixture_autouse(ctx, decorator)
		                ? "it is used automatically, by plain tests too"
		        : am_pytest_sync_requested(ctx, fixture_name,
		                                   strlen(fixture_name))
		                ? "a plain test or fixture requests it"
		                : NULL;
		if (why)
			am_flag(ctx, name,
			        "async fixture `%s` left as is: %s; anyio's "
			        "plugin runs it for async tests only",
			        fixture_name, why);
	}
	/* The parameter first: what carries the marker is a search up the
	 * tree and through the module's statements. */
	TSNode parameter = event_loop_parameter(ctx, def->parameters);
	if (!ts_node_is_null(parameter) &&
	    may_request_loop(ctx, function, name, fixture))
		am_flag(ctx, parameter,
		        "`event_loop` left as is: pytest-asyncio's fixture, "
		        "which anyio's plugin does not provide");
	if (fixture && am_node_text_eq(ctx->text, name, "event_loop") &&
	    !am_pytest_event_loop_fixture(ctx, def))
		am_flag(ctx, name,
		        "an `event_loop` fixture left as is: pytest-asyncio's "
		        "way to choose the loop");
}

/* Whether node is the object of an attribute: `node.name`. */
static int is_object_of_attribute(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, node);
	return am_node_is(parent, sx->attribute) &&
	       ts_node_eq(am_node_field(parent, sx->field.object), node);
}

/* `marker(...)` with arguments, or `marker.with_args(...)` and the like. */
static int marker_has_arguments(const am_context *ctx, TSNode marker)
{
	TSNode call = am_callee_call(ctx, marker);
	if (ts_node_is_null(call))
		return is_object_of_attribute(ctx, marker);
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	return args.positional_count || args.keyword_count || args.generator;
}

/* `marker(loop_scope="module")` or `marker(scope=...)` (pytest-asyncio's
 * loop of a wider scope), a string each: the call, else a null node. */
static TSNode scope_call(const am_context *ctx, TSNode marker)
{
	TSNode call = am_callee_call(ctx, marker);
	if (ts_node_is_null(call))
		return call;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.positional_count || args.has_kwsplat || args.generator ||
	    args.keyword_count == 0)
		return am_null_node();
	for (size_t i = 0; i < args.keyword_count; i++) {
		TSNode k = args.keywords[i];
		TSNode name = am_node_field(k, ctx->syntax->field.name);
		if (!am_node_is(am_node_field(k, ctx->syntax->field.value),
		                ctx->syntax->string) ||
		    !(am_node_text_eq(ctx->text, name, "loop_scope") ||
		      am_node_text_eq(ctx->text, name, "scope")))
			return am_null_node();
	}
	return call;
}

static void check_marker(am_context *ctx, TSNode marker)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(marker, sx->attribute)) {
		am_flag(ctx, marker,
		        "`asyncio` imported from `pytest.mark` left as is");
		return;
	}
	TSNode scoped = scope_call(ctx, marker);
	if (!ts_node_is_null(scoped)) {
		am_fix *fix =
		        am_fix_new(ctx, marker,
		                   "`%s` becomes `pytest.mark.anyio`: the "
		                   "tests share a loop "
		                   "while an async fixture of theirs holds one",
		                   am_text(ctx, scoped));
		am_fix_replace_node(fix,
		                    am_node_field(marker, sx->field.attribute),
		                    "anyio");
		am_fix_replace_node(
		        fix, am_node_field(scoped, sx->field.arguments), "");
		return;
	}
	if (marker_has_arguments(ctx, marker)) {
		am_flag(ctx, marker,
		        "`%s` left as is: it has arguments or methods (such as "
		        "`loop_scope=`), and the anyio marker takes none",
		        am_text(ctx, marker));
		return;
	}
	am_fix *fix = am_fix_new(ctx, marker,
	                         "`pytest.mark.asyncio` becomes "
	                         "`pytest.mark.anyio` (run on the "
	                         "`anyio_backend` fixture's backends)");
	am_fix_replace_node(fix, am_node_field(marker, sx->field.attribute),
	                    "anyio");
}

/* The outermost attribute chain a name use heads: `pytest_asyncio.fixture`. */
static TSNode widest_chain(const am_context *ctx, TSNode node)
{
	while (is_object_of_attribute(ctx, node))
		node = am_parent(ctx, node);
	return node;
}

static void check_use(am_context *ctx, const am_name_use *use)
{
	const am_binding *bd = &ctx->binder->bindings.items[use->binding];
	if (am_pytest_rooted_at(bd->qualname, "pytest_asyncio")) {
		TSNode chain = widest_chain(ctx, use->node);
		const char *q = am_bind_resolve(ctx->binder, chain);
		if (q && strcmp(q, "pytest_asyncio.fixture") == 0 &&
		    am_node_is(chain, ctx->syntax->attribute)) {
			am_pytest_asyncio_fixture(ctx, chain);
			return;
		}
		am_flag(ctx, chain,
		        "`%s` left as is: pytest-asyncio's, and under anyio's "
		        "plugin async fixtures are plain `@pytest.fixture`s",
		        am_text(ctx, chain));
		return;
	}
	if (!am_pytest_rooted_at(bd->qualname, "pytest"))
		return;
	for (TSNode node = use->node;; node = am_parent(ctx, node)) {
		const char *q = am_bind_resolve(ctx->binder, node);
		if (q && strcmp(q, "pytest.mark.asyncio") == 0) {
			check_marker(ctx, node);
			return;
		}
		if (!is_object_of_attribute(ctx, node))
			return;
	}
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	if (ctx->options && ctx->options->pytest_auto_mode)
		am_pytest_mark_auto_mode(ctx);
	if (ctx->options && ctx->options->anyio_backends)
		am_pytest_backend_fixture(ctx);
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		if (use->binding >= 0 &&
		    b->bindings.items[use->binding].kind == AM_BINDING_IMPORT)
			check_use(ctx, use);
	}
}

const am_rule am_rule_pytest_marker = {
        .code = "ANY208",
        .name = "pytest-marker",
        .summary = "A test suite from pytest-asyncio to anyio's plugin: "
                   "`@pytest.mark.asyncio` → `@pytest.mark.anyio`, "
                   "fixtures, auto mode, the `anyio_backend` fixture",
        .doc = "## What it does\n"
               "Moves a test suite from pytest-asyncio to anyio's pytest "
               "plugin:\n"
               "- the marker `pytest.mark.asyncio` (as a decorator, in "
               "`pytestmark = ...`, in a list of marks) becomes "
               "`pytest.mark.anyio`;\n"
               "- under pytest-asyncio's `asyncio_mode = auto` (read from the "
               "test module's pytest configuration), where async tests carry "
               "no marker, a module with async tests gains `pytestmark = "
               "pytest.mark.anyio` after its imports, or the mark is added to "
               "its `pytestmark`; the configuration loses its `asyncio_mode` "
               "line;\n"
               "- `pytest.mark.asyncio(loop_scope=\"module\")` (or "
               "`scope=`) becomes `pytest.mark.anyio` too;\n"
               "- `@pytest_asyncio.fixture` becomes `@pytest.fixture`, its "
               "arguments kept;\n"
               "- a fixture that only hands out pytest-asyncio's `event_loop` "
               "(`def loop(event_loop): return event_loop`) becomes an async "
               "fixture returning `asyncio.get_running_loop()`;\n"
               "- an `event_loop` fixture (pytest-asyncio's way to give "
               "the loop a wider scope) goes when it makes a plain loop and "
               "no test or fixture of the project requests `event_loop` "
               "(but those that only hand it out, rewritten as above);\n"
               "- the `conftest.py` at the root of the tests gets an "
               "`anyio_backend` fixture (session-scoped) returning "
               "\"asyncio\", made when there is none; `--test-backends "
               "asyncio,trio` makes it run each marked test on both.\n\n"
               "It reports what of pytest-asyncio is left: uses of "
               "`pytest_asyncio` it cannot rewrite, `event_loop` parameters "
               "and `event_loop` fixtures.\n\n"
               "## Why\n"
               "anyio ships its own pytest plugin (registered when anyio "
               "is installed, no pytest-asyncio needed). It runs the async "
               "tests marked `pytest.mark.anyio` on the backends of the "
               "`anyio_backend` fixture, by default every backend, asyncio "
               "and trio; the fixture this rule writes keeps the suite on "
               "asyncio, where it ran, until the code has no asyncio "
               "left. It runs an async fixture for the async tests that "
               "request it.\n\n"
               "## Example\n"
               "```python\n@pytest_asyncio.fixture\nasync def client():\n"
               "    return await connect()\n\n\n"
               "@pytest.mark.asyncio\nasync def test_fetch(client):\n"
               "    ...\n```\n\n"
               "## Use instead\n"
               "```python\n@pytest.fixture\nasync def client():\n"
               "    return await connect()\n\n\n"
               "@pytest.mark.anyio\nasync def test_fetch(client):\n"
               "    ...\n```\n\n"
               "## When it flags instead\n"
               "- the marker with arguments other than a string "
               "`loop_scope=` or `scope=`, or with methods "
               "(`pytest.mark.asyncio.with_args(...)`): anyio's takes "
               "none;\n"
               "- `from pytest.mark import asyncio`;\n"
               "- an async fixture that a plain (not async) test or fixture "
               "of the project requests, or an `autouse` one: anyio's plugin "
               "would hand those a coroutine; `@pytest_asyncio.fixture("
               "loop_scope=...)`; other uses of `pytest_asyncio`;\n"
               "- an `event_loop` parameter of a fixture, or of a test "
               "function that carries the marker (directly, through its "
               "class, or through `pytestmark`), and fixtures named "
               "`event_loop` that a test requests or that make more than a "
               "plain loop (a policy, uvloop, debug mode): the "
               "`anyio_backend` fixture chooses the loop;\n"
               "- under auto mode, a module without imports to put "
               "`pytestmark` after, or where `pytest` names something "
               "else.\n\n"
               "## Fix safety\n"
               "Unsafe: it changes what runs the tests.\n"
               "A test with an async fixture of a higher scope shares one "
               "event loop with the tests of that scope, as under "
               "pytest-asyncio's matching `event_loop`; tests marked with "
               "`loop_scope=` share one only so (not through a global "
               "one test leaves to the next); a fixture that "
               "hands out the loop works on the asyncio backend only. "
               "The configuration keeps its `asyncio_mode` when a file of the "
               "run was not migrated, or when the run was not given its "
               "folder (its tests may lie outside the run).\n"
               "\n"
               "## Migrating by hand\n"
               "Under anyio's pytest plugin, tests and async fixtures run "
               "in the event loop of the `anyio_backend` fixture.\n"
               "- An `event_loop` parameter: drop it and use anyio's "
               "functions instead of the loop's methods.\n"
               "- An `event_loop` fixture: define the `anyio_backend` "
               "fixture instead, returning \"asyncio\", or (\"asyncio\", "
               "{\"use_uvloop\": True}) for options.\n"
               "- A marker with arguments (`loop_scope=`...): decide how "
               "the test should run (the `anyio_backend` fixture chooses "
               "backend and options), then use `pytest.mark.anyio`.\n"
               "- The marker imported by name from `pytest.mark`: write "
               "`pytest.mark.anyio`.\n"
               "- An async fixture a plain test requests: make the test "
               "async and mark it, or make the fixture plain.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .on_function = on_function,
        .on_pass = on_pass,
};
