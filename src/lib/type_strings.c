#include "type_strings.h"

#include "anyio_migrate.h"

#include <string.h>

static int has_prefix(const char *q, const char *prefix)
{
	return strncmp(q, prefix, strlen(prefix)) == 0;
}

static int is_typing_name(const char *q)
{
	return has_prefix(q, "typing.") ||
	       has_prefix(q, "typing_extensions.") ||
	       has_prefix(q, "collections.abc.");
}

static int is_typing(const char *q, const char *name)
{
	return q && ((has_prefix(q, "typing.") && strcmp(q + 7, name) == 0) ||
	             (has_prefix(q, "typing_extensions.") &&
	              strcmp(q + 18, name) == 0));
}

/* Whether what is noted with a string makes it a type: a subscript of
 * typing's names or of a builtin generic, the first argument of
 * typing.cast, the bound of typing.TypeVar, the value of an assignment
 * annotated TypeAlias. A null node is an annotation's own string. */
static int makes_type(const am_binder *b, TSNode typing, TSNode string)
{
	const am_syntax *sx = b->syntax;
	if (ts_node_is_null(typing))
		return 1;
	const char *q = am_bind_resolve(b, typing);
	TSNode parent = am_bind_parent(b, typing);
	if (am_node_is(parent, sx->call))
		return am_node_is(am_bind_parent(b, string),
		                  sx->keyword_argument)
		               ? is_typing(q, "TypeVar")
		               : is_typing(q, "cast");
	if (am_node_is(parent, sx->type))
		return is_typing(q, "TypeAlias");
	if (q)
		return is_typing_name(q);
	static const char *const generics[] = {"list",  "dict",      "set",
	                                       "tuple", "frozenset", "type"};
	const am_name_use *use = am_bind_find_load(b, typing);
	if (!use || use->binding >= 0 || !ts_node_eq(use->node, typing))
		return 0;
	for (size_t i = 0; i < sizeof(generics) / sizeof(generics[0]); i++)
		if (am_node_text_eq(b->text, typing, generics[i]))
			return 1;
	return 0;
}

/* The content of a plain string literal (no f or b prefix, no escapes,
 * no implicit concatenation), whose bytes are the Python it holds. */
static int content_range(const am_binder *b, TSNode string, TSRange *range)
{
	const am_syntax *sx = b->syntax;
	if (ts_node_child_count(string) != 3)
		return 0;
	TSNode start = ts_node_child(string, 0);
	TSNode content = ts_node_child(string, 1);
	if (!am_node_is(start, sx->string_start) ||
	    !am_node_is(content, sx->string_content) ||
	    !am_node_is(ts_node_child(string, 2), sx->string_end) ||
	    ts_node_child_count(content) != 0)
		return 0;
	uint32_t len;
	const char *prefix = am_node_text(b->text, start, &len);
	for (uint32_t i = 0; i < len && prefix[i] != '"' && prefix[i] != '\'';
	     i++)
		if (!strchr("rRuU", prefix[i]))
			return 0;
	range->start_byte = ts_node_start_byte(content);
	range->end_byte = ts_node_end_byte(content);
	range->start_point = ts_node_start_point(content);
	range->end_point = ts_node_end_point(content);
	return 1;
}

/* The string's content parsed as one expression, or NULL. */
static TSTree *parse_content(const am_binder *b, TSParser *parser,
                             const TSRange *range)
{
	if (!ts_parser_set_included_ranges(parser, range, 1))
		return NULL;
	TSTree *tree =
	        ts_parser_parse_string(parser, NULL, b->text, range->end_byte);
	if (!tree)
		return NULL;
	TSNode root = ts_tree_root_node(tree);
	TSNode statement = ts_node_named_child(root, 0);
	if (ts_node_has_error(root) || ts_node_named_child_count(root) != 1 ||
	    !am_node_is(statement, b->syntax->expression_statement) ||
	    ts_node_named_child_count(statement) != 1) {
		ts_tree_delete(tree);
		return NULL;
	}
	return tree;
}

