#include "value_flow.h"

#include "advice.h"
#include "loop_var.h"
#include "pass.h"

#include <string.h>

enum { KIND_LOOP = 1, KIND_TASK = 2, KIND_FUTURE = 4 };

/* Where an object is held: a binding, or `self.<attr>` of a class. */
typedef struct holder {
	int binding;     /* >= 0: a name */
	int class_scope; /* else: the class of `self` */
	const char *attr;
	uint32_t attr_len;
} holder;

/* What the holders hold: kind bits and the node that first gave them. */
typedef struct held {
	holder key;
	unsigned kinds;
	TSNode origin;
} held;

typedef struct assignment {
	TSNode target, value;
} assignment;

/* A `return`/`yield` value of a function. */
typedef struct returned {
	TSNode function, value;
} returned;

/* A call of a function of the file: its parameters take what the
 * arguments hold. */
typedef struct passing {
	TSNode call, def;
	int skip; /* 1 for a method called through `self` */
} passing;

typedef struct flow {
	am_context *ctx;
	AM_ARRAY(held)
	table; /* open addressing, power of two, key.binding
	        * == -2 for an empty slot */
	size_t used;
	AM_ARRAY(assignment) assignments;
	AM_ARRAY(returned) returns;
	AM_ARRAY(TSNode) self_loads; /* `self.x` read */
	AM_ARRAY(TSNode) fixtures;   /* defs decorated as pytest fixtures */
	AM_ARRAY(passing) calls;     /* calls of the file's functions */
	TSNode store; /* the target of the assignment the walk is in */
	int changed;
	int failed;
} flow;

/* ---- the table of holders ------------------------------------------------ */

static uint64_t holder_hash(const holder *k)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(k->binding + 7);
	h = (h ^ (uint64_t)(k->class_scope + 3)) * 1099511628211ull;
	for (uint32_t i = 0; i < k->attr_len; i++)
		h = (h ^ (unsigned char)k->attr[i]) * 1099511628211ull;
	return h;
}

static int holder_eq(const holder *a, const holder *b)
{
	return a->binding == b->binding && a->class_scope == b->class_scope &&
	       a->attr_len == b->attr_len &&
	       (!a->attr_len || memcmp(a->attr, b->attr, a->attr_len) == 0);
}

static held *slot(flow *f, const holder *k)
{
	size_t mask = f->table.count - 1;
	for (size_t i = holder_hash(k) & mask;; i = (i + 1) & mask) {
		held *h = &f->table.items[i];
		if (h->key.binding == -2 || holder_eq(&h->key, k))
			return h;
	}
}

static int grow(flow *f)
{
	size_t size = f->table.count ? f->table.count * 2 : 64;
	held *old = f->table.items;
	size_t old_count = f->table.count;
	f->table.items = calloc(size, sizeof(held));
	if (!f->table.items) {
		f->table.items = old;
		return 0;
	}
	f->table.count = f->table.capacity = size;
	for (size_t i = 0; i < size; i++)
		f->table.items[i].key.binding = -2;
	for (size_t i = 0; i < old_count; i++)
		if (old[i].key.binding != -2)
			*slot(f, &old[i].key) = old[i];
	free(old);
	return 1;
}

static unsigned kinds_of_holder(flow *f, const holder *k)
{
	if (!f->table.count)
		return 0;
	const held *h = slot(f, k);
	return h->key.binding == -2 ? 0 : h->kinds;
}

static const held *find(flow *f, const holder *k)
{
	if (!f->table.count)
		return NULL;
	const held *h = slot(f, k);
	return h->key.binding == -2 ? NULL : h;
}

static void add_kinds(flow *f, const holder *k, unsigned kinds, TSNode origin)
{
	if (!kinds)
		return;
	if ((f->used + 1) * 2 > f->table.count && !grow(f)) {
		f->failed = 1;
		return;
	}
	held *h = slot(f, k);
	if (h->key.binding == -2) {
		h->key = *k;
		h->kinds = 0;
		h->origin = origin;
		f->used++;
	}
	if ((h->kinds | kinds) != h->kinds) {
		h->kinds |= kinds;
		f->changed = 1;
	}
}

