#define _GNU_SOURCE /* memmem */

#include "process.h"
#include "apply.h"
#include "diff.h"
#include "format_github.h"
#include "format_json.h"
#include "format_sarif.h"
#include "paths.h"
#include "source_file.h"
#include "test_hook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An error at a place in the file (line 0: none) reads "PATH:LINE:COL:
 * error: ...", so that editors jump to it. */
static void report_failure_at(struct file_outcome *outcome, const char *path,
                              am_position at, const char *message,
                              enum file_failure kind)
{
	if (at.line > 0)
		buffer_printf(&outcome->err, "%s:%u:%u: error: %s\n", path,
		              at.line, at.column, message);
	else
		buffer_printf(&outcome->err, "%s: error: %s\n", path, message);
	free(outcome->error);
	outcome->error = strdup(message);
	outcome->error_at = at;
	if (!outcome->error)
		outcome->err.failed = 1;
	outcome->counts.failed = kind;
}

static void report_failure(struct file_outcome *outcome, const char *path,
                           const char *message, enum file_failure kind)
{
	am_position nowhere = {0, 0, 0};

	report_failure_at(outcome, path, nowhere, message, kind);
}

/* Returns the result, or NULL after reporting why there is none. */
static am_result *migrate(const struct process_context *context,
                          const char *path, const struct source_file *source,
                          struct file_outcome *outcome)
{
	am_result *result = NULL;
	am_position at = {0, 0, 0};
	int status;
	const char *message;

	status = am_migrate(context->engine, source->bytes, source->len,
	                    context->rules, &result);
	if (status == AM_OK)
		return result;
	message = result ? am_result_error_at(result, &at) : NULL;
	report_failure_at(outcome, path, at,
	                  message ? message : am_status_string(status),
	                  FAILURE_READ);
	am_result_free(result);
	return NULL;
}

static void count_result(struct file_outcome *outcome, const am_result *result)
{
	size_t count = am_result_diagnostic_count(result);
	size_t i;

	outcome->counts.changed = am_result_changed(result) ? 1 : 0;
	outcome->counts.edits = am_result_edit_count(result);
	outcome->counts.queue_compat_left = am_result_queue_compat_left(result);
	for (i = 0; i < count; i++) {
		const am_diagnostic *d = am_result_diagnostic(result, i);
		int unsafe = am_diagnostic_applicability(d) == AM_FIX_UNSAFE;

		if (am_diagnostic_fixed(d)) {
			outcome->counts.fixed++;
			outcome->counts.unsafe += (size_t)unsafe;
		} else if (unsafe) {
			outcome->counts.held++;
		} else {
			outcome->counts.unfixed++;
		}
	}
}

/* The diagnostics in the chosen format; json and sarif keep them aside. */
static void report_result(const struct process_context *context,
                          const char *path, const am_result *result,
                          enum report_selection selection,
                          struct file_outcome *outcome)
{
	if (context->options->statistics &&
	    file_tally_count(&outcome->tally, result,
	                     outcome->counts.refused) != 0)
		outcome->out.failed = 1;
	switch (context->options->format) {
	case FORMAT_TEXT:
		/* --statistics: the table at the end is the report. */
		if (context->options->statistics)
			break;
		/* --check's diagnostics are its report: stdout, as a linter's
		 * (`--check src > report.txt`); beside a diff or a write, they
		 * are remarks on it: stderr. */
		report_diagnostics(context->options->mode == MODE_CHECK
		                           ? &outcome->out
		                           : &outcome->err,
		                   path, result, selection);
		break;
	case FORMAT_GITHUB:
		format_github_diagnostics(&outcome->out, path, result,
		                          selection);
		break;
	case FORMAT_JSON:
		outcome->entries =
		        format_json_diagnostics(path, result, selection);
		/* A refused file has no edits: nothing was written. */
		if (am_result_changed(result) && !outcome->counts.refused)
			outcome->edits = format_json_edits(path, result);
		if (!outcome->entries ||
		    (am_result_changed(result) && !outcome->counts.refused &&
		     !outcome->edits))
			outcome->out.failed = 1;
		break;
	case FORMAT_SARIF:
		outcome->entries =
		        format_sarif_results(path, result, selection);
		if (!outcome->entries)
			outcome->out.failed = 1;
		break;
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
		               why ? why : "cannot make the diff",
		               FAILURE_READ);
		free(why);
	}
}

