/* The uses of asyncio's stream reader and writer, followed inside one
 * function, and their anyio forms: shared by the client connection and
 * the server's handler, which get the same pair. */
#ifndef AM_STREAM_USES_H
#define AM_STREAM_USES_H

#include "rule.h"

#define AM_STREAM_MAX_USES 64

/* A reader and a writer (of a connection, or a server's handler) and
 * the edits their uses need, found before anything is written. */
typedef struct am_stream {
	TSNode callee, call, reader, writer;
	/* a statement in the scope of the reader and the writer */
	TSNode statement;
	int unix_socket;
	const char *function; /* the asyncio function, for messages */
	am_call_args args;
	/* a client's `ssl=` and `server_hostname=` values, or null nodes */
	TSNode ssl, hostname;
	/* the value of `limit=` (a positive integer written out), or NULL,
	 * and its keyword argument */
	const char *limit;
	TSNode limit_keyword;
	/* the awaits of the connection's own calls: an `except
	 * asyncio.IncompleteReadError` may cover only these */
	TSNode awaits[AM_STREAM_MAX_USES];
	size_t await_count;
	/* edits: a node and its new text ("" removes the statement) */
	TSNode nodes[AM_STREAM_MAX_USES];
	const char *texts[AM_STREAM_MAX_USES];
	size_t edit_count;
	/* the awaits of `readexactly()`, whose handlers are read once every
	 * await of the connection is known */
	TSNode exact[AM_STREAM_MAX_USES];
	size_t exact_count;
	/* the `except asyncio.IncompleteReadError` types to rewrite */
	TSNode handlers[AM_STREAM_MAX_USES];
	size_t handler_count;
} am_stream;

/* Whether `name` is a local of a function, bound once there. */
int am_stream_local_once(const am_context *ctx, TSNode name);
/* Reads every load of the reader and the writer into edits; a reason to
 * flag, or NULL. */
const char *am_stream_read_uses(am_context *ctx, am_stream *c);
/* The statement `TARGET = await CALL` standing alone (its assignment's
 * left side in *left), or a null node. */
TSNode am_stream_awaited_assignment(am_context *ctx, TSNode call, TSNode *left);
/* The first keyword argument other than host=/port= (path= for a Unix
 * socket; ssl= and server_hostname= too with `tls`), as a reason to flag,
 * or NULL. */
const char *am_stream_unmapped_keyword(am_context *ctx, const am_call_args *a,
                                       int unix_socket, int tls);
/* Reads `limit=` of the call's arguments `a` into c->limit and
 * c->limit_keyword: a reason to flag, or NULL. */
const char *am_stream_read_limit(am_context *ctx, const am_call_args *a,
                                 am_stream *c);
/* Removes `limit=` from the call, with a comma. */
void am_stream_drop_limit(am_context *ctx, am_fix *fix, const am_stream *c);
/* Whether the names the rewrite writes are free at `call`: a reason to
 * flag, or NULL. */
const char *am_stream_names_taken(am_context *ctx, TSNode call);
/* Adds the edits read to `fix`. */
void am_stream_apply(am_context *ctx, am_fix *fix, const am_stream *c);

#endif