/* ---- holders of expressions ---------------------------------------------- */

/* The class whose method holds byte `at`, through `self`, or -1. */
static int class_of_self(const am_binder *b, uint32_t at)
{
	int scope = am_bind_scope_at(b, at);
	while (scope > 0 && b->scopes.items[scope].kind != AM_SCOPE_FUNCTION)
		scope = b->scopes.items[scope].parent;
	if (scope <= 0)
		return -1;
	int parent = b->scopes.items[scope].parent;
	return parent > 0 && b->scopes.items[parent].kind == AM_SCOPE_CLASS
	               ? parent
	               : -1;
}

/* The holder a name or `self.x` expression is, or 0. */
static int holder_of(flow *f, TSNode node, holder *k)
{
	const am_syntax *sx = f->ctx->syntax;
	const am_binder *b = f->ctx->binder;
	memset(k, 0, sizeof(*k));
	if (am_node_is(node, sx->identifier)) {
		int scope = am_bind_scope_at(b, ts_node_start_byte(node));
		uint32_t len;
		const char *name = am_node_text(f->ctx->text, node, &len);
		k->binding = am_bind_lookup(b, scope, name, len);
		k->class_scope = -1;
		return k->binding >= 0;
	}
	if (!am_node_is(node, sx->attribute))
		return 0;
	TSNode object = am_node_field(node, sx->field.object);
	if (!am_node_is(object, sx->identifier) ||
	    !am_node_text_eq(f->ctx->text, object, "self"))
		return 0;
	k->binding = -1;
	k->class_scope = class_of_self(b, ts_node_start_byte(node));
	k->attr = am_node_text(f->ctx->text,
	                       am_node_field(node, sx->field.attribute),
	                       &k->attr_len);
	return k->class_scope > 0;
}

static int is_type(TSNode node, const char *type)
{
	return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

/* What an expression evaluates to, as kind bits. */
static unsigned kinds_of(flow *f, TSNode node)
{
	const am_context *ctx = f->ctx;
	const am_syntax *sx = ctx->syntax;
	while (am_node_is(node, sx->parenthesized_expression))
		node = ts_node_named_child(node, 0);
	if (is_type(node, "boolean_operator") ||
	    is_type(node, "conditional_expression")) {
		unsigned kinds = 0;
		uint32_t count = ts_node_named_child_count(node);
		for (uint32_t i = 0; i < count; i++)
			kinds |= kinds_of(f, ts_node_named_child(node, i));
		return kinds;
	}
	holder k;
	if (holder_of(f, node, &k))
		return kinds_of_holder(f, &k);
	if (!am_node_is(node, sx->call))
		return 0;
	TSNode fn = am_node_field(node, sx->field.function);
	if (am_loop_call_source(ctx, node))
		return KIND_LOOP;
	const am_binder *b = ctx->binder;
	if (am_bind_is_asyncio(b, fn, "create_task") ||
	    am_bind_is_asyncio(b, fn, "ensure_future"))
		return KIND_TASK;
	if (am_bind_is_asyncio(b, fn, "Future"))
		return KIND_FUTURE;
	if (!am_node_is(fn, sx->attribute) ||
	    !(kinds_of(f, am_node_field(fn, sx->field.object)) & KIND_LOOP))
		return 0;
	TSNode method = am_node_field(fn, sx->field.attribute);
	if (am_node_text_eq(ctx->text, method, "create_task"))
		return KIND_TASK;
	if (am_node_text_eq(ctx->text, method, "create_future") ||
	    am_node_text_eq(ctx->text, method, "run_in_executor"))
		return KIND_FUTURE;
	return 0;
}

/* ---- collecting -----------------------------------------------------------
 */

/* The function whose body holds a node (through the binder's scopes:
 * no climb up the tree), or a null node (module, class, lambda). */
static TSNode enclosing_function(const am_context *ctx, TSNode node)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(node));
	while (scope > 0 && b->scopes.items[scope].kind != AM_SCOPE_FUNCTION)
		scope = b->scopes.items[scope].parent;
	return scope > 0 ? b->scopes.items[scope].node : am_null_node();
}

