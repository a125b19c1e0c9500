/*
 * Fix safety and each fix's own edits: unsafe fixes are held back unless
 * asked for, reported with their edits; a fix's edits, made alone on the
 * input, give that fix and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "anyio_migrate.h"

static const char program[] = "import asyncio\n"
                              "\n"
                              "\n"
                              "async def f(x):\n"
                              "    await asyncio.sleep(x)\n"
                              "\n"
                              "\n"
                              "async def main():\n"
                              "    await asyncio.gather(f(1), f(2))\n"
                              "\n"
                              "\n"
                              "asyncio.run(main())\n";

static int setup(void **state)
{
	am_engine *engine;
	if (am_engine_new(&engine) != AM_OK)
		return -1;
	*state = engine;
	return 0;
}

static int teardown(void **state)
{
	am_engine_free(*state);
	return 0;
}

static am_result *migrate(void **state, const char *text,
                          const am_options *options)
{
	am_result *r = NULL;
	assert_int_equal(am_migrate(*state, text, strlen(text), options, &r),
	                 AM_OK);
	return r;
}

static const am_diagnostic *find(const am_result *r, const char *code)
{
	for (size_t i = 0; i < am_result_diagnostic_count(r); i++)
		if (strcmp(am_diagnostic_code(am_result_diagnostic(r, i)),
		           code) == 0)
			return am_result_diagnostic(r, i);
	fail_msg("no %s diagnostic", code);
	return NULL;
}

/* `text` with the fix's edits on one side applied (malloc'd). */
static char *apply_fix(const char *text, const am_diagnostic *d,
                       am_coordinates side)
{
	size_t len = strlen(text),
	       count = am_diagnostic_fix_edit_count(d, side);
	size_t size = len + 1, at = 0, n = 0;
	for (size_t i = 0; i < count; i++) {
		size_t tlen;
		am_diagnostic_fix_edit(d, side, i, NULL, NULL, NULL, &tlen);
		size += tlen;
	}
	char *out = malloc(size);
	assert_non_null(out);
	for (size_t i = 0; i < count; i++) {
		am_position start, end;
		const char *t;
		size_t tlen;
		assert_int_equal(am_diagnostic_fix_edit(d, side, i, &start,
		                                        &end, &t, &tlen),
		                 AM_OK);
		assert_true(start.byte >= at && end.byte >= start.byte &&
		            end.byte <= len);
		memcpy(out + n, text + at, start.byte - at);
		n += start.byte - at;
		memcpy(out + n, t, tlen);
		n += tlen;
		at = end.byte;
	}
	memcpy(out + n, text + at, len - at);
	out[n + len - at] = '\0';
	return out;
}

static void test_unsafe_fixes_are_held_by_default(void **state)
{
	am_result *r = migrate(state, program, NULL);
	const char *out = am_result_text(r, NULL);
	assert_string_equal(out, "import anyio\n"
	                         "import asyncio\n"
	                         "\n"
	                         "\n"
	                         "async def f(x):\n"
	                         "    await anyio.sleep(x)\n"
	                         "\n"
	                         "\n"
	                         "async def main():\n"
	                         "    await asyncio.gather(f(1), f(2))\n"
	                         "\n"
	                         "\n"
	                         "anyio.run(main)\n");
	const am_diagnostic *gather = find(r, "ANY401");
	assert_int_equal(am_diagnostic_fixed(gather), 0);
	assert_int_equal(am_diagnostic_applicability(gather), AM_FIX_UNSAFE);
	const am_diagnostic *sleep = find(r, "ANY102");
	assert_int_equal(am_diagnostic_fixed(sleep), 1);
	assert_int_equal(am_diagnostic_applicability(sleep), AM_FIX_SAFE);

	/* Its edits, on the migrated text: the fix, anyio already there. */
	char *on_output = apply_fix(out, gather, AM_OUTPUT);
	assert_non_null(strstr(on_output,
	                       "    async with anyio.create_task_group() as "
	                       "tg:\n        tg.start_soon(f, 1)\n"));
	assert_null(strstr(on_output, "gather"));
	assert_int_equal(
	        strncmp(on_output, "import anyio\nimport asyncio\n", 28), 0);
	/* On the input: the fix and the import it needs, nothing else. */
	char *on_input = apply_fix(program, gather, AM_INPUT);
	assert_int_equal(
	        strncmp(on_input, "import anyio\nimport asyncio\n", 28), 0);
	assert_non_null(strstr(on_input, "    await asyncio.sleep(x)\n"));
	assert_non_null(strstr(on_input, "asyncio.run(main())\n"));
	assert_null(strstr(on_input, "gather"));
	free(on_output);
	free(on_input);
	am_result_free(r);
}

