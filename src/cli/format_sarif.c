#include "format_sarif.h"
#include "buffer.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~' || c == '/';
}

char *format_sarif_uri(const char *path)
{
	struct buffer uri = BUFFER_INIT;
	const unsigned char *c;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (path[0] == '/')
		buffer_append_string(&uri, "file://");
	for (c = (const unsigned char *)path; *c; c++) {
		if (is_unreserved(*c))
			buffer_append(&uri, (const char *)c, 1);
		else
			buffer_printf(&uri, "%%%02X", *c);
	}
	buffer_append(&uri, "", 0);
	if (buffer_failed(&uri)) {
		buffer_free(&uri);
		return NULL;
	}
	return uri.data;
}

static json_t *location(const char *path, const am_position *start,
                        const am_position *end)
{
	char *uri = format_sarif_uri(path);
	json_t *artifact = uri ? json_pack("{s:s}", "uri", uri) : NULL;
	json_t *physical;

	free(uri);
	if (!start)
		physical = json_pack("{s:o}", "artifactLocation", artifact);
	else
		physical = json_pack("{s:o, s:{s:I, s:I, s:I, s:I}}",
		                     "artifactLocation", artifact, "region",
		                     "startLine", (json_int_t)start->line,
		                     "startColumn", (json_int_t)start->column,
		                     "endLine", (json_int_t)end->line,
		                     "endColumn", (json_int_t)end->column);
	return json_pack("{s:o}", "physicalLocation", physical);
}

static json_int_t rule_index(const char *code)
{
	const am_rule_info *rule = am_rule_find(code);
	size_t i;

	for (i = 0; rule && i < am_rule_count(); i++) {
		if (am_rule_at(i) == rule)
			return (json_int_t)i;
	}
	return -1;
}

/* A replacement: the region of the file it deletes (lines and columns, and
 * the bytes), and the text it puts there. */
static json_t *replacement(const am_position *start, const am_position *end,
                           const char *text, size_t len)
{
	return json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:s%}}",
	                 "deletedRegion", "startLine", (json_int_t)start->line,
	                 "startColumn", (json_int_t)start->column, "endLine",
	                 (json_int_t)end->line, "endColumn",
	                 (json_int_t)end->column, "byteOffset",
	                 (json_int_t)start->byte, "byteLength",
	                 (json_int_t)(end->byte - start->byte),
	                 "insertedContent", "text", text, len);
}

/* The result's fix (SARIF `fixes`): its edits on the file the result's
 * region is in, or NULL when it has none. */
static json_t *fixes(const char *path, const am_diagnostic *diagnostic,
                     am_coordinates coordinates)
{
	size_t count = am_diagnostic_fix_edit_count(diagnostic, coordinates);
	json_t *replacements = count ? json_array() : NULL;
	char *uri = count ? format_sarif_uri(path) : NULL;
	size_t i;

	for (i = 0; replacements && i < count; i++) {
		am_position start, end;
		const char *text;
		size_t len;

		am_diagnostic_fix_edit(diagnostic, coordinates, i, &start, &end,
		                       &text, &len);
		if (json_array_append_new(
		            replacements,
		            replacement(&start, &end, text, len)) != 0) {
			json_decref(replacements);
			replacements = NULL;
		}
	}
	json_t *fix = NULL;
	if (replacements && uri) /* json_pack takes `replacements` over */
		fix = json_pack("[{s:{s:s}, s:[{s:{s:s}, s:o}]}]",
		                "description", "text",
		                am_diagnostic_message(diagnostic),
		                "artifactChanges", "artifactLocation", "uri",
		                uri, "replacements", replacements);
	else
		json_decref(replacements);
	free(uri);
	return fix;
}

static json_t *result_object(const char *path, const am_diagnostic *diagnostic,
                             enum report_selection selection)
{
	am_position start, end;
	const char *code = am_diagnostic_code(diagnostic);
	am_coordinates coordinates =
	        selection == REPORT_LEFT_IN_OUTPUT ? AM_OUTPUT : AM_INPUT;
	am_applicability applicability =
	        am_diagnostic_applicability(diagnostic);
	json_t *result, *fix;

