#include "walk.h"
#include "ignore.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	struct walk_list *list;
	struct ignore_rules ignore;
	const struct exclude_set *exclude;
	const char *root; /* the folder as typed */
	size_t root_len;  /* bytes of a found path before its part below the
	                     folder that was typed */
	const char *tree; /* the typed folder, canonical (may be NULL) */
	/* Folders found but not read yet: a stack, not recursion, so a deep
	 * tree neither overflows the stack nor holds a descriptor per level. */
	char **pending;
	size_t pending_count;
	size_t pending_capacity;
};

/* Takes ownership of `path` (and `message`), even when out of memory. */
static void add_item(struct walk_list *list, enum walk_kind kind, char *path,
                     char *message, const char *tree)
{
	if (!list->failed && list->count == list->capacity) {
		size_t capacity = list->capacity ? list->capacity * 2 : 64;
		struct walk_item *items =
		        realloc(list->items, capacity * sizeof(*items));

		if (items) {
			list->items = items;
			list->capacity = capacity;
		} else {
			list->failed = 1;
		}
	}
	if (list->failed || !path || (kind != WALK_FILE && !message)) {
		list->failed = 1;
		free(path);
		free(message);
		return;
	}
	list->items[list->count].kind = kind;
	list->items[list->count].path = path;
	list->items[list->count].message = message;
	list->items[list->count].tree = tree;
	list->count++;
}

static void add_errno(struct walk_list *list, const char *path, int error)
{
	add_item(list, WALK_ERROR, strdup(path), strdup(strerror(error)), NULL);
}

/* Keep `tree` (malloc'd or NULL) for the list's lifetime; returns it. */
static const char *keep_tree(struct walk_list *list, char *tree)
{
	char **trees;

	if (!tree)
		return NULL;
	trees = realloc(list->trees, (list->tree_count + 1) * sizeof(*trees));
	if (!trees) {
		free(tree);
		list->failed = 1;
		return NULL;
	}
	list->trees = trees;
	list->trees[list->tree_count++] = tree;
	return tree;
}

/* Takes ownership of `folder`. */
static void push_pending(struct walk *walk, char *folder)
{
	if (walk->pending_count == walk->pending_capacity) {
		size_t capacity = walk->pending_capacity
		                          ? walk->pending_capacity * 2
		                          : 16;
		char **pending =
		        realloc(walk->pending, capacity * sizeof(*pending));

		if (!pending) {
			free(folder);
			walk->list->failed = 1;
			return;
		}
		walk->pending = pending;
		walk->pending_capacity = capacity;
	}
	walk->pending[walk->pending_count++] = folder;
}

/* `folder` joined with `name`; "" stands for the current folder. */
static char *join_path(const char *folder, const char *name)
{
	size_t folder_len = strlen(folder);
	int slash = folder_len > 0 && folder[folder_len - 1] != '/';
	char *path = malloc(folder_len + slash + strlen(name) + 1);

	if (path)
		sprintf(path, "%s%s%s", folder, slash ? "/" : "", name);
	return path;
}

static int has_python_suffix(const char *name)
{
	size_t len = strlen(name);

	return (len > 3 && strcmp(name + len - 3, ".py") == 0) ||
	       (len > 4 && strcmp(name + len - 4, ".pyi") == 0);
}

static int is_virtual_environment(const char *folder)
{
	char *marker = join_path(folder, "pyvenv.cfg");
	struct stat info;
	int found;

	if (!marker)
		return 0;
	found = lstat(marker, &info) == 0;
	free(marker);
	return found;
}

static int excluded(const struct walk *walk, const char *path, int is_folder)
{
	return walk->exclude && exclude_set_match_below(walk->exclude, path,
	                                                is_folder, walk->root);
}

static int skip_folder(struct walk *walk, const char *path, const char *name)
{
	return name[0] == '.' || strcmp(name, "__pycache__") == 0 ||
	       is_virtual_environment(path) ||
	       ignore_rules_match(&walk->ignore, path + walk->root_len, 1) ||
	       excluded(walk, path, 1);
}

static int skip_file(struct walk *walk, const char *path, const char *name)
{
	return !has_python_suffix(name) ||
	       ignore_rules_match(&walk->ignore, path + walk->root_len, 0) ||
	       excluded(walk, path, 0);
}

