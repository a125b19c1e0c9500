/*
 * --format sarif: a SARIF 2.1.0 log, as GitHub code scanning takes it.
 * One run; its tool.driver lists every rule of the registry (id, name,
 * shortDescription from the rule's summary, fullDescription and help from
 * its documentation); each diagnostic is a result with its ruleId and
 * ruleIndex, level "error", message.text, and one location: the path as a
 * relative URI and the region in lines and columns. Columns count Unicode
 * code points (run.columnKind "unicodeCodePoints"), as the text format does.
 * Files that could not be migrated are the invocation's notifications.
 */
#ifndef CLI_FORMAT_SARIF_H
#define CLI_FORMAT_SARIF_H

#include <jansson.h>

#include "anyio_migrate.h"
#include "report.h"

/* This file's results; NULL if out of memory. */
json_t *format_sarif_results(const char *path, const am_result *result,
                             enum report_selection selection);

/* The log, made of the results and the errors gathered (both stolen). */
json_t *format_sarif_document(json_t *results, json_t *errors);

/* A path as a URI reference: "./" dropped, reserved bytes %-escaped. */
char *format_sarif_uri(const char *path);

#endif
