/*
 * The binder: which names denote asyncio (or any imported module) and its
 * members, with Python's scoping. `import asyncio`, `import asyncio as aio`,
 * `from asyncio import sleep as nap` and function-local imports bind names;
 * a parameter, assignment or other binding of the same name in a scope
 * shadows them there. Rules ask the binder what an expression resolves to
 * (am_bind_resolve) instead of matching the text "asyncio".
 */
#ifndef AM_BIND_H
#define AM_BIND_H

#include "arena.h"
#include "array.h"
#include "syntax.h"

#include <stdint.h>
#include <tree_sitter/api.h>

typedef enum am_scope_kind {
	AM_SCOPE_MODULE,
	AM_SCOPE_FUNCTION,
	AM_SCOPE_CLASS,
	AM_SCOPE_COMPREHENSION
} am_scope_kind;

typedef struct am_scope {
	am_scope_kind kind;
	int parent; /* -1 for the module */
	uint32_t start, end;
	TSNode node;
} am_scope;

typedef enum am_binding_kind {
	AM_BINDING_IMPORT,  /* bound only by imports of one qualified name */
	AM_BINDING_OTHER,   /* bound by anything else (or by several imports) */
	AM_BINDING_GLOBAL,  /* `global name` */
	AM_BINDING_NONLOCAL /* `nonlocal name` */
} am_binding_kind;

typedef struct am_binding {
	int scope;
	const char *name;
	uint32_t name_len;
	am_binding_kind kind;
	const char *qualname; /* for AM_BINDING_IMPORT: "asyncio.sleep" */
	int maybe_asyncio;    /* one of its imports was of asyncio */
	uint32_t uses;        /* loads that resolve to it */
	uint32_t string_uses; /* names in string annotations that do */
	int exported;         /* a module-level name `__all__` lists, or
	                       * imported as itself (`import x as x`) */
	/* The first `def` of the name directly in its scope's body (the
	 * module's or a class's), decorated or not, and the first without
	 * decorators; null nodes when there is none. */
	TSNode definition;
	TSNode undecorated_definition;
} am_binding;

/* A load of a name: `asyncio` in `asyncio.sleep(1)`. */
typedef struct am_name_use {
	TSNode node;
	uint32_t start, end;
	int scope;
	int binding; /* index into bindings, or -1: free (builtin or unbound) */
	TSNode chain;   /* the attribute chain it heads (`asyncio.sleep`), or
	                 * the name itself */
	int annotation; /* it sits in an annotation (or a string one) */
} am_name_use;

/* A method call `X.name(...)`, for rules that follow an object by name. */
typedef struct am_method_call {
	const char *name; /* the method's name, in the text */
	uint32_t name_len;
	uint32_t start; /* where the name starts */
	TSNode call;
	TSNode receiver; /* X */
} am_method_call;

/* One imported name of an `import`/`from ... import` statement. */
typedef struct am_import_site {
	TSNode statement; /* import_statement or import_from_statement */
	TSNode item;      /* dotted_name or aliased_import in it */
	int scope;
	int binding;
	const char *qualname; /* what the name denotes: "asyncio",
	                         "asyncio.sleep" */
	int reexport;         /* `import x as x`, `from m import x as x` */
} am_import_site;

/* An expression that resolves to asyncio or a member of it. */
typedef struct am_reference {
	TSNode node; /* identifier or the outermost attribute of the chain */
	const char *qualname;
	int ambiguous;  /* the name is bound by an asyncio import and otherwise
	                 */
	int annotation; /* in an annotation (always, for a string one) */
} am_reference;

/* A string the binder reads as Python: a forward reference in an
 * annotation (`"asyncio.Future[int]"`), an argument of a typing subscript
 * (`Optional["asyncio.Event"]`) or the type of `typing.cast()`. */
typedef struct am_type_string {
	TSNode string;
	int scope;     /* where the annotation is evaluated */
	TSNode typing; /* the subscript's value or cast's callee that makes it
	                * a type (null in an annotation) */
} am_type_string;

/* A name `__all__` lists: `__all__ = ["Queue"]` re-exports Queue. */
typedef struct am_export {
	TSNode string; /* the string in `__all__` */
	int binding;   /* the module-level binding it names, or -1 */
} am_export;

/* A call or a function definition, for the rules that look at them (the
 * engine hands them to rules as am_call and am_function, rule.h). */
typedef enum am_site_kind {
	AM_SITE_CALL = 1,    /* node: the call, first: the callee, second: the
	                      * arguments */
	AM_SITE_FUNCTION = 2 /* node: the def, first: its name, second: the
	                      * parameters */
} am_site_kind;

typedef struct am_site {
	am_site_kind kind;
	TSNode node, first, second;
} am_site;

/* A named node the walk reached, and where its parent is in the list. */
typedef struct am_tree_node {
	TSNode node;
	uint32_t parent; /* index in the list; UINT32_MAX for the root */
} am_tree_node;

