/*
 * --format json: one document on standard output for the whole run.
 *
 *   {
 *     "tool": "migrate_to_anyio", "version": "0.1.0", "mode": "check",
 *     "diagnostics": [
 *       {"path": "app.py", "code": "ANY102", "rule": "sleep",
 *        "message": "...", "fixable": true,
 *        "start": {"line": 4, "column": 11, "byte": 44},
 *        "end": {"line": 4, "column": 24, "byte": 57}}
 *     ],
 *     "files": [
 *       {"path": "app.py",
 *        "edits": [{"start": 44, "end": 57, "text": "anyio.sleep"}]}
 *     ],
 *     "errors": [{"path": "missing.py", "message": "No such file ..."}],
 *     "summary": {"files_checked": 1, "files_changed": 1, "edits": 4,
 *                 "uses_left": 3, "fixable": 3, "errors": 1}
 *   }
 *
 * The edits are at file level: a fix often needs edits outside its
 * diagnostic's range (an argument list, an import), so they are given
 * whole, per file whose text changes: byte ranges of the file as read,
 * each replaced by "text"; applied together they make the migrated file.
 * After --apply the diagnostics are the uses left, in the file as written
 * (none fixable), and "files" lists the edits that were written.
 */
#ifndef CLI_FORMAT_JSON_H
#define CLI_FORMAT_JSON_H

#include <jansson.h>

#include "anyio_migrate.h"
#include "options.h"
#include "report.h"

/* This file's entries for "diagnostics"; NULL if out of memory. */
json_t *format_json_diagnostics(const char *path, const am_result *result,
                                enum report_selection selection);

/* This file's entry for "files": its path and edits. */
json_t *format_json_edits(const char *path, const am_result *result);

/* The document, made of the entries gathered (references stolen). */
json_t *format_json_document(json_t *diagnostics, json_t *files, json_t *errors,
                             const struct run_totals *totals,
                             const struct cli_options *options);

#endif
