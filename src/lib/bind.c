#include "bind.h"

#include "anyio_migrate.h"
#include "array.h"
#include "type_strings.h"

#include <stdint.h>
#include <string.h>

/* ---- the (scope, name) -> binding table ------------------------------ */

static uint64_t name_hash(int scope, const char *name, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(scope + 1);
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int table_find(const am_binder *b, int scope, const char *name,
                      size_t len)
{
	if (!b->table_size)
		return -1;
	size_t mask = b->table_size - 1;
	for (size_t i = name_hash(scope, name, len) & mask;;
	     i = (i + 1) & mask) {
		int index = b->table[i];
		if (index < 0)
			return -1;
		const am_binding *bd = &b->bindings.items[index];
		if (bd->scope == scope && bd->name_len == len &&
		    memcmp(bd->name, name, len) == 0)
			return index;
	}
}

static int table_rehash(am_binder *b, size_t size)
{
	int *table = malloc(size * sizeof(int));
	if (!table)
		return AM_ENOMEM;
	memset(table, 0xff, size * sizeof(int));
	for (size_t n = 0; n < b->bindings.count; n++) {
		const am_binding *bd = &b->bindings.items[n];
		size_t i = name_hash(bd->scope, bd->name, bd->name_len) &
		           (size - 1);
		while (table[i] >= 0)
			i = (i + 1) & (size - 1);
		table[i] = (int)n;
	}
	free(b->table);
	b->table = table;
	b->table_size = size;
	return AM_OK;
}

/* The binding of name in scope, created (as `kind`) when absent. */
static am_binding *binding_get(am_binder *b, int scope, const char *name,
                               size_t len, int *created)
{
	int index = table_find(b, scope, name, len);
	*created = 0;
	if (index >= 0)
		return &b->bindings.items[index];
	am_binding bd = {.scope = scope,
	                 .name = name,
	                 .name_len = (uint32_t)len,
	                 .kind = AM_BINDING_OTHER};
	if (!AM_ARRAY_PUSH(&b->bindings, bd))
		return NULL;
	if (b->bindings.count * 2 > b->table_size) {
		size_t size = b->table_size ? b->table_size * 2 : 64;
		if (table_rehash(b, size) != AM_OK)
			return NULL;
	} else {
		size_t mask = b->table_size - 1;
		size_t i = name_hash(scope, name, len) & mask;
		while (b->table[i] >= 0)
			i = (i + 1) & mask;
		b->table[i] = (int)(b->bindings.count - 1);
	}
	*created = 1;
	return &b->bindings.items[b->bindings.count - 1];
}

static int is_asyncio_name(const char *qualname)
{
	return qualname && strncmp(qualname, "asyncio", 7) == 0 &&
	       (qualname[7] == '\0' || qualname[7] == '.');
}

/* The scope a `global`/`nonlocal` declaration in `scope` sends a name to. */
static int declared_scope(const am_binder *b, int scope, am_binding_kind kind)
{
	if (kind == AM_BINDING_GLOBAL)
		return 0;
	int s = b->scopes.items[scope].parent;
	while (s > 0 && b->scopes.items[s].kind == AM_SCOPE_CLASS)
		s = b->scopes.items[s].parent;
	return s < 0 ? 0 : s;
}

static int bind_other(am_binder *b, int scope, const char *name, size_t len)
{
	int created;
	am_binding *bd = binding_get(b, scope, name, len, &created);
	if (!bd)
		return AM_ENOMEM;
	if (bd->kind == AM_BINDING_GLOBAL || bd->kind == AM_BINDING_NONLOCAL) {
		int target = declared_scope(b, scope, bd->kind);
		return target == scope ? AM_OK
		                       : bind_other(b, target, name, len);
	}
	bd->kind = AM_BINDING_OTHER;
	bd->qualname = NULL;
	return AM_OK;
}

static int bind_import(am_binder *b, int scope, const char *name, size_t len,
                       const char *qualname)
{
	int created;
	am_binding *bd = binding_get(b, scope, name, len, &created);
	if (!bd)
		return AM_ENOMEM;
	if (is_asyncio_name(qualname))
		bd->maybe_asyncio = 1;
	if (bd->kind == AM_BINDING_GLOBAL || bd->kind == AM_BINDING_NONLOCAL) {
		int target = declared_scope(b, scope, bd->kind);
		return target == scope
		               ? AM_OK
		               : bind_import(b, target, name, len, qualname);
	}
	if (created) {
		bd->kind = AM_BINDING_IMPORT;
		bd->qualname = qualname;
	} else if (bd->kind != AM_BINDING_IMPORT ||
	           strcmp(bd->qualname, qualname) != 0) {
		bd->kind = AM_BINDING_OTHER;
		bd->qualname = NULL;
	}
	return AM_OK;
}

static int bind_declaration(am_binder *b, int scope, const char *name,
                            size_t len, am_binding_kind kind)
{
	int created;
	am_binding *bd = binding_get(b, scope, name, len, &created);
	if (!bd)
		return AM_ENOMEM;
	bd->kind = kind;
	bd->qualname = NULL;
	return AM_OK;
}

/* ---- scopes ------------------------------------------------------------ */

static int scope_new(am_binder *b, am_scope_kind kind, int parent, TSNode node)
{
	am_scope s = {kind, parent, ts_node_start_byte(node),
	              ts_node_end_byte(node), node};
	if (!AM_ARRAY_PUSH(&b->scopes, s))
		return -1;
	return (int)b->scopes.count - 1;
}

/* Walrus targets bind in the nearest scope that is not a comprehension. */
static int non_comprehension_scope(const am_binder *b, int scope)
{
	while (b->scopes.items[scope].kind == AM_SCOPE_COMPREHENSION)
		scope = b->scopes.items[scope].parent;
	return scope;
}

/* ---- imports ------------------------------------------------------------ */

static char *dotted_text(am_binder *b, TSNode dotted)
{
	/* dotted_name text may hold spaces or comments between parts in odd
	 * code; rebuild it from its identifiers. */
	size_t cap = ts_node_end_byte(dotted) - ts_node_start_byte(dotted) + 1;
	char *out = am_arena_alloc(b->arena, cap);
	if (!out)
		return NULL;
	size_t n = 0;
	uint32_t count = ts_node_named_child_count(dotted);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t len;
		const char *part = am_node_text(
		        b->text, ts_node_named_child(dotted, i), &len);
		if (n)
			out[n++] = '.';
		memcpy(out + n, part, len);
		n += len;
	}
	out[n] = '\0';
	return out;
}

