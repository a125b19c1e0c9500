/*
 * Imports made ahead: in the pass of the rewrites rather than in a pass of
 * their own over the rewritten text (which would need one more parse). The
 * importer runs on the rewrites' outlook (outlook.h), its fixes join the
 * pass's, and the next pass, the one that proves the text has settled,
 * checks the outlook. Should that pass find anything to do, or the outlook
 * wrong, the engine takes the imports back: the text becomes the rewrites'
 * alone, as the pass without imports would have left it, and the passes go
 * on from there as they always did.
 *
 * So the output is the same either way; when the rewrites settle in one
 * pass (most files), the file is parsed twice instead of three times.
 */
#ifndef AM_AHEAD_H
#define AM_AHEAD_H

#include "edits.h"
#include "outlook.h"
#include "pass.h"
#include "result.h"

typedef struct am_ahead {
	int pending;        /* the pass made imports ahead, or the text holds
	                     * them: the next pass checks them */
	am_outlook outlook; /* they were made from */
	const char *before; /* the text of the pass that made them; NULL
	                     * until that pass's edits are applied */
	size_t before_len;
	am_edit_list edits;      /* that pass's accepted edits, sorted */
	uint32_t first_import;   /* its first fix made by the importer */
	am_segments segments;    /* the segments before that pass */
	am_result_mark recorded; /* fixes and diagnostics up to its
	                          * rewrites' */
} am_ahead;

/* Whether the importer's fixes (from `first_import` on) could read
 * differently once the accepted rewrites are made: an edit of theirs near
 * a rewrite (on the same lines, in the same block), or an import added at
 * the top of a module rewritten before that point. */
int am_ahead_clash(const am_context *ctx, const am_pass *pass,
                   uint32_t first_import, const am_edit_list *rewrites);

/* The edits of the pass that made the imports, split: `rewrites` turn its
 * text into the rewritten one; `back` turn the text it left (with the
 * imports) into that same rewritten text. */
int am_ahead_undo(const am_ahead *ahead, am_edit_list *rewrites,
                  am_edit_list *back);

void am_ahead_release(am_ahead *ahead);

#endif
