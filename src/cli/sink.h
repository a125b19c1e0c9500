/*
 * Where the files' outcomes go, in path order: their text printed (stdout
 * first, so a terminal shows a file's diff before its diagnostics), their
 * part of the json/sarif document gathered, their counts added up; at the
 * end, the document, the summary line and the exit status.
 */
#ifndef CLI_SINK_H
#define CLI_SINK_H

#include "document.h"
#include "options.h"
#include "process.h"
#include "progress.h"
#include "report.h"
#include "statistics.h"
#include "walk.h"

struct sink {
	const struct cli_options *options;
	struct run_totals totals;
	struct document document;
	int has_document; /* --format json or sarif */
	struct progress progress;
	int fatal; /* the run stopped before any file: no summary */
	struct statistics statistics; /* --statistics */
	int has_statistics;
};

/* Returns 0, or -1 if out of memory (sink_close() still goes). */
int sink_open(struct sink *sink, const struct cli_options *options);
/* One file's outcome; its document entries are taken over. */
void sink_file(struct sink *sink, const char *path,
               struct file_outcome *outcome);
/* A file that was not even read: the walk's error, or warning, or a
 * named file --force-exclude left out. */
void sink_walk_item(struct sink *sink, const struct walk_item *item);
/* A named file --force-exclude left out; takes `message` (malloc'd). */
void sink_excluded(struct sink *sink, const char *path, char *message);
/* An error of the whole run ("migrate_to_anyio: error: ..."). */
void sink_run_error(struct sink *sink, const char *message);
/* The same, when no file can be migrated at all. */
void sink_fatal_error(struct sink *sink, const char *message);
/* Print the document and the summary. Returns the exit status. */
int sink_close(struct sink *sink);

#endif
