#include "statement.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int am_statement_stands_alone(const am_context *ctx, TSNode statement)
{
	const char *t = ctx->text;
	uint32_t s = ts_node_start_byte(statement);
	uint32_t e = ts_node_end_byte(statement);
	while (s > 0 && is_blank(t[s - 1]))
		s--;
	while (e < ctx->len && is_blank(t[e]))
		e++;
	return (s == 0 || t[s - 1] == '\n') &&
	       (e == ctx->len || t[e] == '\n' || t[e] == '\r' || t[e] == '#');
}

TSNode am_statement_next(const am_context *ctx, TSNode statement)
{
	TSNode next = ts_node_next_named_sibling(statement);
	while (am_node_is(next, ctx->syntax->comment))
		next = ts_node_next_named_sibling(next);
	return next;
}

TSNode am_block_only_statement(const am_context *ctx, TSNode block)
{
	TSNode found = am_null_node();
	uint32_t count = ts_node_named_child_count(block);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(block, i);
		if (am_node_is(child, ctx->syntax->comment))
			continue;
		if (!ts_node_is_null(found))
			return am_null_node();
		found = child;
	}
	return found;
}

TSNode am_block_last_statement(const am_context *ctx, TSNode block)
{
	uint32_t count = ts_node_named_child_count(block);
	for (uint32_t i = count; i-- > 0;) {
		TSNode child = ts_node_named_child(block, i);
		if (!am_node_is(child, ctx->syntax->comment))
			return child;
	}
	return am_null_node();
}

TSNode am_statement_expression(const am_context *ctx, TSNode statement)
{
	if (!am_node_is(statement, ctx->syntax->expression_statement))
		return am_null_node();
	return am_block_only_statement(ctx, statement);
}

int am_statement_uses_value(const am_context *ctx, TSNode statement,
                            TSNode expression)
{
	return !(am_node_is(statement, ctx->syntax->expression_statement) &&
	         ts_node_eq(ts_node_named_child(statement, 0), expression));
}

const char *am_statement_with(am_context *ctx, TSNode statement, TSNode part,
                              const char *text)
{
	uint32_t start = ts_node_start_byte(statement);
	uint32_t end = ts_node_end_byte(statement);
	uint32_t from = ts_node_start_byte(part);
	uint32_t to = ts_node_end_byte(part);
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_append(&sb, ctx->text + start, from - start);
	am_strbuf_puts(&sb, text);
	am_strbuf_append(&sb, ctx->text + to, end - to);
	return am_strbuf_cstr(&sb);
}

/* ---- removal --------------------------------------------------------------
 */

size_t am_block_statement_count(const am_context *ctx, TSNode block)
{
	TSTreeCursor cursor = ts_tree_cursor_new(block);
	size_t count = 0;
	for (int more = ts_tree_cursor_goto_first_child(&cursor); more;
	     more = ts_tree_cursor_goto_next_sibling(&cursor)) {
		TSNode child = ts_tree_cursor_current_node(&cursor);
		count += ts_node_is_named(child) &&
		         ts_node_symbol(child) != ctx->syntax->comment;
	}
	ts_tree_cursor_delete(&cursor);
	return count;
}

/* Whether a statement is the only statement of its block. */
static int alone_in_block(const am_context *ctx, TSNode statement)
{
	TSNode block = am_parent(ctx, statement);
	return am_node_is(block, ctx->syntax->block) &&
	       am_block_statement_count(ctx, block) == 1;
}

void am_statement_remove(am_context *ctx, am_fix *fix, TSNode statement,
                         const char *replacement)
{
	const char *t = ctx->text;
	uint32_t start = ts_node_start_byte(statement);
	uint32_t end = ts_node_end_byte(statement);
	if (!*replacement && alone_in_block(ctx, statement))
		replacement = "pass";
	if (*replacement) {
		am_fix_replace(fix, start, end, replacement);
		return;
	}
	uint32_t line_start = start;
	while (line_start > 0 && is_blank(t[line_start - 1]))
		line_start--;
	uint32_t after = end;
	while (after < ctx->len && is_blank(t[after]))
		after++;
	if (after < ctx->len && t[after] == ';') {
		/* `import asyncio; x = 1` */
		after++;
		while (after < ctx->len && is_blank(t[after]))
			after++;
		am_fix_replace(fix, start, after, "");
		return;
	}
	if (line_start > 0 && t[line_start - 1] == ';') {
		/* `x = 1; import asyncio` */
		am_fix_replace(fix, line_start - 1, end, "");
		return;
	}
	int at_line_start = line_start == 0 || t[line_start - 1] == '\n';
	if (at_line_start && after < ctx->len && t[after] == '#') {
		am_fix_replace(fix, start, after, ""); /* keep the comment */
		return;
	}
	if (at_line_start &&
	    (after == ctx->len || t[after] == '\n' || t[after] == '\r')) {
		if (after < ctx->len && t[after] == '\r')
			after++;
		if (after < ctx->len && t[after] == '\n')
			after++;
		am_fix_replace(fix, line_start, after, "");
		return;
	}
	am_fix_replace(fix, start, end, "pass");
}

