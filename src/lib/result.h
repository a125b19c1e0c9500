/* The result of one migration: text, edits, diagnostics, all in one arena. */
#ifndef AM_RESULT_H
#define AM_RESULT_H

#include "anyio_migrate.h"
#include "arena.h"
#include "edits.h"
#include "rule.h"

am_result *am_result_new(const char *source, size_t len);
am_arena *am_result_arena(am_result *result);
/* Records a failure: the text stays the input. Returns status. */
int am_result_fail(am_result *result, int status, const char *message);
/* A diagnostic in the input's (BOM-less) coordinates; the output side is
 * computed in am_result_finish. */
int am_result_add_diagnostic(am_result *result, const am_rule *rule,
                             const char *message, int fixed, uint32_t start,
                             uint32_t end);
/* How many times the engine parsed a text of this migration (the first
 * parse included): counted, and read by the tests. */
void am_result_count_parse(am_result *result);
unsigned am_result_parses(const am_result *result);
/* Takes back the diagnostics recorded after the first `count`. */
void am_result_keep_diagnostics(am_result *result, size_t count);
/* The migration settled: keep text (BOM-less, `bom` bytes of BOM before it in
 * the input), derive edits and positions. Returns AM_OK or AM_ENOMEM. */
int am_result_finish(am_result *result, const char *text, size_t len,
                     size_t bom, const char *source,
                     const am_segments *segments);

#endif