/* `import x as x` and `from m import x as x` (at module level): the
 * spelling that says a module re-exports the name. */
static int imported_as_itself(const am_binder *b, TSNode item, int scope)
{
	const am_syntax *sx = b->syntax;
	if (scope != 0 || !am_node_is(item, sx->aliased_import))
		return 0;
	TSNode dotted = am_node_field(item, sx->field.name);
	TSNode alias = am_node_field(item, sx->field.alias);
	if (ts_node_named_child_count(dotted) != 1)
		return 0;
	uint32_t len, alias_len;
	const char *name =
	        am_node_text(b->text, ts_node_named_child(dotted, 0), &len);
	const char *alias_name = am_node_text(b->text, alias, &alias_len);
	return len == alias_len && memcmp(name, alias_name, len) == 0;
}

static int record_import(am_binder *b, TSNode statement, TSNode item, int scope,
                         const char *bound_name, size_t bound_len,
                         const char *qualname)
{
	int rc = bind_import(b, scope, bound_name, bound_len, qualname);
	if (rc != AM_OK)
		return rc;
	am_import_site site = {
	        statement, item,
	        scope,     table_find(b, scope, bound_name, bound_len),
	        qualname,  imported_as_itself(b, item, scope)};
	return AM_ARRAY_PUSH(&b->imports, site) ? AM_OK : AM_ENOMEM;
}

static int visit_import(am_binder *b, TSNode statement, int scope)
{
	const am_syntax *sx = b->syntax;
	uint32_t count = ts_node_named_child_count(statement);
	for (uint32_t i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(statement, i);
		if (am_node_is(item, sx->dotted_name)) {
			/* import a.b.c binds a, which denotes module a */
			TSNode first = ts_node_named_child(item, 0);
			uint32_t len;
			const char *name = am_node_text(b->text, first, &len);
			char *qual = am_arena_strndup(b->arena, name, len);
			if (!qual || record_import(b, statement, item, scope,
			                           name, len, qual) != AM_OK)
				return AM_ENOMEM;
		} else if (am_node_is(item, sx->aliased_import)) {
			TSNode dotted = am_node_field(item, sx->field.name);
			TSNode alias = am_node_field(item, sx->field.alias);
			uint32_t len;
			const char *name = am_node_text(b->text, alias, &len);
			char *qual = dotted_text(b, dotted);
			if (!qual || record_import(b, statement, item, scope,
			                           name, len, qual) != AM_OK)
				return AM_ENOMEM;
		}
	}
	return AM_OK;
}

static int visit_import_from(am_binder *b, TSNode statement, int scope)
{
	const am_syntax *sx = b->syntax;
	TSNode module = am_node_field(statement, sx->field.module_name);
	const char *module_name;
	if (am_node_is(module, sx->dotted_name)) {
		module_name = dotted_text(b, module);
	} else {
		uint32_t len;
		const char *t = am_node_text(b->text, module, &len);
		module_name = am_arena_strndup(b->arena, t, len);
	}
	if (!module_name)
		return AM_ENOMEM;
	uint32_t count = ts_node_named_child_count(statement);
	for (uint32_t i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(statement, i);
		if (ts_node_eq(item, module))
			continue;
		TSNode dotted = item, alias = item;
		if (am_node_is(item, sx->aliased_import)) {
			dotted = am_node_field(item, sx->field.name);
			alias = am_node_field(item, sx->field.alias);
		} else if (am_node_is(item, sx->wildcard_import)) {
			if (is_asyncio_name(module_name) &&
			    !AM_ARRAY_PUSH(&b->star_imports, statement))
				return AM_ENOMEM;
			continue;
		} else if (!am_node_is(item, sx->dotted_name)) {
			continue;
		}
		uint32_t len;
		const char *name = am_node_text(b->text, alias, &len);
		char *member = dotted_text(b, dotted);
		char *qual = member ? am_arena_printf(b->arena, "%s.%s",
		                                      module_name, member)
		                    : NULL;
		if (!qual || record_import(b, statement, item, scope, name, len,
		                           qual) != AM_OK)
			return AM_ENOMEM;
	}
	return AM_OK;
}

/* ---- the role of an identifier ---------------------------------------- */

typedef enum name_role {
	ROLE_LOAD,
	ROLE_STORE,
	ROLE_WALRUS,
	ROLE_NONE
} name_role;

static int is_pattern_wrapper(const am_syntax *sx, TSNode node)
{
	TSSymbol s = ts_node_symbol(node);
	return s == sx->pattern_list || s == sx->tuple_pattern ||
	       s == sx->list_pattern || s == sx->list_splat_pattern ||
	       s == sx->parenthesized_expression || s == sx->tuple ||
	       s == sx->expression_list;
}

/* The walk's stack of nodes: the identifier and its ancestors, which the
 * cursor knows for free (ts_node_parent searches down from the root, which
 * costs as much as the module has statements). */
typedef struct ancestry {
	const TSNode *nodes;     /* nodes[0] the root ... nodes[depth - 1] */
	const TSFieldId *fields; /* the field each is reached through */
	size_t depth;
} ancestry;

/* The node `up` levels above the last (0: the last), or a null node. */
static TSNode ancestor(const ancestry *a, size_t up)
{
	return up < a->depth ? a->nodes[a->depth - 1 - up] : am_null_node();
}

/* Whether the node `up` levels above the last is its parent's `field`:
 * am_node_is_field() without searching the parent's children. */
static int reached_by(const ancestry *a, size_t up, TSFieldId field)
{
	return up + 1 < a->depth && a->fields[a->depth - 1 - up] == field;
}

