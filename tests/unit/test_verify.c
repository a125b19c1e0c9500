/* Unit tests of verify.h: finding ERROR and MISSING nodes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "syntax.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

/* What a test holds; released by the teardown even when the test fails. */
typedef struct parsed {
	TSParser *parser;
	TSTree *tree;
	char *text; /* a generated input, or NULL */
} parsed;

static int setup(void **state)
{
	parsed *p = calloc(1, sizeof(*p));
	if (!p)
		return -1;
	*state = p;
	p->parser = ts_parser_new();
	if (!p->parser ||
	    !ts_parser_set_language(p->parser, tree_sitter_python()))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	parsed *p = *state;
	if (p->tree)
		ts_tree_delete(p->tree);
	if (p->parser)
		ts_parser_delete(p->parser);
	free(p->text);
	free(p);
	return 0;
}

static TSNode parse(parsed *p, const char *text, size_t len)
{
	p->tree = ts_parser_parse_string(p->parser, NULL, text, (uint32_t)len);
	assert_non_null(p->tree);
	return ts_tree_root_node(p->tree);
}

static void test_clean_code(void **state)
{
	parsed *p = *state;
	const char text[] = "import asyncio\n\n"
	                    "async def main(x, *, k=1):\n"
	                    "    await asyncio.sleep(x)\n"
	                    "    return [y for y in range(k) if (z := y)]\n";
	TSNode bad = {{0}, NULL, NULL};
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 0);
	assert_true(ts_node_is_null(bad)); /* left alone when clean */
}

static void test_empty_text_is_clean(void **state)
{
	parsed *p = *state;
	TSNode bad;
	assert_int_equal(am_verify_find_error(parse(p, "", 0), &bad), 0);
}

static int is_error(TSNode node)
{
	return strcmp(ts_node_type(node), "ERROR") == 0 &&
	       !ts_node_is_missing(node);
}

#define MISSING_MESSAGE                                                        \
	"syntax error: something is missing here; the file is left unchanged"
#define ERROR_MESSAGE                                                          \
	"syntax error: the file does not parse as Python 3; it is left "       \
	"unchanged"

static void test_missing_node(void **state)
{
	parsed *p = *state;
	/* `def f(:` parses as `def f():` with a MISSING ")" before the colon.
	 */
	const char text[] = "x = 1\ndef f(:\n    pass\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
	assert_true(ts_node_is_missing(bad));
	assert_string_equal(ts_node_type(bad), ")");
	assert_int_equal(ts_node_start_byte(bad), 12);
	assert_int_equal(ts_node_end_byte(bad), 12);
	assert_int_equal(ts_node_start_point(bad).row, 1);
	assert_int_equal(ts_node_start_point(bad).column, 6);
	assert_string_equal(am_verify_describe(bad), MISSING_MESSAGE);
}

static void test_error_node(void **state)
{
	parsed *p = *state;
	/* Two broken lines: the first one is reported, at its extra `=`. */
	const char text[] = "a = 1\nb = = 2\nc = 3\nd = = 4\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
	assert_true(is_error(bad));
	assert_int_equal(ts_node_start_byte(bad), 10);
	assert_int_equal(ts_node_end_byte(bad), 11);
	assert_string_equal(am_verify_describe(bad), ERROR_MESSAGE);
}

static void test_error_inside_expression(void **state)
{
	parsed *p = *state;
	const char text[] = "y = 2\nx = (1 +)\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
	assert_true(is_error(bad));
	assert_int_equal(ts_node_start_byte(bad), 13);
	assert_int_equal(ts_node_end_byte(bad), 14);
}

static void test_error_at_top_level(void **state)
{
	parsed *p = *state;
	/* An unclosed call: the whole statement is one ERROR node. */
	const char text[] = "x = f(1\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
	assert_true(is_error(bad));
	assert_int_equal(ts_node_start_byte(bad), 0);
	assert_int_equal(ts_node_end_byte(bad), 7);
	assert_string_equal(am_verify_describe(bad), ERROR_MESSAGE);
}

/* An ERROR node that wraps a whole function from line 1: the error is
 * reported where the grammar failed inside it, after the statements that
 * parsed (Python: line 4, column 5). */
static void test_innermost_error_after_what_parsed(void **state)
{
	parsed *p = *state;
	const char text[] = "async def main():\n"
	                    "    try:\n"
	                    "        await work()\n"
	                    "    expect ValueError:\n"
	                    "        pass\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
	assert_int_equal(ts_node_start_point(bad).row, 3);
	assert_int_equal(ts_node_start_point(bad).column, 4);
}

/* A hidden token missing between two visible nodes (the newline between
 * two statements on one line): the second one is reported. */
static void test_error_in_a_hidden_token(void **state)
{
	parsed *p = *state;
	const char text[] = "import a\n"
	                    "from .text import AsyncTextIOWrapper "
	                    "AsyncTextIndirectIOWrapper\n"
	                    "from ..base import AiofilesContextManager\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
	assert_false(is_error(bad));
	assert_int_equal(ts_node_start_point(bad).row, 1);
	assert_int_equal(ts_node_start_point(bad).column, 37);
}

/* Python rejects a block with no statement ("expected an indented block"),
 * but tree-sitter-python parses it as an empty `block` without any ERROR or
 * MISSING node. The verifier has to see it, or a rewrite that empties a
 * block passes verification. */
