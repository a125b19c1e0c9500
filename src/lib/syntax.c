#include "syntax.h"

#include <stdlib.h>

int am_syntax_init(am_syntax *syntax, const TSLanguage *language)
{
	int ok = 1;
#define AM_SYNTAX_RESOLVE(name)                                                \
	syntax->name = ts_language_symbol_for_name(language, #name,            \
	                                           sizeof(#name) - 1, true);   \
	ok &= syntax->name != 0;
	AM_SYNTAX_SYMBOLS(AM_SYNTAX_RESOLVE)
#undef AM_SYNTAX_RESOLVE
#define AM_SYNTAX_RESOLVE_FIELD(name)                                          \
	syntax->field.name = ts_language_field_id_for_name(language, #name,    \
	                                                   sizeof(#name) - 1); \
	ok &= syntax->field.name != 0;
	AM_SYNTAX_FIELDS(AM_SYNTAX_RESOLVE_FIELD)
#undef AM_SYNTAX_RESOLVE_FIELD
	return ok ? 0 : -1;
}

void am_walk_init(am_walk *walk, TSNode root)
{
	walk->cursor = ts_tree_cursor_new(root);
	walk->last = root;
	walk->started = 0;
	walk->skip = 0;
	walk->left = NULL;
	walk->depth = walk->cap = 0;
	walk->uncounted = 0;
}

/* Entered the first of `count` children. */
static void walk_down(am_walk *walk, uint32_t count)
{
	if (walk->uncounted)
		return;
	if (walk->depth == walk->cap) {
		size_t cap = walk->cap ? 2 * walk->cap : 64;
		uint32_t *left = realloc(walk->left, cap * sizeof(*left));
		if (!left) {
			walk->uncounted = 1;
			return;
		}
		walk->left = left;
		walk->cap = cap;
	}
	walk->left[walk->depth++] = count ? count - 1 : 0;
}

/* To the next sibling, if the node has one. */
static int walk_across(am_walk *walk)
{
	if (walk->uncounted)
		return ts_tree_cursor_goto_next_sibling(&walk->cursor);
	if (walk->depth == 0 || walk->left[walk->depth - 1] == 0)
		return 0;
	walk->left[walk->depth - 1]--;
	return ts_tree_cursor_goto_next_sibling(&walk->cursor);
}

int am_walk_next(am_walk *walk, TSNode *node)
{
	if (!walk->started) {
		walk->started = 1;
	} else if (!walk->skip && ts_node_child_count(walk->last) &&
	           ts_tree_cursor_goto_first_child(&walk->cursor)) {
		walk_down(walk, ts_node_child_count(walk->last));
	} else {
		/* the cursor cannot leave the subtree it was made on */
		while (!walk_across(walk)) {
			if (!ts_tree_cursor_goto_parent(&walk->cursor))
				return 0;
			if (!walk->uncounted)
				walk->depth--;
		}
	}
	walk->skip = 0;
	*node = walk->last = ts_tree_cursor_current_node(&walk->cursor);
	return 1;
}

void am_walk_skip_children(am_walk *walk)
{
	walk->skip = 1;
}

void am_walk_release(am_walk *walk)
{
	ts_tree_cursor_delete(&walk->cursor);
	free(walk->left);
}

void am_children_init(am_children *children, TSNode parent)
{
	children->cursor = ts_tree_cursor_new(parent);
	children->started = 0;
}

int am_children_next(am_children *children, TSNode *child)
{
	TSTreeCursor *cursor = &children->cursor;
	int more = children->started ? ts_tree_cursor_goto_next_sibling(cursor)
	                             : ts_tree_cursor_goto_first_child(cursor);
	children->started = 1;
	for (; more; more = ts_tree_cursor_goto_next_sibling(cursor)) {
		*child = ts_tree_cursor_current_node(cursor);
		if (ts_node_is_named(*child))
			return 1;
	}
	return 0;
}

void am_children_release(am_children *children)
{
	ts_tree_cursor_delete(&children->cursor);
}