	am_diagnostic_range(diagnostic, coordinates, &start, &end);
	result = json_pack(
	        "{s:s, s:s, s:{s:s}, s:[o], s:{s:b, s:o}}", "ruleId", code,
	        "level", "error", "message", "text",
	        am_diagnostic_message(diagnostic), "locations",
	        location(path, &start, &end), "properties", "fixable",
	        am_diagnostic_fixed(diagnostic), "applicability",
	        applicability == AM_FIX_SAFE     ? json_string("safe")
	        : applicability == AM_FIX_UNSAFE ? json_string("unsafe")
	                                         : json_null());
	if (result && rule_index(code) >= 0)
		json_object_set_new(result, "ruleIndex",
		                    json_integer(rule_index(code)));
	fix = result ? fixes(path, diagnostic, coordinates) : NULL;
	if (fix)
		json_object_set_new(result, "fixes", fix);
	return result;
}

json_t *format_sarif_results(const char *path, const am_result *result,
                             enum report_selection selection)
{
	size_t count = am_result_diagnostic_count(result);
	json_t *results = json_array();
	size_t i;

	for (i = 0; results && i < count; i++) {
		const am_diagnostic *diagnostic =
		        am_result_diagnostic(result, i);

		if (!report_selects(diagnostic, selection))
			continue;
		if (json_array_append_new(
		            results,
		            result_object(path, diagnostic, selection)) != 0) {
			json_decref(results);
			return NULL;
		}
	}
	return results;
}

static json_t *rule_object(const am_rule_info *rule)
{
	const char *doc = am_rule_doc(rule);

	const char *safety = am_rule_fix_safety(rule);

	return json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s, s:s}, "
	                 "s:{s:s}, s:{s:s, s:o}}",
	                 "id", am_rule_code(rule), "name", am_rule_name(rule),
	                 "shortDescription", "text", am_rule_summary(rule),
	                 "fullDescription", "text", doc, "help", "text", doc,
	                 "markdown", doc, "defaultConfiguration", "level",
	                 "error", "properties", "fix", am_rule_fix_kind(rule),
	                 "fixSafety",
	                 safety ? json_string(safety) : json_null());
}

static json_t *rule_objects(void)
{
	json_t *rules = json_array();
	size_t i;

	for (i = 0; rules && i < am_rule_count(); i++) {
		if (json_array_append_new(rules, rule_object(am_rule_at(i))) !=
		    0) {
			json_decref(rules);
			return NULL;
		}
	}
	return rules;
}

/* An error ({"path", "message"}, and "line" and "column" when it has a
 * place) as a notification of the invocation. */
static json_t *notification(json_t *error)
{
	const char *path = json_string_value(json_object_get(error, "path"));
	const char *message =
	        json_string_value(json_object_get(error, "message"));
	json_int_t line = json_integer_value(json_object_get(error, "line"));
	am_position at = {0, (unsigned int)line,
	                  (unsigned int)json_integer_value(
	                          json_object_get(error, "column"))};

	return json_pack("{s:s, s:{s:s}, s:[o]}", "level", "error", "message",
	                 "text", message ? message : "", "locations",
	                 location(path ? path : "", line > 0 ? &at : NULL,
	                          line > 0 ? &at : NULL));
}

static json_t *invocation(json_t *errors)
{
	json_t *notifications = json_array();
	size_t i;
	json_t *error;

	json_array_foreach(errors, i, error)
	{
		if (json_array_append_new(notifications, notification(error)) !=
		    0)
			break;
	}
	return json_pack("{s:b, s:o}", "executionSuccessful",
	                 json_array_size(errors) == 0,
	                 "toolExecutionNotifications", notifications);
}

json_t *format_sarif_document(json_t *results, json_t *errors)
{
	json_t *log = json_pack(
	        "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:s, s:o, s:[o]}]}",
	        "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs", "tool",
	        "driver", "name", "migrate_to_anyio", "version",
	        AM_VERSION_STRING, "rules", rule_objects(), "columnKind",
	        "unicodeCodePoints", "results", results, "invocations",
	        invocation(errors));

	json_decref(errors);
	return log;
}
