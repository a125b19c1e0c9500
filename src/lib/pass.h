/*
 * One pass of the rules over one text: what they proposed and flagged.
 * Shared by the engine, which runs passes, and the rule context API.
 */
#ifndef AM_PASS_H
#define AM_PASS_H

#include "edits.h"
#include "rule.h"

typedef struct am_note {
	const am_rule *rule;
	uint32_t start, end;  /* in the pass's text */
	const char *message;  /* NULL: a fix with no diagnostic of its own */
	int suppressed;       /* by a comment: no edit, no diagnostic */
	unsigned char unsafe; /* changes behaviour on some path */
	unsigned char held;   /* unsafe, not made: its edits are in `held` */
} am_note;

typedef struct am_pass {
	am_edit_list proposed;
	am_edit_list held;       /* the edits of the unsafe fixes not made */
	AM_ARRAY(am_note) fixes; /* one per fix: its diagnostic */
	AM_ARRAY(am_note) flags;
	int failed; /* out of memory somewhere in a rule */
} am_pass;

struct am_fix {
	am_context *ctx;
	uint32_t index;
};

void am_pass_release(am_pass *pass);

#endif
