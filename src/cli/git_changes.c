#include "git_changes.h"
#include "libgit2.h"
#include "paths.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The folder to look for the repository of `path` from: the path itself
 * for a folder, its folder for anything else. */
static char *search_start(const char *path)
{
	struct stat info;
	const char *slash = strrchr(path, '/');

	if (stat(path, &info) == 0 && S_ISDIR(info.st_mode))
		return strdup(path);
	if (!slash)
		return strdup(".");
	return slash == path ? strdup("/")
	                     : strndup(path, (size_t)(slash - path));
}

/* The work tree holding `path`; -1 with the reason in `error`. */
static int open_work_tree(const struct libgit2 *lg, const char *path,
                          git_repository **repo, struct buffer *error)
{
	char *start = search_start(path);
	int status = start ? lg->repository_open_ext(repo, start, 0, NULL)
	                   : GIT_ERROR;

	free(start);
	if (status == 0 && !lg->repository_is_bare(*repo))
		return 0;
	if (status == 0 || status == GIT_ENOTFOUND)
		buffer_printf(error,
		              "--changed-since: %s is not in a git work "
		              "tree",
		              path);
	else
		buffer_printf(error, "--changed-since: %s",
		              libgit2_message(lg, "unknown error"));
	lg->repository_free(*repo);
	*repo = NULL;
	return -1;
}

/* Whether the files of the work tree at `workdir` are listed already. */
static int seen_work_tree(char **seen, size_t count, const char *workdir)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(seen[i], workdir) == 0)
			return 1;
	}
	return 0;
}

/* The changes of the repository holding `path`, unless its work tree is
 * among `seen` (which it then joins). */
static int load_repository(const struct libgit2 *lg,
                           struct changed_files *changed, const char *revision,
                           const char *path, char ***seen, size_t *seen_count,
                           struct buffer *error)
{
	git_repository *repo = NULL;
	git_diff *diff = NULL;
	const char *workdir;
	char **grown;
	int status = open_work_tree(lg, path, &repo, error);

	if (status != 0)
		return -1;
	workdir = lg->repository_workdir(repo);
	if (seen_work_tree(*seen, *seen_count, workdir)) {
		lg->repository_free(repo);
		return 0;
	}
	grown = realloc(*seen, (*seen_count + 1) * sizeof(**seen));
	if (grown)
		*seen = grown;
	if (!grown || !(grown[*seen_count] = strdup(workdir))) {
		buffer_printf(error, "--changed-since: out of memory");
		lg->repository_free(repo);
		return -1;
	}
	++*seen_count;
	status = diff_since(lg, repo, revision, &diff, error);
	if (status == 0 && collect(lg, changed, diff, workdir) != 0) {
		buffer_printf(error, "--changed-since: out of memory");
		status = -1;
	}
	lg->diff_free(diff);
	lg->repository_free(repo);
	return status;
}

int changed_files_load(struct changed_files *changed, const char *revision,
                       const char *const *paths, size_t count,
                       struct buffer *error)
{
	const char *failure = NULL;
	const struct libgit2 *lg = libgit2_get(&failure);
	char **seen = NULL;
	size_t seen_count = 0, i;
	int status = 0;

	if (!lg) {
		buffer_printf(error, "--changed-since: %s", failure);
		return -1;
	}
	for (i = 0; i < count && status == 0; i++)
		status = load_repository(lg, changed, revision, paths[i], &seen,
		                         &seen_count, error);
	for (i = 0; i < seen_count; i++)
		free(seen[i]);
	free(seen);
	if (status == 0 && changed->count > 1)
		qsort(changed->paths, changed->count, sizeof(*changed->paths),
		      compare_paths);
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