static name_role identifier_role(const am_syntax *sx, const ancestry *a)
{
	TSNode id = ancestor(a, 0);
	TSNode parent = ancestor(a, 1);
	TSSymbol p = ts_node_symbol(parent);
	if (p == sx->attribute)
		return reached_by(a, 0, sx->field.attribute) ? ROLE_NONE
		                                             : ROLE_LOAD;
	if (p == sx->keyword_argument)
		return reached_by(a, 0, sx->field.name) ? ROLE_NONE : ROLE_LOAD;
	if (p == sx->function_definition || p == sx->class_definition)
		return reached_by(a, 0, sx->field.name) ? ROLE_STORE
		                                        : ROLE_LOAD;
	if (p == sx->parameters || p == sx->lambda_parameters ||
	    p == sx->typed_parameter || p == sx->dictionary_splat_pattern)
		return ROLE_STORE;
	if (p == sx->default_parameter || p == sx->typed_default_parameter)
		return reached_by(a, 0, sx->field.name) ? ROLE_STORE
		                                        : ROLE_LOAD;
	if (p == sx->named_expression)
		return reached_by(a, 0, sx->field.name) ? ROLE_WALRUS
		                                        : ROLE_LOAD;
	if (p == sx->global_statement || p == sx->nonlocal_statement)
		return ROLE_NONE; /* handled at the statement */
	if (p == sx->as_pattern_target || p == sx->delete_statement)
		return ROLE_STORE;
	if (p == sx->except_clause)
		return reached_by(a, 0, sx->field.alias) ? ROLE_STORE
		                                         : ROLE_LOAD;
	if (p == sx->list_splat_pattern || p == sx->dictionary_splat_pattern) {
		/* `*args` and `**kwargs` parameters */
		TSSymbol gp = ts_node_symbol(ancestor(a, 2));
		if (gp == sx->parameters || gp == sx->lambda_parameters ||
		    gp == sx->typed_parameter)
			return ROLE_STORE;
	}
	if (p == sx->splat_pattern)
		return ROLE_STORE; /* case [first, *rest]: */
	if (p == sx->keyword_pattern)
		return ROLE_NONE; /* the keyword of case Point(x=...): */
	if (p == sx->as_pattern &&
	    !ts_node_eq(ts_node_named_child(parent, 0), id))
		return ROLE_STORE; /* case ... as name: */
	if (p == sx->dotted_name) {
		/* a capture pattern: case name: (dotted: a value pattern) */
		TSSymbol gp = ts_node_symbol(ancestor(a, 2));
		if ((gp == sx->case_pattern || gp == sx->keyword_pattern) &&
		    ts_node_named_child_count(parent) == 1)
			return ROLE_STORE;
		return ROLE_LOAD;
	}
	/* Climb through target wrappers: (a, [b, *c]) = ... */
	size_t child = 0; /* levels up */
	for (size_t up = 2; is_pattern_wrapper(sx, parent); up++) {
		child = up - 1;
		parent = ancestor(a, up);
		p = ts_node_symbol(parent);
	}
	if ((p == sx->assignment || p == sx->augmented_assignment ||
	     p == sx->for_statement || p == sx->for_in_clause) &&
	    reached_by(a, child, sx->field.left))
		return ROLE_STORE;
	if (p == sx->as_pattern_target || p == sx->delete_statement)
		return ROLE_STORE;
	return ROLE_LOAD;
}

/* ---- the walk ----------------------------------------------------------- */

typedef struct walk_frame {
	TSNode node;
	TSSymbol symbol;
	TSFieldId field; /* the field of its parent it is reached through */
	int scope;       /* the scope this node is evaluated in */
	int own_scope;   /* the scope this node opens, or -1 */
	int outer;       /* for_in_clause: the comprehension's first */
	int annotation;  /* inside an annotation (a `type` node) */
	uint32_t index;  /* in tree_nodes: the node's, or for an anonymous
	                  * node its parent's */
	uint32_t left;   /* its siblings after it */
	TSSymbol before; /* its previous named sibling's symbol, or 0 */
} walk_frame;

static int is_comprehension(const am_syntax *sx, TSSymbol s)
{
	return s == sx->list_comprehension || s == sx->set_comprehension ||
	       s == sx->dictionary_comprehension ||
	       s == sx->generator_expression;
}

/* The scope a child (reached through `field`) of a node is evaluated in:
 * a function's parameters and body are in the function's scope, its name,
 * decorators and the rest in the enclosing one. */
static int child_scope(const am_binder *b, const walk_frame *parent,
                       TSFieldId field)
{
	const am_syntax *sx = b->syntax;
	/* Defaults and annotations of parameters are evaluated where the
	 * function is defined; so is a comprehension's first iterable. */
	int outside = ((parent->symbol == sx->default_parameter ||
	                parent->symbol == sx->typed_default_parameter) &&
	               (field == sx->field.value || field == sx->field.type)) ||
	              (parent->symbol == sx->typed_parameter &&
	               field == sx->field.type) ||
	              (parent->symbol == sx->for_in_clause && parent->outer &&
	               field == sx->field.right);
	if (outside && parent->scope > 0)
		return b->scopes.items[parent->scope].parent;
	if (parent->own_scope < 0)
		return parent->scope;
	if (parent->symbol == sx->function_definition ||
	    parent->symbol == sx->lambda)
		return (field == sx->field.parameters ||
		        field == sx->field.body)
		               ? parent->own_scope
		               : parent->scope;
	if (parent->symbol == sx->class_definition)
		return field == sx->field.body ? parent->own_scope
		                               : parent->scope;
	return parent->own_scope; /* module, comprehension */
}

static int visit_declaration(am_binder *b, TSNode statement, int scope,
                             am_binding_kind kind)
{
	uint32_t count = ts_node_named_child_count(statement);
	for (uint32_t i = 0; i < count; i++) {
		TSNode id = ts_node_named_child(statement, i);
		if (!am_node_is(id, b->syntax->identifier))
			continue;
		uint32_t len;
		const char *name = am_node_text(b->text, id, &len);
		if (bind_declaration(b, scope, name, len, kind) != AM_OK)
			return AM_ENOMEM;
	}
	return AM_OK;
}

/* The attribute chain a load heads: `asyncio.subprocess.PIPE` for the
 * `asyncio` in it. */
static TSNode chain_head(const am_syntax *sx, const ancestry *a)
{
	for (size_t up = 1;; up++) {
		if (!am_node_is(ancestor(a, up), sx->attribute) ||
		    !reached_by(a, up - 1, sx->field.object))
			return ancestor(a, up - 1);
	}
}

/* A `def` standing directly in the module's or a class's body is noted on
 * the binding of its name there (the first one, and the first without
 * decorators). */
