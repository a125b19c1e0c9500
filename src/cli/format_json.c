#include "format_json.h"

static json_t *position_object(const am_position *position)
{
	return json_pack("{s:I, s:I, s:I}", "line", (json_int_t)position->line,
	                 "column", (json_int_t)position->column, "byte",
	                 (json_int_t)position->byte);
}

static json_t *edit_objects(const am_result *result)
{
	json_t *edits = json_array();
	size_t count = am_result_edit_count(result);
	size_t i;

	for (i = 0; edits && i < count; i++) {
		size_t start, end, len;
		const char *text;

		if (am_result_edit(result, i, &start, &end, &text, &len) !=
		            AM_OK ||
		    json_array_append_new(edits,
		                          json_pack("{s:I, s:I, s:s%}", "start",
		                                    (json_int_t)start, "end",
		                                    (json_int_t)end, "text",
		                                    text, len)) != 0) {
			json_decref(edits);
			return NULL;
		}
	}
	return edits;
}

json_t *format_json_edits(const char *path, const am_result *result)
{
	return json_pack("{s:s, s:o}", "path", path, "edits",
	                 edit_objects(result));
}

static const char *applicability_name(am_applicability applicability)
{
	return applicability == AM_FIX_SAFE     ? "safe"
	       : applicability == AM_FIX_UNSAFE ? "unsafe"
	                                        : NULL;
}

/* The fix's edits on the text the diagnostic's positions are in, so that
 * an editor can make this one fix; NULL (json null) when there are none. */
static json_t *fix_object(const am_diagnostic *diagnostic,
                          am_coordinates coordinates)
{
	size_t count = am_diagnostic_fix_edit_count(diagnostic, coordinates);
	json_t *edits = json_array();
	size_t i;

	if (count == 0 || !edits) {
		json_decref(edits);
		return json_null();
	}
	for (i = 0; i < count; i++) {
		am_position start, end;
		const char *text;
		size_t len;

		am_diagnostic_fix_edit(diagnostic, coordinates, i, &start, &end,
		                       &text, &len);
		if (json_array_append_new(
		            edits, json_pack("{s:o, s:o, s:s%}", "start",
		                             position_object(&start), "end",
		                             position_object(&end), "text",
		                             text, len)) != 0) {
			json_decref(edits);
			return NULL;
		}
	}
	return json_pack(
	        "{s:s, s:o}", "applicability",
	        applicability_name(am_diagnostic_applicability(diagnostic)),
	        "edits", edits);
}

static json_t *diagnostic_object(const char *path,
                                 const am_diagnostic *diagnostic,
                                 enum report_selection selection)
{
	am_position start, end;
	am_coordinates coordinates =
	        selection == REPORT_LEFT_IN_OUTPUT ? AM_OUTPUT : AM_INPUT;
	const char *applicability =
	        applicability_name(am_diagnostic_applicability(diagnostic));

	am_diagnostic_range(diagnostic, coordinates, &start, &end);
	return json_pack(
	        "{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "path", path,
	        "code", am_diagnostic_code(diagnostic), "rule",
	        am_diagnostic_rule(diagnostic), "message",
	        am_diagnostic_message(diagnostic), "fixable",
	        am_diagnostic_fixed(diagnostic), "applicability",
	        applicability ? json_string(applicability) : json_null(),
	        "start", position_object(&start), "end", position_object(&end),
	        "fix", fix_object(diagnostic, coordinates));
}

json_t *format_json_diagnostics(const char *path, const am_result *result,
                                enum report_selection selection)
{
	size_t count = am_result_diagnostic_count(result);
	json_t *entries = json_array();
	size_t i;

	for (i = 0; entries && i < count; i++) {
		const am_diagnostic *diagnostic =
		        am_result_diagnostic(result, i);

		if (!report_selects(diagnostic, selection))
			continue;
		if (json_array_append_new(entries,
		                          diagnostic_object(path, diagnostic,
		                                            selection)) != 0) {
			json_decref(entries);
			return NULL;
		}
	}
	return entries;
}

static const char *mode_name(enum cli_mode mode)
{
	return mode == MODE_CHECK   ? "check"
	       : mode == MODE_APPLY ? "apply"
	                            : "dry-run";
}

json_t *format_json_document(json_t *diagnostics, json_t *files, json_t *errors,
                             const struct run_totals *totals,
                             const struct cli_options *options)
{
	json_t *summary = json_pack(
	        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	        "files_checked", (json_int_t)totals->files_checked,
	        "files_excluded", (json_int_t)totals->files_excluded,
	        "files_changed", (json_int_t)totals->files_changed, "edits",
	        (json_int_t)totals->edits, "uses", (json_int_t)totals->uses,
	        "fixable", (json_int_t)totals->fixable, "uses_left",
	        (json_int_t)totals->uses_left, "unsafe_fixable",
	        (json_int_t)totals->unsafe_held, "errors",
	        (json_int_t)totals->errors);

	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "tool",
	                 "migrate_to_anyio", "version", AM_VERSION_STRING,
	                 "mode", mode_name(options->mode), "diagnostics",
	                 diagnostics, "files", files, "errors", errors,
	                 "summary", summary);
}
