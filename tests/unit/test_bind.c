/* Unit tests of bind.h: what names denote, with Python's scoping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "anyio_migrate.h"
#include "arena.h"
#include "bind.h"
#include "verify.h"
#include "syntax.h"

#include <stdlib.h>
#include <string.h>

/* What a test holds; released by the teardown even when the test fails. */
typedef struct bound {
	TSParser *parser;
	TSTree *tree;
	am_syntax syntax;
	am_arena arena;
	am_binder binder;
	int binder_ready;
	const char *text;
} bound;

static int setup(void **state)
{
	bound *b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	*state = b;
	am_arena_init(&b->arena);
	b->parser = ts_parser_new();
	if (!b->parser ||
	    !ts_parser_set_language(b->parser, tree_sitter_python()) ||
	    am_syntax_init(&b->syntax, tree_sitter_python()) != 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	bound *b = *state;
	if (b->binder_ready)
		am_binder_release(&b->binder);
	am_arena_release(&b->arena);
	if (b->tree)
		ts_tree_delete(b->tree);
	if (b->parser)
		ts_parser_delete(b->parser);
	free(b);
	return 0;
}

static bound *bind_text(void **state, const char *text)
{
	bound *b = *state;
	b->text = text;
	b->tree = ts_parser_parse_string(b->parser, NULL, text,
	                                 (uint32_t)strlen(text));
	assert_non_null(b->tree);
	assert_false(ts_node_has_error(ts_tree_root_node(b->tree)));
	int rc = am_bind(&b->binder, &b->syntax, &b->arena, text,
	                 ts_tree_root_node(b->tree), b->parser);
	b->binder_ready = 1;
	assert_int_equal(rc, AM_OK);
	return b;
}

/* Byte offset of the nth (0-based) occurrence of needle. */
static uint32_t offset_of(const bound *b, const char *needle, int nth)
{
	const char *p = b->text;
	for (;;) {
		p = strstr(p, needle);
		assert_non_null(p);
		if (nth-- == 0)
			return (uint32_t)(p - b->text);
		p++;
	}
}

/* The smallest named node spanning `part` inside the nth occurrence of
 * `context`; it must span exactly that text. */
static TSNode node_within(const bound *b, const char *context, int nth,
                          const char *part)
{
	const char *in = strstr(context, part);
	assert_non_null(in);
	uint32_t start = offset_of(b, context, nth) + (uint32_t)(in - context);
	uint32_t end = start + (uint32_t)strlen(part);
	TSNode node = ts_node_named_descendant_for_byte_range(
	        ts_tree_root_node(b->tree), start, end);
	assert_int_equal(ts_node_start_byte(node), start);
	assert_int_equal(ts_node_end_byte(node), end);
	return node;
}

static TSNode node_of(const bound *b, const char *needle, int nth)
{
	return node_within(b, needle, nth, needle);
}

static const char *resolve(const bound *b, const char *needle, int nth)
{
	return am_bind_resolve(&b->binder, node_of(b, needle, nth));
}

#define assert_resolves(b, needle, nth, expected)                              \
	do {                                                                   \
		const char *got_ = resolve((b), (needle), (nth));              \
		assert_non_null(got_);                                         \
		assert_string_equal(got_, (expected));                         \
	} while (0)

#define assert_unresolved(b, needle, nth)                                      \
	assert_null(resolve((b), (needle), (nth)))

/* The binding of name in the scope holding the nth occurrence of at. */
static const am_binding *binding_at(const bound *b, const char *at, int nth,
                                    const char *name)
{
	int scope = am_bind_scope_at(&b->binder, offset_of(b, at, nth));
	int index = am_bind_lookup(&b->binder, scope, name, strlen(name));
	return index < 0 ? NULL : &b->binder.bindings.items[index];
}

/* The asyncio reference at index, with its text, qualname, ambiguity. */
static void assert_ref(const bound *b, size_t index, const char *text,
                       const char *qualname, int ambiguous)
{
	assert_true(index < b->binder.asyncio_refs.count);
	const am_reference *ref = &b->binder.asyncio_refs.items[index];
	uint32_t len;
	const char *t = am_node_text(b->text, ref->node, &len);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(t, text, len);
	assert_string_equal(ref->qualname, qualname);
	assert_int_equal(ref->ambiguous, ambiguous);
}

/* ---- imports ------------------------------------------------------------ */

static void test_import_asyncio(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "\n"
	                            "async def main():\n"
	                            "    await asyncio.sleep(1)\n");
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
	assert_resolves(b, "asyncio", 1, "asyncio");
	assert_true(am_bind_is_asyncio(
	        &b->binder, node_of(b, "asyncio.sleep", 0), "sleep"));
	assert_false(am_bind_is_asyncio(&b->binder,
	                                node_of(b, "asyncio.sleep", 0), "run"));
	/* "asyncio" alone is not a member of asyncio. */
	assert_false(
	        am_bind_is_asyncio(&b->binder, node_of(b, "asyncio", 1), ""));
	/* The call is not a name. */
	assert_null(
	        am_bind_resolve(&b->binder, node_of(b, "asyncio.sleep(1)", 0)));
	/* The function name `main` is bound, but not by an import. */
	assert_unresolved(b, "main", 0);

	assert_int_equal(b->binder.imports.count, 1);
	const am_import_site *site = &b->binder.imports.items[0];
	assert_string_equal(site->qualname, "asyncio");
	assert_int_equal(site->scope, 0);
	assert_string_equal(ts_node_type(site->statement), "import_statement");
	assert_string_equal(ts_node_type(site->item), "dotted_name");
	const am_binding *bd = &b->binder.bindings.items[site->binding];
	assert_int_equal(bd->kind, AM_BINDING_IMPORT);
	assert_string_equal(bd->qualname, "asyncio");
	assert_int_equal(bd->maybe_asyncio, 1);
	assert_int_equal(bd->uses, 1);
	assert_int_equal(bd->scope, 0);

	assert_int_equal(b->binder.asyncio_refs.count, 1);
	assert_ref(b, 0, "asyncio.sleep", "asyncio.sleep", 0);
	assert_int_equal(b->binder.star_imports.count, 0);
}

