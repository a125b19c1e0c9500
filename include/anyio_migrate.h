/*
 * anyio_migrate: rewrite Python source from asyncio to anyio 4.
 *
 * The library takes one buffer of Python source and returns the migrated
 * text, the edits that turn the input into it, and the diagnostics: every
 * asyncio use that was rewritten (fixed) and every one that was left because
 * no rewrite is provably safe (flagged). It knows nothing of files, folders,
 * git or output formats.
 *
 * Conventions (after libgit2):
 *  - every type is opaque and named am_<noun>; calls are am_<noun>_<verb>;
 *  - objects come in _new/_free pairs;
 *  - calls that can fail return an int status (AM_OK or a negative AM_E*);
 *  - an engine is used by one thread at a time; use one engine per thread.
 *    Results are independent of the engine that made them.
 */
#ifndef ANYIO_MIGRATE_H
#define ANYIO_MIGRATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AM_VERSION_STRING "0.1.0"

/* Status codes. */
enum {
	AM_OK = 0,
	AM_ENOMEM = -1,    /* out of memory */
	AM_EBINARY = -2,   /* the input holds a NUL byte */
	AM_EENCODING = -3, /* the input is not valid UTF-8 */
	AM_ESYNTAX = -4, /* the input does not parse (ERROR or MISSING node) */
	AM_EVERIFY = -5, /* the migrated text does not parse: nothing changed */
	AM_EINTERNAL = -6, /* the rules did not settle (a bug: please report) */
	AM_EINVALID = -7,  /* invalid argument */
	AM_EDEPTH = -8 /* nested too deeply to parse safely: nothing changed */
};

typedef struct am_engine am_engine;
typedef struct am_result am_result;
typedef struct am_diagnostic am_diagnostic;
typedef struct am_rule_info am_rule_info;

/*
 * Which rules run, and which of their fixes are made. Codes are exact
 * ("ANY102") or prefixes ("ANY1"). The struct grows at its end, one version
 * at a time: set `version` to the AM_OPTIONS_VERSION you were built with
 * (AM_OPTIONS_INIT or am_options_init() do), and the library reads only the
 * fields that version has.
 */
typedef struct am_options {
	unsigned int version;
	/* NULL-terminated lists, or NULL for "all" / "none". */
	const char *const *select;
	const char *const *ignore;
	/* A Python module (dotted name) holding the drop-in queue classes
	 * (Queue, LifoQueue, PriorityQueue, QueueEmpty, QueueFull): queues
	 * the stream rewrite cannot follow use them. NULL: they are flagged. */
	const char *queue_compat;
	/* Since version 2. Nonzero: also make the unsafe fixes (those that
	 * change behaviour on some path; see am_applicability). 0: they are
	 * reported, with their edits, and not made. Version 1 callers get
	 * every fix made, as version 1 did. */
	int unsafe_fixes;
	/* Since version 3: what the project around the file says of its
	 * tests (pytest). Nonzero: the file's pytest configuration sets
	 * pytest-asyncio's `asyncio_mode = auto`, under which its async tests
	 * carry no marker. */
	int pytest_auto_mode;
	/* NULL-terminated: the fixtures that a plain (not async) test or
	 * fixture of the project requests by name. An async fixture they
	 * name is not handed to anyio's plugin, which runs async fixtures
	 * only for async tests. NULL: none. */
	const char *const *sync_requested_fixtures;
	/* Non-NULL: the file is the `conftest.py` at the root of the tests,
	 * which holds the `anyio_backend` fixture, and this is its backends,
	 * comma-separated ("asyncio", "asyncio,trio"). */
	const char *anyio_backends;
	/* Nonzero: `anyio_backends` was asked for, and replaces the backends
	 * of an `anyio_backend` fixture this tool wrote; 0: such a fixture is
	 * kept, and one is written only where none is. */
	int anyio_backends_asked;
	/* Nonzero: no test or fixture of the project requests pytest-asyncio's
	 * `event_loop` (but those that only hand it out, which are
	 * rewritten), so that an `event_loop` fixture making a plain loop
	 * goes. 0: unknown, such a fixture stays. */
	int event_loop_unrequested;
} am_options;

