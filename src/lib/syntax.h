/*
 * The parts of the tree-sitter-python grammar the engine looks at, as symbol
 * and field ids resolved once per engine, and small node helpers.
 */
#ifndef AM_SYNTAX_H
#define AM_SYNTAX_H

#include <stdint.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

/* One symbol list, filled to the margin (the formatter would fold it). */
/* clang-format off */
#define AM_SYNTAX_SYMBOLS(X)                                                   \
	X(identifier) X(attribute) X(call) X(argument_list)                    \
	X(keyword_argument) X(list_splat) X(dictionary_splat) X(await)         \
	X(module) X(block) X(expression_statement) X(assignment)               \
	X(augmented_assignment) X(return_statement) X(function_definition)     \
	X(class_definition) X(decorated_definition) X(lambda)                  \
	X(lambda_parameters) X(parameters) X(typed_parameter)                  \
	X(default_parameter) X(typed_default_parameter) X(list_splat_pattern)  \
	X(dictionary_splat_pattern) X(pattern_list) X(tuple_pattern)           \
	X(list_pattern) X(for_statement) X(for_in_clause) X(as_pattern)        \
	X(as_pattern_target) X(except_clause) X(named_expression)              \
	X(global_statement) X(nonlocal_statement) X(delete_statement)          \
	X(import_statement) X(import_from_statement) X(aliased_import)         \
	X(dotted_name) X(relative_import) X(wildcard_import)                   \
	X(future_import_statement) X(list_comprehension) X(set_comprehension)  \
	X(dictionary_comprehension) X(generator_expression) X(with_statement)  \
	X(with_clause) X(with_item) X(string) X(comment) X(tuple)              \
	X(parenthesized_expression) X(integer) X(if_statement)                 \
	X(try_statement) X(raise_statement) X(pass_statement) X(decorator)     \
	X(subscript) X(expression_list) X(case_pattern) X(splat_pattern)       \
	X(keyword_pattern) X(type) X(string_start) X(string_content)           \
	X(string_end) X(list) X(interpolation) X(yield)                 \
	X(while_statement) X(break_statement) X(continue_statement)           \
	X(not_operator)

#define AM_SYNTAX_FIELDS(X)                                                    \
	X(name) X(alias) X(value) X(left) X(right) X(body) X(parameters)       \
	X(function) X(arguments) X(object) X(attribute) X(module_name)         \
	X(type) X(superclasses) X(definition) X(subscript)                   \
	X(condition) X(consequence) X(argument)
/* clang-format on */

typedef struct am_syntax {
#define AM_SYNTAX_DECLARE(name) TSSymbol name;
	AM_SYNTAX_SYMBOLS(AM_SYNTAX_DECLARE)
#undef AM_SYNTAX_DECLARE
	struct {
#define AM_SYNTAX_DECLARE_FIELD(name) TSFieldId name;
		AM_SYNTAX_FIELDS(AM_SYNTAX_DECLARE_FIELD)
#undef AM_SYNTAX_DECLARE_FIELD
	} field;
} am_syntax;

/* 0 on success, -1 if the grammar lacks a symbol or field the engine uses. */
int am_syntax_init(am_syntax *syntax, const TSLanguage *language);

static inline int am_node_is(TSNode node, TSSymbol symbol)
{
	return !ts_node_is_null(node) && ts_node_symbol(node) == symbol;
}

static inline const char *am_node_text(const char *text, TSNode node,
                                       uint32_t *len)
{
	uint32_t start = ts_node_start_byte(node);
	*len = ts_node_end_byte(node) - start;
	return text + start;
}

static inline int am_node_text_eq(const char *text, TSNode node,
                                  const char *expected)
{
	uint32_t len;
	const char *s = am_node_text(text, node, &len);
	return strlen(expected) == len && memcmp(s, expected, len) == 0;
}

/* Whether two nodes have the same text (two loads of one name). */
static inline int am_node_same_text(const char *text, TSNode a, TSNode b)
{
	uint32_t la, lb;
	const char *x = am_node_text(text, a, &la);
	const char *y = am_node_text(text, b, &lb);
	return la == lb && memcmp(x, y, la) == 0;
}

static inline TSNode am_node_field(TSNode node, TSFieldId field)
{
	return ts_node_child_by_field_id(node, field);
}

/* The null node: what lookups return for "none". */
static inline TSNode am_null_node(void)
{
	TSNode null = {{0}, NULL, NULL};
	return null;
}

/* Whether child is parent's `field` (`x` the object of `x.y`). */
static inline int am_node_is_field(TSNode parent, TSFieldId field, TSNode child)
{
	TSNode f = am_node_field(parent, field);
	return !ts_node_is_null(f) && ts_node_eq(f, child);
}

/* Whether a definition or statement starts with the `async` keyword
 * (`async def`, `async with`, `async for`); not a null node. */
static inline int am_node_is_async(TSNode node)
{
	if (ts_node_is_null(node))
		return 0;
	TSNode first = ts_node_child(node, 0);
	return !ts_node_is_null(first) && !ts_node_is_named(first) &&
	       strcmp(ts_node_type(first), "async") == 0;
}

/* Whether inner lies within outer (a null outer holds nothing). */
static inline int am_node_within(TSNode inner, TSNode outer)
{
	return !ts_node_is_null(outer) &&
	       ts_node_start_byte(inner) >= ts_node_start_byte(outer) &&
	       ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

/* Whether an except clause is `except*` (the grammar marks it with a `*`
 * token after the keyword). */
static inline int am_except_is_star(const am_syntax *sx, TSNode clause)
{
	if (!am_node_is(clause, sx->except_clause) ||
	    ts_node_child_count(clause) < 2)
		return 0;
	TSNode star = ts_node_child(clause, 1);
	return !ts_node_is_named(star) && strcmp(ts_node_type(star), "*") == 0;
}

/* A preorder walk of a subtree on a tree cursor, without recursion, so
 * deep trees cannot overflow the stack:
 *     am_walk w;
 *     am_walk_init(&w, root);
 *     for (TSNode n; am_walk_next(&w, &n);)
 *             if (...) am_walk_skip_children(&w);
 *     am_walk_release(&w);
 * The root comes first. */
typedef struct am_walk {
	TSTreeCursor cursor;
	TSNode last; /* the node returned last */
	int started;
	int skip; /* do not descend into the node returned last */
	/* The siblings left after each node on the path from the root: a
	 * cursor's failed move to a next sibling climbs through the hidden
	 * nodes above and costs about as much as a good one (one in three
	 * moves of a walk). Without memory for them (`uncounted`), the walk
	 * tries. */
	uint32_t *left;
	size_t depth, cap;
	int uncounted;
} am_walk;

void am_walk_init(am_walk *walk, TSNode root);
int am_walk_next(am_walk *walk, TSNode *node);
void am_walk_skip_children(am_walk *walk);
void am_walk_release(am_walk *walk);

/*
 * The named children of a node, in order, with a cursor: ts_node_named_child(i)
 * walks the children from the first at each call, so a loop over i costs the
 * square of their number (a module's statements, comments included).
 *
 *     am_children c;
 *     am_children_init(&c, parent);
 *     for (TSNode child; am_children_next(&c, &child);)
 *             ...
 *     am_children_release(&c);
 */
typedef struct am_children {
	TSTreeCursor cursor;
	int started;
} am_children;

void am_children_init(am_children *children, TSNode parent);
int am_children_next(am_children *children, TSNode *child);
void am_children_release(am_children *children);

#endif