static void test_import_as(void **state)
{
	bound *b = bind_text(state, "import asyncio as aio\n"
	                            "aio.sleep(1)\n"
	                            "asyncio.sleep(1)\n");
	assert_resolves(b, "aio.sleep", 0, "asyncio.sleep");
	assert_resolves(b, "aio", 1, "asyncio");
	/* `asyncio` itself is not bound here. */
	assert_unresolved(b, "asyncio.sleep", 0);
	assert_true(am_bind_is_asyncio(&b->binder, node_of(b, "aio.sleep", 0),
	                               "sleep"));
	assert_int_equal(b->binder.imports.count, 1);
	assert_string_equal(ts_node_type(b->binder.imports.items[0].item),
	                    "aliased_import");
	assert_int_equal(b->binder.asyncio_refs.count, 1);
	assert_ref(b, 0, "aio.sleep", "asyncio.sleep", 0);
}

static void test_from_import_as(void **state)
{
	bound *b = bind_text(state, "from asyncio import sleep as nap, Event\n"
	                            "nap(1)\n"
	                            "sleep(1)\n"
	                            "Event()\n");
	assert_resolves(b, "nap", 1, "asyncio.sleep");
	assert_true(
	        am_bind_is_asyncio(&b->binder, node_of(b, "nap", 1), "sleep"));
	assert_unresolved(b, "sleep", 1); /* `sleep` alone is not bound */
	assert_resolves(b, "Event", 1, "asyncio.Event");
	assert_int_equal(b->binder.imports.count, 2);
	assert_string_equal(b->binder.imports.items[0].qualname,
	                    "asyncio.sleep");
	assert_string_equal(b->binder.imports.items[1].qualname,
	                    "asyncio.Event");
	assert_string_equal(ts_node_type(b->binder.imports.items[0].statement),
	                    "import_from_statement");
	assert_int_equal(b->binder.asyncio_refs.count, 2);
	assert_ref(b, 0, "nap", "asyncio.sleep", 0);
	assert_ref(b, 1, "Event", "asyncio.Event", 0);
}

static void test_import_dotted_binds_first_name(void **state)
{
	bound *b = bind_text(state, "import asyncio.subprocess\n"
	                            "import asyncio.subprocess as sp\n"
	                            "asyncio.subprocess.PIPE\n"
	                            "asyncio.sleep\n"
	                            "sp.PIPE\n"
	                            "subprocess\n");
	assert_resolves(b, "asyncio.subprocess.PIPE", 0,
	                "asyncio.subprocess.PIPE");
	assert_resolves(b, "asyncio.subprocess", 2, "asyncio.subprocess");
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
	assert_resolves(b, "sp.PIPE", 0, "asyncio.subprocess.PIPE");
	assert_null(am_bind_resolve(
	        &b->binder, node_within(b, "\nsubprocess\n", 0, "subprocess")));
	assert_true(am_bind_is_asyncio(&b->binder,
	                               node_of(b, "asyncio.subprocess.PIPE", 0),
	                               "subprocess.PIPE"));
	assert_int_equal(b->binder.imports.count, 2);
	assert_string_equal(b->binder.imports.items[0].qualname, "asyncio");
	assert_string_equal(b->binder.imports.items[1].qualname,
	                    "asyncio.subprocess");
	/* The outermost chain is one reference. */
	assert_int_equal(b->binder.asyncio_refs.count, 3);
	assert_ref(b, 0, "asyncio.subprocess.PIPE", "asyncio.subprocess.PIPE",
	           0);
	assert_ref(b, 1, "asyncio.sleep", "asyncio.sleep", 0);
	assert_ref(b, 2, "sp.PIPE", "asyncio.subprocess.PIPE", 0);
}

static void test_chain_stops_at_call(void **state)
{
	bound *b = bind_text(state,
	                     "import asyncio\n"
	                     "asyncio.get_event_loop().run_until_complete(x)\n"
	                     "asyncio.Queue().put_nowait\n");
	/* A call ends the chain: the reference is what is called. */
	assert_int_equal(b->binder.asyncio_refs.count, 2);
	assert_ref(b, 0, "asyncio.get_event_loop", "asyncio.get_event_loop", 0);
	assert_ref(b, 1, "asyncio.Queue", "asyncio.Queue", 0);
}

static void test_other_modules_resolve_too(void **state)
{
	bound *b = bind_text(state, "import functools\n"
	                            "from os import path as p\n"
	                            "import asyncio_extras\n"
	                            "functools.partial\n"
	                            "p.join\n"
	                            "asyncio_extras.sleep\n");
	assert_resolves(b, "functools.partial", 0, "functools.partial");
	assert_resolves(b, "p.join", 0, "os.path.join");
	assert_resolves(b, "asyncio_extras.sleep", 0, "asyncio_extras.sleep");
	/* A module whose name only starts with "asyncio" is not asyncio. */
	assert_false(am_bind_is_asyncio(
	        &b->binder, node_of(b, "asyncio_extras.sleep", 0), "sleep"));
	assert_int_equal(b->binder.asyncio_refs.count, 0);
}