#define AM_OPTIONS_VERSION 3
#define AM_OPTIONS_INIT                                                        \
	{                                                                      \
		AM_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, 0   \
	}

/* Fill `options` with the defaults of `version` (1 to 3): AM_OK, or
 * AM_EINVALID for a version this library does not know. */
int am_options_init(am_options *options, unsigned int version);

/* The drop-in queue module's source (Python), for `queue_compat`. */
const char *am_queue_compat_source(size_t *len);

/* An engine holds the parser and compiled rule queries: one per thread. */
int am_engine_new(am_engine **out);
void am_engine_free(am_engine *engine);

/*
 * Migrate `len` bytes of `source`. On AM_OK, *out holds the result. On any
 * other status *out still holds a result (unless AM_ENOMEM or AM_EINVALID)
 * whose am_result_error() says what failed and where; its text is then the
 * input, unchanged.
 */
int am_migrate(am_engine *engine, const char *source, size_t len,
               const am_options *options, am_result **out);
void am_result_free(am_result *result);

/* What a test module or conftest.py tells the rest of the project (pytest
 * fixtures are taken by name, from any conftest.py above a test):
 *   AM_SCAN_SYNC_REQUESTS: each parameter (other than self, cls, request)
 *     of its plain (not async) tests and fixtures, that is the fixtures
 *     they request;
 *   AM_SCAN_ASYNC_FIXTURES: the names of its async fixtures and of the
 *     fixtures taking `event_loop` (function name, and `name=`);
 *   AM_SCAN_LOOP_REQUESTS: "event_loop" for each test or fixture that
 *     requests pytest-asyncio's `event_loop` and is not one the
 *     pytest-marker rule rewrites (a fixture that only hands it out).
 * Each name goes to `each`. Returns AM_OK, or the status am_migrate() would
 * fail the text with. */
typedef enum am_scan_kind {
	AM_SCAN_SYNC_REQUESTS,
	AM_SCAN_ASYNC_FIXTURES,
	AM_SCAN_LOOP_REQUESTS
} am_scan_kind;
typedef void (*am_name_callback)(const char *name, size_t len, void *data);

/* A line of a pytest configuration (pytest.ini, pyproject.toml, tox.ini,
 * setup.cfg) that goes with pytest-asyncio, its `asyncio_mode`: bytes
 * [start, end) of `source`, the newline included. The result is ANY208's
 * diagnostic on it: an unsafe fix that removes the line (made with the
 * options' unsafe_fixes), or, when `kept` says why it stays, a flag. */
int am_migrate_pytest_line(const char *source, size_t len, size_t start,
                           size_t end, const am_options *options,
                           const char *kept, am_result **out);
int am_scan_tests(am_engine *engine, const char *source, size_t len,
                  am_scan_kind kind, am_name_callback each, void *data);

int am_result_status(const am_result *result);
/* "line:col: message" for a failed migration, NULL on success. */
const char *am_result_error(const am_result *result);
/* The migrated text (the input itself when nothing changed). */
const char *am_result_text(const am_result *result, size_t *len);
int am_result_changed(const am_result *result);

/* The edits, in the input's byte offsets, sorted and non-overlapping. */
size_t am_result_edit_count(const am_result *result);
/* Without the `queue_compat` option: how many asyncio queue names
 * (Queue, LifoQueue, PriorityQueue, QueueEmpty, QueueFull) the migrated
 * text still uses, which the drop-in queue module would take; 0 with it. */
size_t am_result_queue_compat_left(const am_result *result);
int am_result_edit(const am_result *result, size_t index, size_t *start,
                   size_t *end, const char **text, size_t *text_len);

/* Diagnostics, sorted by position in the input. */
size_t am_result_diagnostic_count(const am_result *result);
const am_diagnostic *am_result_diagnostic(const am_result *result,
                                          size_t index);

