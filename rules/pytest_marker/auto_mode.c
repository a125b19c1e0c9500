/* pytest-asyncio's `asyncio_mode = auto` runs every async test, marked or
 * not; anyio's plugin runs the marked ones. A test module of such a project
 * gains `pytestmark = pytest.mark.anyio`. */
#include "imports.h"
#include "pytest.h"

#include <string.h>

static int named_test(const am_context *ctx, TSNode name, const char *prefix)
{
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	size_t n = strlen(prefix);
	return len >= n && memcmp(text, prefix, n) == 0;
}

/* The definition a statement of a module or class body holds, decorated
 * or not. */
static TSNode definition_of(const am_context *ctx, TSNode statement)
{
	if (am_node_is(statement, ctx->syntax->decorated_definition))
		return am_node_field(statement, ctx->syntax->field.definition);
	return statement;
}

/* An async `test*` function of the body (methods when `in_class`) that
 * carries no marker; a null node when there is none. */
static TSNode unmarked_async_test(const am_context *ctx, TSNode body,
                                  int in_class)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t count = ts_node_named_child_count(body);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = definition_of(ctx, ts_node_named_child(body, i));
		TSNode name = am_node_field(d, sx->field.name);
		if (am_node_is(d, sx->function_definition) &&
		    am_node_is_async(d) && named_test(ctx, name, "test") &&
		    !am_pytest_carries_marker(ctx, d))
			return d;
		if (!in_class && am_node_is(d, sx->class_definition) &&
		    named_test(ctx, name, "Test")) {
			TSNode found = unmarked_async_test(
			        ctx, am_node_field(d, sx->field.body), 1);
			if (!ts_node_is_null(found))
				return found;
		}
	}
	return am_null_node();
}

/* Whether an import statement of the module ends by `at`. */
static int imports_before(const am_context *ctx, uint32_t at)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t count = ts_node_named_child_count(ctx->root);
	for (uint32_t i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(ctx->root, i);
		if (ts_node_end_byte(s) > at)
			break;
		if (am_node_is(s, sx->import_statement) ||
		    am_node_is(s, sx->import_from_statement))
			return 1;
	}
	return 0;
}

static const char *const MARK = "pytest.mark.anyio";

/* `pytestmark = [a, b]` gains the mark at its end, `pytestmark = a`
 * becomes `[a, pytest.mark.anyio]`. */
static void extend_pytestmark(am_context *ctx, am_fix *fix, TSNode value)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(value, sx->list)) {
		am_fix_insert(fix, ts_node_start_byte(value), "[");
		am_fix_insert(fix, ts_node_end_byte(value),
		              am_arena_printf(ctx->arena, ", %s]", MARK));
		return;
	}
	uint32_t count = ts_node_named_child_count(value);
	TSNode last =
	        count ? ts_node_named_child(value, count - 1) : am_null_node();
	TSNode comma =
	        ts_node_is_null(last) ? last : ts_node_next_sibling(last);
	if (ts_node_is_null(last)) { /* before the `]` */
		am_fix_insert(fix, ts_node_end_byte(value) - 1, MARK);
	} else if (ts_node_is_named(comma) ||
	           !am_node_text_eq(ctx->text, comma, ",")) {
		am_fix_insert(fix, ts_node_end_byte(last),
		              am_arena_printf(ctx->arena, ", %s", MARK));
	} else if (am_node_line(ctx, last) ==
	           am_node_line(ctx, ts_node_next_sibling(comma))) {
		am_fix_insert(fix, ts_node_end_byte(comma),
		              am_arena_printf(ctx->arena, " %s,", MARK));
	} else { /* one element a line: the mark on a line of its own */
		am_fix_insert(
		        fix, ts_node_end_byte(comma),
		        am_arena_printf(
		                ctx->arena, "%s%s%s,", ctx->newline,
		                am_line_indent(ctx, ts_node_start_byte(last)),
		                MARK));
	}
}

void am_pytest_mark_auto_mode(am_context *ctx)
{
	TSNode test = unmarked_async_test(ctx, ctx->root, 0);
	if (ts_node_is_null(test))
		return;
	TSNode name = am_node_field(test, ctx->syntax->field.name);
	TSNode mark = am_pytest_pytestmark(ctx, ctx->root);
	int needs_newline;
	uint32_t at = am_imports_after_leading(ctx, &needs_newline);
	const char *why = NULL;
	if (!am_imports_name_available(ctx, ctx->root, "pytest"))
		why = "`pytest` names something else in this module";
	else if (!ts_node_is_null(mark) &&
	         am_node_is(am_parent(ctx, am_parent(ctx, mark)),
	                    ctx->syntax->module) == 0)
		why = "its `pytestmark` is not a plain module statement";
	else if (ts_node_is_null(mark) && !imports_before(ctx, at))
		why = "the module has no imports to put `pytestmark` after";
	if (why) {
		am_flag(ctx, name,
		        "async test left unmarked: pytest-asyncio's auto mode "
		        "ran it, anyio's plugin runs marked tests only, and %s",
		        why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, name,
	                         "async tests that pytest-asyncio's auto mode "
	                         "ran: `%s` in the module's `pytestmark` "
	                         "marks them for anyio's plugin",
	                         MARK);
	if (!ts_node_is_null(mark)) {
		extend_pytestmark(
		        ctx, fix,
		        am_node_field(mark, ctx->syntax->field.right));
		return;
	}
	am_fix_insert(fix, at,
	              am_arena_printf(ctx->arena, "%s%spytestmark = %s%s",
	                              needs_newline ? ctx->newline : "",
	                              ctx->newline, MARK, ctx->newline));
}