static void note_definition(am_binder *b, const ancestry *a, int scope,
                            const char *name, size_t len)
{
	const am_syntax *sx = b->syntax;
	TSNode def = ancestor(a, 1);
	if (!am_node_is(def, sx->function_definition) ||
	    !reached_by(a, 0, sx->field.name))
		return;
	size_t up = 2;
	int decorated = am_node_is(ancestor(a, up), sx->decorated_definition);
	if (decorated)
		up++;
	TSNode container = ancestor(a, up);
	TSNode cls = ancestor(a, up + 1);
	if (!am_node_is(container, sx->module) &&
	    !(am_node_is(container, sx->block) &&
	      am_node_is(cls, sx->class_definition) &&
	      reached_by(a, up, sx->field.body)))
		return;
	int index = table_find(b, scope, name, len);
	if (index < 0)
		return;
	am_binding *bd = &b->bindings.items[index];
	if (ts_node_is_null(bd->definition))
		bd->definition = def;
	if (!decorated && ts_node_is_null(bd->undecorated_definition))
		bd->undecorated_definition = def;
}

/* `X.name(...)`: the name is the attribute of the call's function. */
static int note_method_call(am_binder *b, const ancestry *a)
{
	const am_syntax *sx = b->syntax;
	TSNode id = ancestor(a, 0);
	TSNode attribute = ancestor(a, 1);
	TSNode call = ancestor(a, 2);
	if (!am_node_is(attribute, sx->attribute) ||
	    !reached_by(a, 0, sx->field.attribute) ||
	    !am_node_is(call, sx->call) ||
	    !reached_by(a, 1, sx->field.function))
		return AM_OK;
	uint32_t len;
	const char *name = am_node_text(b->text, id, &len);
	am_method_call m = {name, len, ts_node_start_byte(id), call,
	                    am_node_field(attribute, sx->field.object)};
	return AM_ARRAY_PUSH(&b->method_calls, m) ? AM_OK : AM_ENOMEM;
}

static int visit_identifier(am_binder *b, const ancestry *a, int scope,
                            int annotation)
{
	TSNode id = ancestor(a, 0);
	uint32_t len;
	const char *name = am_node_text(b->text, id, &len);
	int rc;
	switch (identifier_role(b->syntax, a)) {
	case ROLE_STORE:
		rc = bind_other(b, scope, name, len);
		if (rc == AM_OK)
			note_definition(b, a, scope, name, len);
		return rc;
	case ROLE_WALRUS:
		return bind_other(b, non_comprehension_scope(b, scope), name,
		                  len);
	case ROLE_LOAD: {
		am_name_use use = {id,
		                   ts_node_start_byte(id),
		                   ts_node_end_byte(id),
		                   scope,
		                   -1,
		                   chain_head(b->syntax, a),
		                   annotation};
		return AM_ARRAY_PUSH(&b->uses, use) ? AM_OK : AM_ENOMEM;
	}
	case ROLE_NONE:
		return note_method_call(b, a);
	}
	return AM_OK;
}

/* ---- strings that name things ------------------------------------------ */

/* A string read as a type: in an annotation, an argument of a subscript
 * (`Optional["X"]`: a type when the subscript's value is typing's) or the
 * first argument of a call (`cast("X", v)`: when the callee is
 * typing.cast). Which subscripts and calls count is decided once names
 * are resolved (am_bind_type_strings). */
static int note_type_string(am_binder *b, const ancestry *a,
                            const walk_frame *frame)
{
	const am_syntax *sx = b->syntax;
	TSNode parent = ancestor(a, 1);
	am_type_string ts = {frame->node, frame->scope, {{0}, NULL, NULL}};
	if (frame->annotation) {
		/* the annotation itself */
	} else if (am_node_is(parent, sx->subscript) &&
	           frame->field == sx->field.subscript) {
		ts.typing = am_node_field(parent, sx->field.value);
	} else if (am_node_is(parent, sx->argument_list) &&
	           ts_node_eq(ts_node_named_child(parent, 0), frame->node) &&
	           am_node_is(ancestor(a, 2), sx->call)) {
		ts.typing = am_node_field(ancestor(a, 2), sx->field.function);
	} else if (am_node_is(parent, sx->keyword_argument) &&
	           am_node_text_eq(b->text,
	                           am_node_field(parent, sx->field.name),
	                           "bound") &&
	           am_node_is(ancestor(a, 3), sx->call)) {
		/* TypeVar("T", bound="X") */
		ts.typing = am_node_field(ancestor(a, 3), sx->field.function);
	} else if (am_node_is(parent, sx->assignment) &&
	           frame->field == sx->field.right &&
	           am_node_is(am_node_field(parent, sx->field.type),
	                      sx->type)) {
		/* X: TypeAlias = "Y" */
		ts.typing = ts_node_named_child(
		        am_node_field(parent, sx->field.type), 0);
	} else {
		return AM_OK;
	}
	return AM_ARRAY_PUSH(&b->type_strings, ts) ? AM_OK : AM_ENOMEM;
}

static int note_exported_strings(am_binder *b, TSNode list)
{
	const am_syntax *sx = b->syntax;
	if (am_node_is(list, sx->string)) {
		am_export e = {list, -1};
		return AM_ARRAY_PUSH(&b->exports, e) ? AM_OK : AM_ENOMEM;
	}
	if (!am_node_is(list, sx->list) && !am_node_is(list, sx->tuple))
		return AM_OK;
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(list, i);
		am_export e = {item, -1};
		if (am_node_is(item, sx->string) &&
		    !AM_ARRAY_PUSH(&b->exports, e))
			return AM_ENOMEM;
	}
	return AM_OK;
}

/* `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])`,
 * `__all__.append("x")` at module level. */
static int note_exports(am_binder *b, const walk_frame *frame)
{
	const am_syntax *sx = b->syntax;
	TSNode node = frame->node;
	if (frame->scope != 0)
		return AM_OK;
	if (frame->symbol == sx->call) {
		TSNode fn = am_node_field(node, sx->field.function);
		TSNode args = am_node_field(node, sx->field.arguments);
		if (!am_node_is(fn, sx->attribute) ||
		    !am_node_text_eq(b->text,
		                     am_node_field(fn, sx->field.object),
		                     "__all__") ||
		    !am_node_is(args, sx->argument_list) ||
		    ts_node_named_child_count(args) != 1)
			return AM_OK;
		TSNode method = am_node_field(fn, sx->field.attribute);
		if (!am_node_text_eq(b->text, method, "extend") &&
		    !am_node_text_eq(b->text, method, "append"))
			return AM_OK;
		return note_exported_strings(b, ts_node_named_child(args, 0));
	}
	TSNode left = am_node_field(node, sx->field.left);
	if (!am_node_is(left, sx->identifier) ||
	    !am_node_text_eq(b->text, left, "__all__"))
		return AM_OK;
	TSNode right = am_node_field(node, sx->field.right);
	return am_node_is(right, sx->string) ? AM_OK
	                                     : note_exported_strings(b, right);
}

