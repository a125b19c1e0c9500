#include "ahead.h"

#include "anyio_migrate.h"
#include "rule.h"

#include <string.h>

static uint32_t line_start(const char *text, uint32_t at)
{
	while (at > 0 && text[at - 1] != '\n')
		at--;
	return at;
}

static uint32_t line_end(const char *text, uint32_t len, uint32_t at)
{
	const char *nl = memchr(text + at, '\n', len - at);
	return nl ? (uint32_t)(nl - text) + 1 : len;
}

/* The block (not the module) whose statements hold byte `at`, or a null
 * node: the importer counts them to leave a `pass` in an emptied one. */
static TSNode enclosing_block(const am_context *ctx, uint32_t at)
{
	TSNode n = ts_node_descendant_for_byte_range(ctx->root, at, at);
	while (!ts_node_is_null(n) && !am_node_is(n, ctx->syntax->block) &&
	       !am_node_is(n, ctx->syntax->module))
		n = am_parent(ctx, n);
	if (am_node_is(n, ctx->syntax->block))
		return n;
	return am_null_node();
}

int am_ahead_clash(const am_context *ctx, const am_pass *pass,
                   uint32_t first_import, const am_edit_list *rewrites)
{
	for (size_t i = 0; i < pass->proposed.edits.count; i++) {
		const am_edit *e = &pass->proposed.edits.items[i];
		if (e->fix < first_import)
			continue;
		uint32_t from = line_start(ctx->text, e->start);
		uint32_t to = line_end(ctx->text, ctx->len, e->end);
		if (e->start == e->end)
			from = 0; /* added at the top, after what comes first */
		TSNode block = enclosing_block(ctx, e->start);
		if (!ts_node_is_null(block)) {
			if (ts_node_start_byte(block) < from)
				from = ts_node_start_byte(block);
			if (ts_node_end_byte(block) > to)
				to = ts_node_end_byte(block);
		}
		for (size_t k = 0; k < rewrites->edits.count; k++) {
			const am_edit *r = &rewrites->edits.items[k];
			if (r->start <= to && from <= r->end)
				return 1;
		}
	}
	return 0;
}

int am_ahead_undo(const am_ahead *a, am_edit_list *rewrites, am_edit_list *back)
{
	int64_t shift = 0; /* from the pass's text to `now` */
	for (size_t i = 0; i < a->edits.edits.count; i++) {
		const am_edit *e = &a->edits.edits.items[i];
		if (e->fix < a->first_import) {
			if (!AM_ARRAY_PUSH(&rewrites->edits, *e))
				return AM_ENOMEM;
		} else {
			/* where its text stands in the text the pass left */
			uint32_t at = (uint32_t)((int64_t)e->start + shift);
			am_edit undo = {at, at + e->len, a->before + e->start,
			                e->end - e->start, e->fix};
			if (!AM_ARRAY_PUSH(&back->edits, undo))
				return AM_ENOMEM;
		}
		shift += (int64_t)e->len - (int64_t)(e->end - e->start);
	}
	return AM_OK;
}

void am_ahead_release(am_ahead *a)
{
	am_outlook_release(&a->outlook);
	AM_ARRAY_FREE(&a->edits.edits);
	am_segments_release(&a->segments);
	memset(a, 0, sizeof(*a));
}