/* Whether a decorated definition is a pytest fixture (`@pytest.fixture`,
 * called or not, or pytest_asyncio's). */
static int decorated_as_fixture(const am_context *ctx, TSNode decorated)
{
	uint32_t count = ts_node_named_child_count(decorated);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(decorated, i);
		if (!am_node_is(d, ctx->syntax->decorator))
			continue;
		TSNode e = ts_node_named_child(d, 0);
		if (am_node_is(e, ctx->syntax->call))
			e = am_node_field(e, ctx->syntax->field.function);
		const char *q = am_bind_resolve(ctx->binder, e);
		if (q && (strcmp(q, "pytest.fixture") == 0 ||
		          strcmp(q, "pytest_asyncio.fixture") == 0))
			return 1;
	}
	return 0;
}

static int is_fixture(const flow *f, TSNode def)
{
	for (size_t i = 0; i < f->fixtures.count; i++)
		if (ts_node_eq(f->fixtures.items[i], def))
			return 1;
	return 0;
}

static void collect_node(flow *f, TSNode n)
{
	const am_syntax *sx = f->ctx->syntax;
	TSSymbol symbol = ts_node_symbol(n);
	int ok = 1;
	if (symbol != sx->assignment && symbol != sx->augmented_assignment &&
	    symbol != sx->return_statement && symbol != sx->yield &&
	    symbol != sx->decorated_definition && symbol != sx->attribute)
		return;
	if (am_node_is(n, sx->assignment) ||
	    am_node_is(n, sx->augmented_assignment)) {
		/* The walk reaches the target next: it is no load. */
		f->store = am_node_field(n, sx->field.left);
		assignment a = {f->store, am_node_field(n, sx->field.right)};
		if (!ts_node_is_null(a.value) && am_node_is(n, sx->assignment))
			ok = AM_ARRAY_PUSH(&f->assignments, a);
	} else if (am_node_is(n, sx->return_statement) ||
	           am_node_is(n, sx->yield)) {
		returned r = {enclosing_function(f->ctx, n),
		              ts_node_named_child(n, 0)};
		if (!ts_node_is_null(r.value) &&
		    am_node_is(r.function, sx->function_definition))
			ok = AM_ARRAY_PUSH(&f->returns, r);
	} else if (am_node_is(n, sx->decorated_definition)) {
		TSNode def = am_node_field(n, sx->field.definition);
		if (am_node_is(def, sx->function_definition) &&
		    decorated_as_fixture(f->ctx, n))
			ok = AM_ARRAY_PUSH(&f->fixtures, def);
	} else if (am_node_is(n, sx->attribute)) {
		holder k;
		if (!ts_node_eq(n, f->store) && holder_of(f, n, &k))
			ok = AM_ARRAY_PUSH(&f->self_loads, n);
	}
	if (!ok)
		f->failed = 1;
}

/* Over the binder's list of named nodes, in pre-order (no second walk of
 * the tree), leaving out what is inside strings: a subtree is the run of
 * nodes after its root whose parents are at or after the root. */
static void collect(flow *f)
{
	const am_binder *b = f->ctx->binder;
	uint32_t string = UINT32_MAX; /* the string being left out */
	for (uint32_t i = 0; i < b->tree_nodes.count && !f->failed; i++) {
		const am_tree_node *t = &b->tree_nodes.items[i];
		if (string != UINT32_MAX && t->parent != UINT32_MAX &&
		    t->parent >= string)
			continue;
		string = UINT32_MAX;
		if (ts_node_symbol(t->node) == f->ctx->syntax->string)
			string = i;
		else
			collect_node(f, t->node);
	}
}

/* ---- rounds ----------------------------------------------------------------
 */

/* The parameters of a def, in order: their names (identifier nodes);
 * stops at `*args`/`**kwargs` and keyword-only ones. */