static void test_unsafe_fixes_made_when_asked(void **state)
{
	am_options options = AM_OPTIONS_INIT;
	options.unsafe_fixes = 1;
	am_result *r = migrate(state, program, &options);
	assert_null(strstr(am_result_text(r, NULL), "gather"));
	const am_diagnostic *gather = find(r, "ANY401");
	assert_int_equal(am_diagnostic_fixed(gather), 1);
	assert_int_equal(am_diagnostic_applicability(gather), AM_FIX_UNSAFE);
	/* Made: nothing to make on the output. */
	assert_int_equal(am_diagnostic_fix_edit_count(gather, AM_OUTPUT), 0);
	am_result_free(r);
}

/* A version 1 struct ends before `unsafe_fixes`: its callers get every fix
 * made, as before. */
static void test_version_1_options(void **state)
{
	struct {
		unsigned int version;
		const char *const *select, *const *ignore;
		const char *queue_compat;
	} v1 = {1, NULL, NULL, NULL};
	am_result *r = migrate(state, program, (const am_options *)&v1);
	assert_null(strstr(am_result_text(r, NULL), "gather"));
	am_result_free(r);

	am_options options;
	assert_int_equal(am_options_init(&options, 1), AM_OK);
	assert_int_equal(options.version, 1);
	assert_int_equal(am_options_init(&options, AM_OPTIONS_VERSION), AM_OK);
	assert_int_equal(options.version, AM_OPTIONS_VERSION);
	assert_int_equal(options.unsafe_fixes, 0);
	assert_null(options.select);
	assert_int_equal(am_options_init(&options, AM_OPTIONS_VERSION + 1),
	                 AM_EINVALID);
	assert_int_equal(am_options_init(&options, 0), AM_EINVALID);
}

/* Each made fix alone: its own edits and the import it needs. */
static void test_a_made_fix_alone(void **state)
{
	am_result *r = migrate(state, program, NULL);
	char *sleep = apply_fix(program, find(r, "ANY102"), AM_INPUT);
	assert_string_equal(sleep, "import anyio\n"
	                           "import asyncio\n"
	                           "\n"
	                           "\n"
	                           "async def f(x):\n"
	                           "    await anyio.sleep(x)\n"
	                           "\n"
	                           "\n"
	                           "async def main():\n"
	                           "    await asyncio.gather(f(1), f(2))\n"
	                           "\n"
	                           "\n"
	                           "asyncio.run(main())\n");
	char *run = apply_fix(program, find(r, "ANY101"), AM_INPUT);
	assert_non_null(strstr(run, "\nanyio.run(main)\n"));
	assert_non_null(strstr(run, "asyncio.sleep(x)"));
	assert_int_equal(strncmp(run, "import anyio\n", 13), 0);
	free(sleep);
	free(run);
	am_result_free(r);
}

/* A fix made on text an earlier fix wrote (the call inside a rewritten
 * `wait_for`) is given together with it: both have the same edits. */
static void test_fixes_on_each_others_text_go_together(void **state)
{
	const char text[] = "import asyncio\n"
	                    "\n"
	                    "\n"
	                    "async def main():\n"
	                    "    await asyncio.wait_for(asyncio.sleep(1), 5)\n";
	am_options options = AM_OPTIONS_INIT;
	options.unsafe_fixes = 1;
	am_result *r = migrate(state, text, &options);
	const am_diagnostic *wait_for = find(r, "ANY201");
	const am_diagnostic *sleep = find(r, "ANY102");
	char *a = apply_fix(text, wait_for, AM_INPUT);
	char *b = apply_fix(text, sleep, AM_INPUT);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "    with anyio.fail_after(5):\n"
	                          "        await anyio.sleep(1)\n"));
	free(a);
	free(b);
	am_result_free(r);
}

/* The classification, rule by rule (each rule's doc says why, under
 * "Fix safety"). */
