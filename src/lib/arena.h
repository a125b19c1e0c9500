/*
 * A bump allocator for everything that lives as long as one migration: the
 * binder's tables, rule output, edit texts. Freed all at once.
 */
#ifndef AM_ARENA_H
#define AM_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct am_arena_block am_arena_block;

typedef struct am_arena {
	am_arena_block *head;
	int failed; /* an allocation failed: the migration reports AM_ENOMEM */
} am_arena;

void am_arena_init(am_arena *arena);
void am_arena_release(am_arena *arena);
void *am_arena_alloc(am_arena *arena, size_t size);
void *am_arena_zalloc(am_arena *arena, size_t size);
char *am_arena_strndup(am_arena *arena, const char *text, size_t len);
char *am_arena_printf(am_arena *arena, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
char *am_arena_vprintf(am_arena *arena, const char *fmt, va_list args);

#endif
