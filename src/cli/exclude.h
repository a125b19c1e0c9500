/*
 * Exclude globs (`--exclude`, or `exclude` in pyproject.toml). A glob is
 * matched against a path relative to its base folder (the current folder
 * for --exclude, pyproject.toml's folder for the file's) with fnmatch()'s
 * FNM_PATHNAME rules: `*`, `?` and `[...]` never match '/'. A `**` segment
 * matches any number of folders, none included. A glob that matches a
 * folder excludes everything below it; a glob ending with '/' matches
 * folders only. Paths outside the base folder are never excluded.
 */
#ifndef CLI_EXCLUDE_H
#define CLI_EXCLUDE_H

#include <stddef.h>

struct exclude_set {
	char *base; /* absolute folder the globs are relative to */
	char *cwd;  /* absolute current folder, for relative paths */
	const char *const *globs; /* borrowed */
	size_t count;
	const char *origin; /* where the globs come from, for messages
	                       ("pyproject.toml", "--exclude"); borrowed */
};

#define EXCLUDE_SET_INIT                                                       \
	{                                                                      \
		NULL, NULL, NULL, 0, NULL                                      \
	}

/* `base` NULL means the current folder. Returns 0, or -1 out of memory. */
int exclude_set_init(struct exclude_set *set, const char *base,
                     const char *const *globs, size_t count,
                     const char *origin);
/* 1 if `path` (as typed, or found in a walk) is excluded, else 0. */
int exclude_set_matches(const struct exclude_set *set, const char *path,
                        int is_folder);
/* The glob that excludes `path`, or NULL. */
const char *exclude_set_match(const struct exclude_set *set, const char *path,
                              int is_folder);
/* The same for a path found in a walk of the folder `root` (as typed):
 * only the path and its folders below `root` are matched, since a folder
 * named on the command line is searched whatever the globs say of it. */
const char *exclude_set_match_below(const struct exclude_set *set,
                                    const char *path, int is_folder,
                                    const char *root);
void exclude_set_free(struct exclude_set *set);

/* 1 if `glob` matches all of `path` (both relative, '/'-separated). */
int exclude_glob_matches(const char *glob, const char *path);

#endif