static void test_rule_fix_safety(void **state)
{
	(void)state;
	/* one rule a line */
	/* clang-format off */
	static const char *const expected[][2] = {
	        {"ANY001", "safe"},
	        {"ANY002", NULL},
	        {"ANY101", "safe"},
	        {"ANY102", "safe"},
	        {"ANY103", "safe"},
	        {"ANY104", "safe"},
	        {"ANY105", "safe or unsafe"},
	        {"ANY201", "unsafe"},
	        {"ANY202", "unsafe"},
	        {"ANY203", "safe or unsafe"},
	        {"ANY204", "safe or unsafe"},
	        {"ANY205", "safe"},
	        {"ANY206", "unsafe"},
	        {"ANY207", "unsafe"},
	        {"ANY208", "unsafe"},
	        {"ANY209", "safe or unsafe"},
	        {"ANY210", "safe or unsafe"},
	        {"ANY211", "safe or unsafe"},
	        {"ANY212", "unsafe"},
	        {"ANY213", NULL},
	        {"ANY214", "unsafe"},
	        {"ANY215", "unsafe"},
	        {"ANY301", "unsafe"},
	        {"ANY302", "unsafe"},
	        {"ANY303", "unsafe"},
	        {"ANY401", "unsafe"},
	        {"ANY402", "unsafe"},
	        {"ANY403", "unsafe"},
	        {"ANY404", "unsafe"},
	        {"ANY900", NULL},
	};
	/* clang-format on */
	size_t n = sizeof(expected) / sizeof(expected[0]);
	assert_int_equal(am_rule_count(), n);
	for (size_t i = 0; i < n; i++) {
		const am_rule_info *rule = am_rule_at(i);
		const char *safety = am_rule_fix_safety(rule);
		assert_string_equal(am_rule_code(rule), expected[i][0]);
		if (expected[i][1])
			assert_string_equal(safety, expected[i][1]);
		else
			assert_null(safety);
		if (safety) /* and its doc says why */
			assert_non_null(
			        strstr(am_rule_doc(rule), "## Fix safety\n"));
	}
}

/* One rule, both kinds: asyncio.to_thread() is safe, run_in_executor()
 * (whose function then sees the caller's context variables) unsafe. */
static void test_a_rule_with_both(void **state)
{
	const char text[] = "import asyncio\n\n\n"
	                    "def work():\n"
	                    "    return 1\n\n\n"
	                    "async def main():\n"
	                    "    loop = asyncio.get_running_loop()\n"
	                    "    a = await asyncio.to_thread(work)\n"
	                    "    return a, await loop.run_in_executor(None, "
	                    "work)\n";
	am_result *r = migrate(state, text, NULL);
	assert_string_equal(am_result_text(r, NULL),
	                    "import anyio\n"
	                    "import asyncio\n\n\n"
	                    "def work():\n"
	                    "    return 1\n\n\n"
	                    "async def main():\n"
	                    "    loop = asyncio.get_running_loop()\n"
	                    "    a = await anyio.to_thread.run_sync(work, "
	                    "abandon_on_cancel=True)\n"
	                    "    return a, await loop.run_in_executor(None, "
	                    "work)\n");
	const am_diagnostic *to_thread = find(r, "ANY203");
	assert_non_null(to_thread);
	assert_int_equal(am_diagnostic_applicability(to_thread), AM_FIX_SAFE);
	assert_int_equal(am_diagnostic_applicability(am_result_diagnostic(
	                         r, am_result_diagnostic_count(r) - 1)),
	                 AM_FIX_UNSAFE);
	am_result_free(r);
}

/* A deadline over awaits this file can follow is safe; over an await of
 * another module's object, whose cleanup cannot be seen, unsafe. */
static void test_a_deadline_safe_where_followed(void **state)
{
	const char text[] = "import asyncio\n\n\n"
	                    "async def child():\n"
	                    "    await asyncio.sleep(0)\n\n\n"
	                    "async def main(other):\n"
	                    "    async with asyncio.timeout(1):\n"
	                    "        await child()\n"
	                    "    async with asyncio.timeout(1):\n"
	                    "        await other.fetch()\n";
	am_result *r = migrate(state, text, NULL);
	assert_string_equal(am_result_text(r, NULL),
	                    "import anyio\n"
	                    "import asyncio\n\n\n"
	                    "async def child():\n"
	                    "    await anyio.sleep(0)\n\n\n"
	                    "async def main(other):\n"
	                    "    with anyio.fail_after(1):\n"
	                    "        await child()\n"
	                    "    async with asyncio.timeout(1):\n"
	                    "        await other.fetch()\n");
	size_t unsafe = 0, safe_timeouts = 0;
	for (size_t i = 0; i < am_result_diagnostic_count(r); i++) {
		const am_diagnostic *d = am_result_diagnostic(r, i);
		if (strcmp(am_diagnostic_code(d), "ANY105") != 0)
			continue;
		if (am_diagnostic_applicability(d) == AM_FIX_UNSAFE)
			unsafe++;
		else
			safe_timeouts++;
	}
	assert_int_equal(unsafe, 1);
	assert_int_equal(safe_timeouts, 1);
	am_result_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_unsafe_fixes_are_held_by_default),
	        cmocka_unit_test(test_unsafe_fixes_made_when_asked),
	        cmocka_unit_test(test_version_1_options),
	        cmocka_unit_test(test_a_made_fix_alone),
	        cmocka_unit_test(test_fixes_on_each_others_text_go_together),
	        cmocka_unit_test(test_rule_fix_safety),
	        cmocka_unit_test(test_a_rule_with_both),
	        cmocka_unit_test(test_a_deadline_safe_where_followed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