static void test_empty_block_is_reported(void **state)
{
	parsed *p = *state;
	const char text[] = "def f():\nreturn 1\n";
	TSNode bad;
	assert_int_equal(
	        am_verify_find_error(parse(p, text, strlen(text)), &bad), 1);
}

/* The verifier enters only the kinds of node a block can stand in: an
 * empty block is found in each of them. */
static void test_empty_block_in_every_block_holder(void **state)
{
	parsed *p = *state;
	static const struct {
		const char *text;
		uint32_t row, column; /* where the empty block is */
	} cases[] = {
	        {"class C:\n    def m(self):\n    x = 1\n", 1, 16},
	        {"if a:\n    pass\nelif b:\n    def f():\n    x = 1\n", 3, 12},
	        {"if a:\n    pass\nelse:\n    def f():\n    x = 1\n", 3, 12},
	        {"try:\n    pass\nexcept E:\n    def f():\n    x = 1\n", 3, 12},
	        {"try:\n    pass\nexcept* E:\n    def f():\n    x = 1\n", 3,
	         12},
	        {"try:\n    pass\nexcept E:\n    pass\nelse:\n    def f():\n"
	         "    x = 1\n",
	         5, 12},
	        {"try:\n    pass\nfinally:\n    def f():\n    x = 1\n", 3, 12},
	        {"with a:\n    def f():\n    x = 1\n", 1, 12},
	        {"for x in y:\n    pass\nelse:\n    def f():\n    z = 1\n", 3,
	         12},
	        {"while a:\n    def f():\n    x = 1\n", 1, 12},
	        {"match x:\n    case 1:\n        def f():\n        y = 1\n", 2,
	         16},
	        {"@d\ndef g():\n    def f():\n    x = 1\n", 2, 12},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TSNode bad;
		TSNode root = parse(p, cases[i].text, strlen(cases[i].text));
		assert_int_equal(am_verify_find_error(root, &bad), 1);
		assert_string_equal(ts_node_type(bad), "block");
		assert_int_equal(ts_node_start_point(bad).row, cases[i].row);
		assert_int_equal(ts_node_start_point(bad).column,
		                 cases[i].column);
		ts_tree_delete(p->tree);
		p->tree = NULL;
	}
}

static char *nested_parentheses(parsed *p, size_t depth, int close, size_t *len)
{
	/* "x = " + "("*depth + "1" + ")"*depth (or no closing ones) + "\n" */
	size_t n = 4 + depth + 1 + (close ? depth : 0) + 1;
	char *text = p->text = malloc(n + 1);
	assert_non_null(text);
	memcpy(text, "x = ", 4);
	memset(text + 4, '(', depth);
	text[4 + depth] = '1';
	if (close)
		memset(text + 5 + depth, ')', depth);
	text[n - 1] = '\n';
	text[n] = '\0';
	*len = n;
	return text;
}

static void test_deeply_nested_clean(void **state)
{
	parsed *p = *state;
	size_t len;
	char *text = nested_parentheses(p, 5000, 1, &len);
	TSNode bad;
	assert_int_equal(am_verify_find_error(parse(p, text, len), &bad), 0);
}

static void test_deeply_nested_broken(void **state)
{
	parsed *p = *state;
	size_t len;
	char *text = nested_parentheses(p, 5000, 0, &len);
	TSNode bad;
	assert_int_equal(am_verify_find_error(parse(p, text, len), &bad), 1);
	assert_true(is_error(bad));
	assert_int_equal(ts_node_start_byte(bad), 0);
	assert_int_equal(ts_node_end_byte(bad), 5006); /* the whole line */
}

static void test_deeply_nested_error_at_the_bottom(void **state)
{
	parsed *p = *state;
	/* 5,000 balanced parentheses around a broken expression `1 +`: the
	 * error sits at the bottom of the nesting. */
	const size_t depth = 5000;
	size_t len = 4 + depth + 3 + depth + 1;
	char *text = p->text = malloc(len + 1);
	assert_non_null(text);
	memcpy(text, "x = ", 4);
	memset(text + 4, '(', depth);
	memcpy(text + 4 + depth, "1 +", 3);
	memset(text + 7 + depth, ')', depth);
	text[len - 1] = '\n';
	text[len] = '\0';
	TSNode bad;
	assert_int_equal(am_verify_find_error(parse(p, text, len), &bad), 1);
	assert_true(is_error(bad));
	assert_int_equal(ts_node_start_byte(bad), 4 + depth + 2); /* the "+" */
	assert_int_equal(ts_node_end_byte(bad), 4 + depth + 3);
}

/* Every test gets a parser, released afterwards. */
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        TEST(test_clean_code),
	        TEST(test_empty_text_is_clean),
	        TEST(test_missing_node),
	        TEST(test_error_node),
	        TEST(test_error_inside_expression),
	        TEST(test_error_at_top_level),
	        TEST(test_innermost_error_after_what_parsed),
	        TEST(test_error_in_a_hidden_token),
	        TEST(test_empty_block_is_reported),
	        TEST(test_empty_block_in_every_block_holder),
	        TEST(test_deeply_nested_clean),
	        TEST(test_deeply_nested_broken),
	        TEST(test_deeply_nested_error_at_the_bottom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
