/*
 * Finding the files to migrate under one command-line path. A file named
 * on the command line is taken whatever its name and whatever the exclude
 * globs say (unless `force_exclude`: then it is listed as excluded); a
 * folder is searched
 * recursively for *.py and *.pyi, skipping .git and hidden folders, virtual
 * environments (a folder holding pyvenv.cfg), __pycache__, symbolic links,
 * and what .gitignore ignores inside a git work tree. What the exclude
 * globs match below it is skipped too.
 *
 * Symbolic links met in a folder are not followed (a file a link leads to
 * inside the tree is found under its own name), so a loop cannot hang the
 * walk. Each file comes with its tree: the folder it was found in as typed,
 * or the current folder for a file named on the command line; a symbolic
 * link named on the command line is only followed to a file inside it (see
 * path_resolve_in_tree).
 *
 * What a walk finds, problems included, becomes a list of items sorted by
 * path, so the output does not depend on the order of directory entries.
 */
#ifndef CLI_WALK_H
#define CLI_WALK_H

#include <stddef.h>

#include "exclude.h"

enum walk_kind {
	WALK_FILE,    /* a file to migrate */
	WALK_ERROR,   /* a path that could not be read: `message` says why */
	WALK_WARNING, /* something the user should know; not an error */
	WALK_EXCLUDED /* named, left out by --force-exclude: `message` says
	                 which glob */
};

struct walk_item {
	enum walk_kind kind;
	char *path;       /* as typed, or the typed folder joined with names */
	char *message;    /* NULL for WALK_FILE */
	const char *tree; /* WALK_FILE: its tree, absolute and canonical (NULL
	                     if unknown: then no link is followed) */
};

struct walk_list {
	struct walk_item *items;
	size_t count;
	size_t capacity;
	int failed;   /* out of memory: the list is incomplete */
	char **trees; /* what the items' `tree` point to */
	size_t tree_count;
};

#define WALK_LIST_INIT                                                         \
	{                                                                      \
		NULL, 0, 0, 0, NULL, 0                                         \
	}

/*
 * Append the items found under `path`, leaving out what `exclude` (may be
 * NULL) matches below it, and `path` itself if `force_exclude`. Returns 0,
 * or -1 if out of memory.
 */
int walk_path(const char *path, const struct exclude_set *exclude,
              int force_exclude, struct walk_list *list);
/* "not checked: the exclude glob `G` of ORIGIN matches it (--force-exclude)"
 * (malloc'd, NULL if out of memory). */
char *walk_excluded_message(const struct exclude_set *exclude,
                            const char *glob);
void walk_list_free(struct walk_list *list);

#endif