static void test_relative_import_is_not_asyncio(void **state)
{
	bound *b = bind_text(state, "from . import asyncio\n"
	                            "from .asyncio import sleep\n"
	                            "asyncio.sleep\n"
	                            "sleep\n");
	/* Whatever they denote, it is not asyncio. */
	const char *q = resolve(b, "asyncio.sleep", 0);
	assert_non_null(q);
	assert_int_not_equal(strncmp(q, "asyncio", 7), 0);
	q = am_bind_resolve(&b->binder,
	                    node_within(b, "\nsleep\n", 0, "sleep"));
	assert_non_null(q);
	assert_int_not_equal(strncmp(q, "asyncio", 7), 0);
	assert_false(am_bind_is_asyncio(
	        &b->binder, node_of(b, "asyncio.sleep", 0), "sleep"));
	assert_false(am_bind_is_asyncio(
	        &b->binder, node_within(b, "\nsleep\n", 0, "sleep"), "sleep"));
	assert_int_equal(b->binder.asyncio_refs.count, 0);
}

static void test_star_import(void **state)
{
	bound *b = bind_text(state, "from asyncio import *\n"
	                            "from os import *\n"
	                            "sleep(1)\n");
	assert_int_equal(b->binder.star_imports.count, 1);
	assert_int_equal(ts_node_start_byte(b->binder.star_imports.items[0]),
	                 0);
	assert_string_equal(ts_node_type(b->binder.star_imports.items[0]),
	                    "import_from_statement");
	/* Names it may bring in are not followed. */
	assert_unresolved(b, "sleep", 0);
	assert_int_equal(b->binder.asyncio_refs.count, 0);
}

static void test_future_import_binds_nothing(void **state)
{
	bound *b = bind_text(state, "from __future__ import annotations\n"
	                            "annotations\n");
	assert_int_equal(b->binder.imports.count, 0);
	assert_unresolved(b, "annotations", 1);
}

/* ---- scopes ------------------------------------------------------------- */

static void test_function_local_import(void **state)
{
	bound *b = bind_text(state, "async def main():\n"
	                            "    import asyncio\n"
	                            "    await asyncio.sleep(1)\n"
	                            "\n"
	                            "def other():\n"
	                            "    return asyncio.sleep\n"
	                            "\n"
	                            "asyncio.run(main())\n");
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
	assert_unresolved(b, "asyncio.sleep", 1);
	assert_unresolved(b, "asyncio.run", 0);
	assert_int_equal(b->binder.imports.count, 1);
	assert_int_equal(b->binder.imports.items[0].scope, 1);
	assert_int_equal(b->binder.scopes.items[1].kind, AM_SCOPE_FUNCTION);
	assert_int_equal(b->binder.asyncio_refs.count, 1);
	assert_ref(b, 0, "asyncio.sleep", "asyncio.sleep", 0);
}

static void test_nested_function_sees_enclosing_import(void **state)
{
	bound *b = bind_text(state, "def outer():\n"
	                            "    import asyncio\n"
	                            "    def inner():\n"
	                            "        return asyncio.sleep\n"
	                            "    return inner\n");
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
}

static void test_parameter_shadows(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def f(asyncio):\n"
	                            "    return asyncio.sleep\n"
	                            "def g(x, asyncio=None):\n"
	                            "    return asyncio.sleep\n"
	                            "def h(*, asyncio: int = 0):\n"
	                            "    return asyncio.sleep\n"
	                            "def k(**asyncio):\n"
	                            "    return asyncio.sleep\n"
	                            "lam = lambda asyncio: asyncio.sleep\n"
	                            "asyncio.sleep\n");
	for (int i = 0; i < 5; i++)
		assert_unresolved(b, "asyncio.sleep", i);
	assert_resolves(b, "asyncio.sleep", 5, "asyncio.sleep");
	const am_binding *bd = binding_at(b, "return asyncio", 0, "asyncio");
	assert_non_null(bd);
	assert_int_equal(bd->kind, AM_BINDING_OTHER);
	assert_int_equal(bd->scope, 1);
	assert_null(bd->qualname);
}

/* `*args` is a parameter too: `def f(*asyncio)` binds `asyncio` in f. */
static void test_star_parameter_shadows(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def f(*asyncio):\n"
	                            "    return asyncio.sleep\n"
	                            "def g(*asyncio: int):\n"
	                            "    return asyncio.sleep\n"
	                            "lam = lambda *asyncio: asyncio.sleep\n");
	assert_unresolved(b, "asyncio.sleep", 0);
	assert_unresolved(b, "asyncio.sleep", 1);
	assert_unresolved(b, "asyncio.sleep", 2);
}

