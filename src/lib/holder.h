/*
 * Holders: where an object a rule rewrites is kept (`ev = Event()`,
 * `self.ev = Event()`), and the method calls made on it anywhere in the
 * file. Matching is by name (`ev`, or any `.ev` attribute), which may find
 * more calls than are really made on the object — never fewer within the
 * file — so rules that flag on a call stay on the safe side.
 */
#ifndef AM_HOLDER_H
#define AM_HOLDER_H

#include "rule.h"

typedef struct am_holder {
	int known;        /* 0: the object is not assigned to a plain target */
	int is_attribute; /* self.ev: matched by attribute name */
	const char *name;
	uint32_t len;
	TSNode target;
} am_holder;

/* The holder of the value of an expression (usually a call). */
void am_holder_of(const am_context *ctx, TSNode value, am_holder *holder);

typedef void (*am_method_call_visit)(am_context *ctx, TSNode call, void *data);

/* Calls `X.method(...)` whose receiver X matches holder (any receiver when
 * the holder is unknown). Calls visit for each (visit may be NULL); returns
 * how many there are. */
size_t am_holder_method_calls(am_context *ctx, const am_holder *holder,
                              const char *method, am_method_call_visit visit,
                              void *data);

/* Whether the value of a call (awaited or not) is used: anything but an
 * expression statement of its own. */
int am_call_result_used(const am_context *ctx, TSNode call);

#endif
