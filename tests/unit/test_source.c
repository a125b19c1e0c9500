/* Unit tests of source.h: encoding checks, BOM, newline, line:column. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

/* am_source_check over a string literal (which may hold NUL bytes). */
#define CHECK(literal, offset_out)                                             \
	am_source_check((literal), sizeof(literal) - 1, (offset_out))

static void test_check_ascii_ok(void **state)
{
	(void)state;
	size_t bad = 12345;
	assert_int_equal(CHECK("import asyncio\n", &bad), AM_OK);
	assert_int_equal(bad, 12345); /* untouched on success */
	assert_int_equal(am_source_check("", 0, &bad), AM_OK);
}

static void test_check_multibyte_ok(void **state)
{
	(void)state;
	size_t bad = 0;
	/* 2-, 3- and 4-byte sequences, and the edges of the valid ranges. */
	assert_int_equal(CHECK("x = '\xC3\xA9'\n", &bad), AM_OK);     /* é */
	assert_int_equal(CHECK("x = '\xE2\x82\xAC'\n", &bad), AM_OK); /* € */
	assert_int_equal(CHECK("x = '\xF0\x9F\x98\x80'\n", &bad),
	                 AM_OK);                                  /* U+1F600 */
	assert_int_equal(CHECK("\xC2\x80", &bad), AM_OK);         /* U+0080 */
	assert_int_equal(CHECK("\xDF\xBF", &bad), AM_OK);         /* U+07FF */
	assert_int_equal(CHECK("\xE0\xA0\x80", &bad), AM_OK);     /* U+0800 */
	assert_int_equal(CHECK("\xED\x9F\xBF", &bad), AM_OK);     /* U+D7FF */
	assert_int_equal(CHECK("\xEE\x80\x80", &bad), AM_OK);     /* U+E000 */
	assert_int_equal(CHECK("\xEF\xBF\xBF", &bad), AM_OK);     /* U+FFFF */
	assert_int_equal(CHECK("\xF4\x8F\xBF\xBF", &bad), AM_OK); /* U+10FFFF */
	assert_int_equal(CHECK("\xEF\xBB\xBFx = 1\n", &bad), AM_OK); /* BOM */
}

static void test_check_nul_is_binary(void **state)
{
	(void)state;
	size_t bad = 0;
	assert_int_equal(CHECK("x = 1\n\0y = 2\n", &bad), AM_EBINARY);
	assert_int_equal(bad, 6);
	bad = 99;
	assert_int_equal(CHECK("\0", &bad), AM_EBINARY);
	assert_int_equal(bad, 0);
	/* A NUL wins over an earlier encoding error: the file is binary. */
	bad = 99;
	assert_int_equal(CHECK("\xFF\xFE\0\0", &bad), AM_EBINARY);
	assert_int_equal(bad, 2);
}

static void test_check_overlong(void **state)
{
	(void)state;
	size_t bad = 0;
	/* "/" as two bytes, C0 80 (NUL as two bytes), E0 80 AF, F0 80 80 AF */
	assert_int_equal(CHECK("ab\xC0\xAF", &bad), AM_EENCODING);
	assert_int_equal(bad, 2);
	assert_int_equal(CHECK("a\xC1\xBF", &bad), AM_EENCODING);
	assert_int_equal(bad, 1);
	assert_int_equal(CHECK("x\xC0\x80", &bad), AM_EENCODING);
	assert_int_equal(bad, 1);
	assert_int_equal(CHECK("xyz\xE0\x80\xAF", &bad), AM_EENCODING);
	assert_int_equal(bad, 3);
	assert_int_equal(CHECK("\xE0\x9F\xBF", &bad), AM_EENCODING);
	assert_int_equal(bad, 0);
	assert_int_equal(CHECK("    \xF0\x80\x80\xAF", &bad), AM_EENCODING);
	assert_int_equal(bad, 4);
	assert_int_equal(CHECK("\xF0\x8F\xBF\xBF", &bad), AM_EENCODING);
	assert_int_equal(bad, 0);
}

static void test_check_surrogates_and_range(void **state)
{
	(void)state;
	size_t bad = 0;
	assert_int_equal(CHECK("s = '\xED\xA0\x80'", &bad), AM_EENCODING);
	assert_int_equal(bad, 5); /* U+D800 */
	assert_int_equal(CHECK("\xC3\xA9\xED\xBF\xBF", &bad), AM_EENCODING);
	assert_int_equal(bad, 2); /* U+DFFF, after a valid é */
	assert_int_equal(CHECK("\xF4\x90\x80\x80", &bad), AM_EENCODING);
	assert_int_equal(bad, 0); /* U+110000 */
	assert_int_equal(CHECK("ab\xF5\x80\x80\x80", &bad), AM_EENCODING);
	assert_int_equal(bad, 2);
	assert_int_equal(CHECK("ab\xF8\x88\x80\x80\x80", &bad), AM_EENCODING);
	assert_int_equal(bad, 2);
	assert_int_equal(CHECK("\xFE", &bad), AM_EENCODING);
	assert_int_equal(bad, 0);
}

