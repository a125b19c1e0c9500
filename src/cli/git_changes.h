/*
 * --changed-since REV: the files git sees changed between REV and the work
 * tree, in the repository holding each path (found from the path, not from
 * the current folder; several paths may be in several repositories, each
 * read once). That is the diff of
 * REV's tree to the work tree through the index (committed since REV,
 * staged, unstaged) plus the untracked files that .gitignore does not
 * ignore. Deleted files are left out: there is nothing to migrate.
 */
#ifndef CLI_GIT_CHANGES_H
#define CLI_GIT_CHANGES_H

#include <stddef.h>

#include "buffer.h"

struct changed_files {
	char **paths; /* canonical (see paths.h), sorted */
	size_t count;
};

#define CHANGED_FILES_INIT                                                     \
	{                                                                      \
		NULL, 0                                                        \
	}

/* The changes in the repositories of `paths` (as typed). Returns 0, or -1
 * with the reason (one line) appended to `error`, such as a path outside
 * any work tree. */
int changed_files_load(struct changed_files *changed, const char *revision,
                       const char *const *paths, size_t count,
                       struct buffer *error);
/* 1 if the file at `path` (as typed, or found in a walk) is changed. */
int changed_files_contains(const struct changed_files *changed,
                           const char *path);
void changed_files_free(struct changed_files *changed);

#endif
