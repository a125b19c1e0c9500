/* Unit tests of statement.h: statements as the rules read them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "anyio_migrate.h"
#include "arena.h"
#include "bind.h"
#include "statement.h"
#include "syntax.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char text[] = "import asyncio\n"
                           "x = 1; y = 2\n"
                           "def f():\n"
                           "    # a comment\n"
                           "    await g()  # trailing\n"
                           "    # another\n"
                           "    r = await g()\n"
                           "def h():\n"
                           "    return 1\n";

/* The functions, as node_of finds them. */
#define DEF_F                                                                  \
	"def f():\n    # a comment\n    await g()  # trailing\n    # "         \
	"another\n    r = await g()"
#define DEF_H "def h():\n    return 1"

typedef struct fixture {
	TSParser *parser;
	TSTree *tree;
	am_syntax syntax;
	am_arena arena;
	am_binder binder;
	am_context ctx;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	am_arena_init(&f->arena);
	f->parser = ts_parser_new();
	if (!f->parser ||
	    !ts_parser_set_language(f->parser, tree_sitter_python()) ||
	    am_syntax_init(&f->syntax, tree_sitter_python()) != 0)
		return -1;
	f->tree = ts_parser_parse_string(f->parser, NULL, text,
	                                 (uint32_t)strlen(text));
	TSNode root = ts_tree_root_node(f->tree);
	if (am_bind(&f->binder, &f->syntax, &f->arena, text, root, f->parser) !=
	    AM_OK)
		return -1;
	f->ctx.text = text;
	f->ctx.len = (uint32_t)strlen(text);
	f->ctx.root = root;
	f->ctx.syntax = &f->syntax;
	f->ctx.binder = &f->binder;
	f->ctx.arena = &f->arena;
	f->ctx.newline = "\n";
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	am_binder_release(&f->binder);
	ts_tree_delete(f->tree);
	ts_parser_delete(f->parser);
	am_arena_release(&f->arena);
	free(f);
	return 0;
}

/* The smallest named node spanning the first occurrence of `s`. */
static TSNode node_of(const fixture *f, const char *s)
{
	const char *at = strstr(text, s);
	assert_non_null(at);
	uint32_t start = (uint32_t)(at - text);
	return ts_node_named_descendant_for_byte_range(
	        f->ctx.root, start, start + (uint32_t)strlen(s));
}

static const char *text_of(TSNode node)
{
	static char buf[128];
	uint32_t len;
	const char *s = am_node_text(text, node, &len);
	snprintf(buf, sizeof(buf), "%.*s", (int)len, s);
	return buf;
}

static TSNode body_of(const fixture *f, const char *def)
{
	TSNode function = node_of(f, def);
	assert_true(am_node_is(function, f->syntax.function_definition));
	return am_node_field(function, f->syntax.field.body);
}

static void test_stands_alone(void **state)
{
	fixture *f = *state;
	TSNode x = ts_node_parent(node_of(f, "x = 1"));
	assert_false(am_statement_stands_alone(&f->ctx, x)); /* `;` */
	TSNode first = am_block_only_statement(&f->ctx, body_of(f, DEF_H));
	assert_true(am_statement_stands_alone(&f->ctx, first));
	TSNode awaited = ts_node_parent(node_of(f, "await g()"));
	assert_true(am_statement_stands_alone(&f->ctx, awaited)); /* # */
}

static void test_next_only_last(void **state)
{
	fixture *f = *state;
	TSNode body = body_of(f, DEF_F);
	TSNode first = ts_node_parent(node_of(f, "await g()"));
	TSNode next = am_statement_next(&f->ctx, first);
	assert_string_equal(text_of(next), "r = await g()");
	assert_true(ts_node_is_null(am_statement_next(&f->ctx, next)));
	assert_true(ts_node_is_null(am_block_only_statement(&f->ctx, body)));
	assert_true(ts_node_eq(am_block_last_statement(&f->ctx, body), next));
	assert_int_equal(am_block_statement_count(&f->ctx, body), 2);
	assert_string_equal(
	        text_of(am_block_only_statement(&f->ctx, body_of(f, DEF_H))),
	        "return 1");
}

static void test_expression_and_value(void **state)
{
	fixture *f = *state;
	TSNode first = ts_node_parent(node_of(f, "await g()"));
	TSNode second = am_statement_next(&f->ctx, first);
	TSNode await1 = am_statement_expression(&f->ctx, first);
	assert_string_equal(text_of(await1), "await g()");
	assert_false(am_statement_uses_value(&f->ctx, first, await1));
	TSNode assignment = am_statement_expression(&f->ctx, second);
	TSNode await2 = am_node_field(assignment, f->syntax.field.right);
	assert_true(
	        am_node_is_field(assignment, f->syntax.field.right, await2));
	assert_false(
	        am_node_is_field(assignment, f->syntax.field.left, await2));
	assert_true(am_statement_uses_value(&f->ctx, second, await2));
	assert_string_equal(
	        am_statement_with(&f->ctx, second, await2, "results[0]"),
	        "r = results[0]");
	assert_true(ts_node_is_null(am_statement_expression(
	        &f->ctx, am_block_only_statement(&f->ctx, body_of(f, DEF_H)))));
}

static void test_comments_and_ancestors(void **state)
{
	fixture *f = *state;
	TSNode body = body_of(f, DEF_F);
	TSNode function = ts_node_parent(body);
	uint32_t comment = (uint32_t)(strstr(text, "# another") - text);
	assert_true(am_comment_between(&f->ctx, body, comment, comment + 1));
	assert_false(
	        am_comment_between(&f->ctx, body, comment + 1, comment + 5));
	TSNode call = node_of(f, "g()");
	assert_true(ts_node_eq(
	        am_ancestor(&f->ctx, call, f->syntax.function_definition),
	        function));
	assert_true(ts_node_is_null(
	        am_ancestor(&f->ctx, call, f->syntax.class_definition)));
	assert_true(am_node_within(call, function));
	assert_false(am_node_within(function, call));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_stands_alone, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_next_only_last, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_expression_and_value,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_comments_and_ancestors,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