static void refuse_uncommitted(struct file_outcome *outcome, const char *path,
                               const char *uncommitted)
{
	struct buffer message = BUFFER_INIT;

	buffer_printf(&message,
	              "not committed to git (%s): commit or stash it first, "
	              "or use --allow-dirty",
	              uncommitted);
	report_failure(outcome, path,
	               message.data ? message.data : strerror(ENOMEM),
	               FAILURE_UNCOMMITTED);
	buffer_free(&message);
}

static void write_result(const struct process_context *context,
                         const char *path, const struct source_file *source,
                         const am_result *result, struct file_outcome *outcome)
{
	struct apply_original original = {source->bytes, source->len,
	                                  &source->read_as};
	struct apply_bytes migrated;
	struct buffer why = BUFFER_INIT;
	int status;

	migrated.bytes = am_result_text(result, &migrated.len);
	if (!source->path) { /* a file to make: nothing to back up */
		status = apply_new_file(path, migrated.bytes, migrated.len) == 0
		                 ? APPLY_OK
		                 : APPLY_FAILED;
		if (status != APPLY_OK)
			buffer_printf(&why, "%s", strerror(errno));
	} else {
		status = apply_file(source->path, original, migrated,
		                    context->backup, &why);
	}
	if (status != APPLY_OK)
		report_failure(outcome, path,
		               why.data ? why.data : strerror(ENOMEM),
		               status == APPLY_BACKUP_EXISTS ? FAILURE_BACKUP
		                                             : FAILURE_WRITE);
	else if (context->options->show_diff)
		show_diff(context, path, source, result, outcome);
	buffer_free(&why);
}

/* A file --apply does not write stays as it was read: its uses are
 * reported there, each one left (the [*] ones fixable once it is no
 * longer refused). */
static void finish_apply(const struct process_context *context,
                         const char *path, const char *uncommitted,
                         const struct source_file *source,
                         const am_result *result, struct file_outcome *outcome)
{
	if (outcome->counts.changed && uncommitted)
		refuse_uncommitted(outcome, path, uncommitted);
	else if (outcome->counts.changed)
		write_result(context, path, source, result, outcome);
	if (outcome->counts.failed == FAILURE_NONE) {
		report_result(context, path, result, REPORT_LEFT_IN_OUTPUT,
		              outcome);
		return;
	}
	outcome->counts.refused = 1;
	outcome->counts.changed = 0;
	report_result(context, path, result, REPORT_ALL_IN_INPUT, outcome);
}

/* The sink for one file's result, as chosen by the mode. */
static void finish_file(const struct process_context *context, const char *path,
                        const char *uncommitted,
                        const struct source_file *source,
                        const am_result *result, struct file_outcome *outcome)
{
	int text = context->options->format == FORMAT_TEXT;

	switch (context->options->mode) {
	case MODE_CHECK:
		report_result(context, path, result, REPORT_ALL_IN_INPUT,
		              outcome);
		break;
	case MODE_APPLY:
		finish_apply(context, path, uncommitted, source, result,
		             outcome);
		break;
	case MODE_DIFF:
		/* Without text, or with --statistics, the report says it all:
		 * no diff. */
		if (text && !context->options->statistics &&
		    outcome->counts.changed)
			show_diff(context, path, source, result, outcome);
		report_result(context, path, result,
		              text ? REPORT_LEFT_IN_INPUT : REPORT_ALL_IN_INPUT,
		              outcome);
		break;
	}
}

/* After an allocation failure the outcome holds only that error. */
static void check_memory(struct file_outcome *outcome, const char *path)
{
	if (!buffer_failed(&outcome->out) && !buffer_failed(&outcome->err))
		return;
	file_outcome_free(outcome);
	report_failure(outcome, path, strerror(ENOMEM), FAILURE_READ);
}

/* `path`'s file, a symbolic link followed only inside `tree`. */
static int read_source(const char *path, const char *tree,
                       struct source_file *source, struct file_outcome *outcome)
{
	struct buffer message = BUFFER_INIT;
	char *target = NULL;
	int error;

	test_hook("before-read", path);
	error = path_resolve_in_tree(path, tree, &target);
	if (error == PATH_OUTSIDE_TREE) {
		buffer_printf(&message,
		              "a symbolic link to %s, outside %s: not followed",
		              target, tree ? tree : "the tree");
	} else if (error) {
		buffer_append_string(&message, source_file_error(error));
	} else if ((error = source_file_read(target, 0, source)) != 0) {
		buffer_append_string(&message, source_file_error(error));
	}
	if (error)
		report_failure(outcome, path,
		               message.data ? message.data : strerror(ENOMEM),
		               FAILURE_READ);
	buffer_free(&message);
	free(target);
	return error;
}

