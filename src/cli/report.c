#include "report.h"

static const char *plural(size_t count)
{
	return count == 1 ? "" : "s";
}

int report_selects(const am_diagnostic *diagnostic,
                   enum report_selection selection)
{
	return selection == REPORT_ALL_IN_INPUT ||
	       !am_diagnostic_fixed(diagnostic) ||
	       am_diagnostic_applicability(diagnostic) == AM_FIX_UNSAFE;
}

const char *report_mark(const am_diagnostic *diagnostic)
{
	int unsafe = am_diagnostic_applicability(diagnostic) == AM_FIX_UNSAFE;

	if (am_diagnostic_fixed(diagnostic))
		return unsafe ? "[*unsafe]" : "[*]";
	return unsafe ? "[unsafe]" : NULL;
}

static void report_diagnostic(struct buffer *out, const char *path,
                              const am_diagnostic *diagnostic,
                              enum report_selection selection)
{
	am_position start, end;
	const char *mark = report_mark(diagnostic);

	am_diagnostic_range(diagnostic,
	                    selection == REPORT_LEFT_IN_OUTPUT ? AM_OUTPUT
	                                                       : AM_INPUT,
	                    &start, &end);
	/* PATH:LINE:COLUMN: CODE [MARK] MESSAGE, appended piece by piece: a
	 * run reports thousands of them. */
	buffer_append_string(out, path);
	buffer_append(out, ":", 1);
	buffer_append_unsigned(out, start.line);
	buffer_append(out, ":", 1);
	buffer_append_unsigned(out, start.column);
	buffer_append(out, ": ", 2);
	buffer_append_string(out, am_diagnostic_code(diagnostic));
	if (mark) {
		buffer_append(out, " ", 1);
		buffer_append_string(out, mark);
	}
	buffer_append(out, " ", 1);
	buffer_append_string(out, am_diagnostic_message(diagnostic));
	buffer_append(out, "\n", 1);
}

void report_diagnostics(struct buffer *out, const char *path,
                        const am_result *result,
                        enum report_selection selection)
{
	size_t count = am_result_diagnostic_count(result);
	size_t i;

	for (i = 0; i < count; i++) {
		const am_diagnostic *diagnostic =
		        am_result_diagnostic(result, i);

		if (report_selects(diagnostic, selection))
			report_diagnostic(out, path, diagnostic, selection);
	}
}

void report_count_file(struct run_totals *totals,
                       const struct file_counts *file, enum cli_mode mode)
{
	size_t uses = file->fixed + file->unfixed + file->held;

	(void)mode;
	totals->queue_compat_left += file->queue_compat_left;
	if (file->failed != FAILURE_NONE) {
		report_count_error(totals, file->failed);
		if (!file->refused)
			return;
		/* A refused file stays as it was: all its uses are left. */
		totals->uses += uses;
		totals->uses_left += uses;
		totals->uses_in_refused += uses;
		return;
	}
	totals->files_checked++;
	if (file->changed) {
		totals->files_changed++;
		totals->edits += file->edits;
	}
	totals->uses += uses;
	totals->fixable += file->fixed;
	totals->unsafe_fixed += file->unsafe;
	totals->uses_left += file->unfixed + file->held;
	totals->by_hand += file->unfixed;
	totals->unsafe_held += file->held;
	if (uses > 0)
		totals->files_with_uses++;
	if (file->unfixed + file->held > 0)
		totals->files_with_left++;
}

void report_count_error(struct run_totals *totals, enum file_failure kind)
{
	totals->errors++;
	totals->failures[kind]++;
}

static void summary_check(FILE *stream, const struct run_totals *totals)
{
	fprintf(stream, "%zu asyncio use%s left (%zu fixable with --apply",
	        totals->uses, plural(totals->uses), totals->fixable);
	if (totals->unsafe_fixed > 0)
		fprintf(stream, ", %zu of them unsafe", totals->unsafe_fixed);
	if (totals->unsafe_held > 0)
		fprintf(stream, ", %zu more with --unsafe-fixes",
		        totals->unsafe_held);
	fprintf(stream, ") in %zu of %zu file%s", totals->files_with_uses,
	        totals->files_checked, plural(totals->files_checked));
}

