#include "git_changes.h"
#include "libgit2.h"
#include "paths.h"

#include <stdlib.h>
#include <string.h>

static int add_path(struct changed_files *changed, const char *workdir,
                    const char *relative)
{
	char *joined = path_join(workdir, relative);
	char *canonical = joined ? path_canonical(joined) : NULL;
	char **paths;

	free(joined);
	if (!canonical)
		return 0; /* gone, or its folder is: nothing to migrate */
	paths = realloc(changed->paths,
	                (changed->count + 1) * sizeof(*changed->paths));
	if (!paths) {
		free(canonical);
		return -1;
	}
	changed->paths = paths;
	changed->paths[changed->count++] = canonical;
	return 0;
}

static int collect(const struct libgit2 *lg, struct changed_files *changed,
                   git_diff *diff, const char *workdir)
{
	size_t count = lg->diff_num_deltas(diff);
	size_t i;

	for (i = 0; i < count; i++) {
		const git_diff_delta *delta = lg->diff_get_delta(diff, i);

		if (delta->status == GIT_DELTA_DELETED ||
		    delta->new_file.mode == GIT_FILEMODE_COMMIT)
			continue;
		if (add_path(changed, workdir, delta->new_file.path) != 0)
			return -1;
	}
	return 0;
}

static int diff_since(const struct libgit2 *lg, git_repository *repo,
                      const char *revision, git_diff **diff,
                      struct buffer *error)
{
	git_diff_options options;
	git_object *object = NULL;
	git_tree *tree = NULL;
	int status = lg->revparse_single(&object, repo, revision);

	if (status == 0)
		status = lg->object_peel((git_object **)&tree, object,
		                         GIT_OBJECT_TREE);
	if (status != 0) {
		buffer_printf(error, "--changed-since: cannot resolve '%s': %s",
		              revision, libgit2_message(lg, "unknown error"));
		lg->object_free(object);
		return -1;
	}
	lg->diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
	options.flags |=
	        GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	status =
	        lg->diff_tree_to_workdir_with_index(diff, repo, tree, &options);
	if (status != 0)
		buffer_printf(error, "--changed-since: %s",
		              libgit2_message(lg, "unknown error"));
	lg->tree_free(tree);
	lg->object_free(object);
	return status == 0 ? 0 : -1;
}

static int compare_paths(const void *left, const void *right)
{
	return strcmp(*(char *const *)left, *(char *const *)right);
}

static int open_work_tree(const struct libgit2 *lg, git_repository **repo,
                          struct buffer *error)
{
	int status = lg->repository_open_ext(repo, ".", 0, NULL);

	if (status == 0 && !lg->repository_is_bare(*repo))
		return 0;
	if (status == 0 || status == GIT_ENOTFOUND)
		buffer_printf(error, "--changed-since needs the current folder "
		                     "to be in a git work tree");
	else
		buffer_printf(error, "--changed-since: %s",
		              libgit2_message(lg, "unknown error"));
	lg->repository_free(*repo);
	*repo = NULL;
	return -1;
}

int changed_files_load(struct changed_files *changed, const char *revision,
                       struct buffer *error)
{
	git_repository *repo = NULL;
	git_diff *diff = NULL;
	const char *failure = NULL;
	const struct libgit2 *lg = libgit2_get(&failure);
	int status;

	if (!lg) {
		buffer_printf(error, "--changed-since: %s", failure);
		return -1;
	}
	status = open_work_tree(lg, &repo, error);
	if (status == 0)
		status = diff_since(lg, repo, revision, &diff, error);
	if (status == 0 &&
	    collect(lg, changed, diff, lg->repository_workdir(repo)) != 0) {
		buffer_printf(error, "--changed-since: out of memory");
		status = -1;
	}
	if (status == 0 && changed->count > 1)
		qsort(changed->paths, changed->count, sizeof(*changed->paths),
		      compare_paths);
	lg->diff_free(diff);
	lg->repository_free(repo);
	return status;
}

int changed_files_contains(const struct changed_files *changed,
                           const char *path)
{
	char *canonical = path_canonical(path);
	int found = 0;

	if (canonical && changed->count > 0)
		found = bsearch(&canonical, changed->paths, changed->count,
		                sizeof(*changed->paths), compare_paths) != NULL;
	free(canonical);
	return found;
}

void changed_files_free(struct changed_files *changed)
{
	size_t i;

	for (i = 0; i < changed->count; i++)
		free(changed->paths[i]);
	free(changed->paths);
	changed->paths = NULL;
	changed->count = 0;
}
