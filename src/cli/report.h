/*
 * What the user reads: one line per diagnostic (on stdout with --check,
 * whose report they are; on stderr beside a diff or a write), and the
 * summary line at the end of a run, on stderr. Also the exit status, which
 * sums up the same counts.
 *
 *   path:line:col: CODE message            a use left to migrate by hand
 *   path:line:col: CODE [*] message        a use --apply fixes
 *   path:line:col: CODE [unsafe] message   its fix changes behaviour on some
 *                                          path: --apply makes it only with
 *                                          --unsafe-fixes
 *   path:line:col: CODE [*unsafe] message  such a fix, made (--unsafe-fixes)
 */
#ifndef CLI_REPORT_H
#define CLI_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "anyio_migrate.h"
#include "buffer.h"
#include "options.h"

/* Which diagnostics a report lists, and where. "Left": the uses not fixed,
 * and the unsafe fixes made (where behaviour changes). */
enum report_selection {
	REPORT_LEFT_IN_INPUT,  /* left, at their place in the input */
	REPORT_LEFT_IN_OUTPUT, /* left, in the text as written */
	REPORT_ALL_IN_INPUT    /* every use, in the input */
};

/* Whether `diagnostic` is listed in `selection`. */
int report_selects(const am_diagnostic *diagnostic,
                   enum report_selection selection);
/* "[*]", "[*unsafe]", "[unsafe]", or NULL for a use without a fix. */
const char *report_mark(const am_diagnostic *diagnostic);

/* Why a file was not migrated; --apply's summary counts each kind. */
enum file_failure {
	FAILURE_NONE,
	FAILURE_READ,        /* not read, not UTF-8, does not parse, ... */
	FAILURE_BACKUP,      /* its FILE.bak exists */
	FAILURE_UNCOMMITTED, /* git does not hold its content */
	FAILURE_WRITE,       /* could not be written */
	FAILURE_KINDS
};

/* What one file contributed to the run. */
struct file_counts {
	enum file_failure failed; /* an error was reported: nothing else
	                             counts */
	int changed;    /* the text changed (and, with --apply, was written) */
	int refused;    /* --apply: migrated but not written (failed says
	                   why): every use in it is left */
	size_t edits;   /* edits in the changed text */
	size_t fixed;   /* diagnostics the tool fixed */
	size_t unfixed; /* diagnostics left for the user, no fix held */
	size_t held;    /* unsafe fixes not made (no --unsafe-fixes) */
	size_t unsafe;  /* of `fixed`, the unsafe fixes */
	size_t queue_compat_left; /* see am_result_queue_compat_left */
};

/*
 * The counts of a run. They mean the same in every mode: `uses` is every
 * asyncio use found in the files as read, `fixable` those --apply
 * rewrites (after --apply: rewrote), `uses_left` the others, which stay
 * in the code once --apply has run (after --apply: those in the files as
 * they now are, refused files included).
 */
struct run_totals {
	size_t files_checked;   /* files migrated without error */
	size_t files_changed;   /* files whose text changed */
	size_t edits;           /* edits in those files */
	size_t uses;            /* every use found */
	size_t fixable;         /* uses --apply rewrites */
	size_t unsafe_fixed;    /* of those, the unsafe fixes */
	size_t uses_left;       /* uses - fixable */
	size_t by_hand;         /* of uses_left, those with no fix, in files
	                           not refused */
	size_t unsafe_held;     /* of uses_left, the unsafe fixes not made,
	                           in files not refused */
	size_t uses_in_refused; /* of uses_left, those in refused files */
	size_t files_with_uses; /* files with a use */
	size_t files_with_left; /* files (not refused) with a use left */
	size_t files_excluded;  /* named, left out by --force-exclude */
	size_t errors;          /* files refused and paths that failed */
	size_t failures[FAILURE_KINDS]; /* the errors, by kind */
	size_t queue_compat_left;       /* asyncio queue names the drop-in would
	                                   take (no --queue-compat given) */
};

#define RUN_TOTALS_INIT                                                        \
	{                                                                      \
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, {0, 0, 0, 0, 0}, 0   \
	}

void report_diagnostics(struct buffer *out, const char *path,
                        const am_result *result,
                        enum report_selection selection);
void report_count_file(struct run_totals *totals,
                       const struct file_counts *file, enum cli_mode mode);
void report_count_error(struct run_totals *totals, enum file_failure kind);
/*
 * The summary line; after --apply it ends with the files refused, by kind:
 * "..., 2 files refused: 1 not committed to git, 1 whose .bak exists".
 */
void report_summary(FILE *stream, const struct run_totals *totals,
                    const struct cli_options *options);
/* 2 after any error; 1 if --check found uses left; else 0. */
int report_exit_status(const struct run_totals *totals, enum cli_mode mode);

#endif
