#include "verify.h"

#include "syntax.h"

#include <string.h>

static TSSymbol symbol_named(TSNode root, const char *name)
{
	return ts_language_symbol_for_name(ts_tree_language(root.tree), name,
	                                   (uint32_t)strlen(name), true);
}

/* A block with no statement: tree-sitter accepts `def f():` followed by a
 * dedent, Python does not. Blocks stand only in statements, never in an
 * expression: the walk skips expression and return statements, where
 * most of a file's nodes are. */
static int find_empty_block(TSNode root, TSNode *bad)
{
	TSSymbol block = symbol_named(root, "block");
	TSSymbol comment = symbol_named(root, "comment");
	TSSymbol expression_statement = symbol_named(root, "expression_statement");
	TSSymbol return_statement = symbol_named(root, "return_statement");
	am_walk walk;
	am_walk_init(&walk, root);
	int found = 0;
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		TSSymbol s = ts_node_symbol(n);
		if (s == expression_statement || s == return_statement)
			am_walk_skip_children(&walk);
		if (s != block)
			continue;
		uint32_t count = ts_node_named_child_count(n), statements = 0;
		for (uint32_t i = 0; i < count && !statements; i++)
			if (ts_node_symbol(ts_node_named_child(n, i)) != comment)
				statements++;
		if (statements == 0) {
			*bad = n;
			found = 1;
		}
	}
	am_walk_release(&walk);
	return found;
}

int am_verify_find_error(TSNode root, TSNode *bad)
{
	if (!ts_node_has_error(root))
		return find_empty_block(root, bad);
	/* Descend through the first child that has an error; iterative, so
	 * deep trees cannot overflow the stack. */
	TSNode node = root;
	for (;;) {
		if (strcmp(ts_node_type(node), "ERROR") == 0 ||
		    ts_node_is_missing(node)) {
			*bad = node;
			return 1;
		}
		uint32_t count = ts_node_child_count(node);
		TSNode next = node;
		for (uint32_t i = 0; i < count; i++) {
			TSNode child = ts_node_child(node, i);
			if (ts_node_has_error(child) ||
			    ts_node_is_missing(child)) {
				next = child;
				break;
			}
		}
		if (ts_node_eq(next, node)) {
			*bad = node;
			return 1;
		}
		node = next;
	}
}

const char *am_verify_describe(TSNode bad)
{
	if (ts_node_is_missing(bad))
		return "syntax error: something is missing here; the file is "
		       "left unchanged";
	if (strcmp(ts_node_type(bad), "block") == 0)
		return "syntax error: a block without statements; the file is "
		       "left unchanged";
	return "syntax error: the file does not parse as Python 3; it is "
	       "left unchanged";
}
