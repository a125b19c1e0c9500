#include "discover.h"

#include <stdlib.h>

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

int discover_files(const char *const *paths, size_t count,
                   const struct exclude_set *exclude,
                   const struct changed_files *changed, struct walk_list *found)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (walk_path(paths[i], exclude, found) != 0)
			return -1;
	}
	if (changed)
		keep_changed(found, changed);
	return 0;
}
