/* Unit tests of the rule registry (generated from rules/ by
 * rules/registry.cmake): the order, the names, and that every rule has its
 * fixture folder and every fixture folder a rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rule.h"
#include "rule_registry.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(am_rules_count, AM_RULES_COUNT);
	assert_true(AM_RULES_COUNT > 0);
}

/* The codes run in order: the order of the codes is the run order, and a
 * code is ANY and three digits. */
static void test_codes_in_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < AM_RULES_COUNT; i++) {
		const char *code = am_rules[i]->code;
		assert_int_equal(strlen(code), 6);
		assert_memory_equal(code, "ANY", 3);
		if (i > 0)
			assert_true(strcmp(am_rules[i - 1]->code, code) < 0);
	}
}

static void test_names_unique(void **state)
{
	(void)state;
	for (size_t i = 0; i < AM_RULES_COUNT; i++) {
		const char *name = am_rules[i]->name;
		assert_non_null(name);
		for (const char *c = name; *c; c++)
			assert_true((*c >= 'a' && *c <= 'z') || *c == '-');
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(am_rules[j]->name, name);
	}
}

static const char *source_dir(void)
{
	const char *dir = getenv("AM_SOURCE_DIR");
	if (!dir)
		fail_msg("AM_SOURCE_DIR is not set");
	return dir;
}

static const am_rule *rule_named(const char *name)
{
	for (size_t i = 0; i < AM_RULES_COUNT; i++)
		if (strcmp(am_rules[i]->name, name) == 0)
			return am_rules[i];
	return NULL;
}

/* How many cases (CASE.py, not CASE.expected.py) a folder holds. */
static int case_count(const char *folder)
{
	DIR *dir = opendir(folder);
	if (!dir)
		return -1;
	int count = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		size_t len = strlen(e->d_name);
		if (len > 3 && strcmp(e->d_name + len - 3, ".py") == 0 &&
		    !(len > 12 &&
		      strcmp(e->d_name + len - 12, ".expected.py") == 0))
			count++;
	}
	closedir(dir);
	return count;
}

static void test_every_rule_has_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < AM_RULES_COUNT; i++) {
		char folder[4096];
		snprintf(folder, sizeof(folder), "%s/fixtures/%s", source_dir(),
		         am_rules[i]->name);
		if (case_count(folder) < 1)
			fail_msg("%s %s has no cases in fixtures/%s/",
			         am_rules[i]->code, am_rules[i]->name,
			         am_rules[i]->name);
	}
}

static void test_every_fixture_folder_is_a_rule(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof(path), "%s/fixtures", source_dir());
	DIR *dir = opendir(path);
	assert_non_null(dir);
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.')
			continue;
		char entry[8192];
		struct stat st;
		snprintf(entry, sizeof(entry), "%s/%s", path, e->d_name);
		assert_int_equal(stat(entry, &st), 0);
		if (!S_ISDIR(st.st_mode))
			fail_msg("fixtures/%s: only rule folders belong here",
			         e->d_name);
		if (!rule_named(e->d_name))
			fail_msg("fixtures/%s/ is named after no rule (the "
			         "engine's own cases go in tests/engine/)",
			         e->d_name);
	}
	closedir(dir);
}

static size_t count_names(const char *const *names)
{
	size_t n = 0;
	while (names && names[n])
		n++;
	return n;
}

/* A name is a dotted identifier, listed once. */
static void check_names(const am_rule *rule, const char *const *names)
{
	for (size_t i = 0; names && names[i]; i++) {
		const char *name = names[i];
		assert_true(name[0] != '\0' && name[0] != '.');
		for (const char *c = name; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') ||
			      (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9') || *c == '_' ||
			      *c == '.'))
				fail_msg("%s: `%s` is not a dotted name",
				         rule->code, name);
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[j], name) == 0)
				fail_msg("%s lists `%s` twice", rule->code,
				         name);
	}
}

/* A rule called for calls names them, and one that names calls is called
 * for them. */
static void test_call_rules_name_their_calls(void **state)
{
	(void)state;
	for (size_t i = 0; i < AM_RULES_COUNT; i++) {
		const am_rule *rule = am_rules[i];
		size_t names =
		        count_names(rule->calls) + count_names(rule->methods);
		if (!rule->on_call != !names)
			fail_msg("%s: on_call and the names of its calls "
			         "(.calls, .methods) go together",
			         rule->code);
		check_names(rule, rule->calls);
		check_names(rule, rule->methods);
		assert_true(rule->on_call || rule->on_function ||
		            rule->on_pass);
	}
}

/* With --asyncio-names: prints every asyncio member a rule asks for, one
 * a line, for the check that asyncio has them (tests/CMakeLists.txt). */
static int print_asyncio_names(void)
{
	for (size_t i = 0; i < AM_RULES_COUNT; i++)
		for (size_t k = 0; am_rules[i]->calls && am_rules[i]->calls[k];
		     k++)
			printf("%s %s\n", am_rules[i]->code,
			       am_rules[i]->calls[k]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--asyncio-names") == 0)
		return print_asyncio_names();
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_count),
	        cmocka_unit_test(test_codes_in_order),
	        cmocka_unit_test(test_names_unique),
	        cmocka_unit_test(test_every_rule_has_fixtures),
	        cmocka_unit_test(test_every_fixture_folder_is_a_rule),
	        cmocka_unit_test(test_call_rules_name_their_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
