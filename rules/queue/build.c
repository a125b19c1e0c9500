/*
 * The queue analysis' helpers on nodes, and its build state (build.h).
 */
#include "build.h"

#include <string.h>

int queue_type_is(TSNode node, const char *type)
{
	return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

int queue_text_eq(const am_context *ctx, TSNode node, const char *s, size_t len)
{
	uint32_t n;
	const char *t = am_node_text(ctx->text, node, &n);
	return n == len && memcmp(t, s, len) == 0;
}

int queue_defines_scope(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	return am_node_is(node, sx->function_definition) ||
	       am_node_is(node, sx->lambda) ||
	       am_node_is(node, sx->class_definition);
}

void queue_walk(TSNode root, node_visit visit, void *data)
{
	if (ts_node_is_null(root))
		return;
	TSTreeCursor cursor = ts_tree_cursor_new(root);
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&cursor);
		if (visit(node, data) &&
		    ts_tree_cursor_goto_first_child(&cursor))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cursor))
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cursor);
}

/* The text between the quotes of a string without interpolation; NULL for
 * other nodes. */
const char *queue_string_value(const am_context *ctx, TSNode string,
                               uint32_t *len)
{
	if (!am_node_is(string, ctx->syntax->string))
		return NULL;
	const char *value = "";
	*len = 0;
	uint32_t count = ts_node_named_child_count(string);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(string, i);
		if (queue_type_is(child, "interpolation"))
			return NULL;
		if (queue_type_is(child, "string_content"))
			value = am_node_text(ctx->text, child, len);
	}
	return value;
}

/* ---- build state --------------------------------------------------------- */

am_queue_channel *queue_channel_at(flow_build *fb, int index)
{
	return &fb->flow->channels.items[index];
}

void queue_set_why(flow_build *fb, int channel, const char *why)
{
	am_queue_channel *ch = queue_channel_at(fb, channel);
	if (!ch->why)
		ch->why = why ? why : "";
}

void queue_push_flag(flow_build *fb, TSNode at, const char *message)
{
	am_queue_flag flag = {at, message};
	if (!AM_ARRAY_PUSH(&fb->flow->flags, flag))
		fb->flow->failed = 1;
}

void queue_push_use(flow_build *fb, am_queue_use use)
{
	if (!AM_ARRAY_PUSH(&fb->flow->uses, use))
		fb->flow->failed = 1;
}
