#include "ignore.h"
#include "libgit2.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The folder's path relative to the work tree, ending with '/' unless "". */
static char *folder_prefix(const char *workdir, const char *folder)
{
	char *absolute = realpath(folder, NULL);
	size_t workdir_len = strlen(workdir);
	char *prefix = NULL;

	if (!absolute)
		return NULL;
	if (workdir_len > 0 && workdir[workdir_len - 1] == '/')
		workdir_len--;
	if (strncmp(absolute, workdir, workdir_len) == 0) {
		const char *rest = absolute + workdir_len;

		if (*rest == '\0')
			prefix = strdup("");
		else if (*rest == '/' && (prefix = malloc(strlen(rest) + 1)))
			sprintf(prefix, "%s/", rest + 1);
	}
	free(absolute);
	return prefix;
}

int ignore_rules_open(struct ignore_rules *rules, const char *folder,
                      char **why)
{
	git_repository *repo = NULL;
	const char *workdir;
	const char *failure = NULL;
	const struct libgit2 *lg;
	int status;

	rules->lg = NULL;
	rules->repo = NULL;
	rules->prefix = NULL;
	*why = NULL;
	if (!libgit2_may_find_repository(folder))
		return 0;
	lg = libgit2_get(&failure);
	rules->lg = lg;
	if (!lg) {
		*why = strdup(failure);
		return -1;
	}
	status = lg->repository_open_ext(&repo, folder, 0, NULL);
	if (status == GIT_ENOTFOUND)
		return 0;
	if (status < 0) {
		*why = strdup(libgit2_message(lg, "unknown libgit2 error"));
		return -1;
	}
	workdir = lg->repository_workdir(repo);
	if (!workdir || lg->repository_is_bare(repo)) {
		lg->repository_free(repo);
		return 0;
	}
	rules->prefix = folder_prefix(workdir, folder);
	if (!rules->prefix) {
		lg->repository_free(repo);
		*why = strdup("cannot place the folder in its git work tree");
		return -1;
	}
	rules->repo = repo;
	return 0;
}

int ignore_rules_match(const struct ignore_rules *rules, const char *relative,
                       int is_folder)
{
	char *path;
	int ignored = 0;

	if (!rules->repo)
		return 0;
	path = malloc(strlen(rules->prefix) + strlen(relative) + 2);
	if (!path)
		return 0;
	sprintf(path, "%s%s%s", rules->prefix, relative, is_folder ? "/" : "");
	if (rules->lg->ignore_path_is_ignored(&ignored, rules->repo, path) < 0)
		ignored = 0;
	free(path);
	return ignored ? 1 : 0;
}

void ignore_rules_close(struct ignore_rules *rules)
{
	if (rules->repo)
		rules->lg->repository_free(rules->repo);
	free(rules->prefix);
	rules->repo = NULL;
	rules->prefix = NULL;
}
