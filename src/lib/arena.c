#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AM_ARENA_BLOCK_SIZE (64 * 1024)

struct am_arena_block {
	am_arena_block *next;
	size_t used;
	size_t size;
	max_align_t data[];
};

void am_arena_init(am_arena *arena)
{
	arena->head = NULL;
	arena->failed = 0;
}

void am_arena_release(am_arena *arena)
{
	am_arena_block *block = arena->head;
	while (block) {
		am_arena_block *next = block->next;
		free(block);
		block = next;
	}
	arena->head = NULL;
	arena->failed = 0;
}

static am_arena_block *arena_grow(am_arena *arena, size_t need)
{
	size_t size = need > AM_ARENA_BLOCK_SIZE ? need : AM_ARENA_BLOCK_SIZE;
	am_arena_block *block = malloc(sizeof(*block) + size);
	if (!block) {
		arena->failed = 1;
		return NULL;
	}
	block->size = size;
	block->used = 0;
	/* A big request gets a block of its own behind the current one, so the
	 * current block keeps serving small requests. */
	if (arena->head && need > AM_ARENA_BLOCK_SIZE) {
		block->next = arena->head->next;
		arena->head->next = block;
	} else {
		block->next = arena->head;
		arena->head = block;
	}
	return block;
}

void *am_arena_alloc(am_arena *arena, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	am_arena_block *block = arena->head;
	if (!block || block->size - block->used < size) {
		block = arena_grow(arena, size);
		if (!block)
			return NULL;
	}
	void *p = (char *)block->data + block->used;
	block->used += size;
	return p;
}

void *am_arena_zalloc(am_arena *arena, size_t size)
{
	void *p = am_arena_alloc(arena, size);
	if (p)
		memset(p, 0, size);
	return p;
}

char *am_arena_strndup(am_arena *arena, const char *text, size_t len)
{
	char *p = am_arena_alloc(arena, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, text, len);
	p[len] = '\0';
	return p;
}

char *am_arena_vprintf(am_arena *arena, const char *fmt, va_list args)
{
	va_list copy;
	va_copy(copy, args);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	char *p = am_arena_alloc(arena, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, args);
	return p;
}

char *am_arena_printf(am_arena *arena, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	char *p = am_arena_vprintf(arena, fmt, args);
	va_end(args);
	return p;
}