/* The qualified name a chain of attributes over an import denotes. */
static const char *chain_qualname(am_binder *b, const am_binding *bd, TSNode id,
                                  TSNode chain)
{
	const char *q = bd->qualname;
	for (TSNode n = id; !ts_node_eq(n, chain);) {
		n = ts_node_parent(n);
		uint32_t len;
		const char *name = am_node_text(
		        b->text, am_node_field(n, b->syntax->field.attribute),
		        &len);
		q = am_arena_printf(b->arena, "%s.%.*s", q, (int)len, name);
		if (!q)
			return NULL;
	}
	return q;
}

/* Records a load of a name in a string, in the string's scope. */
static int record_load(am_binder *b, TSNode id, int scope)
{
	const am_syntax *sx = b->syntax;
	TSNode chain = id;
	for (TSNode p = ts_node_parent(chain);
	     am_node_is(p, sx->attribute) &&
	     ts_node_eq(am_node_field(p, sx->field.object), chain);
	     p = ts_node_parent(chain))
		chain = p;
	uint32_t len;
	const char *name = am_node_text(b->text, id, &len);
	am_name_use use = {id,
	                   ts_node_start_byte(id),
	                   ts_node_end_byte(id),
	                   scope,
	                   am_bind_lookup(b, scope, name, len),
	                   chain,
	                   1};
	if (!AM_ARRAY_PUSH(&b->string_uses, use))
		return AM_ENOMEM;
	if (use.binding < 0)
		return AM_OK;
	am_binding *bd = &b->bindings.items[use.binding];
	bd->string_uses++;
	if (!bd->maybe_asyncio)
		return AM_OK;
	int ambiguous = bd->kind != AM_BINDING_IMPORT;
	const char *q =
	        ambiguous ? "asyncio" : chain_qualname(b, bd, id, chain);
	am_reference ref = {chain, q, ambiguous, 1};
	if (!q || !AM_ARRAY_PUSH(&b->string_refs, ref))
		return AM_ENOMEM;
	return AM_OK;
}

/* The names a parsed string loads: every identifier but attribute names
 * and keyword names. */
static int record_loads(am_binder *b, TSTree *tree, int scope)
{
	const am_syntax *sx = b->syntax;
	am_walk walk;
	am_walk_init(&walk, ts_tree_root_node(tree));
	int rc = AM_OK;
	for (TSNode n; rc == AM_OK && am_walk_next(&walk, &n);) {
		if (!am_node_is(n, sx->identifier))
			continue;
		TSNode parent = ts_node_parent(n);
		if ((am_node_is(parent, sx->attribute) &&
		     ts_node_eq(am_node_field(parent, sx->field.attribute),
		                n)) ||
		    (am_node_is(parent, sx->keyword_argument) &&
		     ts_node_eq(am_node_field(parent, sx->field.name), n)))
			continue;
		rc = record_load(b, n, scope);
	}
	am_walk_release(&walk);
	return rc;
}

int am_bind_type_strings(am_binder *b, TSParser *parser)
{
	int rc = AM_OK;
	for (size_t i = 0; rc == AM_OK && i < b->type_strings.count; i++) {
		const am_type_string *ts = &b->type_strings.items[i];
		TSRange range;
		if (!makes_type(b, ts->typing, ts->string) ||
		    !content_range(b, ts->string, &range))
			continue;
		TSTree *tree = parse_content(b, parser, &range);
		if (!tree)
			continue;
		if (!AM_ARRAY_PUSH(&b->string_trees, tree)) {
			ts_tree_delete(tree);
			rc = AM_ENOMEM;
			break;
		}
		rc = record_loads(b, tree, ts->scope);
	}
	ts_parser_set_included_ranges(parser, NULL, 0);
	return rc;
}