static size_t parameter_names(const am_context *ctx, TSNode def, TSNode *names,
                              size_t max)
{
	const am_syntax *sx = ctx->syntax;
	TSNode params = am_node_field(def, sx->field.parameters);
	size_t n = 0;
	uint32_t count = ts_node_named_child_count(params);
	for (uint32_t i = 0; i < count && n < max; i++) {
		TSNode p = ts_node_named_child(params, i);
		TSNode name = p;
		if (am_node_is(p, sx->default_parameter) ||
		    am_node_is(p, sx->typed_default_parameter))
			name = am_node_field(p, sx->field.name);
		else if (am_node_is(p, sx->typed_parameter))
			name = ts_node_named_child(p, 0);
		if (!am_node_is(name, sx->identifier))
			break;
		names[n++] = name;
	}
	return n;
}

/* A parameter of def (by its name node) holds what the argument does. */
static void pass_to(flow *f, TSNode def, TSNode name, TSNode argument)
{
	unsigned kinds = kinds_of(f, argument);
	if (!kinds)
		return;
	const am_binder *b = f->ctx->binder;
	int scope = am_bind_scope_of(b, def);
	uint32_t len;
	const char *text = am_node_text(f->ctx->text, name, &len);
	holder k = {am_bind_lookup(b, scope, text, len), -1, NULL, 0};
	if (scope >= 0 && k.binding >= 0 &&
	    b->bindings.items[k.binding].scope == scope)
		add_kinds(f, &k, kinds, argument);
}

/* The def a call calls: a function of the module or a class by its name,
 * or a method through `self`; *skip is 1 for a method (its `self`). */
static TSNode callee_definition(flow *f, TSNode fn, int *skip)
{
	const am_syntax *sx = f->ctx->syntax;
	const am_binder *b = f->ctx->binder;
	*skip = 0;
	if (am_node_is(fn, sx->identifier)) {
		const am_name_use *use = am_bind_find_load(b, fn);
		if (!use || use->binding < 0)
			return am_null_node();
		const am_binding *bd = &b->bindings.items[use->binding];
		return bd->undecorated_definition;
	}
	holder k;
	if (!holder_of(f, fn, &k) || k.binding >= 0)
		return am_null_node();
	*skip = 1;
	return am_bind_definition(b, k.class_scope, k.attr, k.attr_len, 0);
}

static void follow_call(flow *f, TSNode call, TSNode def, int skip)
{
	TSNode names[AM_MAX_ARGS];
	size_t count = parameter_names(f->ctx, def, names, AM_MAX_ARGS);
	am_call_args args;
	am_call_args_read(f->ctx, call, &args);
	for (size_t i = 0; i < args.positional_count && !args.has_star; i++)
		if (i + (size_t)skip < count)
			pass_to(f, def, names[i + (size_t)skip],
			        args.positional[i]);
	for (size_t i = 0; i < args.keyword_count; i++) {
		TSNode kw = args.keywords[i];
		TSNode name = am_node_field(kw, f->ctx->syntax->field.name);
		for (size_t p = 0; !ts_node_is_null(name) && p < count; p++) {
			uint32_t a, c;
			const char *at =
			        am_node_text(f->ctx->text, names[p], &a);
			const char *ct = am_node_text(f->ctx->text, name, &c);
			if (a == c && memcmp(at, ct, a) == 0)
				pass_to(f, def, names[p],
				        am_node_field(
				                kw,
				                f->ctx->syntax->field.value));
		}
	}
}

/* A fixture's value is what it returns or yields, held by its name. */
static void follow_fixture(flow *f, const returned *r)
{
	if (!is_fixture(f, r->function))
		return;
	const am_binder *b = f->ctx->binder;
	int scope = am_bind_scope_of(b, r->function);
	TSNode name = am_node_field(r->function, f->ctx->syntax->field.name);
	uint32_t len;
	const char *text = am_node_text(f->ctx->text, name, &len);
	/* The name binds where the def stands, not in its own scope. */
	holder k = {scope > 0 ? am_bind_lookup(b, b->scopes.items[scope].parent,
	                                       text, len)
	                      : -1,
	            -1, NULL, 0};
	if (k.binding >= 0)
		add_kinds(f, &k, kinds_of(f, r->value), r->value);
}

