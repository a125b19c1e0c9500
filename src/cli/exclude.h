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
};

#define EXCLUDE_SET_INIT                                                       \
	{                                                                      \
		NULL, NULL, NULL, 0                                            \
	}

/* `base` NULL means the current folder. Returns 0, or -1 out of memory. */
int exclude_set_init(struct exclude_set *set, const char *base,
                     const char *const *globs, size_t count);
/* 1 if `path` (as typed, or found in a walk) is excluded, else 0. */
int exclude_set_matches(const struct exclude_set *set, const char *path,
                        int is_folder);
void exclude_set_free(struct exclude_set *set);

/* 1 if `glob` matches all of `path` (both relative, '/'-separated). */
int exclude_glob_matches(const char *glob, const char *path);

#endif
