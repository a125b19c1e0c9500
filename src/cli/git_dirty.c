#include "git_dirty.h"
#include "libgit2.h"
#include "paths.h"

#include <stdlib.h>
#include <string.h>

#define STAGED                                                                 \
	(GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED |                    \
	 GIT_STATUS_INDEX_DELETED | GIT_STATUS_INDEX_RENAMED |                 \
	 GIT_STATUS_INDEX_TYPECHANGE)
#define UNSTAGED                                                               \
	(GIT_STATUS_WT_MODIFIED | GIT_STATUS_WT_DELETED |                      \
	 GIT_STATUS_WT_TYPECHANGE | GIT_STATUS_WT_RENAMED)

static const char *describe(unsigned int flags)
{
	if (flags & GIT_STATUS_CONFLICTED)
		return "merge conflict";
	/* What .gitignore ignores is outside version control on purpose
	 * (build output, generated code), as `git status` sees it. */
	if (flags & GIT_STATUS_IGNORED)
		return NULL;
	if ((flags & GIT_STATUS_WT_NEW) && !(flags & STAGED))
		return "untracked";
	if ((flags & STAGED) && (flags & (UNSTAGED | GIT_STATUS_WT_NEW)))
		return "staged and unstaged changes";
	if (flags & STAGED)
		return "staged changes";
	if (flags & UNSTAGED)
		return "unstaged changes";
	return NULL;
}

static void forget_repository(struct dirty_check *check)
{
	if (check->repo)
		check->lg->repository_free(check->repo);
	free(check->workdir);
	check->repo = NULL;
	check->workdir = NULL;
}

/* Open the repository holding `folder` (canonical), if any. */
static void open_repository(struct dirty_check *check, const char *folder)
{
	git_repository *repo = NULL;
	char *workdir;

	if (!libgit2_may_find_repository(folder)) {
		forget_repository(check);
		return;
	}
	if (!check->lg)
		check->lg = libgit2_get(NULL);
	if (!check->lg) {
		check->unavailable = 1;
		return;
	}
	if (check->lg->repository_open_ext(&repo, folder, 0, NULL) != 0 ||
	    check->lg->repository_is_bare(repo) ||
	    !check->lg->repository_workdir(repo)) {
		check->lg->repository_free(repo);
		forget_repository(check);
		return;
	}
	workdir = realpath(check->lg->repository_workdir(repo), NULL);
	if (check->workdir && workdir && strcmp(check->workdir, workdir) == 0) {
		check->lg->repository_free(
		        repo); /* the same one: keep its caches */
		free(workdir);
		return;
	}
	forget_repository(check);
	check->repo = workdir ? repo : NULL;
	check->workdir = workdir;
	if (!workdir)
		check->lg->repository_free(repo);
}

/* Point `check` at the repository of `canonical`'s folder. */
static void enter_folder(struct dirty_check *check, const char *canonical)
{
	const char *slash = strrchr(canonical, '/');
	char *folder = strndup(
	        canonical, slash > canonical ? (size_t)(slash - canonical) : 1);

	if (!folder)
		return;
	if (check->folder && strcmp(check->folder, folder) == 0) {
		free(folder);
		return;
	}
	free(check->folder);
	check->folder = folder;
	open_repository(check, folder);
}

const char *dirty_check_file(struct dirty_check *check, const char *path)
{
	char *canonical = path_canonical(path);
	const char *relative;
	unsigned int flags = 0;
	const char *reason = NULL;

	if (!canonical)
		return NULL; /* the write will report why it cannot find it */
	enter_folder(check, canonical);
	if (check->unavailable) {
		free(canonical);
		return "git status unknown";
	}
	relative = check->repo ? path_below(check->workdir, canonical) : NULL;
	if (relative && *relative) {
		if (check->lg->status_file(&flags, check->repo, relative) != 0)
			reason = "git status unknown";
		else
			reason = describe(flags);
	}
	free(canonical);
	return reason;
}

void dirty_check_free(struct dirty_check *check)
{
	forget_repository(check);
	free(check->folder);
	check->folder = NULL;
}
