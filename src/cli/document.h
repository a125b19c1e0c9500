/*
 * The reports that are one document for the whole run (--format json and
 * sarif): each file's entries and each error are gathered in path order as
 * the files are done, and the document is printed on standard output at the
 * end, when the totals are known.
 */
#ifndef CLI_DOCUMENT_H
#define CLI_DOCUMENT_H

#include <jansson.h>
#include <stdio.h>

#include "anyio_migrate.h"
#include "options.h"
#include "report.h"

struct document {
	enum cli_format format;
	json_t *entries;    /* diagnostics (json) or results (sarif) */
	json_t *files;      /* json: each changed file's edits */
	json_t *errors;     /* {"path": ..., "message": ...} */
	json_t *statistics; /* --statistics, or NULL */
	int failed;         /* out of memory */
};

/* Returns 0, or -1 if out of memory. */
int document_init(struct document *document, enum cli_format format);
/* Append a file's entries (the reference is stolen; NULL is a failure). */
void document_add_entries(struct document *document, json_t *entries);
/* Append a file's edits (json only; the reference is stolen). */
void document_add_edits(struct document *document, json_t *edits);
/* An error; at.line > 0: where in the file (carried as fields). */
void document_add_error(struct document *document, const char *path,
                        const char *message, am_position at);
/* --statistics (the reference is stolen; NULL is a failure). */
void document_add_statistics(struct document *document, json_t *statistics);
/* Print it (and free its parts). Returns 0, or -1 if out of memory. */
int document_print(struct document *document, FILE *stream,
                   const struct run_totals *totals,
                   const struct cli_options *options);
void document_free(struct document *document);

#endif
