/*
 * What the gather rule found about a list of tasks, kept for the pass.
 *
 *     tasks = []
 *     tasks.append(asyncio.create_task(f(1)))
 *     ...                                      (thousands of these)
 *     await asyncio.gather(*tasks)
 *
 * Each create_task call asks whether its list is rewritten with the gather
 * or with the loop that awaits it, and each answer reads the whole list and
 * walks its function: asked anew per call, a list of n tasks costs n
 * times n. The answers depend on the list alone (its binding: the pass's
 * text, tree and binder do not change while the rules run), so each is
 * found once and kept here, by binding, for the rest of the pass.
 */
#ifndef AM_GATHER_LIST_MEMO_H
#define AM_GATHER_LIST_MEMO_H

#include "rule.h"

typedef struct am_list_memo {
	/* am_collected_taken */
	unsigned char taken_known, taken;
	/* am_gather_consumer_problem, and the list's first element when it
	 * is NULL (the call that makes the fix) */
	unsigned char consumer_known, consumer_found;
	const char *consumer_why;
	TSNode consumer_first;
} am_list_memo;

/* The binding of the list `maker_call` is put in (see
 * am_collected_list_of), or -1 when it is put in none or the name is free. */
int am_list_binding(const am_context *ctx, TSNode maker_call);

/* What is kept about that list in this pass (zeroed at first), or NULL
 * when there is no such list, or no memory (the caller then finds the
 * answer anew; the arena fails the pass). */
am_list_memo *am_list_memo_of(am_context *ctx, TSNode maker_call);

#endif
