#include "result.h"

#include "array.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

struct am_diagnostic {
	const am_rule *rule;
	const char *message;
	int fixed;
	uint32_t start, end; /* input, without BOM */
	am_position in_start, in_end, out_start, out_end;
};

struct am_result {
	int status;
	const char *error;
	am_arena arena;
	const char *input;
	size_t input_len;
	const char *text;
	size_t len;
	int changed;
	am_edit_list edits; /* input coordinates, BOM included */
	AM_ARRAY(am_diagnostic) diagnostics;
	unsigned parses;
};

am_result *am_result_new(const char *source, size_t len)
{
	am_result *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	am_arena_init(&r->arena);
	r->input = source;
	r->input_len = len;
	r->text = source;
	r->len = len;
	return r;
}

void am_result_free(am_result *r)
{
	if (!r)
		return;
	AM_ARRAY_FREE(&r->edits.edits);
	AM_ARRAY_FREE(&r->diagnostics);
	am_arena_release(&r->arena);
	free(r);
}

am_arena *am_result_arena(am_result *r)
{
	return &r->arena;
}

int am_result_fail(am_result *r, int status, const char *message)
{
	r->status = status;
	r->error = am_arena_strndup(&r->arena, message, strlen(message));
	if (!r->error)
		r->error = "out of memory";
	r->text = r->input;
	r->len = r->input_len;
	r->changed = 0;
	r->edits.edits.count = 0;
	r->diagnostics.count = 0;
	return status;
}

int am_result_add_diagnostic(am_result *r, const am_rule *rule,
                             const char *message, int fixed, uint32_t start,
                             uint32_t end)
{
	am_diagnostic d;
	memset(&d, 0, sizeof(d));
	d.rule = rule;
	d.message = message;
	d.fixed = fixed;
	d.start = start;
	d.end = end;
	return AM_ARRAY_PUSH(&r->diagnostics, d) ? AM_OK : AM_ENOMEM;
}

void am_result_count_parse(am_result *r)
{
	r->parses++;
}

unsigned am_result_parses(const am_result *r)
{
	return r->parses;
}

void am_result_keep_diagnostics(am_result *r, size_t count)
{
	if (count < r->diagnostics.count)
		r->diagnostics.count = count;
}

static int diagnostic_order(const void *a, const void *b)
{
	const am_diagnostic *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->fixed != y->fixed)
		return x->fixed ? -1 : 1;
	return strcmp(x->rule->code, y->rule->code);
}

int am_result_finish(am_result *r, const char *text, size_t len, size_t bom,
                     const char *source, const am_segments *segments)
{
	int rc = am_segments_edits(segments, &r->arena, &r->edits);
	if (rc != AM_OK)
		return am_result_fail(r, rc, "out of memory");
	r->changed = r->edits.edits.count > 0;
	if (r->changed) {
		char *full = am_arena_alloc(&r->arena, bom + len + 1);
		if (!full)
			return am_result_fail(r, AM_ENOMEM, "out of memory");
		memcpy(full, source, bom);
		memcpy(full + bom, text, len);
		full[bom + len] = '\0';
		r->text = full;
		r->len = bom + len;
	}
	for (size_t i = 0; i < r->edits.edits.count; i++) {
		r->edits.edits.items[i].start += (uint32_t)bom;
		r->edits.edits.items[i].end += (uint32_t)bom;
	}
	if (r->diagnostics.count > 1)
		qsort(r->diagnostics.items, r->diagnostics.count,
		      sizeof(am_diagnostic), diagnostic_order);
	am_line_index in, out;
	if (am_line_index_build(&in, &r->arena, r->input, r->input_len) != AM_OK ||
	    am_line_index_build(&out, &r->arena, r->text, r->len) != AM_OK)
		return am_result_fail(r, AM_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->diagnostics.count; i++) {
		am_diagnostic *d = &r->diagnostics.items[i];
		d->in_start = am_line_index_position(&in, r->input, r->input_len,
		                                     bom + d->start);
		d->in_end = am_line_index_position(&in, r->input, r->input_len,
		                                   bom + d->end);
		uint32_t os = am_segments_to_output(segments, d->start);
		uint32_t oe = am_segments_to_output_end(segments, d->end);
		d->out_start = am_line_index_position(&out, r->text, r->len, bom + os);
		d->out_end = am_line_index_position(&out, r->text, r->len,
		                                    bom + (oe < os ? os : oe));
	}
	r->status = AM_OK;
	return AM_OK;
}

/* ---- public accessors ------------------------------------------------------------------ */

int am_result_status(const am_result *r)
{
	return r->status;
}

const char *am_result_error(const am_result *r)
{
	return r->status == AM_OK ? NULL : r->error;
}

const char *am_result_text(const am_result *r, size_t *len)
{
	if (len)
		*len = r->len;
	return r->text;
}

int am_result_changed(const am_result *r)
{
	return r->changed;
}

size_t am_result_edit_count(const am_result *r)
{
	return r->edits.edits.count;
}

int am_result_edit(const am_result *r, size_t index, size_t *start,
                   size_t *end, const char **text, size_t *text_len)
{
	if (index >= r->edits.edits.count)
		return AM_EINVALID;
	const am_edit *e = &r->edits.edits.items[index];
	if (start)
		*start = e->start;
	if (end)
		*end = e->end;
	if (text)
		*text = e->text;
	if (text_len)
		*text_len = e->len;
	return AM_OK;
}

size_t am_result_diagnostic_count(const am_result *r)
{
	return r->diagnostics.count;
}

const am_diagnostic *am_result_diagnostic(const am_result *r, size_t index)
{
	return index < r->diagnostics.count ? &r->diagnostics.items[index] : NULL;
}

const char *am_diagnostic_code(const am_diagnostic *d)
{
	return d->rule->code;
}

const char *am_diagnostic_rule(const am_diagnostic *d)
{
	return d->rule->name;
}

const char *am_diagnostic_message(const am_diagnostic *d)
{
	return d->message;
}

int am_diagnostic_fixed(const am_diagnostic *d)
{
	return d->fixed;
}

void am_diagnostic_range(const am_diagnostic *d, am_coordinates coordinates,
                         am_position *start, am_position *end)
{
	if (start)
		*start = coordinates == AM_OUTPUT ? d->out_start : d->in_start;
	if (end)
		*end = coordinates == AM_OUTPUT ? d->out_end : d->in_end;
}

const char *am_status_string(int status)
{
	switch (status) {
	case AM_OK:
		return "ok";
	case AM_ENOMEM:
		return "out of memory";
	case AM_EBINARY:
		return "binary file";
	case AM_EENCODING:
		return "not UTF-8";
	case AM_ESYNTAX:
		return "syntax error";
	case AM_EVERIFY:
		return "migrated text does not parse";
	case AM_EINTERNAL:
		return "internal error";
	case AM_EINVALID:
		return "invalid argument";
	case AM_EDEPTH:
		return "nested too deeply";
	}
	return "unknown status";
}