static void test_local_assignment_shadows_whole_function(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def f(x):\n"
	                            "    y = asyncio.sleep\n"
	                            "    asyncio = x\n"
	                            "    return y\n"
	                            "def g(x):\n"
	                            "    asyncio, z = x\n"
	                            "    return asyncio.sleep\n"
	                            "def h(x):\n"
	                            "    [a, *asyncio] = x\n"
	                            "    return asyncio.sleep\n"
	                            "def k(x):\n"
	                            "    asyncio += x\n"
	                            "    return asyncio.sleep\n"
	                            "def m():\n"
	                            "    def asyncio(): pass\n"
	                            "    return asyncio.sleep\n"
	                            "def n():\n"
	                            "    class asyncio: pass\n"
	                            "    return asyncio.sleep\n"
	                            "asyncio.sleep\n");
	/* A name assigned anywhere in a function is local in all of it. */
	for (int i = 0; i < 6; i++)
		assert_unresolved(b, "asyncio.sleep", i);
	assert_resolves(b, "asyncio.sleep", 6, "asyncio.sleep");
}

static void test_module_level_rebinding_is_ambiguous(void **state)
{
	bound *b = bind_text(state, "try:\n"
	                            "    import asyncio\n"
	                            "except ImportError:\n"
	                            "    asyncio = None\n"
	                            "asyncio.sleep\n");
	assert_unresolved(b, "asyncio.sleep", 0);
	const am_binding *bd = binding_at(b, "asyncio.sleep", 0, "asyncio");
	assert_non_null(bd);
	assert_int_equal(bd->kind, AM_BINDING_OTHER);
	assert_int_equal(bd->maybe_asyncio, 1);
	/* Still an asyncio reference, but an ambiguous one: the whole chain,
	 * as "asyncio". */
	assert_int_equal(b->binder.asyncio_refs.count, 1);
	assert_ref(b, 0, "asyncio.sleep", "asyncio", 1);
}

static void test_for_with_except_targets_shadow(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def f(xs):\n"
	                            "    for asyncio in xs:\n"
	                            "        pass\n"
	                            "    return asyncio.sleep\n"
	                            "def g():\n"
	                            "    with open('x') as asyncio:\n"
	                            "        return asyncio.sleep\n"
	                            "def h():\n"
	                            "    with open('x') as (a, asyncio):\n"
	                            "        return asyncio.sleep\n"
	                            "def k():\n"
	                            "    try:\n"
	                            "        pass\n"
	                            "    except Exception as asyncio:\n"
	                            "        return asyncio.sleep\n"
	                            "def m(xs):\n"
	                            "    for i, (asyncio, j) in xs:\n"
	                            "        return asyncio.sleep\n"
	                            "def n():\n"
	                            "    del asyncio\n"
	                            "    return asyncio.sleep\n"
	                            "asyncio.sleep\n");
	for (int i = 0; i < 6; i++)
		assert_unresolved(b, "asyncio.sleep", i);
	assert_resolves(b, "asyncio.sleep", 6, "asyncio.sleep");
	/* The module binding is used once: only the last line. */
	const am_binding *bd = binding_at(b, "import", 0, "asyncio");
	assert_non_null(bd);
	assert_int_equal(bd->uses, 1);
}

static void test_walrus_in_comprehension_binds_in_function(void **state)
{
	bound *b = bind_text(state,
	                     "import asyncio\n"
	                     "def f(xs):\n"
	                     "    ys = [(asyncio := x) for x in xs]\n"
	                     "    return asyncio.sleep\n"
	                     "def g(xs):\n"
	                     "    return [asyncio.sleep for x in xs]\n"
	                     "def h(xs):\n"
	                     "    return [asyncio.sleep for asyncio in xs]\n");
	/* The walrus binds `asyncio` in f, not in the comprehension. */
	assert_unresolved(b, "asyncio.sleep", 0);
	const am_binding *bd = binding_at(b, "return asyncio", 0, "asyncio");
	assert_non_null(bd);
	assert_int_equal(b->binder.scopes.items[bd->scope].kind,
	                 AM_SCOPE_FUNCTION);
	/* A comprehension sees the enclosing scopes... */
	assert_resolves(b, "asyncio.sleep", 1, "asyncio.sleep");
	/* ...and its own targets shadow them. */
	assert_unresolved(b, "asyncio.sleep", 2);
	const am_binding *target = binding_at(b, "asyncio.sleep", 2, "asyncio");
	assert_non_null(target);
	assert_int_equal(b->binder.scopes.items[target->scope].kind,
	                 AM_SCOPE_COMPREHENSION);
}

static void test_walrus_at_module_level(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "if (asyncio := None):\n"
	                            "    pass\n"
	                            "asyncio.sleep\n");
	assert_unresolved(b, "asyncio.sleep", 0);
}

static void test_class_scope_not_visible_from_methods(void **state)
{
	bound *b = bind_text(state, "from asyncio import sleep\n"
	                            "class A:\n"
	                            "    sleep = staticmethod(print)\n"
	                            "    x = sleep\n"
	                            "    async def m(self):\n"
	                            "        await sleep(1)\n"
	                            "class B:\n"
	                            "    import asyncio\n"
	                            "    y = asyncio.Event\n"
	                            "    def m(self):\n"
	                            "        return asyncio.Event\n");
	/* In the class body, `sleep` is the class attribute. */
	assert_null(am_bind_resolve(&b->binder,
	                            node_within(b, "x = sleep", 0, "sleep")));
	/* From a method, the class body is skipped: the module import. */
	const char *q = am_bind_resolve(&b->binder,
	                                node_within(b, "sleep(1)", 0, "sleep"));
	assert_non_null(q);
	assert_string_equal(q, "asyncio.sleep");
	const am_binding *module = binding_at(b, "from", 0, "sleep");
	assert_non_null(module);
	assert_int_equal(module->uses, 1);
	/* An import in a class body is seen in the body, not in methods. */
	assert_resolves(b, "asyncio.Event", 0, "asyncio.Event");
	assert_unresolved(b, "asyncio.Event", 1);
}

