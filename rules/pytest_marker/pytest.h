/*
 * What the pytest-marker rule's files share: how pytest and pytest-asyncio
 * spell tests, fixtures and markers.
 */
#ifndef RULES_PYTEST_MARKER_PYTEST_H
#define RULES_PYTEST_MARKER_PYTEST_H

#include "rule.h"

/* Whether `qualname` is `module` or one of its members. */
int am_pytest_rooted_at(const char *qualname, const char *module);
/* Whether a function carries pytest-asyncio's or anyio's marker: on itself,
 * on an enclosing class (decorator or `pytestmark`), or in the module's
 * `pytestmark`. */
int am_pytest_carries_marker(const am_context *ctx, TSNode function);
/* The module's (or a class body's) `pytestmark = ...` assignment, or a
 * null node. */
TSNode am_pytest_pytestmark(const am_context *ctx, TSNode body);
/* The `@pytest.fixture` or `@pytest_asyncio.fixture` decorator of a
 * function definition (with or without a call), or a null node. */
TSNode am_pytest_fixture_decorator(const am_context *ctx, TSNode function);
/* Whether the fixture called `name` is requested by a plain test or
 * fixture somewhere in the project (the options say). */
int am_pytest_sync_requested(const am_context *ctx, const char *name,
                             size_t len);
/* The fixture's name: its `name=` argument, or the function's. */
const char *am_pytest_fixture_name(const am_context *ctx, TSNode decorator,
                                   TSNode function_name);
/* `autouse=` given and not literally False. */
int am_pytest_fixture_autouse(const am_context *ctx, TSNode decorator);

/* The module's async tests lose pytest-asyncio's auto mode: the module
 * gains `pytestmark = pytest.mark.anyio` (auto_mode.c). */
void am_pytest_mark_auto_mode(am_context *ctx);
/* The `anyio_backend` fixture of the root conftest.py (backend.c). */
void am_pytest_backend_fixture(am_context *ctx);
/* A fixture that hands out pytest-asyncio's `event_loop` (fixtures.c):
 * 1 when rewritten or flagged here. */
int am_pytest_loop_fixture(am_context *ctx, const am_function *def,
                           TSNode decorator);
/* An `event_loop` fixture (fixtures.c): 1 when it goes (nothing in the
 * project requests it, and it makes a plain loop). */
int am_pytest_event_loop_fixture(am_context *ctx, const am_function *def);
/* `pytest_asyncio.fixture` at `chain` (fixtures.c). */
void am_pytest_asyncio_fixture(am_context *ctx, TSNode chain);

#endif
