/*
 * am_scan_tests: what a test module or conftest.py tells the rest of the
 * project, the fixtures its plain tests and fixtures request and the names
 * of its async fixtures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "anyio_migrate.h"

#include <stdio.h>
#include <string.h>

static void collect(const char *name, size_t len, void *data)
{
	char *out = data;
	size_t used = strlen(out);
	snprintf(out + used, 512 - used, "%s%.*s", used ? " " : "", (int)len,
	         name);
}

static const char module[] =
        "import pytest\n"
        "import pytest_asyncio\n\n\n"
        "@pytest_asyncio.fixture(name=\"client\", scope=\"module\")\n"
        "async def make_client(server):\n"
        "    return server\n\n\n"
        "@pytest.fixture\n"
        "def loop(event_loop):\n"
        "    return event_loop\n\n\n"
        "@pytest.fixture\n"
        "def settings(tmp_path, request):\n"
        "    return tmp_path\n\n\n"
        "def helper(not_a_fixture):\n"
        "    pass\n\n\n"
        "def test_plain(db, settings=None, *args, **kw):\n"
        "    pass\n\n\n"
        "async def test_async(client):\n"
        "    pass\n\n\n"
        "class TestGroup:\n"
        "    def test_method(self, cache):\n"
        "        pass\n\n"
        "    class Inner:\n"
        "        def test_deeper(self, hidden):\n"
        "            pass\n";

static void scan(am_scan_kind kind, const char *text, char out[512],
                 int expected_status)
{
	am_engine *engine;
	out[0] = '\0';
	assert_int_equal(am_engine_new(&engine), AM_OK);
	assert_int_equal(
	        am_scan_tests(engine, text, strlen(text), kind, collect, out),
	        expected_status);
	am_engine_free(engine);
}

static void test_sync_requests(void **state)
{
	char out[512];
	(void)state;
	scan(AM_SCAN_SYNC_REQUESTS, module, out, AM_OK);
	assert_string_equal(out, "event_loop tmp_path db settings cache");
}

static void test_async_fixtures(void **state)
{
	char out[512];
	(void)state;
	scan(AM_SCAN_ASYNC_FIXTURES, module, out, AM_OK);
	assert_string_equal(out, "make_client client loop");
}

static void test_not_python(void **state)
{
	char out[512];
	(void)state;
	scan(AM_SCAN_SYNC_REQUESTS, "def test_x(a):\n    \xff\n", out,
	     AM_EENCODING);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sync_requests),
	        cmocka_unit_test(test_async_fixtures),
	        cmocka_unit_test(test_not_python),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
