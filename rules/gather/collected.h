/*
 * Awaitables collected in a list before they are gathered:
 *
 *     coros = [fetch(u) for u in urls]        tasks = []
 *     ...                                      for u in urls:
 *     await asyncio.gather(*coros) tasks.append(asyncio.create_task(fetch(u)))
 *                                              await asyncio.gather(*tasks)
 *
 * Each element becomes the function and arguments it would run,
 * `functools.partial(fetch, u)`, evaluated where the coroutine was made, and
 * the gather's task group starts them: `for func in coros:
 * tg.start_soon(func)`. The list keeps its length and order.
 */
#ifndef AM_GATHER_COLLECTED_H
#define AM_GATHER_COLLECTED_H

#include "rule.h"

#define AM_COLLECTED_MAX 16

typedef struct am_collected {
	TSNode list;                       /* the name in `*name` */
	TSNode elements[AM_COLLECTED_MAX]; /* as written */
	TSNode calls[AM_COLLECTED_MAX];    /* the coroutine calls in them */
	size_t count;
	int tasks; /* some element is `asyncio.create_task(...)` */
} am_collected;

/* Reads the list `name` (the operand of `*name` in the gather call) back to
 * where it is made; returns why it cannot be followed, or NULL. */
const char *am_collected_read(am_context *ctx, TSNode gather_call, TSNode name,
                              am_collected *out);

/* The edits that make each element `functools.partial(f, a)` (or `f`). */
void am_collected_apply(am_context *ctx, am_fix *fix, const am_collected *c);

/* Whether the task made by `maker_call` (`asyncio.create_task(f(x))`) is an
 * element of a list that the gather rule rewrites: the gather rule then
 * owns it. */
int am_collected_taken(am_context *ctx, TSNode maker_call);

/* The list a task maker's call is put in: `name.append(<call>)`, `name =
 * [<call> for ...]` or `name = [<call>, ...]`; a null node otherwise. */
TSNode am_collected_list_of(const am_context *ctx, TSNode call);

/* Defined by the gather rule: why it leaves this gather, or NULL. */
const char *am_gather_problem(am_context *ctx, TSNode gather_call);

/* Defined by the gather rule: the statement that awaits every task of a
 * list the way a gather does — `for t in tasks: await t`, or `results =
 * [await t for t in tasks]` — when `use` (a load of the list) is its
 * iterable; a null node otherwise. */
TSNode am_gather_consumer_of(const am_context *ctx, TSNode use);
/* Why the tasks of the list `maker_call` is put in, awaited that way,
 * cannot become a task group, or NULL; `*found` says whether the list is
 * awaited that way at all. */
const char *am_gather_consumer_problem(am_context *ctx, TSNode maker_call,
                                       int *found);

#endif