typedef struct am_binder {
	am_arena *arena;
	const am_syntax *syntax;
	const char *text;
	AM_ARRAY(am_scope) scopes;
	AM_ARRAY(am_binding) bindings;
	AM_ARRAY(am_name_use) uses; /* sorted by start */
	AM_ARRAY(am_import_site) imports;
	AM_ARRAY(am_reference) asyncio_refs; /* in source order */
	AM_ARRAY(TSNode) star_imports;       /* `from asyncio import *` */
	AM_ARRAY(am_method_call)
	method_calls; /* by name, then in source order */
	AM_ARRAY(am_site)
	sites; /* in the order the binder's pre-order walk
	        * reaches their `second` */
	/* Strings read as Python (see am_type_string), the trees they parse
	 * to (each spans its string's bytes of `text`), the loads of names in
	 * them (sorted by start) and the asyncio references among them. These
	 * are not in `uses` and `asyncio_refs`: their nodes belong to other
	 * trees, and the rules that follow code do not look in strings. */
	AM_ARRAY(am_type_string) type_strings;
	AM_ARRAY(TSTree *) string_trees;
	AM_ARRAY(am_name_use) string_uses;
	AM_ARRAY(am_reference) string_refs;
	AM_ARRAY(am_export) exports; /* in source order */
	/* Every named node outside import statements, in pre-order, so by
	 * start byte. */
	AM_ARRAY(am_tree_node) tree_nodes;
	uint64_t *names; /* every name bound or loaded, as (offset << 32 |
	                  * length) in text, open addressing; 0 is empty */
	size_t names_size;
	int *table; /* open addressing over bindings: (scope, name) */
	size_t table_size;
} am_binder;

/* With a parser, string annotations are parsed too (the parser's included
 * ranges are reset afterwards); without, they are left unread. */
int am_bind(am_binder *binder, const am_syntax *syntax, am_arena *arena,
            const char *text, TSNode root, TSParser *parser);
void am_binder_release(am_binder *binder);

/* The qualified name an identifier or attribute chain denotes ("asyncio",
 * "asyncio.sleep", "functools.partial"), or NULL when it is not rooted in an
 * import (a local, a parameter, a builtin, an ambiguous name). */
const char *am_bind_resolve(const am_binder *binder, TSNode node);
/* Whether node resolves to exactly "asyncio.<member>" (member may be
 * dotted, "subprocess.PIPE"). */
int am_bind_is_asyncio(const am_binder *binder, TSNode node,
                       const char *member);

/* The asyncio member node resolves to ("sleep" for `asyncio.sleep`,
 * "tasks.create_task"), written into buf (of `size` bytes), or NULL when
 * it resolves to no member of asyncio (or the name does not fit). */
const char *am_bind_asyncio_member(const am_binder *binder, TSNode node,
                                   char *buf, size_t size);

/* The load of a name at `identifier` (its binding resolved), or NULL when
 * the identifier is not a load. */
const am_name_use *am_bind_find_load(const am_binder *binder,
                                     TSNode identifier);

/* Calls fn(node, data) for every named node under `node` (itself
 * included), in pre-order: a range of the binder's list, plus a walk of
 * the import statements, which the list leaves out. */
void am_bind_each_named(const am_binder *binder, TSNode node,
                        void (*fn)(TSNode node, void *data), void *data);

/* The innermost scope holding a byte offset. */
int am_bind_scope_at(const am_binder *binder, uint32_t byte);
/* The binding a name would have if loaded in scope (or -1: free). */
/* Whether the text loads `name` where nothing binds it, in code or in a
 * string annotation (which typing.get_type_hints() evaluates). */
int am_bind_loads_unbound(const am_binder *binder, const char *name,
                          size_t len);
int am_bind_lookup(const am_binder *binder, int scope, const char *name,
                   size_t name_len);
/* Whether any scope of the file binds this name or loads it freely. */
int am_bind_name_used(const am_binder *binder, const char *name);
/* The scope a node opens (a function, lambda, class or comprehension), or
 * -1. */
int am_bind_scope_of(const am_binder *binder, TSNode node);
/* The first function defined directly in the body of a scope (the module,
 * 0, or a class) under that name, counting decorated ones or not; a null
 * node when there is none. */
TSNode am_bind_definition(const am_binder *binder, int scope, const char *name,
                          size_t name_len, int decorated);
/* The parent of a node, as ts_node_parent() gives it, from the walk's list
 * (a binary search by start byte) instead of a search down from the root,
 * which goes through every statement before the node's; ts_node_parent()
 * for a node the walk did not list. */
TSNode am_bind_parent(const am_binder *binder, TSNode node);
/* A block with no statement, comments aside (tree-sitter accepts `def f():`
 * followed by a dedent, Python does not), first in source order, from the
 * walk's list: 1 and *bad, or 0 when there is none. */
int am_bind_find_empty_block(const am_binder *binder, TSNode *bad);
/* The method calls `X.name(...)` of the file, in source order: *count of
 * them, from the one returned. */
const am_method_call *am_bind_method_calls(const am_binder *binder,
                                           const char *name, size_t name_len,
                                           size_t *count);

#endif
