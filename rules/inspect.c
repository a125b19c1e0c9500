/* ANY206 inspect: asyncio.iscoroutinefunction -> inspect.iscoroutinefunction */
#include "imports.h"
#include "rule.h"

#include <string.h>

static int names(const char *qualname, const char *member)
{
	static const char *const modules[] = {"asyncio.",
	                                      "asyncio.coroutines."};
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		size_t len = strlen(modules[i]);
		if (strncmp(qualname, modules[i], len) == 0 &&
		    strcmp(qualname + len, member) == 0)
			return 1;
	}
	return 0;
}

/* Modules whose objects carry asyncio's private `_is_coroutine` marker on
 * Python 3.11: unittest.mock's autospec functions (`create_autospec`,
 * `patch(..., autospec=True)`), typing_extensions' `@deprecated` wrapper. */
static int is_marker_module(const char *module)
{
	static const char *const marked[] = {"unittest.mock", "mock",
	                                     "typing_extensions"};
	for (size_t i = 0; i < sizeof(marked) / sizeof(marked[0]); i++) {
		size_t len = strlen(marked[i]);
		if (strncmp(module, marked[i], len) == 0 &&
		    (module[len] == '\0' || module[len] == '.'))
			return 1;
	}
	return 0;
}

/* The module an import site brings in: `import unittest.mock` binds
 * `unittest`, but imports unittest.mock. */
static const char *imported_module(const am_context *ctx,
                                   const am_import_site *site)
{
	if (!am_node_is(site->statement, ctx->syntax->import_statement) ||
	    !am_node_is(site->item, ctx->syntax->dotted_name))
		return site->qualname;
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	uint32_t count = ts_node_named_child_count(site->item);
	for (uint32_t i = 0; i < count; i++) {
		if (i)
			am_strbuf_puts(&sb, ".");
		am_strbuf_node(&sb, ctx, ts_node_named_child(site->item, i));
	}
	return am_strbuf_cstr(&sb);
}

static int uses_marker_module(const am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *site = &b->imports.items[i];
		if (is_marker_module(imported_module(ctx, site)))
			return 1;
	}
	/* `import unittest` and then `unittest.mock.AsyncMock` */
	for (size_t i = 0; i < b->uses.count; i++) {
		TSNode parent = am_parent(ctx, b->uses.items[i].node);
		if (!am_node_is(parent, ctx->syntax->attribute))
			continue;
		const char *q = am_bind_resolve(b, parent);
		if (q && is_marker_module(q))
			return 1;
	}
	return 0;
}

/* marker_module: whether the file uses a module of marked objects; -1 until
 * it is needed. */
static void check_function_test(am_context *ctx, TSNode ref, int *marker_module)
{
	TSNode call = am_callee_call(ctx, ref);
	am_call_args args;
	int one_plain_argument = 0;
	if (!ts_node_is_null(call)) {
		am_call_args_read(ctx, call, &args);
		one_plain_argument = args.positional_count == 1 &&
		                     !args.keyword_count && !args.has_star &&
		                     !args.generator;
	}
	if (!one_plain_argument) {
		am_flag(ctx, ref,
		        "`asyncio.iscoroutinefunction` left as is: used other "
		        "than as a call with one positional argument");
		return;
	}
	if (*marker_module < 0)
		*marker_module = uses_marker_module(ctx);
	if (*marker_module) {
		am_flag(ctx, ref,
		        "`asyncio.iscoroutinefunction()` left as is: this file "
		        "imports a module whose wrappers asyncio alone takes "
		        "for coroutine functions");
		return;
	}
	if (!am_imports_name_available(ctx, ref, "inspect")) {
		am_flag(ctx, ref,
		        "`asyncio.iscoroutinefunction()` left as is: this "
		        "scope "
		        "binds the name `inspect` to something else");
		return;
	}
	am_fix *fix = am_fix_new(ctx, ref,
	                         "`asyncio.iscoroutinefunction()` becomes "
	                         "`inspect.iscoroutinefunction()`");
	am_fix_replace_node(fix, ref, "inspect.iscoroutinefunction");
}