static void test_global_declaration_reads_module_binding(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def outer():\n"
	                            "    asyncio = None\n"
	                            "    def inner():\n"
	                            "        global asyncio\n"
	                            "        return asyncio.sleep\n"
	                            "    return asyncio.sleep\n");
	/* `global` skips the enclosing function's local. */
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
	assert_unresolved(b, "asyncio.sleep", 1);
	const am_binding *decl = &b->binder.bindings.items[0];
	int found = 0;
	for (size_t i = 0; i < b->binder.bindings.count; i++) {
		decl = &b->binder.bindings.items[i];
		if (decl->kind == AM_BINDING_GLOBAL) {
			found = 1;
			break;
		}
	}
	assert_true(found);
	assert_int_equal(decl->name_len, 7);
	assert_memory_equal(decl->name, "asyncio", 7);
}

static void test_global_declaration_without_module_binding(void **state)
{
	bound *b = bind_text(state, "def setup():\n"
	                            "    global asyncio\n"
	                            "    import asyncio\n"
	                            "    return asyncio.sleep\n");
	/* The import binds the module's name (the declaration sends it
	 * there), and the load reads that binding. */
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
}

/* `global asyncio` then `asyncio = x` in a function rebinds the module's
 * `asyncio`: the module name is then bound by the import and by the
 * assignment, so it must not resolve to asyncio anywhere. */
static void test_global_assignment_rebinds_module_name(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def install(shim):\n"
	                            "    global asyncio\n"
	                            "    asyncio = shim\n"
	                            "async def main():\n"
	                            "    await asyncio.sleep(1)\n");
	assert_unresolved(b, "asyncio.sleep", 0);
}

static void test_nonlocal_reads_enclosing_binding(void **state)
{
	bound *b = bind_text(state, "def outer():\n"
	                            "    import asyncio\n"
	                            "    def inner():\n"
	                            "        nonlocal asyncio\n"
	                            "        return asyncio.sleep\n"
	                            "    return inner\n");
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
}

/* `nonlocal asyncio` then `asyncio = x` rebinds the enclosing function's
 * `asyncio`, which then is no longer only an import. */
static void test_nonlocal_assignment_rebinds_enclosing_name(void **state)
{
	bound *b = bind_text(state, "def outer(shim):\n"
	                            "    import asyncio\n"
	                            "    def inner():\n"
	                            "        nonlocal asyncio\n"
	                            "        asyncio = shim\n"
	                            "    inner()\n"
	                            "    return asyncio.sleep\n");
	assert_unresolved(b, "asyncio.sleep", 0);
}

/* Parameter defaults and annotations are evaluated where the function is
 * defined, not in the function: `def f(asyncio=asyncio)` reads the
 * module's `asyncio`. Resolving them in the function's scope loses these
 * uses, and the importer then drops an import still needed. */
static void test_parameter_defaults_evaluated_outside(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def f(asyncio=asyncio):\n"
	                            "    return asyncio\n"
	                            "def g(asyncio: asyncio.Event):\n"
	                            "    return asyncio\n");
	const char *q = am_bind_resolve(
	        &b->binder, node_within(b, "=asyncio)", 0, "asyncio"));
	assert_non_null(q);
	assert_string_equal(q, "asyncio");
	assert_resolves(b, "asyncio.Event", 0, "asyncio.Event");
	const am_binding *bd = binding_at(b, "import", 0, "asyncio");
	assert_non_null(bd);
	assert_int_equal(bd->uses, 2);
}

/* The first iterable of a comprehension is evaluated in the enclosing
 * scope, before the comprehension's targets exist. */
static void test_comprehension_first_iterable_evaluated_outside(void **state)
{
	bound *b = bind_text(
	        state,
	        "import asyncio\n"
	        "tasks = [asyncio for asyncio in asyncio.all_tasks()]\n");
	assert_resolves(b, "asyncio.all_tasks", 0, "asyncio.all_tasks");
}

/* A capture pattern of `match` binds its name: `case asyncio:`. */
static void test_match_capture_pattern_shadows(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "def f(x):\n"
	                            "    match x:\n"
	                            "        case asyncio:\n"
	                            "            return asyncio.sleep\n");
	assert_unresolved(b, "asyncio.sleep", 0);
}

/* ---- what is not a reference ------------------------------------------ */

static void test_keyword_and_attribute_names_are_not_references(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "f(asyncio=1)\n"
	                            "x.asyncio\n"
	                            "x.asyncio.sleep\n"
	                            "class C(metaclass=asyncio.M): pass\n");
	assert_unresolved(b, "asyncio", 1);         /* keyword name */
	assert_unresolved(b, "asyncio", 2);         /* attribute name */
	assert_unresolved(b, "x.asyncio.sleep", 0); /* rooted in x */
	assert_resolves(b, "asyncio.M", 0, "asyncio.M");
	const am_binding *bd = binding_at(b, "import", 0, "asyncio");
	assert_non_null(bd);
	assert_int_equal(bd->uses, 1);
	assert_int_equal(b->binder.asyncio_refs.count, 1);
	assert_ref(b, 0, "asyncio.M", "asyncio.M", 0);
	/* The keyword name and the attribute are no loads at all. */
	for (size_t i = 0; i < b->binder.uses.count; i++) {
		uint32_t start = b->binder.uses.items[i].start;
		assert_int_not_equal(start, offset_of(b, "asyncio", 1));
		assert_int_not_equal(start, offset_of(b, "asyncio", 2));
		assert_int_not_equal(start, offset_of(b, "asyncio", 3));
	}
}

