#include "discover.h"

#include <stdlib.h>
#include <sys/stat.h>

/* Keep only the files `changed` holds (and every error and warning). */
static void keep_changed(struct walk_list *found,
                         const struct changed_files *changed)
{
	size_t kept = 0;
	size_t i;

	for (i = 0; i < found->count; i++) {
		struct walk_item *item = &found->items[i];

		if (item->kind == WALK_FILE &&
		    !changed_files_contains(changed, item->path)) {
			free(item->path);
			free(item->message);
			continue;
		}
		found->items[kept++] = *item;
	}
	found->count = kept;
}

/* A file's identity: the same file under two paths has the same. */
struct identity {
	dev_t device;
	ino_t inode;
	size_t index; /* in the list */
};

static int compare_identities(const void *left, const void *right)
{
	const struct identity *a = left;
	const struct identity *b = right;

	if (a->device != b->device)
		return a->device < b->device ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Drop each file already listed under another path (`pkg` and
 * `./pkg/mod.py`, a link and its target): the first path names it. Files
 * that cannot be stat()ed stay, for the read to report. */
static int keep_first_paths(struct walk_list *found)
{
	struct identity *ids = malloc((found->count + 1) * sizeof(*ids));
	unsigned char *drop = calloc(found->count + 1, 1);
	size_t count = 0, kept = 0, i;
	struct stat info;

	if (!ids || !drop) {
		free(ids);
		free(drop);
		return -1;
	}
	for (i = 0; i < found->count; i++) {
		if (found->items[i].kind != WALK_FILE ||
		    stat(found->items[i].path, &info) != 0)
			continue;
		ids[count].device = info.st_dev;
		ids[count].inode = info.st_ino;
		ids[count++].index = i;
	}
	qsort(ids, count, sizeof(*ids), compare_identities);
	for (i = 1; i < count; i++)
		drop[ids[i].index] = ids[i].device == ids[i - 1].device &&
		                     ids[i].inode == ids[i - 1].inode;
	for (i = 0; i < found->count; i++) {
		if (drop[i]) {
			free(found->items[i].path);
			free(found->items[i].message);
			continue;
		}
		found->items[kept++] = found->items[i];
	}
	found->count = kept;
	free(ids);
	free(drop);
	return 0;
}

int discover_files(const char *const *paths, size_t count,
                   const struct exclude_set *exclude, int force_exclude,
                   const struct changed_files *changed, struct walk_list *found)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (walk_path(paths[i], exclude, force_exclude, found) != 0)
			return -1;
	}
	if (changed)
		keep_changed(found, changed);
	return keep_first_paths(found);
}