/* Handles one node; sets *skip when its children need no visit. */
static int visit(am_binder *b, const ancestry *a, walk_frame *frame, int *skip)
{
	const am_syntax *sx = b->syntax;
	TSSymbol s = frame->symbol;
	TSNode node = frame->node;
	*skip = 0;
	frame->own_scope = -1;
	if (s == sx->identifier)
		return visit_identifier(b, a, frame->scope, frame->annotation);
	if (s == sx->string && note_type_string(b, a, frame) != AM_OK)
		return AM_ENOMEM;
	if ((s == sx->assignment || s == sx->augmented_assignment ||
	     s == sx->call) &&
	    note_exports(b, frame) != AM_OK)
		return AM_ENOMEM;
	if (s == sx->import_statement) {
		*skip = 1;
		return visit_import(b, node, frame->scope);
	}
	if (s == sx->import_from_statement) {
		*skip = 1;
		return visit_import_from(b, node, frame->scope);
	}
	if (s == sx->future_import_statement) {
		*skip = 1;
		return AM_OK;
	}
	if (s == sx->global_statement || s == sx->nonlocal_statement)
		return visit_declaration(b, node, frame->scope,
		                         s == sx->global_statement
		                                 ? AM_BINDING_GLOBAL
		                                 : AM_BINDING_NONLOCAL);
	am_scope_kind kind;
	if (s == sx->function_definition || s == sx->lambda)
		kind = AM_SCOPE_FUNCTION;
	else if (s == sx->class_definition)
		kind = AM_SCOPE_CLASS;
	else if (is_comprehension(sx, s))
		kind = AM_SCOPE_COMPREHENSION;
	else
		return AM_OK;
	frame->own_scope = scope_new(b, kind, frame->scope, node);
	return frame->own_scope < 0 ? AM_ENOMEM : AM_OK;
}

/* A call's arguments, a definition's parameters: the site they end. */
static int note_site(am_binder *b, const walk_frame *parent,
                     const walk_frame *frame, TSFieldId field)
{
	const am_syntax *sx = b->syntax;
	am_site site = {
	        AM_SITE_CALL, parent->node, {{0}, NULL, NULL}, frame->node};
	if (field == sx->field.arguments && parent->symbol == sx->call &&
	    ts_node_is_named(frame->node)) {
		site.first = ts_node_child_by_field_id(parent->node,
		                                       sx->field.function);
		if (ts_node_is_null(site.first) ||
		    !ts_node_is_named(site.first))
			return AM_OK;
	} else if (field == sx->field.parameters &&
	           parent->symbol == sx->function_definition &&
	           frame->symbol == sx->parameters) {
		site.kind = AM_SITE_FUNCTION;
		site.first =
		        ts_node_child_by_field_id(parent->node, sx->field.name);
		if (!am_node_is(site.first, sx->identifier))
			return AM_OK;
	} else {
		return AM_OK;
	}
	return AM_ARRAY_PUSH(&b->sites, site) ? AM_OK : AM_ENOMEM;
}

/* Lists a named node with its parent (the frame below it). */
static int note_tree_node(am_binder *b, const walk_frame *parent,
                          walk_frame *frame)
{
	am_tree_node entry = {frame->node, parent ? parent->index : UINT32_MAX};
	if (!AM_ARRAY_PUSH(&b->tree_nodes, entry))
		return AM_ENOMEM;
	frame->index = (uint32_t)(b->tree_nodes.count - 1);
	return AM_OK;
}

static int walk(am_binder *b, TSNode root)
{
	AM_ARRAY(walk_frame) frames = {0};
	AM_ARRAY(TSNode) nodes = {0};     /* frames' nodes, for the ancestry */
	AM_ARRAY(TSFieldId) fields = {0}; /* and their fields */
	TSTreeCursor cursor = ts_tree_cursor_new(root);
	int rc = AM_OK;
	walk_frame top = {root, b->syntax->module, 0, -1, 0, 0, 0, 0, 0, 0};
	if (note_tree_node(b, NULL, &top) != AM_OK ||
	    !AM_ARRAY_PUSH(&frames, top) || !AM_ARRAY_PUSH(&nodes, root) ||
	    !AM_ARRAY_PUSH(&fields, 0) ||
	    scope_new(b, AM_SCOPE_MODULE, -1, root) < 0) {
		rc = AM_ENOMEM;
		goto done;
	}
	int skip = 0;
	for (;;) {
		/* A node's children are counted once: the cursor is moved to
		 * a next sibling only when there is one, for a failed move
		 * climbs and searches through the hidden nodes above. */
		uint32_t count =
		        skip ? 0
		             : ts_node_child_count(
		                       frames.items[frames.count - 1].node);
		if (count && ts_tree_cursor_goto_first_child(&cursor)) {
			walk_frame frame = {root, 0,  0,
			                    0,    -1, 0,
			                    0,    0,  count ? count - 1 : 0,
			                    0};
			if (!AM_ARRAY_PUSH(&frames, frame) ||
			    !AM_ARRAY_PUSH(&nodes, root) ||
			    !AM_ARRAY_PUSH(&fields, 0)) {
				rc = AM_ENOMEM;
				goto done;
			}
		} else {
			while (frames.items[frames.count - 1].left == 0 ||
			       !ts_tree_cursor_goto_next_sibling(&cursor)) {
				if (!ts_tree_cursor_goto_parent(&cursor))
					goto done;
				frames.count--;
				nodes.count--;
				fields.count--;
			}
			walk_frame *sibling = &frames.items[frames.count - 1];
			sibling->left--;
			if (ts_node_is_named(sibling->node))
				sibling->before = sibling->symbol;
		}
		walk_frame *frame = &frames.items[frames.count - 1];
		const walk_frame *parent = &frames.items[frames.count - 2];
		TSNode node = ts_tree_cursor_current_node(&cursor);
		frame->node = node;
		nodes.items[nodes.count - 1] = node;
		frame->symbol = ts_node_symbol(node);
		if (!ts_node_is_named(node)) { /* a token: nothing to bind */
			frame->index = parent->index;
			skip = 1;
			continue;
		}
		TSFieldId field = ts_tree_cursor_current_field_id(&cursor);
		frame->field = field;
		fields.items[fields.count - 1] = field;
		/* A lambda or an f-string's field in an annotation is code
		 * that runs, not a type. */
		frame->annotation = frame->symbol == b->syntax->type ||
		                    (parent->annotation &&
		                     frame->symbol != b->syntax->lambda &&
		                     frame->symbol != b->syntax->interpolation);
		frame->scope = child_scope(b, parent, field);
		if (note_site(b, parent, frame, field) != AM_OK ||
		    note_tree_node(b, parent, frame) != AM_OK) {
			rc = AM_ENOMEM;
			goto done;
		}
		/* the previous sibling is the walk's, not a search from the
		 * root (ts_node_prev_named_sibling), which costs the depth */
		frame->outer = frame->symbol == b->syntax->for_in_clause &&
		               frame->before != b->syntax->for_in_clause;
		ancestry a = {nodes.items, fields.items, nodes.count};
		rc = visit(b, &a, frame, &skip);
		if (rc != AM_OK)
			goto done;
	}
done:
	ts_tree_cursor_delete(&cursor);
	AM_ARRAY_FREE(&frames);
	AM_ARRAY_FREE(&nodes);
	AM_ARRAY_FREE(&fields);
	return rc;
}

