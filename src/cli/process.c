#include "process.h"
#include "apply.h"
#include "diff.h"
#include "source_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STDIN_NAME "<stdin>"

static void report_failure(struct file_outcome *outcome, const char *path,
                           const char *message)
{
	buffer_printf(&outcome->err, "%s: error: %s\n", path, message);
	outcome->counts.failed = 1;
}

/* Returns the result, or NULL after reporting why there is none. */
static am_result *migrate(const struct process_context *context,
                          const char *path, const struct source_file *source,
                          struct file_outcome *outcome)
{
	am_options options = AM_OPTIONS_INIT;
	am_result *result = NULL;
	int status = am_migrate(context->engine, source->bytes, source->len,
	                        &options, &result);
	const char *message;

	if (status == AM_OK)
		return result;
	message = result ? am_result_error(result) : NULL;
	report_failure(outcome, path,
	               message ? message : am_status_string(status));
	am_result_free(result);
	return NULL;
}

static void count_result(struct file_outcome *outcome, const am_result *result)
{
	size_t count = am_result_diagnostic_count(result);
	size_t i;

	outcome->counts.changed = am_result_changed(result) ? 1 : 0;
	outcome->counts.edits = am_result_edit_count(result);
	for (i = 0; i < count; i++) {
		if (am_diagnostic_fixed(am_result_diagnostic(result, i)))
			outcome->counts.fixed++;
		else
			outcome->counts.unfixed++;
	}
}

static void show_diff(const struct process_context *context, const char *path,
                      const struct source_file *source, const am_result *result,
                      struct file_outcome *outcome)
{
	struct diff_text before = {source->bytes, source->len};
	struct diff_text after;
	char *why = NULL;

	after.bytes = am_result_text(result, &after.len);
	if (diff_render(path, before, after, context->colour, &outcome->out,
	                &why) != 0) {
		report_failure(outcome, path,
		               why ? why : "cannot make the diff");
		free(why);
	}
}

static void write_result(const struct process_context *context,
                         const char *path, const struct source_file *source,
                         const am_result *result, struct file_outcome *outcome)
{
	struct apply_bytes original = {source->bytes, source->len};
	struct apply_bytes migrated;

	migrated.bytes = am_result_text(result, &migrated.len);
	if (apply_file(path, original, migrated, context->options->backup,
	               &outcome->err) != 0)
		outcome->counts.failed = 1;
}

/* The sink for one file's result, as chosen by the mode. */
static void finish_file(const struct process_context *context, const char *path,
                        const struct source_file *source,
                        const am_result *result, struct file_outcome *outcome)
{
	switch (context->options->mode) {
	case MODE_CHECK:
		report_diagnostics(&outcome->err, path, result,
		                   REPORT_ALL_IN_INPUT);
		break;
	case MODE_APPLY:
		if (outcome->counts.changed)
			write_result(context, path, source, result, outcome);
		if (!outcome->counts.failed)
			report_diagnostics(&outcome->err, path, result,
			                   REPORT_LEFT_IN_OUTPUT);
		break;
	case MODE_DIFF:
		if (outcome->counts.changed)
			show_diff(context, path, source, result, outcome);
		report_diagnostics(&outcome->err, path, result,
		                   REPORT_LEFT_IN_INPUT);
		break;
	}
}

/* After an allocation failure the outcome holds only that error. */
static void check_memory(struct file_outcome *outcome, const char *path)
{
	if (!buffer_failed(&outcome->out) && !buffer_failed(&outcome->err))
		return;
	file_outcome_free(outcome);
	report_failure(outcome, path, strerror(ENOMEM));
}

void process_file(const struct process_context *context, const char *path,
                  struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT;
	am_result *result;
	int error = source_file_read(path, &source);

	if (error) {
		report_failure(outcome, path, strerror(error));
		return;
	}
	result = migrate(context, path, &source, outcome);
	if (result) {
		count_result(outcome, result);
		finish_file(context, path, &source, result, outcome);
		am_result_free(result);
	}
	source_file_free(&source);
	check_memory(outcome, path);
}

void process_stdin(const struct process_context *context,
                   struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT;
	int check = context->options->mode == MODE_CHECK;
	am_result *result;
	int error = source_file_read_fd(STDIN_FILENO, &source);
	const char *text;
	size_t len;

	if (error) {
		report_failure(outcome, STDIN_NAME, strerror(error));
		return;
	}
	result = migrate(context, STDIN_NAME, &source, outcome);
	if (!result) {
		if (!check)
			buffer_append(&outcome->out, source.bytes, source.len);
	} else {
		count_result(outcome, result);
		text = am_result_text(result, &len);
		if (!check)
			buffer_append(&outcome->out, text, len);
		report_diagnostics(&outcome->err, STDIN_NAME, result,
		                   check ? REPORT_ALL_IN_INPUT
		                         : REPORT_LEFT_IN_OUTPUT);
		am_result_free(result);
	}
	source_file_free(&source);
	check_memory(outcome, STDIN_NAME);
}

void file_outcome_free(struct file_outcome *outcome)
{
	buffer_free(&outcome->out);
	buffer_free(&outcome->err);
	memset(&outcome->counts, 0, sizeof(outcome->counts));
}