static void summary_changes(FILE *stream, const struct run_totals *totals,
                            const char *verb)
{
	fprintf(stream, "%zu file%s %s (%zu edit%s", totals->files_changed,
	        plural(totals->files_changed), verb, totals->edits,
	        plural(totals->edits));
	if (totals->unsafe_fixed > 0)
		fprintf(stream, ", %zu unsafe fix%s", totals->unsafe_fixed,
		        totals->unsafe_fixed == 1 ? "" : "es");
	fprintf(stream, "), %zu use%s left to migrate by hand", totals->by_hand,
	        plural(totals->by_hand));
	if (totals->unsafe_held > 0)
		fprintf(stream, " and %zu unsafe fix%s left for --unsafe-fixes",
		        totals->unsafe_held,
		        totals->unsafe_held == 1 ? "" : "es");
	if (totals->files_with_left > 0)
		fprintf(stream, " in %zu file%s", totals->files_with_left,
		        plural(totals->files_with_left));
}

static void summary_errors(FILE *stream, const struct run_totals *totals)
{
	if (totals->errors > 0)
		fprintf(stream, ", %zu error%s", totals->errors,
		        plural(totals->errors));
}

static void summary_refusals(FILE *stream, const struct run_totals *totals)
{
	static const char *const why[FAILURE_KINDS] = {
	        NULL, "that could not be read or parsed", "whose .bak exists",
	        "not committed to git", "that could not be written"};
	const char *separator = ": ";
	int kind;

	fprintf(stream, ", %zu file%s refused", totals->errors,
	        plural(totals->errors));
	if (totals->uses_in_refused > 0)
		fprintf(stream, " (%zu use%s left in %s)",
		        totals->uses_in_refused,
		        plural(totals->uses_in_refused),
		        totals->errors == 1 ? "it" : "them");
	for (kind = FAILURE_NONE + 1; kind < FAILURE_KINDS; kind++) {
		if (totals->failures[kind] == 0)
			continue;
		fprintf(stream, "%s%zu %s", separator, totals->failures[kind],
		        why[kind]);
		separator = ", ";
	}
}

static void summary_excluded(FILE *stream, const struct run_totals *totals)
{
	if (totals->files_excluded > 0)
		fprintf(stream, ", %zu file%s excluded", totals->files_excluded,
		        plural(totals->files_excluded));
}

/* Once per run, not in every queue's message: what the drop-in queue
 * module would take of the queues left, and how to get it. */
static void summary_queue_compat(FILE *stream, const struct run_totals *totals)
{
	if (totals->queue_compat_left == 0)
		return;
	fprintf(stream,
	        "--queue-compat MODULE, with --unsafe-fixes, would migrate the "
	        "%zu asyncio queue "
	        "name%s left to a drop-in queue module (written by "
	        "--write-queue-compat PATH)\n",
	        totals->queue_compat_left, plural(totals->queue_compat_left));
}

void report_summary(FILE *stream, const struct run_totals *totals,
                    const struct cli_options *options)
{
	if (options->mode == MODE_CHECK) {
		summary_check(stream, totals);
		summary_errors(stream, totals);
	} else if (options->mode == MODE_APPLY) {
		summary_changes(stream, totals, "changed");
		summary_refusals(stream, totals);
	} else if (options->from_stdin) {
		summary_changes(stream, totals, "changed");
		summary_errors(stream, totals);
	} else {
		summary_changes(stream, totals, "would be changed");
		fprintf(stream, ", %zu file%s checked", totals->files_checked,
		        plural(totals->files_checked));
		summary_errors(stream, totals);
	}
	summary_excluded(stream, totals);
	fputc('\n', stream);
	summary_queue_compat(stream, totals);
}

int report_exit_status(const struct run_totals *totals, enum cli_mode mode)
{
	if (totals->errors > 0)
		return 2;
	if (mode == MODE_CHECK && totals->uses > 0)
		return 1;
	return 0;
}