/* The index of node in the list of named nodes, or SIZE_MAX. */
static size_t tree_index(const am_binder *b, TSNode node)
{
	uint32_t start = ts_node_start_byte(node);
	size_t i;
	AM_LOWER_BOUND(i, b->tree_nodes.count,
	               ts_node_start_byte(b->tree_nodes.items[mid].node) <
	                       start);
	for (; i < b->tree_nodes.count; i++) {
		TSNode n = b->tree_nodes.items[i].node;
		if (ts_node_start_byte(n) != start)
			break;
		if (ts_node_eq(n, node))
			return i;
	}
	return SIZE_MAX;
}

TSNode am_bind_parent(const am_binder *b, TSNode node)
{
	size_t i = tree_index(b, node);
	if (i == SIZE_MAX || b->tree_nodes.items[i].parent == UINT32_MAX)
		return ts_node_parent(node); /* the root's is a null node */
	return b->tree_nodes.items[b->tree_nodes.items[i].parent].node;
}

int am_bind_find_empty_block(const am_binder *b, TSNode *bad)
{
	const am_syntax *sx = b->syntax;
	const am_tree_node *items = b->tree_nodes.items;
	size_t count = b->tree_nodes.count;
	for (size_t i = 0; i < count; i++) {
		if (!am_node_is(items[i].node, sx->block))
			continue;
		/* The list is in preorder: the block's subtree follows it,
		 * its first child (most often a statement) first. */
		uint32_t end = ts_node_end_byte(items[i].node);
		int statement = 0;
		for (size_t j = i + 1; !statement && j < count &&
		                       ts_node_start_byte(items[j].node) < end;
		     j++)
			statement = items[j].parent == i &&
			            !am_node_is(items[j].node, sx->comment);
		if (!statement) {
			*bad = items[i].node;
			return 1;
		}
	}
	return 0;
}

/* The named nodes below node, by a walk of the tree. */
static void each_below(TSNode node, void (*fn)(TSNode node, void *data),
                       void *data)
{
	am_walk walk;
	am_walk_init(&walk, node);
	for (TSNode n; am_walk_next(&walk, &n);)
		if (!ts_node_eq(n, node) && ts_node_is_named(n))
			fn(n, data);
	am_walk_release(&walk);
}

void am_bind_each_named(const am_binder *b, TSNode node,
                        void (*fn)(TSNode node, void *data), void *data)
{
	if (ts_node_is_null(node))
		return;
	const am_syntax *sx = b->syntax;
	size_t root = tree_index(b, node);
	if (root == SIZE_MAX) { /* in an import statement, or anonymous */
		fn(node, data);
		each_below(node, fn, data);
		return;
	}
	/* In pre-order, the subtree is the run after its root of nodes whose
	 * parents are at or after the root. */
	for (size_t i = root; i < b->tree_nodes.count; i++) {
		const am_tree_node *t = &b->tree_nodes.items[i];
		if (i > root && (t->parent == UINT32_MAX || t->parent < root))
			break;
		fn(t->node, data);
		TSSymbol s = ts_node_symbol(t->node);
		if (s == sx->import_statement ||
		    s == sx->import_from_statement ||
		    s == sx->future_import_statement)
			each_below(t->node, fn, data);
	}
}

/* ---- resolution --------------------------------------------------------- */

static int unbound_in(const am_binder *b, const am_name_use *uses, size_t count,
                      const char *name, size_t len)
{
	for (size_t i = 0; i < count; i++) {
		const am_name_use *u = &uses[i];
		if (u->binding < 0 && u->end - u->start == len &&
		    memcmp(b->text + u->start, name, len) == 0)
			return 1;
	}
	return 0;
}

int am_bind_loads_unbound(const am_binder *b, const char *name, size_t len)
{
	return unbound_in(b, b->uses.items, b->uses.count, name, len) ||
	       unbound_in(b, b->string_uses.items, b->string_uses.count, name,
	                  len);
}

int am_bind_lookup(const am_binder *b, int scope, const char *name,
                   size_t name_len)
{
	int first = scope;
	while (scope >= 0) {
		const am_scope *s = &b->scopes.items[scope];
		/* Class bodies are visible only to code directly in them. */
		if (s->kind == AM_SCOPE_CLASS && scope != first) {
			scope = s->parent;
			continue;
		}
		int index = table_find(b, scope, name, name_len);
		if (index >= 0) {
			const am_binding *bd = &b->bindings.items[index];
			if (bd->kind == AM_BINDING_GLOBAL)
				return table_find(b, 0, name, name_len);
			if (bd->kind != AM_BINDING_NONLOCAL)
				return index;
		}
		scope = s->parent;
	}
	return -1;
}

static void resolve_uses(am_binder *b)
{
	for (size_t i = 0; i < b->uses.count; i++) {
		am_name_use *use = &b->uses.items[i];
		use->binding =
		        am_bind_lookup(b, use->scope, b->text + use->start,
		                       use->end - use->start);
		if (use->binding >= 0)
			b->bindings.items[use->binding].uses++;
	}
}

static const am_name_use *find_use(const am_binder *b, uint32_t start)
{
	size_t lo;
	AM_LOWER_BOUND(lo, b->uses.count, b->uses.items[mid].start < start);
	if (lo < b->uses.count && b->uses.items[lo].start == start)
		return &b->uses.items[lo];
	return NULL;
}

const am_name_use *am_bind_find_load(const am_binder *b, TSNode identifier)
{
	return find_use(b, ts_node_start_byte(identifier));
}