static void test_two_imports_to_one_name(void **state)
{
	bound *b = bind_text(state, "import asyncio as aio\n"
	                            "import trio as aio\n"
	                            "aio.sleep(1)\n");
	assert_unresolved(b, "aio.sleep", 0);
	assert_unresolved(b, "aio", 2);
	const am_binding *bd = binding_at(b, "aio.sleep", 0, "aio");
	assert_non_null(bd);
	assert_int_equal(bd->kind, AM_BINDING_OTHER);
	assert_null(bd->qualname);
	assert_int_equal(bd->maybe_asyncio, 1);
	assert_int_equal(b->binder.imports.count, 2);
	assert_int_equal(b->binder.imports.items[0].binding,
	                 b->binder.imports.items[1].binding);
	assert_int_equal(b->binder.asyncio_refs.count, 1);
	assert_ref(b, 0, "aio.sleep", "asyncio", 1);
}

static void test_same_import_twice_still_resolves(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "import asyncio\n"
	                            "asyncio.sleep\n");
	assert_resolves(b, "asyncio.sleep", 0, "asyncio.sleep");
	assert_int_equal(b->binder.imports.count, 2);
}

static void test_uses_counts(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "from asyncio import sleep, Event\n"
	                            "import functools\n"
	                            "asyncio.run(main())\n"
	                            "asyncio.get_event_loop\n"
	                            "def f(asyncio):\n"
	                            "    return asyncio, sleep\n"
	                            "sleep(1)\n"
	                            "sleep(2)\n");
	const am_binding *aio = binding_at(b, "import", 0, "asyncio");
	const am_binding *sleep = binding_at(b, "import", 0, "sleep");
	const am_binding *event = binding_at(b, "import", 0, "Event");
	const am_binding *functools = binding_at(b, "import", 0, "functools");
	const am_binding *main = binding_at(b, "import", 0, "main");
	assert_non_null(aio);
	assert_non_null(sleep);
	assert_non_null(event);
	assert_non_null(functools);
	assert_null(main); /* free */
	assert_int_equal(aio->uses, 2);
	assert_int_equal(sleep->uses, 3);
	assert_int_equal(event->uses, 0);
	assert_int_equal(functools->uses, 0);
	assert_int_equal(functools->maybe_asyncio, 0);
	assert_string_equal(event->qualname, "asyncio.Event");
	/* The parameter is used once, inside f. */
	const am_binding *param = binding_at(b, "return", 0, "asyncio");
	assert_non_null(param);
	assert_int_equal(param->uses, 1);
	assert_int_equal(param->maybe_asyncio, 0);
}

static void test_scopes_and_name_used(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "class K:\n"
	                            "    def m(self):\n"
	                            "        return [y for y in self.ys]\n"
	                            "f = lambda: anyio\n");
	assert_int_equal(b->binder.scopes.count, 5);
	assert_int_equal(b->binder.scopes.items[0].kind, AM_SCOPE_MODULE);
	assert_int_equal(b->binder.scopes.items[0].parent, -1);
	assert_int_equal(b->binder.scopes.items[1].kind, AM_SCOPE_CLASS);
	assert_int_equal(b->binder.scopes.items[1].parent, 0);
	assert_int_equal(b->binder.scopes.items[2].kind, AM_SCOPE_FUNCTION);
	assert_int_equal(b->binder.scopes.items[2].parent, 1);
	assert_int_equal(b->binder.scopes.items[3].kind,
	                 AM_SCOPE_COMPREHENSION);
	assert_int_equal(b->binder.scopes.items[3].parent, 2);
	assert_int_equal(b->binder.scopes.items[4].kind, AM_SCOPE_FUNCTION);
	assert_int_equal(b->binder.scopes.items[4].parent, 0);
	assert_int_equal(am_bind_scope_at(&b->binder, 0), 0);
	assert_int_equal(
	        am_bind_scope_at(&b->binder, offset_of(b, "    def", 0)), 1);
	assert_int_equal(am_bind_scope_at(&b->binder, offset_of(b, "def", 0)),
	                 2);
	assert_int_equal(
	        am_bind_scope_at(&b->binder, offset_of(b, "return", 0)), 2);
	assert_int_equal(am_bind_scope_at(&b->binder, offset_of(b, "y for", 0)),
	                 3);
	assert_int_equal(am_bind_scope_at(&b->binder, offset_of(b, "anyio", 0)),
	                 4);
	assert_int_equal(
	        am_bind_scope_at(&b->binder, (uint32_t)strlen(b->text)), 0);
	/* Bound or loaded anywhere. */
	assert_true(am_bind_name_used(&b->binder, "asyncio"));
	assert_true(am_bind_name_used(&b->binder, "anyio"));
	assert_true(am_bind_name_used(&b->binder, "y"));
	assert_true(am_bind_name_used(&b->binder, "K"));
	assert_false(am_bind_name_used(&b->binder, "ys")); /* an attribute */
	assert_false(am_bind_name_used(&b->binder, "trio"));
}

static void test_empty_module(void **state)
{
	bound *b = bind_text(state, "");
	assert_int_equal(b->binder.scopes.count, 1);
	assert_int_equal(b->binder.bindings.count, 0);
	assert_int_equal(b->binder.uses.count, 0);
	assert_int_equal(b->binder.asyncio_refs.count, 0);
	assert_int_equal(am_bind_lookup(&b->binder, 0, "asyncio", 7), -1);
}

