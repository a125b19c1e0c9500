/* ANY213 asyncio-test-case: unittest.IsolatedAsyncioTestCase, which anyio
 * has no counterpart of: flagged with the recipe. */
#include "rule.h"

#include <string.h>

static int is_test_case(const char *qualname)
{
	return qualname &&
	       (strcmp(qualname, "unittest.IsolatedAsyncioTestCase") == 0 ||
	        strcmp(qualname,
	               "unittest.async_case.IsolatedAsyncioTestCase") == 0);
}

/* The outermost attribute chain a name use heads. */
static TSNode widest_chain(const am_context *ctx, TSNode node)
{
	for (;;) {
		TSNode parent = am_parent(ctx, node);
		if (!am_node_is(parent, ctx->syntax->attribute) ||
		    !ts_node_eq(
		            am_node_field(parent, ctx->syntax->field.object),
		            node))
			return node;
		node = parent;
	}
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		const am_binding *bd =
		        use->binding >= 0 ? &b->bindings.items[use->binding]
		                          : NULL;
		/* unittest's names only: the chain is a walk up the tree */
		if (!bd || bd->kind != AM_BINDING_IMPORT || !bd->qualname ||
		    strncmp(bd->qualname, "unittest", 8) != 0)
			continue;
		TSNode chain = widest_chain(ctx, use->node);
		if (is_test_case(am_bind_resolve(ctx->binder, chain)))
			am_flag(ctx, chain,
			        "`%s` left as is: anyio has no async test case "
			        "class",
			        am_text(ctx, chain));
	}
}

const am_rule am_rule_asyncio_test_case = {
        .code = "ANY213",
        .name = "asyncio-test-case",
        .summary = "`unittest.IsolatedAsyncioTestCase`: flagged, with the "
                   "way to write its tests for anyio",
        .doc = "## What it does\n"
               "Reports each use of `unittest.IsolatedAsyncioTestCase`, "
               "the test case class whose async test methods asyncio "
               "runs.\n\n"
               "## Why\n"
               "It runs its tests in an asyncio event loop of its own, "
               "whatever the code under test is written for, and anyio has "
               "no such class: a test suite on anyio runs async tests "
               "through anyio's pytest plugin, on the backends the "
               "`anyio_backend` fixture names, or calls `anyio.run()` "
               "itself.\n\n"
               "## Example\n"
               "```python\nclass TestClient(unittest.IsolatedAsyncioTestCase):"
               "\n    async def asyncSetUp(self):\n"
               "        self.client = await connect()\n\n"
               "    async def asyncTearDown(self):\n"
               "        await self.client.close()\n\n"
               "    async def test_ping(self):\n"
               "        self.assertEqual(await self.client.ping(), "
               "\"pong\")\n```\n\n"
               "## Use instead\n"
               "With pytest:\n\n"
               "```python\n@pytest.fixture\nasync def client():\n"
               "    client = await connect()\n    yield client\n"
               "    await client.close()\n\n\n"
               "@pytest.mark.anyio\nasync def test_ping(client):\n"
               "    assert await client.ping() == \"pong\"\n```\n\n"
               "## When it flags instead\n"
               "Always: the rule never rewrites.\n\n"
               "## Migrating by hand\n"
               "- Under pytest, make each test method an async test "
               "function (or a method of a plain class) marked "
               "`@pytest.mark.anyio`, and turn `asyncSetUp`/`asyncTearDown` "
               "into an async fixture that yields between the two; "
               "`self.addAsyncCleanup(f)` becomes code after the fixture's "
               "`yield`. The `anyio_backend` fixture chooses the "
               "backends.\n"
               "- To stay on `unittest`, derive from `unittest.TestCase` "
               "and run each test's body with `anyio.run(self._ping)` "
               "(options: `anyio.run(f, backend=\"trio\")`); setup that "
               "must share the test's event loop goes inside that "
               "function.\n",
        .fix_kind = AM_RULE_FLAGS,
        .on_pass = on_pass,
        .stage = AM_STAGE_REPORT,
};
