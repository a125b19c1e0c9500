#include "result.h"

#include "array.h"
#include "source.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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
	AM_ARRAY_FREE(&r->touches);
	am_arena_release(&r->arena);
	free(r);
}

am_arena *am_result_arena(am_result *r)
{
	return &r->arena;
}

int am_result_fail_at(am_result *r, int status, am_position at,
                      const char *message)
{
	int rc = am_result_fail(r, status, message);
	char *whole = am_arena_printf(&r->arena, "%u:%u: %s", at.line,
	                              at.column, r->error_detail);
	if (whole) {
		r->error = whole;
		r->error_at = at;
	}
	return rc;
}

int am_result_fail(am_result *r, int status, const char *message)
{
	r->status = status;
	r->error = am_arena_strndup(&r->arena, message, strlen(message));
	if (!r->error)
		r->error = "out of memory";
	r->error_detail = r->error;
	memset(&r->error_at, 0, sizeof(r->error_at));
	r->text = r->input;
	r->len = r->input_len;
	r->changed = 0;
	r->edits.edits.count = 0;
	r->diagnostics.count = 0;
	r->touches.count = 0;
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
	d.applicability = fixed ? AM_FIX_SAFE : AM_FIX_NONE;
	d.fix = -1;
	d.start = start;
	d.end = end;
	return AM_ARRAY_PUSH(&r->diagnostics, d) ? AM_OK : AM_ENOMEM;
}

int am_result_add_fix(am_result *r, const am_rule *rule, const char *message,
                      uint32_t start, uint32_t end,
                      am_applicability applicability, int32_t fix,
                      const am_edit *held, uint32_t held_count)
{
	int rc = am_result_add_diagnostic(r, rule, message, fix >= 0, start,
	                                  end);
	if (rc != AM_OK)
		return rc;
	am_diagnostic *d = &r->diagnostics.items[r->diagnostics.count - 1];
	d->applicability = (unsigned char)applicability;
	d->fix = fix;
	d->held = held;
	d->held_count = held_count;
	return AM_OK;
}

int32_t am_result_new_fix(am_result *r)
{
	return (int32_t)r->fix_count++;
}

int am_result_add_touch(am_result *r, int32_t fix, uint32_t start, uint32_t end)
{
	am_touch t = {fix, start, end};
	return AM_ARRAY_PUSH(&r->touches, t) ? AM_OK : AM_ENOMEM;
}

void am_result_set_plans(am_result *r, const am_import_plan *input,
                         const am_import_plan *output)
{
	if (input)
		r->input_plan = *input;
	if (output)
		r->output_plan = *output;
}

void am_result_count_parse(am_result *r)
{
	r->parses++;
}

unsigned am_result_parses(const am_result *r)
{
	return r->parses;
}

am_result_mark am_result_get_mark(const am_result *r)
{
	am_result_mark mark = {r->diagnostics.count, r->touches.count,
	                       r->fix_count};
	return mark;
}

void am_result_rewind(am_result *r, am_result_mark mark)
{
	if (mark.diagnostics < r->diagnostics.count)
		r->diagnostics.count = mark.diagnostics;
	if (mark.touches < r->touches.count)
		r->touches.count = mark.touches;
	if (mark.fixes < r->fix_count)
		r->fix_count = mark.fixes;
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
	r->bom = bom;
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
	if (am_line_index_build(&in, &r->arena, r->input, r->input_len) !=
	            AM_OK ||
	    am_line_index_build(&out, &r->arena, r->text, r->len) != AM_OK)
		return am_result_fail(r, AM_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->diagnostics.count; i++) {
		am_diagnostic *d = &r->diagnostics.items[i];
		d->in_start = am_line_index_position(
		        &in, r->input, r->input_len, bom + d->start);
		d->in_end = am_line_index_position(&in, r->input, r->input_len,
		                                   bom + d->end);
		uint32_t os = am_segments_to_output(segments, d->start);
		uint32_t oe = am_segments_to_output_end(segments, d->end);
		d->out_start =
		        am_line_index_position(&out, r->text, r->len, bom + os);
		d->out_end = am_line_index_position(&out, r->text, r->len,
		                                    bom + (oe < os ? os : oe));
	}
	if (am_fix_edits_compute(r, segments, &in, &out) != AM_OK)
		return am_result_fail(r, AM_ENOMEM, "out of memory");
	r->status = AM_OK;
	return AM_OK;
}

/* ---- public accessors
 * ------------------------------------------------------------------ */

int am_result_status(const am_result *r)
{
	return r->status;
}

const char *am_result_error(const am_result *r)
{
	return r->status == AM_OK ? NULL : r->error;
}

const char *am_result_error_at(const am_result *r, am_position *where)
{
	if (where)
		*where = r->error_at;
	return r->status == AM_OK ? NULL : r->error_detail;
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

size_t am_result_queue_compat_left(const am_result *r)
{
	return r->queue_compat_left;
}

int am_result_edit(const am_result *r, size_t index, size_t *start, size_t *end,
                   const char **text, size_t *text_len)
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
	return index < r->diagnostics.count ? &r->diagnostics.items[index]
	                                    : NULL;
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

am_applicability am_diagnostic_applicability(const am_diagnostic *d)
{
	return (am_applicability)d->applicability;
}

size_t am_diagnostic_fix_edit_count(const am_diagnostic *d,
                                    am_coordinates coordinates)
{
	return d->edit_count[coordinates == AM_OUTPUT];
}

int am_diagnostic_fix_edit(const am_diagnostic *d, am_coordinates coordinates,
                           size_t index, am_position *start, am_position *end,
                           const char **text, size_t *text_len)
{
	int side = coordinates == AM_OUTPUT;
	if (index >= d->edit_count[side])
		return AM_EINVALID;
	const am_fix_edit *e = &d->edits[side][index];
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

int am_options_init(am_options *options, unsigned int version)
{
	if (!options || version < 1 || version > AM_OPTIONS_VERSION)
		return AM_EINVALID;
	am_options defaults = AM_OPTIONS_INIT;
	if (version == 1) {
		/* A version 1 struct ends before `unsafe_fixes`. */
		memcpy(options, &defaults, offsetof(am_options, unsafe_fixes));
	} else if (version == 2) {
		memcpy(options, &defaults,
		       offsetof(am_options, pytest_auto_mode));
	} else {
		*options = defaults;
	}
	options->version = version;
	return AM_OK;
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
