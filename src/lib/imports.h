/*
 * The importer: adds `import anyio` (and functools, heapq, inspect, math,
 * subprocess) where the rewritten code needs them, once, at the top of the
 * module's imports; drops asyncio imports once nothing uses them (a
 * module-level `import asyncio` becomes `import anyio` in place when anyio is
 * needed). Runs as the import stage of each pass, so its edits are checked like
 * any rule's.
 */
#ifndef AM_IMPORTS_H
#define AM_IMPORTS_H

#include "rule.h"

/* The modules rules may refer to without importing them themselves. */
extern const char *const am_importable_modules[];

/* The drop-in queue module's names and the aliases rewritten code uses for
 * them (`from MODULE import Queue as AnyioQueue`), NULL-terminated. */
typedef struct am_queue_compat_name {
	const char *asyncio_name; /* "Queue": asyncio.Queue */
	const char *alias;        /* "AnyioQueue" */
} am_queue_compat_name;
extern const am_queue_compat_name am_queue_compat_names[];
/* The drop-in name for an asyncio qualname ("asyncio.Queue",
 * "asyncio.queues.QueueEmpty"), or NULL. */
const am_queue_compat_name *am_queue_compat_name_for(const char *qualname);
/* How many references of the binder's text the drop-in would take. */
size_t am_queue_compat_candidates(const am_binder *binder);

/* Module-level helper functions rewritten code may call; the importer
 * defines one, once, after the module's imports, when code uses its name
 * and nothing binds it. */
#define AM_HELPER_STORE_RESULT "_store_result"
/* Keeps what the call returns, or the Exception it raises. */
#define AM_HELPER_STORE_OUTCOME "_store_outcome"
/* Starts a task in a task group and returns what reads its result, once the
 * group has ended, with `.result()`: the place of asyncio's task object. */
#define AM_HELPER_START_WITH_RESULT "_start_with_result"
/* Sends what the call returns on a memory object stream, then closes it. */
#define AM_HELPER_SEND_RESULT "_send_result"
/* A result set once and awaited: the place of an asyncio future that one
 * function makes, sets and awaits. */
#define AM_HELPER_FUTURE "_Future"
/* asyncio's PriorityQueue and LifoQueue on anyio, with their interface. */
#define AM_HELPER_PRIORITY_QUEUE "_PriorityQueue"
#define AM_HELPER_LIFO_QUEUE "_LifoQueue"
/* A buffered receive stream on a byte stream (readline, readexactly). */
#define AM_HELPER_BUFFERED "_buffered_stream"
/* asyncio's readline() on one: the line with its newline, what is left at
 * end of file, then b""; ValueError past its limit (65536 or the second
 * argument). */
#define AM_HELPER_READLINE "_readline"
/* asyncio's read(n) on one: up to n bytes, or all until end of file when n
 * is negative; b"" at end of file. */
#define AM_HELPER_READ "_read"
/* A server's handler as asyncio runs it: an error is logged and closes the
 * connection, where anyio's serve() would raise it in the server. */
#define AM_HELPER_LOGGED_HANDLER "_logged_handler"
#define AM_HELPERS 11

/* The names the importer imports or defines when code loads them unbound:
 * the modules, the drop-in queue's aliases, the helpers. The index-th, or
 * NULL past the last; the index of a name, or -1. */
const char *am_imports_free_name(int index);
int am_imports_free_name_index(const char *name, size_t len);

/* The definition of helper `name` in the file's indentation and newline,
 * or NULL for an unknown name. */
const char *am_imports_helper_text(const am_context *ctx, const char *name);

/* Whether `name` may be used for helper `name` at module level: nothing
 * binds it, or the module defines it exactly as the importer would. */
int am_imports_helper_available(const am_context *ctx, const char *name);

void am_imports_on_pass(am_context *ctx);

/* What one fix, made alone, needs from the module beyond its own edits: the
 * imports and helpers the importer adds for it. Made on one text (the input,
 * or the migrated text) for the fixes given on that text. */
#define AM_IMPORTABLE_MODULES 8 /* am_importable_modules, NULL left out */
#define AM_QUEUE_COMPAT_NAMES 5 /* am_queue_compat_names, the end left out */
typedef struct am_import_plan {
	int made;
	uint32_t at;        /* where new imports go */
	const char *before; /* "" or a newline (the line there has none) */
	const char *newline;
	/* am_importable_modules[i] is imported at module level */
	unsigned char bound[AM_IMPORTABLE_MODULES];
	const char *queue_module; /* the drop-in queue module, or NULL */
	unsigned char alias_bound[AM_QUEUE_COMPAT_NAMES];
	uint32_t helper_at;       /* where the helpers go */
	int helper_needs_newline; /* the line there has no newline */
	const char *unit;         /* the file's indent unit */
	/* helpers[i] may be defined: nothing binds its name */
	unsigned char helper_free[AM_HELPERS];
} am_import_plan;

void am_imports_plan(am_context *ctx, am_import_plan *plan);

/* Whether `text` refers to module `name` (`name.` with no identifier
 * character before it). */
int am_imports_text_uses(const char *text, size_t len, const char *name);

/* The import statements (and their newlines) the new text of a fix needs
 * and the plan's text lacks, "" for none; in `arena`. */
const char *am_imports_needed_by(const am_import_plan *plan, am_arena *arena,
                                 const char *text, size_t len);
/* The helper definitions the fix needs and the text lacks, or NULL. */
const char *am_imports_helper_needed_by(const am_import_plan *plan,
                                        am_arena *arena, const char *text,
                                        size_t len);

/* Adds to fix the removal of one imported name (`item`, a dotted_name or
 * aliased_import) from its statement, or of the whole statement when it is
 * the only name. Returns 0 (and adds nothing) when that cannot be done
 * without losing a comment. */
int am_imports_drop_item(am_context *ctx, am_fix *fix, TSNode statement,
                         TSNode item);

/* Whether rewritten code may write `module` (one of am_importable_modules)
 * at node `at`: the name is free there, so the importer adds the import,
 * or it is bound there by `import module` itself. */
int am_imports_name_available(const am_context *ctx, TSNode at,
                              const char *module);
/* Where the module's leading docstring, comments and imports (and a
 * `pytestmark` after them) end: the start of the line after them
 * (*needs_newline: the file ends on them without a newline), or 0 when
 * there are none. */
uint32_t am_imports_after_leading(const am_context *ctx, int *needs_newline);

#endif
