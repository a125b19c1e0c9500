#include "verify.h"

#include <string.h>

int am_verify_find_error(TSNode root, TSNode *bad)
{
	if (!ts_node_has_error(root))
		return 0;
	/* Descend through the first child that has an error; iterative, so
	 * deep trees cannot overflow the stack. */
	TSNode node = root;
	for (;;) {
		if ((ts_node_symbol(node) == (TSSymbol)-1 || strcmp(ts_node_type(node), "ERROR") == 0) || ts_node_is_missing(node)) {
			*bad = node;
			return 1;
		}
		uint32_t count = ts_node_child_count(node);
		TSNode next = node;
		for (uint32_t i = 0; i < count; i++) {
			TSNode child = ts_node_child(node, i);
			if (ts_node_has_error(child) || ts_node_is_missing(child)) {
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
	return "syntax error: the file does not parse as Python 3; it is "
	       "left unchanged";
}