/* A test's or fixture's parameter named like a fixture holds its value;
 * pytest-asyncio's `event_loop` holds a loop. */
static void follow_fixture_parameters(flow *f, TSNode def, int pytest)
{
	const am_context *ctx = f->ctx;
	TSNode fname = am_node_field(def, ctx->syntax->field.name);
	uint32_t len;
	const char *text = am_node_text(ctx->text, fname, &len);
	if (!(len >= 4 && memcmp(text, "test", 4) == 0) && !is_fixture(f, def))
		return;
	TSNode names[AM_MAX_ARGS];
	size_t count = parameter_names(ctx, def, names, AM_MAX_ARGS);
	for (size_t i = 0; i < count; i++) {
		const char *p = am_node_text(ctx->text, names[i], &len);
		holder fixture = {am_bind_lookup(ctx->binder, 0, p, len), -1,
		                  NULL, 0};
		unsigned kinds =
		        fixture.binding >= 0 ? kinds_of_holder(f, &fixture) : 0;
		if (pytest && len == 10 && memcmp(p, "event_loop", 10) == 0)
			kinds |= KIND_LOOP;
		int scope = am_bind_scope_of(ctx->binder, def);
		holder k = {am_bind_lookup(ctx->binder, scope, p, len), -1,
		            NULL, 0};
		if (k.binding >= 0 && kinds)
			add_kinds(f, &k, kinds, names[i]);
	}
}

static int imports_pytest(const am_binder *b)
{
	for (size_t i = 0; i < b->imports.count; i++) {
		const char *q = b->imports.items[i].qualname;
		if (strncmp(q, "pytest", 6) == 0)
			return 1;
	}
	return 0;
}

static void round_once(flow *f, int pytest)
{
	const am_binder *b = f->ctx->binder;
	for (size_t i = 0; i < f->assignments.count; i++) {
		holder k;
		const assignment *a = &f->assignments.items[i];
		if (holder_of(f, a->target, &k))
			add_kinds(f, &k, kinds_of(f, a->value), a->value);
	}
	for (size_t i = 0; i < f->returns.count; i++)
		follow_fixture(f, &f->returns.items[i]);
	for (size_t i = 0; i < f->calls.count; i++) {
		const passing *p = &f->calls.items[i];
		follow_call(f, p->call, p->def, p->skip);
	}
	for (size_t i = 0; i < b->sites.count; i++) {
		const am_site *s = &b->sites.items[i];
		if (s->kind == AM_SITE_FUNCTION)
			follow_fixture_parameters(f, s->node, pytest);
	}
}

/* The calls of the file's own functions, found once. */
static void find_calls(flow *f)
{
	const am_binder *b = f->ctx->binder;
	for (size_t i = 0; i < b->sites.count && !f->failed; i++) {
		const am_site *s = &b->sites.items[i];
		passing p = {s->node, am_null_node(), 0};
		if (s->kind != AM_SITE_CALL)
			continue;
		p.def = callee_definition(f, s->first, &p.skip);
		if (!ts_node_is_null(p.def) && !AM_ARRAY_PUSH(&f->calls, p))
			f->failed = 1;
	}
}

/* ---- reporting --------------------------------------------------------------
 */

static const char *what_is_held(unsigned kinds)
{
	if (kinds & KIND_LOOP)
		return "an asyncio loop";
	return kinds & KIND_TASK ? "an asyncio task" : "an asyncio future";
}

static const char *advice(const am_context *ctx, unsigned kinds, TSNode method)
{
	if (kinds & KIND_LOOP) {
		if (ts_node_is_null(method))
			return "anyio has no loop object";
		uint32_t len;
		const char *m = am_node_text(ctx->text, method, &len);
		return am_advice_for_loop_method(m, len);
	}
	if (kinds & KIND_TASK)
		return "anyio has no task objects";
	return "anyio has no futures";
}

/* Reports what is done with a load of a held object, unless another
 * diagnostic speaks of it. */
