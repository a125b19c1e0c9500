/*
 * Strings the binder reads as Python: forward references in annotations
 * (`"asyncio.Future[int]"`), arguments of typing subscripts
 * (`Optional["asyncio.Event"]`) and the type given to `typing.cast()`.
 * typing.get_type_hints() (and mypy, pydantic, FastAPI) evaluate them, so
 * the names they load are uses: an import they name stays, a rule may
 * rewrite them, the leftover rule reports them.
 *
 * Each string is parsed in place: the parser's included range is the
 * string's content, so the nodes of its tree carry the file's offsets, and
 * an edit of a name inside the string is an edit of the file.
 */
#ifndef AM_TYPE_STRINGS_H
#define AM_TYPE_STRINGS_H

#include "bind.h"

/* Parses the binder's type_strings that are types, and records the names
 * they load in string_uses (and string_refs, those of asyncio), counting
 * them on their bindings. Resets the parser's included ranges. */
int am_bind_type_strings(am_binder *binder, TSParser *parser);

#endif
