#include "sink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sink_open(struct sink *sink, const struct cli_options *options)
{
	struct run_totals zero = RUN_TOTALS_INIT;

	sink->options = options;
	sink->totals = zero;
	sink->has_document = options->format == FORMAT_JSON ||
	                     options->format == FORMAT_SARIF;
	sink->progress.enabled = 0;
	sink->progress.shown = 0;
	sink->fatal = 0;
	sink->has_statistics = options->statistics;
	if (sink->has_statistics && statistics_init(&sink->statistics) != 0) {
		sink->has_statistics = 0;
		sink_run_error(sink, "out of memory");
		return -1;
	}
	if (sink->has_document &&
	    document_init(&sink->document, options->format) != 0) {
		sink->has_document = 0;
		sink_run_error(sink, "out of memory");
		return -1;
	}
	return 0;
}

void sink_file(struct sink *sink, const char *path,
               struct file_outcome *outcome)
{
	if (outcome->out.len > 0 || outcome->err.len > 0)
		progress_clear(&sink->progress);
	buffer_write(&outcome->out, stdout);
	fflush(stdout);
	buffer_write(&outcome->err, stderr);
	if (sink->has_document) {
		if (outcome->entries)
			document_add_entries(&sink->document, outcome->entries);
		if (outcome->edits)
			document_add_edits(&sink->document, outcome->edits);
		if (outcome->error)
			document_add_error(&sink->document, path,
			                   outcome->error, outcome->error_at);
		outcome->entries = NULL;
		outcome->edits = NULL;
	}
	if (sink->has_statistics)
		statistics_add(&sink->statistics, path, &outcome->tally);
	report_count_file(&sink->totals, &outcome->counts, sink->options->mode);
}

void sink_excluded(struct sink *sink, const char *path, char *message)
{
	progress_clear(&sink->progress);
	fprintf(stderr, "%s: note: %s\n", path,
	        message ? message : "not checked (--force-exclude)");
	free(message);
	sink->totals.files_excluded++;
}

void sink_walk_item(struct sink *sink, const struct walk_item *item)
{
	const char *kind = item->kind == WALK_ERROR ? "error" : "warning";
	am_position nowhere = {0, 0, 0};

	if (item->kind == WALK_EXCLUDED) {
		sink_excluded(sink, item->path, strdup(item->message));
		return;
	}
	progress_clear(&sink->progress);
	fprintf(stderr, "%s: %s: %s\n", item->path, kind, item->message);
	if (item->kind != WALK_ERROR)
		return;
	if (sink->has_document)
		document_add_error(&sink->document, item->path, item->message,
		                   nowhere);
	report_count_error(&sink->totals, FAILURE_READ);
}

void sink_run_error(struct sink *sink, const char *message)
{
	progress_clear(&sink->progress);
	fprintf(stderr, "migrate_to_anyio: error: %s\n", message);
	report_count_error(&sink->totals, FAILURE_READ);
}

void sink_fatal_error(struct sink *sink, const char *message)
{
	sink_run_error(sink, message);
	sink->fatal = 1;
}

/* Output that could not be written is an error like any other. */
static void check_stdout(struct sink *sink)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return;
	sink_run_error(sink, "cannot write to standard output");
}

/* The files --statistics names, at most. */
#define STATISTICS_TOP_FILES 10

int sink_close(struct sink *sink)
{
	progress_clear(&sink->progress);
	if (sink->has_statistics && sink->statistics.failed)
		sink_run_error(sink, "out of memory");
	if (sink->has_statistics && sink->has_document)
		document_add_statistics(&sink->document,
		                        statistics_json(&sink->statistics,
		                                        STATISTICS_TOP_FILES));
	else if (sink->has_statistics && !sink->fatal)
		statistics_print(&sink->statistics, stdout,
		                 STATISTICS_TOP_FILES);
	if (sink->has_statistics)
		statistics_free(&sink->statistics);
	if (sink->has_document && !sink->fatal &&
	    document_print(&sink->document, stdout, &sink->totals,
	                   sink->options) != 0)
		sink_run_error(sink, "out of memory");
	if (sink->has_document)
		document_free(&sink->document);
	check_stdout(sink);
	if (!sink->options->quiet && !sink->fatal)
		report_summary(stderr, &sink->totals, sink->options);
	return report_exit_status(&sink->totals, sink->options->mode);
}