/* The calls and definitions the rules are called for, in the order a
 * pre-order walk reaches their arguments or parameters: `f(x)` before
 * `f(x)(y)`, a call in arguments after the call they belong to, a
 * default value's call after its function, and class bases are no call. */
static void test_sites(void **state)
{
	bound *b = bind_text(state, "import asyncio\n"
	                            "async def main(a, b=g(1)):\n"
	                            "    await asyncio.sleep(f(2))\n"
	                            "    h(3)(4)\n"
	                            "    lambda q: k(q)\n"
	                            "class C(Base):\n"
	                            "    def m(self): pass\n"
	                            "[x for x in r(5)]\n");
	static const struct {
		am_site_kind kind;
		const char *node, *first, *second;
	} want[] = {
	        {AM_SITE_FUNCTION, NULL, "main", "(a, b=g(1))"},
	        {AM_SITE_CALL, "g(1)", "g", "(1)"},
	        {AM_SITE_CALL, "asyncio.sleep(f(2))", "asyncio.sleep",
	         "(f(2))"},
	        {AM_SITE_CALL, "f(2)", "f", "(2)"},
	        {AM_SITE_CALL, "h(3)", "h", "(3)"},
	        {AM_SITE_CALL, "h(3)(4)", "h(3)", "(4)"},
	        {AM_SITE_CALL, "k(q)", "k", "(q)"},
	        {AM_SITE_FUNCTION, NULL, "m", "(self)"},
	        {AM_SITE_CALL, "r(5)", "r", "(5)"},
	};
	size_t n = sizeof(want) / sizeof(want[0]);
	assert_int_equal(b->binder.sites.count, n);
	for (size_t i = 0; i < n; i++) {
		const am_site *site = &b->binder.sites.items[i];
		assert_int_equal(site->kind, want[i].kind);
		if (want[i].node)
			assert_true(am_node_text_eq(b->text, site->node,
			                            want[i].node));
		else
			assert_string_equal(ts_node_type(site->node),
			                    "function_definition");
		assert_true(
		        am_node_text_eq(b->text, site->first, want[i].first));
		assert_true(
		        am_node_text_eq(b->text, site->second, want[i].second));
	}
}

/* The walk's parents are tree-sitter's, for every node of a file with a
 * bit of everything: named nodes outside imports come from the list,
 * the others from ts_node_parent(). */
static void test_parent_is_tree_sitters(void **state)
{
	bound *b = bind_text(
	        state,
	        "\"\"\"Doc.\"\"\"\n"
	        "from __future__ import annotations\n"
	        "import asyncio, os.path as p  # two\n"
	        "@decorate(1)\n"
	        "class C(Base, metaclass=M):\n"
	        "    # a comment\n"
	        "    async def m(self, *a, k: int = 2, **kw) -> None:\n"
	        "        from asyncio import sleep as nap\n"
	        "        async with asyncio.timeout(1) as t, open(x):\n"
	        "            await nap(lambda q=3: [i async for i in q if i])\n"
	        "        try:\n"
	        "            pass\n"
	        "        except* (ValueError, TypeError) as e:\n"
	        "            raise\n"
	        "        finally:\n"
	        "            return {k: v for k, v in kw.items()}\n"
	        "match f'{a!r:>{w}}' \\\n"
	        "        :\n"
	        "    case [1, *rest] | {'k': _} if rest:\n"
	        "        x = y = (z := 4); del x\n");
	const am_binder *binder = &b->binder;
	size_t listed = 0;
	am_walk walk;
	am_walk_init(&walk, ts_tree_root_node(b->tree));
	int in_import = 0;
	uint32_t import_end = 0;
	for (TSNode n; am_walk_next(&walk, &n);) {
		if (in_import && ts_node_start_byte(n) >= import_end)
			in_import = 0;
		TSNode want = ts_node_parent(n);
		TSNode got = am_bind_parent(binder, n);
		assert_int_equal(ts_node_is_null(got), ts_node_is_null(want));
		if (!ts_node_is_null(want))
			assert_true(ts_node_eq(got, want));
		listed += ts_node_is_named(n) && !in_import;
		const char *type = ts_node_type(n);
		if (!in_import &&
		    (strcmp(type, "import_statement") == 0 ||
		     strcmp(type, "import_from_statement") == 0 ||
		     strcmp(type, "future_import_statement") == 0)) {
			in_import = 1; /* listed, its children not */
			import_end = ts_node_end_byte(n);
		}
	}
	am_walk_release(&walk);
	assert_int_equal(binder->tree_nodes.count, listed);
}

/* A block with no statement, comments aside: the walk's list answers as
 * the verifier's walk of the tree does, the first in source order. */
static void test_empty_block_none(void **state)
{
	bound *b = bind_text(state, "def f():\n"
	                            "    x = 1\n"
	                            "\n"
	                            "\n"
	                            "class C:\n"
	                            "    # a comment first\n"
	                            "    def m(self):\n"
	                            "        pass  # then one after\n"
	                            "    # and one last\n"
	                            "if x:\n"
	                            "    import y\n");
	TSNode bad, walked;
	assert_int_equal(am_bind_find_empty_block(&b->binder, &bad), 0);
	assert_int_equal(
	        am_verify_find_error(ts_tree_root_node(b->tree), &walked), 0);
}

