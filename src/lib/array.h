/*
 * Growable arrays as macros over a struct with `items`, `count`, `capacity`:
 *     AM_ARRAY(int) numbers = {0};
 *     if (!AM_ARRAY_PUSH(&numbers, 42)) ...out of memory...
 *     AM_ARRAY_FREE(&numbers);
 * Heap memory (not the arena), so arrays can outlive one migration.
 */
#ifndef AM_ARRAY_H
#define AM_ARRAY_H

#include <stdlib.h>

#define AM_ARRAY(type)                                                         \
	struct {                                                               \
		type *items;                                                   \
		size_t count;                                                  \
		size_t capacity;                                               \
	}

int am_array_grow(void **items, size_t *capacity, size_t item_size,
                  size_t need);

#define AM_ARRAY_RESERVE(array, n)                                             \
	am_array_grow((void **)&(array)->items, &(array)->capacity,            \
	              sizeof(*(array)->items), (n))

/* Evaluates to 1 on success, 0 when out of memory. Grows only when full:
 * the binder pushes once per node of the tree. */
#define AM_ARRAY_PUSH(array, value)                                            \
	(((array)->count < (array)->capacity ||                                \
	  AM_ARRAY_RESERVE((array), (array)->count + 1))                       \
	         ? ((array)->items[(array)->count++] = (value), 1)             \
	         : 0)

/* Lower bound: sets `result` to the first index i in [0, count) whose item
 * does not sort before the key, or to count when every item does. `before`
 * is an expression in `mid` (the index being tested) that says whether
 * item `mid` sorts before the key; items must be sorted so that it holds
 * for a prefix:
 *     size_t at;
 *     AM_LOWER_BOUND(at, uses->count, uses->items[mid].start < start);
 */
#define AM_LOWER_BOUND(result, count, before)                                  \
	do {                                                                   \
		size_t am_lo_ = 0, am_hi_ = (count);                           \
		while (am_lo_ < am_hi_) {                                      \
			size_t mid = am_lo_ + (am_hi_ - am_lo_) / 2;           \
			if (before)                                            \
				am_lo_ = mid + 1;                              \
			else                                                   \
				am_hi_ = mid;                                  \
		}                                                              \
		(result) = am_lo_;                                             \
	} while (0)

#define AM_ARRAY_FREE(array)                                                   \
	do {                                                                   \
		free((array)->items);                                          \
		(array)->items = NULL;                                         \
		(array)->count = (array)->capacity = 0;                        \
	} while (0)

#endif
