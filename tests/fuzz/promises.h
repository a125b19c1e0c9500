/*
 * The library's promises, checked on one input by every harness. Beyond
 * "no crash, no sanitizer report":
 *  - an input that parses gives an output that parses (AM_EVERIFY and
 *    AM_EINTERNAL never happen);
 *  - the reported edits are sorted, inside the input, and turn the input
 *    into the output, so every byte outside them is unchanged;
 *  - migrating the output again changes nothing (idempotence).
 * A broken promise aborts, which libFuzzer reports with the input.
 */
#ifndef FUZZ_PROMISES_H
#define FUZZ_PROMISES_H

#include <stddef.h>

#include "anyio_migrate.h"

/* The engine every call shares (one per process: harnesses are serial). */
am_engine *promise_engine(void);

/* Migrate `len` bytes of `input` with `options` and check the promises. */
void promise_check_migration(const char *input, size_t len,
                             const am_options *options);

/* Abort with a message naming the promise. */
void promise_broken(const char *promise);

/* The scans of a test file (am_scan_tests) of every kind: they return. */
void promise_check_scans(const char *input, size_t len);

#endif
