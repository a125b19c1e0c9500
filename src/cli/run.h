/*
 * A run over the command line's paths (or standard input): each file is
 * processed, its output printed in order, and its counts added up.
 */
#ifndef CLI_RUN_H
#define CLI_RUN_H

#include "process.h"
#include "report.h"

/* Stops early only when out of memory (counted as an error). */
void run_paths(const struct process_context *context,
               struct run_totals *totals);
void run_stdin(const struct process_context *context,
               struct run_totals *totals);

#endif
