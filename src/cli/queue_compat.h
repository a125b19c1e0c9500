/*
 * The drop-in queue module: its name as given by --queue-compat or the
 * configuration, and --write-queue-compat, which writes the module the
 * library carries.
 */
#ifndef CLI_QUEUE_COMPAT_H
#define CLI_QUEUE_COMPAT_H

/* Whether `name` is a dotted Python module name: `aqueue`, `myapp.aqueue`. */
int module_name_valid(const char *name);

/* Writes the module to `path` unless a different file is there. Prints
 * what it did (stdout) or why not (stderr); returns the exit status. */
int queue_compat_write(const char *path);

#endif