/* ---- around nodes ---------------------------------------------------------
 */

int am_comment_between(const am_context *ctx, TSNode node, uint32_t from,
                       uint32_t to)
{
	am_walk walk;
	am_walk_init(&walk, node);
	int found = 0;
	for (TSNode n; !found && am_walk_next(&walk, &n);)
		found = am_node_is(n, ctx->syntax->comment) &&
		        ts_node_start_byte(n) >= from &&
		        ts_node_start_byte(n) < to;
	am_walk_release(&walk);
	return found;
}

TSNode am_ancestor(const am_context *ctx, TSNode node, TSSymbol symbol)
{
	for (TSNode n = am_parent(ctx, node); !ts_node_is_null(n);
	     n = am_parent(ctx, n))
		if (am_node_is(n, symbol))
			return n;
	return am_null_node();
}

int am_drop_argument(am_context *ctx, am_fix *fix, TSNode argument)
{
	const char *t = ctx->text;
	uint32_t from = ts_node_start_byte(argument);
	uint32_t to = ts_node_end_byte(argument);
	while (to < ctx->len && is_blank(t[to]))
		to++;
	if (to >= ctx->len || t[to] != ',')
		return 0;
	to++;
	uint32_t after_comma = to;
	while (to < ctx->len && is_blank(t[to]))
		to++;
	uint32_t line = from;
	while (line > 0 && is_blank(t[line - 1]))
		line--;
	int starts_line = line == 0 || t[line - 1] == '\n';
	/* `(None,  # c`: the comment keeps its spacing after the `(` */
	if (to < ctx->len && t[to] == '#' && !starts_line)
		to = after_comma;
	if (to < ctx->len && (t[to] == '\n' || t[to] == '\r') && starts_line) {
		from = line;
		to += t[to] == '\r' && to + 1 < ctx->len && t[to + 1] == '\n'
		              ? 2
		              : 1;
	}
	if (fix)
		am_fix_replace(fix, from, to, "");
	return 1;
}

size_t am_stores_in_function(const am_context *ctx, TSNode name, TSNode *last)
{
	TSNode function =
	        am_ancestor(ctx, name, ctx->syntax->function_definition);
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	size_t stores = 0;
	*last = am_null_node();
	am_walk walk;
	am_walk_init(&walk, function);
	for (TSNode n; am_walk_next(&walk, &n);) {
		uint32_t nlen;
		if (!am_node_is(n, ctx->syntax->identifier))
			continue;
		const char *ntext = am_node_text(ctx->text, n, &nlen);
		if (nlen == len && memcmp(ntext, text, len) == 0 &&
		    !am_bind_find_load(ctx->binder, n) &&
		    !am_is_member_name(ctx, n)) {
			stores++;
			*last = n;
		}
	}
	am_walk_release(&walk);
	return stores;
}

int am_stored_once_in_function(const am_context *ctx, TSNode name)
{
	TSNode last;
	return am_stores_in_function(ctx, name, &last) == 1;
}

TSNode am_statement_made_alone(const am_context *ctx, TSNode expression)
{
	TSNode statement = am_parent(ctx, expression);
	if (!am_node_is(statement, ctx->syntax->expression_statement) ||
	    ts_node_named_child_count(statement) != 1 ||
	    !am_statement_stands_alone(ctx, statement))
		return am_null_node();
	return statement;
}

uint32_t am_line_end(const am_context *ctx, uint32_t at)
{
	while (at < ctx->len && ctx->text[at] != '\n' && ctx->text[at] != '\r')
		at++;
	return at;
}
