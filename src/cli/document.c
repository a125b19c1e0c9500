#include "document.h"
#include "format_json.h"
#include "format_sarif.h"

int document_init(struct document *document, enum cli_format format)
{
	document->format = format;
	document->entries = json_array();
	document->files = json_array();
	document->errors = json_array();
	document->statistics = NULL;
	document->failed =
	        !document->entries || !document->files || !document->errors;
	return document->failed ? -1 : 0;
}

void document_add_entries(struct document *document, json_t *entries)
{
	if (!entries || json_array_extend(document->entries, entries) != 0)
		document->failed = 1;
	json_decref(entries);
}

void document_add_edits(struct document *document, json_t *edits)
{
	if (json_array_append_new(document->files, edits) != 0)
		document->failed = 1;
}

void document_add_error(struct document *document, const char *path,
                        const char *message, am_position at)
{
	json_t *error = at.line > 0
	                        ? json_pack("{s:s, s:s, s:I, s:I, s:I}", "path",
	                                    path, "message", message, "line",
	                                    (json_int_t)at.line, "column",
	                                    (json_int_t)at.column, "byte",
	                                    (json_int_t)at.byte)
	                        : json_pack("{s:s, s:s}", "path", path,
	                                    "message", message);

	if (json_array_append_new(document->errors, error) != 0)
		document->failed = 1;
}

void document_add_statistics(struct document *document, json_t *statistics)
{
	if (!statistics)
		document->failed = 1;
	json_decref(document->statistics);
	document->statistics = statistics;
}

int document_print(struct document *document, FILE *stream,
                   const struct run_totals *totals,
                   const struct cli_options *options)
{
	json_t *whole;
	int status = -1;

	if (document->format == FORMAT_SARIF)
		whole = format_sarif_document(document->entries,
		                              document->errors);
	else
		whole = format_json_document(document->entries,
		                             json_incref(document->files),
		                             document->errors, totals, options);
	json_decref(document->files);
	document->files = NULL;
	document->entries = NULL;
	document->errors = NULL;
	if (whole && document->statistics &&
	    json_object_set(whole, "statistics", document->statistics) != 0)
		document->failed = 1;
	if (whole && !document->failed &&
	    json_dumpf(whole, stream, JSON_INDENT(2)) == 0) {
		fputc('\n', stream);
		status = 0;
	}
	json_decref(whole);
	return status;
}

void document_free(struct document *document)
{
	json_decref(document->statistics);
	document->statistics = NULL;
	json_decref(document->entries);
	json_decref(document->files);
	json_decref(document->errors);
	document->entries = NULL;
	document->files = NULL;
	document->errors = NULL;
}
