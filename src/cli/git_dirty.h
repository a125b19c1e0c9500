/*
 * Whether --apply may rewrite a file: inside a git work tree, only when git
 * holds its current content, so `git diff` shows exactly what the tool did
 * and `git checkout` undoes it. A file with staged or unstaged changes and
 * an untracked file are refused (unless --allow-dirty). A file .gitignore
 * ignores is left to its owner, as `git status` does, and outside any git
 * work tree every file may be rewritten.
 *
 * The repositories are opened here, before the worker threads start, and
 * only ever used from one thread.
 */
#ifndef CLI_GIT_DIRTY_H
#define CLI_GIT_DIRTY_H

#include "libgit2.h"

struct dirty_check {
	const struct libgit2 *lg; /* NULL until a folder is in a work tree */
	int unavailable;          /* libgit2 could not be loaded */
	git_repository *repo;     /* the repository of the last folder asked */
	char *folder;             /* that folder, canonical; NULL if none yet */
	char *workdir;            /* repo's work tree, canonical, or NULL */
};

#define DIRTY_CHECK_INIT                                                       \
	{                                                                      \
		NULL, 0, NULL, NULL, NULL                                      \
	}

/*
 * Why the file at `path` may not be rewritten ("unstaged changes",
 * "untracked", ...: a static string), or NULL if it may.
 */
const char *dirty_check_file(struct dirty_check *check, const char *path);
void dirty_check_free(struct dirty_check *check);

#endif
