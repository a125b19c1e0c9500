/*
 * The work on one file, from its bytes to the text the user will read: the
 * diff or the migrated source for stdout, diagnostics and errors for stderr.
 * Nothing is printed here, so files can be processed in any order (or at the
 * same time, one engine per thread) and their outputs printed in path order.
 */
#ifndef CLI_PROCESS_H
#define CLI_PROCESS_H

#include "anyio_migrate.h"
#include "buffer.h"
#include "options.h"
#include "report.h"

struct process_context {
	am_engine *engine; /* used by one thread at a time */
	const struct cli_options *options;
	int colour; /* colour the diff */
};

struct file_outcome {
	struct buffer out; /* for stdout */
	struct buffer err; /* for stderr */
	struct file_counts counts;
};

#define FILE_OUTCOME_INIT                                                      \
	{                                                                      \
		BUFFER_INIT, BUFFER_INIT,                                      \
		{                                                              \
			0, 0, 0, 0, 0                                          \
		}                                                              \
	}

/* Migrate the file at `path` as the options say: diff, write or check. */
void process_file(const struct process_context *context, const char *path,
                  struct file_outcome *outcome);
/* Migrate standard input; the migrated source (unless --check) to stdout. */
void process_stdin(const struct process_context *context,
                   struct file_outcome *outcome);
void file_outcome_free(struct file_outcome *outcome);

#endif
