/*
 * Which rules a call is for. Rules declare the asyncio members whose calls
 * they handle (`.calls`) and the methods they handle on any receiver
 * (`.methods`); the engine builds this index of those names once, and for
 * each call of a file resolves the callee once and calls only the rules
 * that asked for it.
 */
#ifndef AM_DISPATCH_H
#define AM_DISPATCH_H

#include "bind.h"
#include "rule.h"

#include <stddef.h>
#include <stdint.h>

typedef struct am_dispatch_entry {
	const char *name; /* "sleep", "run_in_executor" */
	size_t rule;      /* its index in am_rules */
} am_dispatch_entry;

typedef struct am_dispatch {
	/* Sorted by name, then by rule. */
	am_dispatch_entry *members; /* asyncio members */
	size_t member_count;
	am_dispatch_entry *methods; /* method names */
	size_t method_count;
} am_dispatch;

/* A rule a call is for, with the names it asked for that the call has. */
typedef struct am_dispatch_hit {
	size_t rule;
	const char *asyncio_name; /* or NULL */
	const char *method;       /* or NULL */
} am_dispatch_hit;

/* Builds the index from the registry. Returns AM_OK or AM_ENOMEM. */
int am_dispatch_init(am_dispatch *dispatch);
void am_dispatch_release(am_dispatch *dispatch);

/* The rules a call with this callee is for, in registry order, each once:
 * fills hits (room for AM_RULES_COUNT) and returns how many. */
size_t am_dispatch_call(const am_dispatch *dispatch, const am_binder *binder,
                        TSNode callee, am_dispatch_hit *hits);

#endif
