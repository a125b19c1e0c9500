/* The statement that starts a child process with
 * asyncio.create_subprocess_exec/_shell, as the subprocess rule reads it:
 * shared by the run to completion and the streamed process. */
#ifndef AM_SUBPROCESS_SPAWN_H
#define AM_SUBPROCESS_SPAWN_H

#include "rule.h"

/* What a stream keyword of the asyncio call is given. */
typedef enum am_stream_kind {
	STREAM_ABSENT = 0, /* not given: asyncio's default, None */
	STREAM_NONE,
	STREAM_PIPE,
	STREAM_DEVNULL,
	STREAM_STDOUT,
	STREAM_OTHER /* a file, a descriptor, a name this rule cannot read */
} am_stream_kind;

/* The statement that starts the process: `name = await create_...(...)`. */
typedef struct am_spawn {
	TSNode callee, call, statement, await, name, annotation;
	const char *function; /* "create_subprocess_exec" or "_shell" */
	int shell;
	am_call_args args;
	am_stream_kind stdin, stdout, stderr;
	TSNode dropped[AM_MAX_ARGS]; /* stdin= and limit= */
	size_t dropped_count;
} am_spawn;

#define AM_SPAWN_MAX_KEYWORDS 4

/* The edits of the call's arguments: `[` `]` around an exec's arguments,
 * the dropped keywords gone, and `keywords` (`name=value`, NULL-ended)
 * after the last kept argument. */
void am_spawn_fix_arguments(am_context *ctx, am_fix *fix, const am_spawn *s,
                            const char *const *keywords);
/* Whether an attribute of the process is only read (not assigned or
 * deleted). */
int am_spawn_attribute_read(const am_context *ctx, TSNode attribute);
/* A process whose streams and methods are used in its function ->
 * anyio.open_process(): fixes it and returns NULL, or returns a reason to
 * flag. */
const char *am_spawn_streamed(am_context *ctx, const am_spawn *s);

#endif