/* Symbolic links are neither files nor folders here: not followed. */
static void walk_entry(struct walk *walk, const char *folder, const char *name)
{
	struct stat info;
	char *path;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return;
	path = join_path(folder, name);
	if (!path) {
		walk->list->failed = 1;
		return;
	}
	if (lstat(path, &info) != 0) {
		add_errno(walk->list, path, errno);
	} else if (S_ISDIR(info.st_mode)) {
		if (!skip_folder(walk, path, name)) {
			push_pending(walk, path);
			return;
		}
	} else if (S_ISREG(info.st_mode) && !skip_file(walk, path, name)) {
		add_item(walk->list, WALK_FILE, path, NULL, walk->tree);
		return;
	}
	free(path);
}

static void walk_folder(struct walk *walk, const char *folder)
{
	DIR *dir = opendir(folder[0] ? folder : ".");
	struct dirent *entry;

	if (!dir) {
		add_errno(walk->list, folder[0] ? folder : ".", errno);
		return;
	}
	for (;;) {
		errno = 0;
		entry = readdir(dir);
		if (!entry)
			break;
		walk_entry(walk, folder, entry->d_name);
	}
	if (errno != 0)
		add_errno(walk->list, folder[0] ? folder : ".", errno);
	closedir(dir);
}

static int compare_items(const void *left, const void *right)
{
	const struct walk_item *a = left;
	const struct walk_item *b = right;

	return strcmp(a->path, b->path);
}

/* Found paths start with the folder as typed, except that "." is dropped. */
static const char *display_root(const char *folder)
{
	if (strcmp(folder, ".") == 0 || strcmp(folder, "./") == 0)
		return "";
	return folder;
}

/* Read every folder found, starting with `root`, until none is left. */
static void walk_all(struct walk *walk, const char *root)
{
	char *first = strdup(root);

	if (!first) {
		walk->list->failed = 1;
		return;
	}
	push_pending(walk, first);
	while (walk->pending_count > 0 && !walk->list->failed) {
		char *folder = walk->pending[--walk->pending_count];

		walk_folder(walk, folder);
		free(folder);
	}
	while (walk->pending_count > 0)
		free(walk->pending[--walk->pending_count]);
	free(walk->pending);
	walk->pending = NULL;
	walk->pending_capacity = 0;
}

static void walk_tree(const char *folder, const struct exclude_set *exclude,
                      struct walk_list *list)
{
	struct walk walk = {
	        list, IGNORE_RULES_INIT, exclude, folder, 0, NULL, NULL, 0, 0};
	const char *root = display_root(folder);
	size_t first = list->count;
	char *why = NULL;

	if (ignore_rules_open(&walk.ignore, folder, &why) < 0) {
		char *message = NULL;

		if (why && (message = malloc(strlen(why) + 64)))
			sprintf(message, "%s; .gitignore is not honoured here",
			        why);
		add_item(list, WALK_WARNING, strdup(folder), message, NULL);
		free(why);
	}
	walk.root_len = strlen(root);
	if (walk.root_len > 0 && root[walk.root_len - 1] != '/')
		walk.root_len++;
	walk.tree = keep_tree(list, realpath(folder, NULL));
	walk_all(&walk, root);
	ignore_rules_close(&walk.ignore);
	if (!list->failed && list->count - first > 1)
		qsort(list->items + first, list->count - first,
		      sizeof(*list->items), compare_items);
}

char *walk_excluded_message(const struct exclude_set *exclude, const char *glob)
{
	const char *origin = exclude->origin ? exclude->origin : "--exclude";
	char *message = malloc(strlen(glob) + strlen(origin) + 80);

	if (message)
		sprintf(message,
		        "not checked: the exclude glob `%s` of %s matches it "
		        "(--force-exclude)",
		        glob, origin);
	return message;
}

int walk_path(const char *path, const struct exclude_set *exclude,
              int force_exclude, struct walk_list *list)
{
	const char *glob = NULL;
	struct stat info;

	if (stat(path, &info) != 0)
		add_errno(list, path, errno);
	else if (force_exclude && exclude &&
	         (glob = exclude_set_match(exclude, path,
	                                   S_ISDIR(info.st_mode))))
		add_item(list, WALK_EXCLUDED, strdup(path),
		         walk_excluded_message(exclude, glob), NULL);
	else if (S_ISDIR(info.st_mode))
		walk_tree(path, exclude, list);
	else
		add_item(list, WALK_FILE, strdup(path), NULL,
		         keep_tree(list, realpath(".", NULL)));
	return list->failed ? -1 : 0;
}

void walk_list_free(struct walk_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].path);
		free(list->items[i].message);
	}
	for (i = 0; i < list->tree_count; i++)
		free(list->trees[i]);
	free(list->trees);
	list->trees = NULL;
	list->tree_count = 0;
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
	list->failed = 0;
}
