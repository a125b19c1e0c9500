/*
 * Names that hold an asyncio event loop: `loop = asyncio.get_running_loop()`.
 * A name counts as a loop only when every binding of it in its scope is an
 * assignment from asyncio.get_event_loop(), get_running_loop() or
 * new_event_loop(): a parameter, a reassignment, a `for` target or a
 * `nonlocal` rebinding from a nested function makes it unknown.
 */
#ifndef AM_LOOP_VAR_H
#define AM_LOOP_VAR_H

#include "rule.h"

typedef enum am_loop_source {
	AM_LOOP_NONE = 0,
	AM_LOOP_GET_EVENT_LOOP = 1,
	AM_LOOP_GET_RUNNING_LOOP = 2,
	AM_LOOP_NEW_EVENT_LOOP = 4
} am_loop_source;

/* The asyncio function `call` calls, when it is one of the three without
 * arguments; AM_LOOP_NONE otherwise. */
am_loop_source am_loop_call_source(const am_context *ctx, TSNode call);
/* "get_event_loop", "get_running_loop" or "new_event_loop". */
const char *am_loop_source_name(am_loop_source source);

typedef struct am_loop_var {
	int binding; /* the name's binding in its scope */
	int scope;
	unsigned sources;   /* or-ed am_loop_source of the assignments */
	size_t assignments; /* how many there are */
	TSNode first;       /* the target of the first one */
	TSNode other; /* the first binding that is something else, or null */
} am_loop_var;

/* Reads the bindings of `binding` (an index into the binder's bindings).
 * Returns 1 when the name holds a loop: at least one assignment from a loop
 * call and no other binding in a module or function scope. */
int am_loop_var_read(const am_context *ctx, int binding, am_loop_var *var);

/* The same for the binding a loaded identifier resolves to; 0 when it is
 * not a load or resolves to nothing. */
int am_loop_var_of_load(const am_context *ctx, TSNode identifier,
                        am_loop_var *var);

/* Whether the receiver of `X.method()` is an asyncio loop: a call of
 * `asyncio.get_running_loop()` (or another of the three), or a name that
 * holds one. */
int am_loop_receiver_is_loop(const am_context *ctx, TSNode receiver);

/* What a binding that is not a loop call is, for messages: "a parameter",
 * "an assignment from something else", ... */
const char *am_loop_describe_binding(const am_context *ctx, TSNode other);

/* The function scope a byte is evaluated in (comprehensions belong to
 * their function). */
int am_loop_function_scope_at(const am_binder *b, uint32_t byte);

/* Why `receiver` (a name or a loop call) is not provably the running event
 * loop where `call` is made, or NULL when it is: a name assigned from
 * `asyncio.get_running_loop()` or `get_event_loop()` before `call` in the
 * function `call` is in, and bound no other way there; or such a call. */
const char *am_loop_running_doubt(am_context *ctx, TSNode receiver,
                                  TSNode call);

#endif
