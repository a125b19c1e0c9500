/*
 * The work on one file, from its bytes to what the user will read: the diff
 * or the migrated source for stdout, diagnostics and errors for stderr, or
 * this file's part of the json/sarif document. Nothing is printed here, so
 * files can be processed at the same time (one engine per thread) and their
 * outputs printed in path order.
 */
#ifndef CLI_PROCESS_H
#define CLI_PROCESS_H

#include <jansson.h>

#include "anyio_migrate.h"
#include "buffer.h"
#include "options.h"
#include "report.h"
#include "statistics.h"

/* What every file of the run shares; read-only while workers run. */
struct process_context {
	am_engine *engine; /* used by one thread at a time */
	const struct cli_options *options;
	const am_options *rules; /* --select/--ignore, or pyproject.toml's */
	int backup;              /* --apply writes FILE.bak */
	int colour;              /* colour the diff */
	const char *stdin_name;  /* "<stdin>", or --stdin-filename */
};

struct file_outcome {
	struct buffer out;    /* for stdout */
	struct buffer err;    /* for stderr */
	json_t *entries;      /* json/sarif: this file's diagnostics */
	json_t *edits;        /* json: this file's edits, if its text changes */
	char *error;          /* the error's message, when counts.failed */
	am_position error_at; /* where in the file (line 0: nowhere) */
	struct file_counts counts;
	struct file_tally tally; /* --statistics: its uses per rule */
};

#define FILE_OUTCOME_INIT                                                      \
	{                                                                      \
		BUFFER_INIT, BUFFER_INIT, NULL, NULL, NULL, {0, 0, 0},         \
		        {FAILURE_NONE, 0, 0, 0, 0, 0, 0, 0, 0},                \
		        FILE_TALLY_INIT                                        \
	}

/*
 * Migrate the file at `path` as the options say: diff, write or check.
 * A symbolic link is followed only to a file inside `tree` (see walk.h).
 * With --apply, a file that would change is refused if `uncommitted` says
 * why git cannot give it back (see git_dirty.h).
 */
void process_file(const struct process_context *context, const char *path,
                  const char *tree, const char *uncommitted,
                  struct file_outcome *outcome);
/* A file to make at `path` (which is not there): what the rules write into
 * an empty one, shown, made (with --apply) or checked as the mode says. */
void process_new_file(const struct process_context *context, const char *path,
                      struct file_outcome *outcome);
/* The line [start, end) of the pytest configuration at `real` (shown as
 * `path`), its `asyncio_mode`: removed (or kept, `kept` saying why) as the
 * mode says, like a Python file's fix. */
void process_pytest_line(const struct process_context *context,
                         const char *path, const char *real, size_t start,
                         size_t end, const char *kept, const char *uncommitted,
                         struct file_outcome *outcome);
/* Migrate standard input; the migrated source (unless --check) to stdout. */
void process_stdin(const struct process_context *context,
                   struct file_outcome *outcome);
/* Standard input's name is excluded: its bytes go through unchanged. */
void process_stdin_excluded(const struct process_context *context,
                            struct file_outcome *outcome);
void file_outcome_free(struct file_outcome *outcome);

#endif