static void test_check_truncated_and_stray(void **state)
{
	(void)state;
	size_t bad = 0;
	/* A sequence cut by the end of the buffer: the lead byte is bad. */
	assert_int_equal(CHECK("x = 1\n\xE2\x82", &bad), AM_EENCODING);
	assert_int_equal(bad, 6);
	assert_int_equal(CHECK("\xF0\x9F\x98", &bad), AM_EENCODING);
	assert_int_equal(bad, 0);
	assert_int_equal(CHECK("abc\xC3", &bad), AM_EENCODING);
	assert_int_equal(bad, 3);
	/* A sequence cut by an ASCII byte. */
	assert_int_equal(CHECK("\xC3\xA9\xE2\x82x", &bad), AM_EENCODING);
	assert_int_equal(bad, 2);
	/* A continuation byte with no lead. */
	assert_int_equal(CHECK("abc\x80", &bad), AM_EENCODING);
	assert_int_equal(bad, 3);
	assert_int_equal(CHECK("\xC3\xA9\xA9", &bad), AM_EENCODING);
	assert_int_equal(bad, 2);
	/* latin-1 "é" */
	assert_int_equal(CHECK("# caf\xE9\n", &bad), AM_EENCODING);
	assert_int_equal(bad, 5);
	/* Only the first bytes of a buffer count: a valid prefix is OK. */
	assert_int_equal(am_source_check("ab\xE2\x82\xAC", 2, &bad), AM_OK);
	assert_int_equal(am_source_check("ab\xE2\x82\xAC", 4, &bad),
	                 AM_EENCODING);
	assert_int_equal(bad, 2);
}

static void test_bom_length(void **state)
{
	(void)state;
	assert_int_equal(am_source_bom_length("\xEF\xBB\xBFx = 1\n", 9), 3);
	assert_int_equal(am_source_bom_length("\xEF\xBB\xBF", 3), 3);
	assert_int_equal(am_source_bom_length("\xEF\xBB", 2), 0);
	assert_int_equal(am_source_bom_length("\xEF\xBB\xBF", 2), 0);
	assert_int_equal(am_source_bom_length("x = 1\n", 6), 0);
	assert_int_equal(am_source_bom_length("", 0), 0);
	/* A BOM not at the start is not a BOM. */
	assert_int_equal(am_source_bom_length(" \xEF\xBB\xBF", 4), 0);
	/* UTF-16 BOMs are not UTF-8's. */
	assert_int_equal(am_source_bom_length("\xFF\xFEx", 3), 0);
}

static void test_newline(void **state)
{
	(void)state;
	assert_string_equal(am_source_newline("a\nb\r\n", 5), "\n");
	assert_string_equal(am_source_newline("a\r\nb\n", 5), "\r\n");
	assert_string_equal(am_source_newline("\r\n", 2), "\r\n");
	assert_string_equal(am_source_newline("\n", 1), "\n");
	assert_string_equal(am_source_newline("x = 1", 5), "\n");
	assert_string_equal(am_source_newline("", 0), "\n");
	/* A lone CR is not a CRLF. */
	assert_string_equal(am_source_newline("a\rb\n", 4), "\n");
	/* The length bounds the search. */
	assert_string_equal(am_source_newline("ab\r\n", 3), "\n");
}

/* What an index test holds; released by the teardown even when the test
 * fails. */
typedef struct indexed {
	am_arena arena;
	am_line_index index;
	const char *text;
	size_t len;
} indexed;

static int setup_index(void **state)
{
	indexed *ix = calloc(1, sizeof(*ix));
	if (!ix)
		return -1;
	am_arena_init(&ix->arena);
	*state = ix;
	return 0;
}

static int teardown_index(void **state)
{
	indexed *ix = *state;
	am_arena_release(&ix->arena);
	free(ix);
	return 0;
}

static void index_text(indexed *ix, const char *text, size_t len)
{
	ix->text = text;
	ix->len = len;
	assert_int_equal(am_line_index_build(&ix->index, &ix->arena, text, len),
	                 AM_OK);
}

static void assert_position(const indexed *ix, size_t byte, unsigned line,
                            unsigned column)
{
	am_position p =
	        am_line_index_position(&ix->index, ix->text, ix->len, byte);
	assert_int_equal(p.line, line);
	assert_int_equal(p.column, column);
	assert_int_equal(p.byte, byte);
}

