/*
 * The outlook: what the accepted rewrites of a pass leave for the importer,
 * told from the binder of the text before them and the edits themselves,
 * so that the imports a file needs are computed in the same pass as its
 * rewrites (and the text is parsed once less).
 *
 * After the rewrites, a binding keeps the loads no edit replaces and gains
 * the names the edits' texts load where they land; a name the importer
 * acts on (anyio, math, the helpers, the drop-in queue's aliases) is free
 * when such a load resolves to nothing. The edits' texts are read with a
 * small Python tokenizer. When they could bind one of those names, or hide
 * one in an f-string, or when an edit touches an import statement, the
 * outlook is unknown and the importer waits for the next pass, as it would
 * without it.
 *
 * The engine checks the outlook on the next pass's binder (am_outlook_holds)
 * and, should it have been wrong, goes back to the rewritten text without
 * the imports.
 */
#ifndef AM_OUTLOOK_H
#define AM_OUTLOOK_H

#include "bind.h"
#include "edits.h"

#include <stdint.h>

/* A name the outlook found unused: its import goes. */
typedef struct am_outlook_name {
	const char *name;
	uint32_t len;
} am_outlook_name;

typedef struct am_outlook {
	const am_binder *binder; /* of the text before the rewrites, for the
	                          * pass that builds the outlook */
	uint32_t *uses;          /* per binding: the loads left */
	uint32_t free_names;     /* bit per am_imports_free_name index */
	AM_ARRAY(am_outlook_name) unused; /* asyncio imports left unused */
} am_outlook;

/* Fills the outlook of the sorted, accepted edits `kept` on the binder's
 * text: AM_OK and *known = 1, or *known = 0 (nothing to release) when it
 * cannot be told; AM_ENOMEM. */
int am_outlook_build(am_outlook *outlook, const am_binder *binder,
                     const am_edit_list *kept, int *known);
void am_outlook_release(am_outlook *outlook);

/* Whether the outlook's text loads `name` (one the importer acts on)
 * where nothing binds it. */
int am_outlook_is_free(const am_outlook *outlook, const char *name);

/* Whether what the outlook told of the text after the rewrites holds on the
 * binder of that text with the imports the importer made from it: each name
 * it found free and now bound at module level is used, and no name of an
 * import it found unused is loaded unbound. Needs only the outlook's own
 * data (the binder it was built on may be gone). */
int am_outlook_holds(const am_outlook *outlook, const am_binder *after);

#endif
