#define _GNU_SOURCE
#include "holder.h"

#include <string.h>

void am_holder_of(const am_context *ctx, TSNode value, am_holder *holder)
{
	const am_syntax *sx = ctx->syntax;
	memset(holder, 0, sizeof(*holder));
	TSNode parent = am_parent(ctx, value);
	if (!am_node_is(parent, sx->assignment))
		return;
	TSNode right = am_node_field(parent, sx->field.right);
	if (ts_node_is_null(right) || !ts_node_eq(right, value))
		return;
	TSNode left = am_node_field(parent, sx->field.left);
	TSNode name_node = left;
	if (am_node_is(left, sx->attribute)) {
		holder->is_attribute = 1;
		name_node = am_node_field(left, sx->field.attribute);
	} else if (!am_node_is(left, sx->identifier)) {
		return;
	}
	holder->known = 1;
	holder->name = am_node_text(ctx->text, name_node, &holder->len);
	holder->target = left;
}

static int receiver_matches(const am_context *ctx, const am_holder *holder,
                            TSNode receiver)
{
	const am_syntax *sx = ctx->syntax;
	if (!holder->known)
		return 1;
	TSNode name = receiver;
	if (holder->is_attribute) {
		if (!am_node_is(receiver, sx->attribute))
			return 0;
		name = am_node_field(receiver, sx->field.attribute);
	} else if (!am_node_is(receiver, sx->identifier)) {
		return 0;
	}
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	return len == holder->len && memcmp(text, holder->name, len) == 0;
}

size_t am_holder_method_calls(am_context *ctx, const am_holder *holder,
                              const char *method, am_method_call_visit visit,
                              void *data)
{
	size_t count, found = 0;
	const am_method_call *calls = am_bind_method_calls(
	        ctx->binder, method, strlen(method), &count);
	const char *t = ctx->text;
	for (size_t i = 0; i < count; i++) {
		/* the name follows its '.' on the same line (maybe after
		 * spaces): `X.\` and a new line is not counted */
		const char *q = t + calls[i].start;
		while (q > t && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		if (q == t || q[-1] != '.')
			continue;
		if (!receiver_matches(ctx, holder, calls[i].receiver))
			continue;
		found++;
		if (visit)
			visit(ctx, calls[i].call, data);
	}
	return found;
}

int am_call_result_used(const am_context *ctx, TSNode call)
{
	TSNode node = call;
	TSNode parent = am_parent(ctx, node);
	if (am_node_is(parent, ctx->syntax->await)) {
		node = parent;
		parent = am_parent(ctx, node);
	}
	return !am_node_is(parent, ctx->syntax->expression_statement);
}