static void test_line_index_ascii(void **state)
{
	indexed *ix = *state;
	const char text[] = "ab\ncd\n\nefg";
	index_text(ix, text, sizeof(text) - 1);
	assert_int_equal(ix->index.count, 4);
	assert_int_equal(ix->index.starts[0], 0);
	assert_int_equal(ix->index.starts[1], 3);
	assert_int_equal(ix->index.starts[2], 6);
	assert_int_equal(ix->index.starts[3], 7);
	assert_position(ix, 0, 1, 1);
	assert_position(ix, 1, 1, 2);
	assert_position(ix, 2, 1, 3); /* the newline itself */
	assert_position(ix, 3, 2, 1);
	assert_position(ix, 5, 2, 3);
	assert_position(ix, 6, 3, 1);
	assert_position(ix, 7, 4, 1);
	assert_position(ix, 10, 4, 4); /* the end of the text */
	/* Past the end: clamped to the end. */
	am_position p = am_line_index_position(&ix->index, text, ix->len, 50);
	assert_int_equal(p.byte, 10);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.column, 4);
}

static void test_line_index_multibyte_columns(void **state)
{
	indexed *ix = *state;
	/* "é€😀x" on line 2: é is 2 bytes, € 3, 😀 4. */
	const char text[] =
	        "# \xC3\xA9\n\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x = 1\n";
	index_text(ix, text, sizeof(text) - 1);
	assert_int_equal(ix->index.count, 3);
	assert_position(ix, 2, 1, 3);  /* é on line 1 */
	assert_position(ix, 4, 1, 4);  /* the newline after é */
	assert_position(ix, 5, 2, 1);  /* é */
	assert_position(ix, 7, 2, 2);  /* € */
	assert_position(ix, 10, 2, 3); /* 😀 */
	assert_position(ix, 14, 2, 4); /* x */
	assert_position(ix, 16, 2, 6); /* = */
	assert_position(ix, 20, 3, 1); /* after the final newline */
}

static void test_line_index_crlf_and_empty(void **state)
{
	indexed *ix = *state;
	const char text[] = "a\r\nb\r\n";
	index_text(ix, text, sizeof(text) - 1);
	assert_int_equal(ix->index.count, 3);
	assert_position(ix, 1, 1, 2); /* the CR counts as a column of line 1 */
	assert_position(ix, 3, 2, 1);
	assert_position(ix, 6, 3, 1);

	index_text(ix, "", 0);
	assert_int_equal(ix->index.count, 1);
	assert_position(ix, 0, 1, 1);
}

/* Positions asked out of order (ends of nested calls come backwards): each
 * is counted from the last one on its line, forwards or backwards, and
 * must be what a count from the line's start gives; a BOM is no column. */
static void test_line_index_any_order(void **state)
{
	indexed *ix = *state;
	/* BOM, a, e acute, b; then line 2: euro sign, c, d */
	const char text[] = "\xEF\xBB\xBF"
	                    "a\xC3\xA9"
	                    "b\n\xE2\x82\xAC"
	                    "cd";
	index_text(ix, text, sizeof(text) - 1);
	assert_position(ix, 6, 1, 3);  /* b */
	assert_position(ix, 4, 1, 2);  /* \xC3\xA9, backwards */
	assert_position(ix, 3, 1, 1);  /* a */
	assert_position(ix, 7, 1, 4);  /* the newline, forwards */
	assert_position(ix, 0, 1, 1);  /* before the BOM */
	assert_position(ix, 6, 1, 3);  /* b again, after the BOM */
	assert_position(ix, 13, 2, 4); /* the end, on line 2 */
	assert_position(ix, 11, 2, 2); /* c */
	assert_position(ix, 8, 2, 1);  /* \xE2\x82\xAC */
	assert_position(ix, 12, 2, 3); /* d */
	assert_position(ix, 5, 1, 3);  /* back to line 1 (inside \xC3\xA9) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_check_ascii_ok),
	        cmocka_unit_test(test_check_multibyte_ok),
	        cmocka_unit_test(test_check_nul_is_binary),
	        cmocka_unit_test(test_check_overlong),
	        cmocka_unit_test(test_check_surrogates_and_range),
	        cmocka_unit_test(test_check_truncated_and_stray),
	        cmocka_unit_test(test_bom_length),
	        cmocka_unit_test(test_newline),
	        cmocka_unit_test_setup_teardown(test_line_index_ascii,
	                                        setup_index, teardown_index),
	        cmocka_unit_test_setup_teardown(
	                test_line_index_multibyte_columns, setup_index,
	                teardown_index),
	        cmocka_unit_test_setup_teardown(test_line_index_crlf_and_empty,
	                                        setup_index, teardown_index),
	        cmocka_unit_test_setup_teardown(test_line_index_any_order,
	                                        setup_index, teardown_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
