#include "array.h"

#include <stdint.h>

int am_array_grow(void **items, size_t *capacity, size_t item_size, size_t need)
{
	if (need <= *capacity)
		return 1;
	size_t cap = *capacity ? *capacity : 8;
	while (cap < need)
		cap *= 2;
	if (cap > SIZE_MAX / item_size)
		return 0;
	void *p = realloc(*items, cap * item_size);
	if (!p)
		return 0;
	*items = p;
	*capacity = cap;
	return 1;
}