static void test_empty_block_first(void **state)
{
	bound *b = bind_text(state, "class C:\n"
	                            "    def m(self):\n"
	                            "        # only a comment\n"
	                            "\n"
	                            "    x = 1\n"
	                            "if x:\n"
	                            "    pass\n"
	                            "else:\n"
	                            "    # nothing here either\n"
	                            "y = 2\n");
	TSNode bad, walked;
	assert_int_equal(am_bind_find_empty_block(&b->binder, &bad), 1);
	assert_int_equal(
	        am_verify_find_error(ts_tree_root_node(b->tree), &walked), 1);
	assert_true(ts_node_eq(bad, walked));
	assert_string_equal(ts_node_type(bad), "block");
	assert_int_equal(ts_node_start_point(bad).row, 1); /* after `:` */
	assert_int_equal(ts_node_start_point(bad).column, 16);
}

/* Names in string annotations: their nodes carry the file's offsets,
 * they resolve in the annotation's scope and count on their bindings
 * (apart from the code's uses), and a multi-line string parses in place. */
static void test_string_annotations(void **state)
{
	const char *text =
	        "import asyncio\n"
	        "from typing import Optional\n"
	        "def f(a: \"asyncio.Future[int]\", b: "
	        "Optional[\"asyncio.Event\"]):\n"
	        "    asyncio = None\n"
	        "    x: \"\"\"Optional[\n        asyncio.Lock]\"\"\" = None\n"
	        "y = 'asyncio.Queue'\n";
	bound *b = bind_text(state, text);
	assert_int_equal(b->binder.string_refs.count, 2);
	const am_reference *ref = &b->binder.string_refs.items[0];
	assert_int_equal(ts_node_start_byte(ref->node),
	                 offset_of(b, "asyncio.Future", 0));
	assert_int_equal(ts_node_end_byte(ref->node),
	                 offset_of(b, "asyncio.Future", 0) + 14);
	assert_string_equal(ref->qualname, "asyncio.Future");
	assert_true(ref->annotation);
	assert_string_equal(b->binder.string_refs.items[1].qualname,
	                    "asyncio.Event");
	/* The local `asyncio` shadows the import in the third string. */
	assert_int_equal(b->binder.string_uses.count, 5);
	const am_name_use *lock = &b->binder.string_uses.items[4];
	assert_int_equal(lock->start, offset_of(b, "asyncio.Lock", 0));
	assert_int_not_equal(lock->binding,
	                     b->binder.string_uses.items[0].binding);
	const am_binding *asyncio = binding_at(b, "import", 0, "asyncio");
	assert_int_equal(asyncio->uses, 0);
	assert_int_equal(asyncio->string_uses, 2);
	assert_int_equal(b->binder.asyncio_refs.count, 0);
}

/* `__all__` and `import x as x` re-export module-level names. */
static void test_exports(void **state)
{
	bound *b = bind_text(state,
	                     "from asyncio import Queue, Event as Event, Lock\n"
	                     "__all__ = ['Queue', \"nothing\"]\n"
	                     "def f():\n    __all__ = ['Lock']\n");
	assert_true(binding_at(b, "from", 0, "Queue")->exported);
	assert_true(binding_at(b, "from", 0, "Event")->exported);
	assert_false(binding_at(b, "from", 0, "Lock")->exported);
	assert_int_equal(b->binder.exports.count, 2);
	assert_int_equal(b->binder.exports.items[1].binding, -1);
}

/* Every test gets a parser and an arena, released afterwards. */
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        TEST(test_import_asyncio),
	        TEST(test_import_as),
	        TEST(test_from_import_as),
	        TEST(test_import_dotted_binds_first_name),
	        TEST(test_chain_stops_at_call),
	        TEST(test_other_modules_resolve_too),
	        TEST(test_relative_import_is_not_asyncio),
	        TEST(test_star_import),
	        TEST(test_future_import_binds_nothing),
	        TEST(test_function_local_import),
	        TEST(test_nested_function_sees_enclosing_import),
	        TEST(test_parameter_shadows),
	        TEST(test_star_parameter_shadows),
	        TEST(test_local_assignment_shadows_whole_function),
	        TEST(test_module_level_rebinding_is_ambiguous),
	        TEST(test_for_with_except_targets_shadow),
	        TEST(test_walrus_in_comprehension_binds_in_function),
	        TEST(test_walrus_at_module_level),
	        TEST(test_class_scope_not_visible_from_methods),
	        TEST(test_global_declaration_reads_module_binding),
	        TEST(test_global_declaration_without_module_binding),
	        TEST(test_global_assignment_rebinds_module_name),
	        TEST(test_nonlocal_reads_enclosing_binding),
	        TEST(test_nonlocal_assignment_rebinds_enclosing_name),
	        TEST(test_parameter_defaults_evaluated_outside),
	        TEST(test_comprehension_first_iterable_evaluated_outside),
	        TEST(test_match_capture_pattern_shadows),
	        TEST(test_keyword_and_attribute_names_are_not_references),
	        TEST(test_two_imports_to_one_name),
	        TEST(test_same_import_twice_still_resolves),
	        TEST(test_uses_counts),
	        TEST(test_scopes_and_name_used),
	        TEST(test_empty_module),
	        TEST(test_sites),
	        TEST(test_string_annotations),
	        TEST(test_exports),
	        TEST(test_parent_is_tree_sitters),
	        TEST(test_empty_block_none),
	        TEST(test_empty_block_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
