/*
 * Shapes of pytest code that both the scan of a project's test files
 * (am_scan_tests) and the pytest-marker rule read.
 */
#ifndef AM_PYTEST_SHAPES_H
#define AM_PYTEST_SHAPES_H

#include "syntax.h"

/* The name a parameter binds, or a null node (`*args`, `**kw`). */
TSNode am_pytest_parameter_name(const am_syntax *sx, TSNode parameter);
/* A plain `def f(event_loop):` whose body only returns or yields
 * `event_loop`: that `event_loop` (the name handed out), else a null
 * node. */
TSNode am_pytest_handed_out_loop(const am_syntax *sx, const char *text,
                                 TSNode function);

#endif
