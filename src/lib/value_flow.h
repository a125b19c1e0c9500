/*
 * asyncio objects followed through the file: an event loop, a task or a
 * future held in a name (`loop = asyncio.get_event_loop()`, also when it
 * is bound other ways too: `loop = loop or asyncio.get_event_loop()`), in
 * an attribute of `self` (`self._loop = ...`, `self._task =
 * self._loop.create_task(...)`), in a parameter that a call in the file
 * passes such an object to (`def f(loop): ...`, `f(self._loop)`), or in a
 * pytest fixture's parameter (a fixture of the file that returns a loop,
 * pytest-asyncio's `event_loop`). Each use of one (a method or attribute
 * of it, an await of it, passing it on, returning it) is reported where it
 * is: the CI gate must not pass while asyncio is still used through them.
 *
 * Linear in the file: one walk of the tree, then a few rounds over what it
 * collected (each round can only add kinds, and three settle the chains
 * real code has: a loop, a task made on it, that task passed on).
 */
#ifndef AM_VALUE_FLOW_H
#define AM_VALUE_FLOW_H

#include "rule.h"

/* Reports, as flags of the rule running now, every use of a followed
 * asyncio object that no diagnostic of this pass speaks of yet. */
void am_value_flow_report(am_context *ctx);

#endif