/* A position: 1-based line and column (column counted in characters). */
typedef struct am_position {
	size_t byte;
	unsigned int line;
	unsigned int column;
} am_position;

typedef enum am_coordinates {
	AM_INPUT = 0, /* positions in the input text */
	AM_OUTPUT = 1 /* positions in the migrated text */
} am_coordinates;

/* Whether a use has a fix, and what kind (a rule's doc says which of its
 * fixes are which, under "Fix safety"). */
typedef enum am_applicability {
	AM_FIX_NONE = 0,  /* no fix: the use is left for the user */
	AM_FIX_SAFE = 1,  /* the rewrite behaves as the code did, on every path
	                     and on both backends */
	AM_FIX_UNSAFE = 2 /* the rewrite changes behaviour on some path (how
	                     exceptions are grouped, when a cancellation
	                     arrives, ...): made only with `unsafe_fixes` */
} am_applicability;

const char *am_diagnostic_code(const am_diagnostic *diagnostic);
const char *am_diagnostic_rule(const am_diagnostic *diagnostic);
const char *am_diagnostic_message(const am_diagnostic *diagnostic);
/* 1 if the tool rewrote this use, 0 if it is left for the user (an unsafe
 * fix not made included). */
int am_diagnostic_fixed(const am_diagnostic *diagnostic);
am_applicability am_diagnostic_applicability(const am_diagnostic *diagnostic);
void am_diagnostic_range(const am_diagnostic *diagnostic,
                         am_coordinates coordinates, am_position *start,
                         am_position *end);

/*
 * The edits of a diagnostic's fix, so that an editor can make that one
 * fix: sorted, not overlapping, each replacing [start, end) by `text`.
 * In AM_INPUT coordinates, on the input: for a use the tool rewrote, and
 * for an unsafe fix it did not make. In AM_OUTPUT coordinates, on the
 * migrated text: only for an unsafe fix not made (the others are made
 * there). A fix comes with the import it needs (`import anyio`, at the
 * place the importer puts imports) unless the text has it; a fix that
 * rewrites text another fix wrote (a call inside a rewritten call) comes
 * with that fix's edits: those of both are given as one. 0 edits: no fix.
 */
size_t am_diagnostic_fix_edit_count(const am_diagnostic *diagnostic,
                                    am_coordinates coordinates);
int am_diagnostic_fix_edit(const am_diagnostic *diagnostic,
                           am_coordinates coordinates, size_t index,
                           am_position *start, am_position *end,
                           const char **text, size_t *text_len);

/* A failed migration's message without its position, which goes to *where
 * (line 0 when the failure has none, such as "out of memory"); NULL on
 * success. Positions are in the input: for a syntax error, the innermost
 * place the grammar could not parse. */
const char *am_result_error_at(const am_result *result, am_position *where);

/* The rules, in registry order. */
size_t am_rule_count(void);
const am_rule_info *am_rule_at(size_t index);
const am_rule_info *am_rule_find(const char *code_or_name);
const char *am_rule_code(const am_rule_info *rule);
const char *am_rule_name(const am_rule_info *rule);
const char *am_rule_summary(const am_rule_info *rule);
/* The rule's documentation, Markdown. */
const char *am_rule_doc(const am_rule_info *rule);
/* "fix", "flag" or "fix or flag": whether the rule rewrites code. */
const char *am_rule_fix_kind(const am_rule_info *rule);
/* "safe", "unsafe" or "safe or unsafe": its fixes' applicability (see
 * am_applicability); NULL for a rule that never fixes. */
const char *am_rule_fix_safety(const am_rule_info *rule);
/* 1 if `rule` runs with `options` (their select and ignore; NULL: every
 * rule), else 0. */
int am_rule_selected(const am_rule_info *rule, const am_options *options);

const char *am_status_string(int status);

#ifdef __cplusplus
}
#endif

#endif
