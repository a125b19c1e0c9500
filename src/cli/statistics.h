/*
 * --statistics: what a migration needs planned, instead of one line per
 * use. Per rule: the uses --apply fixes (in a dry run and with --check:
 * would fix), those it could fix but leaves (unsafe fixes without
 * --unsafe-fixes, and every fixable use of a file it refused), and those
 * left to migrate by hand; then the files with the most uses left.
 */
#ifndef CLI_STATISTICS_H
#define CLI_STATISTICS_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "anyio_migrate.h"

struct rule_tally {
	size_t fixed, fixable, by_hand;
};

/* One file's uses, per rule (registry order). */
struct file_tally {
	struct rule_tally *rules; /* am_rule_count() of them, or NULL */
};

#define FILE_TALLY_INIT                                                        \
	{                                                                      \
		NULL                                                           \
	}

/* Counts `result`'s diagnostics; `refused`: the file was not written, so
 * every use is left. Returns 0, or -1 if out of memory. */
int file_tally_count(struct file_tally *tally, const am_result *result,
                     int refused);
void file_tally_free(struct file_tally *tally);

struct file_left {
	char *path;
	size_t fixable, by_hand;
};

struct statistics {
	struct rule_tally *rules; /* per rule, for the whole run */
	struct file_left *files;  /* files with uses left */
	size_t file_count, capacity;
	int failed; /* out of memory */
};

int statistics_init(struct statistics *statistics);
/* Adds one file's tally (its path copied). */
void statistics_add(struct statistics *statistics, const char *path,
                    const struct file_tally *tally);
/* The table, then the files with the most uses left (at most `top`). */
void statistics_print(struct statistics *statistics, FILE *stream, size_t top);
/* The same as JSON: {"rules": [...], "files": [...]}. */
json_t *statistics_json(struct statistics *statistics, size_t top);
void statistics_free(struct statistics *statistics);

#endif
