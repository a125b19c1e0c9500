/*
 * A call of an async function, `main(a, k=v)`, split into what anyio's
 * runners take (`anyio.run`, `anyio.to_thread.run_sync`): the function,
 * then the positional arguments, with keyword arguments bound first
 * through functools.partial — `main, a` or `functools.partial(main, k=v), a`.
 */
#ifndef AM_SPLIT_CALL_H
#define AM_SPLIT_CALL_H

#include "rule.h"

/* The edits that turn `main(a, b)` into `main, a, b` where it stands, so
 * its layout and comments stay. For a call without keyword arguments. */
void am_split_call_in_place(am_context *ctx, am_fix *fix, TSNode call,
                            const am_call_args *args);

/* Appends `function, a` or `functools.partial(function, k=v), a`. */
void am_split_call_append(am_strbuf *sb, const am_context *ctx, TSNode function,
                          const TSNode *positional, size_t positional_count,
                          const TSNode *keywords, size_t keyword_count);

/* `runner(main, a)` or `runner(functools.partial(main, k=v), a)` for the
 * call `main(a, k=v)` whose arguments are read in args, with `, extra`
 * after them when extra is not NULL (an arena copy). */
const char *am_split_call_wrapped(am_context *ctx, const char *runner,
                                  TSNode call, const am_call_args *args,
                                  const char *extra);
/* Whether the split may change what the arguments evaluate to. Python
 * evaluates positional arguments before keyword ones; the split evaluates
 * the keywords first. That is harmless when all arguments of one kind are
 * literals, or all arguments are names and literals. */
int am_split_call_reorders(const am_context *ctx, const TSNode *positional,
                           size_t positional_count, const TSNode *keywords,
                           size_t keyword_count);

#endif