const char *am_bind_resolve(const am_binder *b, TSNode node)
{
	const am_syntax *sx = b->syntax;
	if (am_node_is(node, sx->identifier)) {
		const am_name_use *use = find_use(b, ts_node_start_byte(node));
		if (!use || use->binding < 0)
			return NULL;
		const am_binding *bd = &b->bindings.items[use->binding];
		return bd->kind == AM_BINDING_IMPORT ? bd->qualname : NULL;
	}
	if (am_node_is(node, sx->attribute)) {
		const char *object = am_bind_resolve(
		        b, am_node_field(node, sx->field.object));
		if (!object)
			return NULL;
		uint32_t len;
		const char *attr = am_node_text(
		        b->text, am_node_field(node, sx->field.attribute),
		        &len);
		return am_arena_printf(b->arena, "%s.%.*s", object, (int)len,
		                       attr);
	}
	return NULL;
}

/* Consumes the next len bytes of the string `*first` then `*second`,
 * when they are s. */
static int consume(const char **first, const char **second, const char *s,
                   size_t len)
{
	for (size_t i = 0; i < len; i++) {
		const char **from = **first ? first : second;
		if (**from != s[i])
			return 0;
		(*from)++;
	}
	return 1;
}

/* Whether an asyncio reference starts at byte `start`: every name that
 * resolves into asyncio heads one. */
static int asyncio_ref_at(const am_binder *b, uint32_t start)
{
	size_t lo;
	AM_LOWER_BOUND(lo, b->asyncio_refs.count,
	               ts_node_start_byte(b->asyncio_refs.items[mid].node) <
	                       start);
	return lo < b->asyncio_refs.count &&
	       ts_node_start_byte(b->asyncio_refs.items[lo].node) == start;
}

int am_bind_is_asyncio(const am_binder *b, TSNode node, const char *member)
{
	/* am_bind_resolve(node) equal to "asyncio." member, without writing
	 * the name: rules ask this of every call. */
	const am_syntax *sx = b->syntax;
	if (!asyncio_ref_at(b, ts_node_start_byte(node)))
		return 0;
	TSNode attributes[16]; /* the chain's names, the outermost first */
	size_t count = 0;
	TSNode head = node;
	while (am_node_is(head, sx->attribute)) {
		if (count == sizeof(attributes) / sizeof(attributes[0])) {
			const char *q = am_bind_resolve(b, node);
			return q && strncmp(q, "asyncio.", 8) == 0 &&
			       strcmp(q + 8, member) == 0;
		}
		attributes[count++] = am_node_field(head, sx->field.attribute);
		head = am_node_field(head, sx->field.object);
	}
	if (!am_node_is(head, sx->identifier))
		return 0;
	const am_name_use *use = find_use(b, ts_node_start_byte(head));
	if (!use || use->binding < 0)
		return 0;
	const am_binding *bd = &b->bindings.items[use->binding];
	if (bd->kind != AM_BINDING_IMPORT)
		return 0;
	const char *want = "asyncio.", *rest = member;
	if (!consume(&want, &rest, bd->qualname, strlen(bd->qualname)))
		return 0;
	while (count > 0) {
		uint32_t len;
		const char *name =
		        am_node_text(b->text, attributes[--count], &len);
		if (!consume(&want, &rest, ".", 1) ||
		    !consume(&want, &rest, name, len))
			return 0;
	}
	return *want == '\0' && *rest == '\0';
}

/* Appends `len` bytes of s to buf (of `size`) at *at; 0 when they do not
 * fit. */
static int append(char *buf, size_t size, size_t *at, const char *s, size_t len)
{
	if (*at + len >= size)
		return 0;
	memcpy(buf + *at, s, len);
	*at += len;
	buf[*at] = '\0';
	return 1;
}

const char *am_bind_asyncio_member(const am_binder *b, TSNode node, char *buf,
                                   size_t size)
{
	/* What am_bind_resolve(node) would write, written into buf: the
	 * engine asks this of every call. */
	const am_syntax *sx = b->syntax;
	if (!asyncio_ref_at(b, ts_node_start_byte(node)))
		return NULL;
	TSNode attributes[16]; /* the chain's names, the outermost first */
	size_t count = 0;
	TSNode head = node;
	while (am_node_is(head, sx->attribute)) {
		if (count == sizeof(attributes) / sizeof(attributes[0]))
			return NULL;
		attributes[count++] = am_node_field(head, sx->field.attribute);
		head = am_node_field(head, sx->field.object);
	}
	if (!am_node_is(head, sx->identifier))
		return NULL;
	const am_name_use *use = find_use(b, ts_node_start_byte(head));
	if (!use || use->binding < 0)
		return NULL;
	const am_binding *bd = &b->bindings.items[use->binding];
	size_t at = 0;
	if (bd->kind != AM_BINDING_IMPORT ||
	    !append(buf, size, &at, bd->qualname, strlen(bd->qualname)))
		return NULL;
	while (count > 0) {
		uint32_t len;
		const char *name =
		        am_node_text(b->text, attributes[--count], &len);
		if (!append(buf, size, &at, ".", 1) ||
		    !append(buf, size, &at, name, len))
			return NULL;
	}
	return strncmp(buf, "asyncio.", 8) == 0 ? buf + 8 : NULL;
}

int am_bind_scope_at(const am_binder *b, uint32_t byte)
{
	/* Scopes are numbered in source order and nest: the innermost one
	 * holding byte is the last that starts at or before it, or the first
	 * of that one's enclosing scopes that holds it. */
	size_t lo = 1, hi = b->scopes.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->scopes.items[mid].start <= byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	int scope = (int)lo - 1;
	while (scope > 0 && byte >= b->scopes.items[scope].end)
		scope = b->scopes.items[scope].parent;
	return scope < 0 ? 0 : scope;
}

int am_bind_scope_of(const am_binder *b, TSNode node)
{
	uint32_t start = ts_node_start_byte(node);
	size_t lo;
	AM_LOWER_BOUND(lo, b->scopes.count, b->scopes.items[mid].start < start);
	for (; lo < b->scopes.count && b->scopes.items[lo].start == start; lo++)
		if (ts_node_eq(b->scopes.items[lo].node, node))
			return (int)lo;
	return -1;
}

TSNode am_bind_definition(const am_binder *b, int scope, const char *name,
                          size_t name_len, int decorated)
{
	int index = table_find(b, scope, name, name_len);
	if (index < 0)
		return am_null_node();
	const am_binding *bd = &b->bindings.items[index];
	return decorated ? bd->definition : bd->undecorated_definition;
}

