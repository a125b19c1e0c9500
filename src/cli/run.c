#include "run.h"
#include "walk.h"

#include <stdio.h>

/* stdout first, so a terminal shows a file's diff before its diagnostics. */
static void print_outcome(const struct file_outcome *outcome)
{
	buffer_write(&outcome->out, stdout);
	fflush(stdout);
	buffer_write(&outcome->err, stderr);
}

static void run_item(const struct process_context *context,
                     const struct walk_item *item, struct run_totals *totals)
{
	struct file_outcome outcome = FILE_OUTCOME_INIT;

	switch (item->kind) {
	case WALK_FILE:
		process_file(context, item->path, &outcome);
		print_outcome(&outcome);
		report_count_file(totals, &outcome.counts,
		                  context->options->mode);
		file_outcome_free(&outcome);
		break;
	case WALK_ERROR:
		fprintf(stderr, "%s: error: %s\n", item->path, item->message);
		report_count_error(totals);
		break;
	case WALK_WARNING:
		fprintf(stderr, "%s: warning: %s\n", item->path, item->message);
		break;
	}
}

void run_paths(const struct process_context *context, struct run_totals *totals)
{
	const struct cli_options *options = context->options;
	size_t i, j;

	for (i = 0; i < options->path_count; i++) {
		struct walk_list found = WALK_LIST_INIT;

		if (walk_path(options->paths[i], &found) != 0) {
			fprintf(stderr, "%s: error: out of memory\n",
			        options->paths[i]);
			report_count_error(totals);
			walk_list_free(&found);
			return;
		}
		for (j = 0; j < found.count; j++)
			run_item(context, &found.items[j], totals);
		walk_list_free(&found);
	}
}

void run_stdin(const struct process_context *context, struct run_totals *totals)
{
	struct file_outcome outcome = FILE_OUTCOME_INIT;

	process_stdin(context, &outcome);
	print_outcome(&outcome);
	report_count_file(totals, &outcome.counts, context->options->mode);
	file_outcome_free(&outcome);
}