static void flag_object_test(am_context *ctx, TSNode ref)
{
	am_flag(ctx, ref,
	        "`asyncio.iscoroutine()` left as is: it also answers True for "
	        "generators, `inspect.iscoroutine()` does not");
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	int marker_module = -1;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (ref->ambiguous)
			continue;
		if (names(ref->qualname, "iscoroutinefunction"))
			check_function_test(ctx, ref->node, &marker_module);
		else if (names(ref->qualname, "iscoroutine"))
			flag_object_test(ctx, ref->node);
	}
}

const am_rule am_rule_inspect = {
        .code = "ANY206",
        .name = "inspect",
        .summary = "`asyncio.iscoroutinefunction(f)` → "
                   "`inspect.iscoroutinefunction(f)`",
        .doc = "## What it does\n"
               "Rewrites `asyncio.iscoroutinefunction(f)` to "
               "`inspect.iscoroutinefunction(f)`, and reports "
               "`asyncio.iscoroutine(x)`, which has no exact equivalent in "
               "`inspect`.\n\n"
               "## Why\n"
               "The checks in `inspect` need no asyncio; "
               "`asyncio.iscoroutinefunction` is deprecated since Python "
               "3.14.\n\n"
               "## Example\n"
               "```python\nif asyncio.iscoroutinefunction(handler):\n"
               "    await handler(event)\n```\n\n"
               "## Use instead\n"
               "```python\nif inspect.iscoroutinefunction(handler):\n"
               "    await handler(event)\n```\n\n"
               "## When it flags instead\n"
               "- `asyncio.iscoroutine(x)`: on Python 3.11 it also answers "
               "True for generators and any `collections.abc.Coroutine`, "
               "`inspect.iscoroutine(x)` only for native coroutines; the "
               "exact spelling is `isinstance(x, (types.CoroutineType, "
               "types.GeneratorType, collections.abc.Coroutine))`;\n"
               "- the file imports `unittest.mock`, `mock` or "
               "`typing_extensions` (see Fix safety);\n"
               "- `asyncio.iscoroutinefunction` passed as a value, or "
               "called with a keyword (`inspect`'s parameter is `obj`, "
               "asyncio's `func`);\n"
               "- the scope binds the name `inspect` to something else.\n\n"
               "## Fix safety\n"
               "Unsafe, for marked objects passed in (below).\n"
               "asyncio's check also answers True for objects marked with "
               "asyncio's private `_is_coroutine` marker. On Python 3.11 "
               "`AsyncMock()` answers True to both checks, but the "
               "function `unittest.mock.create_autospec()` makes of an "
               "async function (also through `patch(..., autospec=True)`) "
               "and the wrapper of `typing_extensions.deprecated` are "
               "marked: asyncio answers True, `inspect` False. Files that "
               "import those modules are flagged; marked objects made "
               "elsewhere and passed in cannot be seen.\n"
               "\n"
               "## Migrating by hand\n"
               "Use `inspect.iscoroutinefunction(obj)` (its parameter is "
               "`obj`, not `func`) and `inspect.iscoroutine(x)`, where the "
               "difference does not matter:\n"
               "- unittest.mock, mock and typing_extensions wrap functions "
               "(`create_autospec()` of an async function, `@deprecated`) "
               "with asyncio's private coroutine marker: asyncio answers "
               "True for them, `inspect.iscoroutinefunction()` False on "
               "Python 3.11.\n"
               "- `asyncio.iscoroutine()` also answers True for generators "
               "and any `collections.abc.Coroutine`, "
               "`inspect.iscoroutine()` only for coroutines of `async def` "
               "functions: where others may reach it, use `isinstance(x, "
               "(types.CoroutineType, types.GeneratorType, "
               "collections.abc.Coroutine))`.\n"
               "- A scope that binds `inspect` to something else: rename it "
               "first.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .on_pass = on_pass,
};