static uint64_t name_entry(const am_binder *b, const char *name, size_t len)
{
	return (uint64_t)(name - b->text) << 32 | (uint64_t)len;
}

/* The slot of a name in the name set: where it is, or the empty slot
 * where it would go. */
static size_t name_slot(const am_binder *b, const char *name, size_t len)
{
	size_t mask = b->names_size - 1;
	for (size_t i = name_hash(-1, name, len) & mask;; i = (i + 1) & mask) {
		uint64_t e = b->names[i];
		if (e == 0 || ((e & 0xffffffffu) == len &&
		               memcmp(b->text + (e >> 32), name, len) == 0))
			return i;
	}
}

static int build_name_set(am_binder *b)
{
	size_t size = 64;
	while (size < 2 * (b->bindings.count + b->uses.count))
		size *= 2;
	b->names = calloc(size, sizeof(uint64_t));
	if (!b->names)
		return AM_ENOMEM;
	b->names_size = size;
	for (size_t i = 0; i < b->bindings.count; i++) {
		const am_binding *bd = &b->bindings.items[i];
		size_t at = name_slot(b, bd->name, bd->name_len);
		b->names[at] = name_entry(b, bd->name, bd->name_len);
	}
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *u = &b->uses.items[i];
		const char *name = b->text + u->start;
		size_t at = name_slot(b, name, u->end - u->start);
		b->names[at] = name_entry(b, name, u->end - u->start);
	}
	return AM_OK;
}

int am_bind_name_used(const am_binder *b, const char *name)
{
	if (!b->names_size)
		return 0;
	return b->names[name_slot(b, name, strlen(name))] != 0;
}

static int method_call_order(const void *x, const void *y)
{
	const am_method_call *a = x, *c = y;
	size_t n = a->name_len < c->name_len ? a->name_len : c->name_len;
	int order = memcmp(a->name, c->name, n);
	if (order)
		return order;
	if (a->name_len != c->name_len)
		return a->name_len < c->name_len ? -1 : 1;
	return a->start < c->start ? -1 : a->start > c->start;
}

const am_method_call *am_bind_method_calls(const am_binder *b, const char *name,
                                           size_t name_len, size_t *count)
{
	am_method_call key = {name,
	                      (uint32_t)name_len,
	                      0,
	                      {{0}, NULL, NULL},
	                      {{0}, NULL, NULL}};
	size_t lo;
	AM_LOWER_BOUND(lo, b->method_calls.count,
	               method_call_order(&b->method_calls.items[mid], &key) <
	                       0);
	size_t end = lo;
	while (end < b->method_calls.count &&
	       b->method_calls.items[end].name_len == name_len &&
	       memcmp(b->method_calls.items[end].name, name, name_len) == 0)
		end++;
	*count = end - lo;
	return b->method_calls.items + lo;
}

/* Every load bound to an asyncio import, widened to the attribute chain it
 * heads: `asyncio.subprocess.PIPE` is one reference. */
static int collect_asyncio_refs(am_binder *b)
{
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		if (use->binding < 0)
			continue;
		const am_binding *bd = &b->bindings.items[use->binding];
		if (!bd->maybe_asyncio)
			continue;
		TSNode node = use->chain;
		const char *qual = bd->kind == AM_BINDING_IMPORT
		                           ? am_bind_resolve(b, node)
		                           : "asyncio";
		am_reference ref = {node, qual ? qual : "asyncio",
		                    bd->kind != AM_BINDING_IMPORT,
		                    use->annotation};
		if (!AM_ARRAY_PUSH(&b->asyncio_refs, ref))
			return AM_ENOMEM;
	}
	return AM_OK;
}

/* The bindings `__all__` and `import x as x` re-export. */
static void resolve_exports(am_binder *b)
{
	const am_syntax *sx = b->syntax;
	for (size_t i = 0; i < b->exports.count; i++) {
		am_export *e = &b->exports.items[i];
		uint32_t count = ts_node_child_count(e->string);
		TSNode content = ts_node_child(e->string, 1);
		if (count != 3 || !am_node_is(content, sx->string_content))
			continue;
		uint32_t len;
		const char *name = am_node_text(b->text, content, &len);
		e->binding = table_find(b, 0, name, len);
		if (e->binding >= 0)
			b->bindings.items[e->binding].exported = 1;
	}
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *site = &b->imports.items[i];
		if (site->reexport && site->binding >= 0)
			b->bindings.items[site->binding].exported = 1;
	}
}

int am_bind(am_binder *b, const am_syntax *syntax, am_arena *arena,
            const char *text, TSNode root, TSParser *parser)
{
	memset(b, 0, sizeof(*b));
	b->arena = arena;
	b->syntax = syntax;
	b->text = text;
	int rc = walk(b, root);
	if (rc != AM_OK)
		return rc;
	resolve_uses(b);
	resolve_exports(b);
	rc = parser ? am_bind_type_strings(b, parser) : AM_OK;
	if (rc != AM_OK)
		return rc;
	if (b->method_calls.count > 1)
		qsort(b->method_calls.items, b->method_calls.count,
		      sizeof(am_method_call), method_call_order);
	rc = build_name_set(b);
	if (rc != AM_OK)
		return rc;
	return collect_asyncio_refs(b);
}

void am_binder_release(am_binder *b)
{
	AM_ARRAY_FREE(&b->scopes);
	AM_ARRAY_FREE(&b->bindings);
	AM_ARRAY_FREE(&b->uses);
	AM_ARRAY_FREE(&b->imports);
	AM_ARRAY_FREE(&b->asyncio_refs);
	AM_ARRAY_FREE(&b->star_imports);
	AM_ARRAY_FREE(&b->method_calls);
	AM_ARRAY_FREE(&b->sites);
	AM_ARRAY_FREE(&b->type_strings);
	for (size_t i = 0; i < b->string_trees.count; i++)
		ts_tree_delete(b->string_trees.items[i]);
	AM_ARRAY_FREE(&b->string_trees);
	AM_ARRAY_FREE(&b->string_uses);
	AM_ARRAY_FREE(&b->string_refs);
	AM_ARRAY_FREE(&b->exports);
	AM_ARRAY_FREE(&b->tree_nodes);
	free(b->names);
	b->names = NULL;
	b->names_size = 0;
	free(b->table);
	b->table = NULL;
}