void process_file(const struct process_context *context, const char *path,
                  const char *tree, const char *uncommitted,
                  struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT;
	am_result *result;

	if (read_source(path, tree, &source, outcome) != 0)
		return;
	result = migrate(context, path, &source, outcome);
	if (result) {
		count_result(outcome, result);
		finish_file(context, path, uncommitted, &source, result,
		            outcome);
		am_result_free(result);
	}
	source_file_free(&source);
	check_memory(outcome, path);
}

void process_new_file(const struct process_context *context, const char *path,
                      struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT; /* no bytes, no path */
	am_result *result;

	source.bytes = "";
	result = migrate(context, path, &source, outcome);
	if (result) {
		count_result(outcome, result);
		finish_file(context, path, NULL, &source, result, outcome);
		am_result_free(result);
	}
	check_memory(outcome, path);
}

void process_pytest_line(const struct process_context *context,
                         const char *path, const char *real, size_t start,
                         size_t end, const char *kept, const char *uncommitted,
                         struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT;
	am_result *result = NULL;
	int error = source_file_read(real, 0, &source);
	int status;

	if (error) {
		report_failure(outcome, path, source_file_error(error),
		               FAILURE_READ);
		return;
	}
	/* The line is where the project saw it, or the file changed since. */
	if (end > source.len || end - start < 12 ||
	    (memcmp(source.bytes + start, "asyncio_mode", 12) != 0 &&
	     memcmp(source.bytes + start, "addopts", 7) != 0)) {
		report_failure(outcome, path, "changed while it was read",
		               FAILURE_READ);
		source_file_free(&source);
		return;
	}
	status = am_migrate_pytest_line(source.bytes, source.len, start, end,
	                                context->rules, kept, &result);
	if (status != AM_OK) {
		report_failure(outcome, path, am_status_string(status),
		               FAILURE_READ);
	} else {
		count_result(outcome, result);
		finish_file(context, path, uncommitted, &source, result,
		            outcome);
	}
	am_result_free(result);
	source_file_free(&source);
	check_memory(outcome, path);
}

void process_stdin(const struct process_context *context,
                   struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT;
	const char *name = context->stdin_name;
	int check = context->options->mode == MODE_CHECK;
	am_result *result;
	int error = source_file_read_fd(STDIN_FILENO, &source);
	const char *text;
	size_t len;

	if (error) {
		report_failure(outcome, name, source_file_error(error),
		               FAILURE_READ);
		return;
	}
	result = migrate(context, name, &source, outcome);
	if (!result) {
		if (!check)
			buffer_append(&outcome->out, source.bytes, source.len);
	} else {
		count_result(outcome, result);
		text = am_result_text(result, &len);
		if (!check)
			buffer_append(&outcome->out, text, len);
		/* Positions in the input: its sender holds that text. */
		report_result(context, name, result,
		              check ? REPORT_ALL_IN_INPUT
		                    : REPORT_LEFT_IN_INPUT,
		              outcome);
		am_result_free(result);
	}
	source_file_free(&source);
	check_memory(outcome, name);
}

void process_stdin_excluded(const struct process_context *context,
                            struct file_outcome *outcome)
{
	struct source_file source = SOURCE_FILE_INIT;
	int error = source_file_read_fd(STDIN_FILENO, &source);

	if (error) {
		report_failure(outcome, context->stdin_name,
		               source_file_error(error), FAILURE_READ);
		return;
	}
	if (context->options->mode != MODE_CHECK)
		buffer_append(&outcome->out, source.bytes, source.len);
	source_file_free(&source);
	check_memory(outcome, context->stdin_name);
}

void file_outcome_free(struct file_outcome *outcome)
{
	buffer_free(&outcome->out);
	buffer_free(&outcome->err);
	json_decref(outcome->entries);
	json_decref(outcome->edits);
	file_tally_free(&outcome->tally);
	free(outcome->error);
	outcome->entries = NULL;
	outcome->edits = NULL;
	outcome->error = NULL;
	memset(&outcome->counts, 0, sizeof(outcome->counts));
}
