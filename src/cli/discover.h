/*
 * The files of a run, found before any is migrated: each command-line path
 * walked in order (see walk.h), without what the exclude globs match, and,
 * with --changed-since, only the files git sees changed. A file reached
 * by several paths (`pkg` and `./pkg/mod.py`, a link and its target) is
 * listed once, under the first.
 */
#ifndef CLI_DISCOVER_H
#define CLI_DISCOVER_H

#include <stddef.h>

#include "exclude.h"
#include "git_changes.h"
#include "walk.h"

/*
 * Fill `found` (`changed` NULL: every file). Returns 0, or -1 if out of
 * memory.
 */
int discover_files(const char *const *paths, size_t count,
                   const struct exclude_set *exclude, int force_exclude,
                   const struct changed_files *changed,
                   struct walk_list *found);

#endif