static void report_load(flow *f, TSNode load, const held *h)
{
	am_context *ctx = f->ctx;
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, load);
	TSNode at = load, method = am_null_node();
	const char *called = "", *doing = "";
	if (am_node_is(parent, sx->attribute) &&
	    am_node_is_field(parent, sx->field.object, load)) {
		at = parent;
		method = am_node_field(parent, sx->field.attribute);
		if (!ts_node_is_null(am_callee_call(ctx, parent)))
			called = "()";
	} else if (am_node_is(parent, sx->await)) {
		doing = " awaited";
	} else if (am_node_is(parent, sx->argument_list) ||
	           am_node_is(parent, sx->keyword_argument)) {
		/* `asyncio.set_event_loop(loop)`: reported as asyncio's. */
		TSNode list = am_node_is(parent, sx->keyword_argument)
		                      ? am_parent(ctx, parent)
		                      : parent;
		const char *q = am_bind_resolve(
		        ctx->binder, am_node_field(am_parent(ctx, list),
		                                   sx->field.function));
		if (q && strncmp(q, "asyncio.", 8) == 0)
			return;
		doing = " passed on";
	} else if (am_node_is(parent, sx->return_statement) ||
	           am_node_is(parent, sx->yield)) {
		doing = " returned";
	} else {
		return;
	}
	if (am_context_claimed(ctx, ts_node_start_byte(at),
	                       ts_node_end_byte(at)))
		return;
	unsigned line = am_input_line(ctx, ts_node_start_byte(h->origin));
	if (*doing)
		am_flag(ctx, at,
		        "`%s` is%s, left as is: it holds %s (line %u); %s",
		        am_text(ctx, at), doing, what_is_held(h->kinds), line,
		        advice(ctx, h->kinds, method));
	else
		am_flag(ctx, at, "`%s%s` left as is: on %s (line %u); %s",
		        am_text(ctx, at), called, what_is_held(h->kinds), line,
		        advice(ctx, h->kinds, method));
}

static void report(flow *f)
{
	const am_binder *b = f->ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *u = &b->uses.items[i];
		holder k = {u->binding, -1, NULL, 0};
		const held *h = u->binding >= 0 ? find(f, &k) : NULL;
		/* `self` itself is no holder; a name is one only when its
		 * load is not the object of a followed `self.x`. */
		if (h && h->kinds)
			report_load(f, u->node, h);
	}
	for (size_t i = 0; i < f->self_loads.count; i++) {
		holder k;
		TSNode load = f->self_loads.items[i];
		const held *h = holder_of(f, load, &k) ? find(f, &k) : NULL;
		if (h && h->kinds)
			report_load(f, load, h);
	}
}

/* Whether the file makes anything this follows: a loop, a task or a
 * future through asyncio, or a pytest fixture that may hand one out. */
static int has_sources(const am_context *ctx)
{
	static const char *const makers[] = {
	        "asyncio.get_event_loop", "asyncio.get_running_loop",
	        "asyncio.new_event_loop", "asyncio.create_task",
	        "asyncio.ensure_future",  "asyncio.Future"};
	const am_binder *b = ctx->binder;
	if (imports_pytest(b))
		return 1;
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		for (size_t k = 0; k < sizeof(makers) / sizeof(makers[0]); k++)
			if (strcmp(b->asyncio_refs.items[i].qualname,
			           makers[k]) == 0)
				return 1;
	return 0;
}

void am_value_flow_report(am_context *ctx)
{
	if (!has_sources(ctx))
		return;
	flow f;
	memset(&f, 0, sizeof(f));
	f.ctx = ctx;
	collect(&f);
	find_calls(&f);
	int pytest = imports_pytest(ctx->binder);
	for (int round = 0; round < 3 && !f.failed; round++) {
		f.changed = 0;
		round_once(&f, pytest);
		if (!f.changed)
			break;
	}
	if (!f.failed)
		report(&f);
	if (f.failed)
		ctx->pass->failed = 1;
	free(f.table.items);
	AM_ARRAY_FREE(&f.assignments);
	AM_ARRAY_FREE(&f.returns);
	AM_ARRAY_FREE(&f.self_loads);
	AM_ARRAY_FREE(&f.fixtures);
	AM_ARRAY_FREE(&f.calls);
}
