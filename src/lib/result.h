/* The result of one migration: text, edits, diagnostics, all in one arena. */
#ifndef AM_RESULT_H
#define AM_RESULT_H

#include "anyio_migrate.h"
#include "arena.h"
#include "edits.h"
#include "imports.h"
#include "rule.h"
#include "source.h"

/* One edit of a diagnostic's fix, with its positions. */
typedef struct am_fix_edit {
	am_position start, end;
	const char *text;
	size_t len;
} am_fix_edit;

struct am_diagnostic {
	const am_rule *rule;
	const char *message;
	int fixed;
	unsigned char applicability; /* am_applicability */
	uint32_t start, end;         /* input, without BOM */
	am_position in_start, in_end, out_start, out_end;
	int32_t fix; /* made: its number (see am_result_new_fix); -1 */
	/* An unsafe fix not made: its edits in the migrated text (BOM-less,
	 * sorted). */
	const am_edit *held;
	uint32_t held_count;
	/* Its fix's edits on the input [0] and on the migrated text [1]. */
	am_fix_edit *edits[2];
	size_t edit_count[2];
};

/* A range of the input (BOM-less) an edit of fix `fix` rewrote. */
typedef struct am_touch {
	int32_t fix;
	uint32_t start, end;
} am_touch;

struct am_result {
	int status;
	const char *error;        /* "line:col: message", or the message */
	const char *error_detail; /* the message alone */
	am_position error_at;     /* line 0: the error has no position */
	am_arena arena;
	const char *input;
	size_t input_len;
	const char *text;
	size_t len;
	size_t bom;
	int changed;
	am_edit_list edits; /* input coordinates, BOM included */
	AM_ARRAY(am_diagnostic) diagnostics;
	uint32_t fix_count; /* fixes made */
	AM_ARRAY(am_touch) touches;
	am_import_plan input_plan, output_plan;
	unsigned parses;          /* texts parsed, the first included */
	size_t queue_compat_left; /* see am_result_queue_compat_left */
};

am_result *am_result_new(const char *source, size_t len);
am_arena *am_result_arena(am_result *result);
/* Records a failure: the text stays the input. Returns status. */
int am_result_fail(am_result *result, int status, const char *message);
/* The same, for a failure at a place in the input. */
int am_result_fail_at(am_result *result, int status, am_position at,
                      const char *message);
/* A diagnostic in the input's (BOM-less) coordinates; the output side is
 * computed in am_result_finish. */
int am_result_add_diagnostic(am_result *result, const am_rule *rule,
                             const char *message, int fixed, uint32_t start,
                             uint32_t end);
/* A fix's diagnostic: made (`fix` its number) or, unsafe, held back (its
 * edits in the migrated text, BOM-less, kept in the arena). */
int am_result_add_fix(am_result *result, const am_rule *rule,
                      const char *message, uint32_t start, uint32_t end,
                      am_applicability applicability, int32_t fix,
                      const am_edit *held, uint32_t held_count);
/* A number for a fix that is made, and the input ranges its edits touch. */
int32_t am_result_new_fix(am_result *result);
int am_result_add_touch(am_result *result, int32_t fix, uint32_t start,
                        uint32_t end);
/* What a fix made alone needs, on the input and on the migrated text. */
void am_result_set_plans(am_result *result, const am_import_plan *input,
                         const am_import_plan *output);
/* Each diagnostic's fix edits (fix_edits.c), once the rest is known. */
int am_fix_edits_compute(am_result *result, const am_segments *segments,
                         const am_line_index *input_lines,
                         const am_line_index *output_lines);

/* How many times the engine parsed a text of this migration (the first
 * parse included): counted, and read by the tests. */
void am_result_count_parse(am_result *result);
unsigned am_result_parses(const am_result *result);
/* How far the fixes and diagnostics recorded go, and taking back what was
 * recorded after such a mark. */
typedef struct am_result_mark {
	size_t diagnostics, touches;
	uint32_t fixes;
} am_result_mark;
am_result_mark am_result_get_mark(const am_result *result);
void am_result_rewind(am_result *result, am_result_mark mark);
/* The migration settled: keep text (BOM-less, `bom` bytes of BOM before it in
 * the input), derive edits and positions. Returns AM_OK or AM_ENOMEM. */
int am_result_finish(am_result *result, const char *text, size_t len,
                     size_t bom, const char *source,
                     const am_segments *segments);

#endif
