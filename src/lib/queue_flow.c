#define _GNU_SOURCE
#include "queue_flow.h"

#include "loop_var.h"

#include <string.h>

/* ---- nodes --------------------------------------------------------------- */

static TSNode null_node(void)
{
	return am_null_node();
}

static int type_is(TSNode node, const char *type)
{
	return !ts_node_is_null(node) && strcmp(ts_node_type(node), type) == 0;
}

static int text_eq(const am_context *ctx, TSNode node, const char *s,
                   size_t len)
{
	uint32_t n;
	const char *t = am_node_text(ctx->text, node, &n);
	return n == len && memcmp(t, s, len) == 0;
}

static int defines_scope(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	return am_node_is(node, sx->function_definition) ||
	       am_node_is(node, sx->lambda) ||
	       am_node_is(node, sx->class_definition);
}

/* Calls visit on every node under root in source order; a 0 from visit
 * skips the node's children. */
typedef int (*node_visit)(TSNode node, void *data);

static void walk(TSNode root, node_visit visit, void *data)
{
	if (ts_node_is_null(root))
		return;
	TSTreeCursor cursor = ts_tree_cursor_new(root);
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&cursor);
		if (visit(node, data) &&
		    ts_tree_cursor_goto_first_child(&cursor))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cursor))
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cursor);
}

/* The text between the quotes of a string without interpolation; NULL for
 * other nodes. */
static const char *string_value(const am_context *ctx, TSNode string,
                                uint32_t *len)
{
	if (!am_node_is(string, ctx->syntax->string))
		return NULL;
	const char *value = "";
	*len = 0;
	uint32_t count = ts_node_named_child_count(string);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(string, i);
		if (type_is(child, "interpolation"))
			return NULL;
		if (type_is(child, "string_content"))
			value = am_node_text(ctx->text, child, len);
	}
	return value;
}

/* ---- build state --------------------------------------------------------- */

typedef struct wanted_argument {
	int channel; /* a parameter channel */
	TSNode argument;
} wanted_argument;

typedef struct loose_reference {
	TSNode node;
	unsigned kind;
} loose_reference;

typedef struct uncovered_call {
	int use;
	unsigned kind;
} uncovered_call;

typedef struct exports {
	int has_all;   /* the module defines __all__ */
	int all_known; /* ...as one list or tuple of strings, used nowhere */
	TSNode all_value;
	int program; /* it runs asyncio.run()/anyio.run() at top level */
} exports;

/* The identifiers that bind a name: how many, and the first two in source
 * order. */
typedef struct store_info {
	uint32_t count;
	TSNode first, second;
} store_info;

/* A string's value or an attribute's name, for finding them by name. */
typedef struct named_node {
	const char *name;
	uint32_t len;
	uint32_t order; /* in a walk of the module */
	int is_string;
	TSNode node;
} named_node;

typedef struct flow_build {
	am_context *ctx;
	am_queue_flow *flow;
	exports exports;
	store_info *stores;     /* per binding */
	unsigned char *indexed; /* per scope: its bindings' stores are known */
	TSNode *method_classes; /* per binding, see method_class() */
	unsigned char *method_class_known;
	AM_ARRAY(named_node) named; /* sorted by name, then order */
	int named_ready;
	AM_ARRAY(wanted_argument) wanted;
	AM_ARRAY(loose_reference) loose; /* outside handlers */
	AM_ARRAY(uncovered_call) uncovered;
} flow_build;

static am_queue_channel *channel_at(flow_build *fb, int index)
{
	return &fb->flow->channels.items[index];
}

static void set_why(flow_build *fb, int channel, const char *why)
{
	am_queue_channel *ch = channel_at(fb, channel);
	if (!ch->why)
		ch->why = why ? why : "";
}

static void push_flag(flow_build *fb, TSNode at, const char *message)
{
	am_queue_flag flag = {at, message};
	if (!AM_ARRAY_PUSH(&fb->flow->flags, flag))
		fb->flow->failed = 1;
}

static void push_use(flow_build *fb, am_queue_use use)
{
	if (!AM_ARRAY_PUSH(&fb->flow->uses, use))
		fb->flow->failed = 1;
}

/* ---- the stores of a name ------------------------------------------------ */

/* Whether an identifier that is not a load may bind its name. */
static int may_store(const am_context *ctx, TSNode id)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, id);
	if (am_node_is(parent, sx->attribute) &&
	    am_node_is_field(parent, sx->field.attribute, id))
		return 0;
	if (am_node_is(parent, sx->keyword_argument) &&
	    am_node_is_field(parent, sx->field.name, id))
		return 0;
	return !am_node_is(parent, sx->global_statement) &&
	       !am_node_is(parent, sx->nonlocal_statement);
}

typedef struct store_scan {
	const am_context *ctx;
	store_info *stores;
	int scope;
} store_scan;

static int visit_store(TSNode node, void *data)
{
	store_scan *scan = data;
	const am_context *ctx = scan->ctx;
	const am_binder *b = ctx->binder;
	if (!am_node_is(node, ctx->syntax->identifier))
		return 1;
	if (am_bind_find_load(b, node))
		return 0;
	uint32_t len;
	const char *name = am_node_text(ctx->text, node, &len);
	int binding = am_bind_lookup(
	        b, am_bind_scope_at(b, ts_node_start_byte(node)), name, len);
	/* may_store() last: it looks for the parent from the root. */
	if (binding < 0 || b->bindings.items[binding].scope != scan->scope ||
	    !may_store(ctx, node))
		return 0;
	store_info *info = &scan->stores[binding];
	if (info->count == 0)
		info->first = node;
	else if (info->count == 1)
		info->second = node;
	info->count++;
	return 0;
}

/* One walk of a scope's code for the stores of all its bindings: the whole
 * module; a function's parameters and body; the body of the others. */
static void index_stores(flow_build *fb, int scope)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_syntax *sx = ctx->syntax;
	if (fb->indexed[scope])
		return;
	fb->indexed[scope] = 1;
	const am_scope *sc = &b->scopes.items[scope];
	store_scan scan = {ctx, fb->stores, scope};
	if (sc->kind == AM_SCOPE_MODULE) {
		walk(sc->node, visit_store, &scan);
	} else {
		if (sc->kind == AM_SCOPE_FUNCTION)
			walk(am_node_field(sc->node, sx->field.parameters),
			     visit_store, &scan);
		walk(am_node_field(sc->node, sx->field.body), visit_store,
		     &scan);
	}
}

/* Counts the identifiers that bind `binding`; *other is the first that is
 * not `expected` (or null). */
static size_t binding_stores(flow_build *fb, int binding, TSNode expected,
                             TSNode *other)
{
	*other = null_node();
	index_stores(fb, fb->ctx->binder->bindings.items[binding].scope);
	const store_info *info = &fb->stores[binding];
	if (info->count >= 1 && !ts_node_eq(info->first, expected))
		*other = info->first;
	else if (info->count >= 2)
		*other = info->second;
	return info->count;
}

/* ---- what other modules may see ------------------------------------------ */

/* Whether a module-level statement runs the program: asyncio.run(...) or
 * anyio.run(...) as a statement of its own. */
static int runs_program(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(statement, sx->expression_statement))
		return 0;
	TSNode call = ts_node_named_child(statement, 0);
	if (!am_node_is(call, sx->call))
		return 0;
	const char *q = am_bind_resolve(
	        ctx->binder, am_node_field(call, sx->field.function));
	return q &&
	       (strcmp(q, "asyncio.run") == 0 || strcmp(q, "anyio.run") == 0);
}

/* Whether a statement is `if __name__ == "__main__":` holding a run. */
static int main_guard_runs(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(statement, sx->if_statement))
		return 0;
	TSNode condition =
	        ts_node_child_by_field_name(statement, "condition", 9);
	const char *text = am_text(ctx, condition);
	if (!strstr(text, "__name__") || !strstr(text, "__main__"))
		return 0;
	TSNode block =
	        ts_node_child_by_field_name(statement, "consequence", 11);
	int runs = 0;
	am_children c;
	am_children_init(&c, block);
	for (TSNode child; !runs && am_children_next(&c, &child);)
		runs = runs_program(ctx, child);
	am_children_release(&c);
	return runs;
}

static void read_all(flow_build *fb, exports *ex)
{
	const am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	int binding = am_bind_lookup(ctx->binder, 0, "__all__", 7);
	if (binding < 0 || ctx->binder->bindings.items[binding].scope != 0)
		return;
	ex->has_all = 1;
	TSNode other;
	if (binding_stores(fb, binding, null_node(), &other) != 1 ||
	    ctx->binder->bindings.items[binding].uses)
		return;
	TSNode assignment = am_parent(ctx, other);
	if (!am_node_is(assignment, sx->assignment) ||
	    !am_node_is_field(assignment, sx->field.left, other))
		return;
	TSNode value = am_node_field(assignment, sx->field.right);
	if (!type_is(value, "list") && !am_node_is(value, sx->tuple))
		return;
	uint32_t count = ts_node_named_child_count(value);
	for (uint32_t i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(value, i);
		uint32_t len;
		if (!am_node_is(item, sx->comment) &&
		    !string_value(ctx, item, &len))
			return;
	}
	ex->all_known = 1;
	ex->all_value = value;
}

static void read_exports(flow_build *fb, exports *ex)
{
	const am_context *ctx = fb->ctx;
	memset(ex, 0, sizeof(*ex));
	ex->all_value = null_node();
	read_all(fb, ex);
	am_children c;
	am_children_init(&c, ctx->root);
	for (TSNode statement;
	     !ex->program && am_children_next(&c, &statement);)
		ex->program = runs_program(ctx, statement) ||
		              main_guard_runs(ctx, statement);
	am_children_release(&c);
}

static int listed_in_all(const am_context *ctx, const exports *ex,
                         const char *name)
{
	uint32_t count = ts_node_named_child_count(ex->all_value);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t len;
		const char *s = string_value(
		        ctx, ts_node_named_child(ex->all_value, i), &len);
		if (s && len == strlen(name) && memcmp(s, name, len) == 0)
			return 1;
	}
	return 0;
}

/* Whether other modules may import a module-level name. The functions of
 * a program (a module that runs itself) are taken to be its own. */
static int exported(const am_context *ctx, const exports *ex, const char *name,
                    int is_function)
{
	if (name[0] == '_')
		return 0;
	if (ex->has_all)
		return !ex->all_known || listed_in_all(ctx, ex, name);
	return !(is_function && ex->program);
}

/* ---- methods ------------------------------------------------------------- */

static int decorated_with(const am_context *ctx, TSNode definition,
                          const char *name)
{
	TSNode parent = am_parent(ctx, definition);
	if (!am_node_is(parent, ctx->syntax->decorated_definition))
		return 0;
	uint32_t count = ts_node_named_child_count(parent);
	for (uint32_t i = 0; i < count; i++) {
		TSNode d = ts_node_named_child(parent, i);
		if (am_node_is(d, ctx->syntax->decorator) &&
		    text_eq(ctx, ts_node_named_child(d, 0), name, strlen(name)))
			return 1;
	}
	return 0;
}

static int is_decorated(const am_context *ctx, TSNode definition)
{
	return am_node_is(am_parent(ctx, definition),
	                  ctx->syntax->decorated_definition);
}

/* The identifier of the first parameter of a function, or null. */
static TSNode first_parameter(const am_context *ctx, TSNode function)
{
	TSNode params = am_node_field(function, ctx->syntax->field.parameters);
	uint32_t count = ts_node_named_child_count(params);
	for (uint32_t i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(params, i);
		if (am_node_is(p, ctx->syntax->comment))
			continue;
		if (am_node_is(p, ctx->syntax->typed_parameter))
			p = ts_node_named_child(p, 0);
		return am_node_is(p, ctx->syntax->identifier) ? p : null_node();
	}
	return null_node();
}

/* The class whose method's `self` a binding is (the first parameter of a
 * function defined in the class body, bound nowhere else, not a static or
 * class method); null otherwise. */
static TSNode binding_method_class(flow_build *fb, int binding)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_binding *bd = &b->bindings.items[binding];
	TSNode function = b->scopes.items[bd->scope].node;
	if (!am_node_is(function, ctx->syntax->function_definition))
		return null_node();
	TSNode self = first_parameter(ctx, function);
	if (ts_node_is_null(self) ||
	    !text_eq(ctx, self, bd->name, bd->name_len) ||
	    decorated_with(ctx, function, "staticmethod") ||
	    decorated_with(ctx, function, "classmethod"))
		return null_node();
	TSNode block = am_parent(ctx, function);
	if (is_decorated(ctx, function))
		block = am_parent(ctx, block);
	TSNode cls = am_parent(ctx, block);
	TSNode other;
	if (!am_node_is(block, ctx->syntax->block) ||
	    !am_node_is(cls, ctx->syntax->class_definition) ||
	    binding_stores(fb, binding, self, &other) != 1)
		return null_node();
	return cls;
}

/* The class whose method's `self` an identifier loads, or null. */
static TSNode method_class(flow_build *fb, TSNode object)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_name_use *use = am_node_is(object, ctx->syntax->identifier)
	                                 ? am_bind_find_load(b, object)
	                                 : NULL;
	if (!use || use->binding < 0)
		return null_node();
	/* Once per binding: the parents it needs are searched from the
	 * root. */
	if (!fb->method_class_known[use->binding]) {
		fb->method_classes[use->binding] =
		        binding_method_class(fb, use->binding);
		fb->method_class_known[use->binding] = 1;
	}
	return fb->method_classes[use->binding];
}

/* ---- annotations --------------------------------------------------------- */

static int names_asyncio(const am_context *ctx, TSNode node)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		if (am_node_within(b->asyncio_refs.items[i].node, node))
			return 1;
	return 0;
}

/* The text inside the brackets of `X[...]`. */
static const char *bracketed(const am_context *ctx, TSNode node, TSNode head)
{
	uint32_t from = ts_node_end_byte(head), to = ts_node_end_byte(node);
	while (from < to && ctx->text[from] != '[')
		from++;
	if (from + 1 >= to)
		return NULL;
	return am_arena_strndup(ctx->arena, ctx->text + from + 1,
	                        to - from - 2);
}

const char *am_queue_annotation_read(const am_context *ctx, TSNode expression,
                                     am_queue_annotation *annotation)
{
	const am_syntax *sx = ctx->syntax;
	annotation->is_queue = 0;
	annotation->item_type = NULL;
	TSNode head = expression;
	if (am_node_is(expression, sx->subscript))
		head = am_node_field(expression, sx->field.value);
	else if (type_is(expression, "generic_type"))
		head = ts_node_named_child(expression, 0);
	if (am_bind_is_asyncio(ctx->binder, head, "Queue")) {
		annotation->is_queue = 1;
		if (!ts_node_eq(head, expression))
			annotation->item_type =
			        bracketed(ctx, expression, head);
		if (!ts_node_eq(head, expression) && !annotation->item_type)
			return "its annotation cannot be read";
		return NULL;
	}
	uint32_t len;
	const char *s = string_value(ctx, expression, &len);
	if (s && (memmem(s, len, "asyncio", 7) || memmem(s, len, "Queue", 5)))
		return am_arena_printf(ctx->arena,
		                       "its annotation %s is a string naming a "
		                       "queue: write it without quotes",
		                       am_text(ctx, expression));
	if (names_asyncio(ctx, expression))
		return am_arena_printf(
		        ctx->arena,
		        "its annotation `%s` names asyncio in a way this rule "
		        "cannot carry over",
		        am_text(ctx, expression));
	return NULL;
}

/* The expression of an annotation (`type` node), or null. */
static TSNode annotation_expression(TSNode type)
{
	return ts_node_is_null(type) ? type : ts_node_named_child(type, 0);
}

/* ---- creations ----------------------------------------------------------- */

const char *const am_queue_how_by_hand =
        "to migrate by hand, create `send, receive = "
        "anyio.create_memory_object_stream(size)` (math.inf where asyncio's "
        "maxsize is 0: unbounded) and give each user the stream it needs; "
        "or run with `--queue-compat MODULE` (and `--write-queue-compat "
        "PATH` to write MODULE) to use a drop-in asyncio.Queue on anyio";

/* Whether an integer literal is zero: 0, 00, 0x0, 0_0. */
static int literal_is_zero(const am_context *ctx, TSNode integer)
{
	uint32_t len;
	const char *t = am_node_text(ctx->text, integer, &len);
	uint32_t i = 0;
	if (len > 2 && t[0] == '0' && strchr("xXoObB", t[1]))
		i = 2;
	for (; i < len; i++)
		if (t[i] != '0' && t[i] != '_')
			return 0;
	return 1;
}

static int is_integer_literal(const am_context *ctx, TSNode node)
{
	if (!am_node_is(node, ctx->syntax->integer))
		return 0;
	uint32_t len;
	const char *t = am_node_text(ctx->text, node, &len);
	int hex = len > 1 && (t[1] == 'x' || t[1] == 'X');
	return hex || (!memchr(t, 'j', len) && !memchr(t, 'J', len));
}

/* What the maxsize argument is; returns why it cannot be mapped, or NULL. */
static const char *size_kind(const am_context *ctx, TSNode size,
                             am_queue_size *kind)
{
	*kind = AM_QUEUE_UNBOUNDED;
	if (ts_node_is_null(size))
		return NULL;
	TSNode number = size;
	int negative = 0;
	if (type_is(size, "unary_operator")) {
		TSNode op = ts_node_child_by_field_name(size, "operator", 8);
		negative = text_eq(ctx, op, "-", 1);
		number = ts_node_child_by_field_name(size, "argument", 8);
		if (!negative && !text_eq(ctx, op, "+", 1))
			number = size;
	}
	if (is_integer_literal(ctx, number)) {
		if (!negative && !literal_is_zero(ctx, number))
			*kind = AM_QUEUE_LITERAL;
		return NULL;
	}
	if (am_is_dotted(ctx, size)) {
		*kind = AM_QUEUE_NAMED;
		return NULL;
	}
	if (type_is(number, "float"))
		return "its maxsize is not an integer, and anyio takes only an "
		       "integer or math.inf";
	return am_arena_printf(
	        ctx->arena,
	        "its maxsize `%s` is an expression the rewrite would evaluate "
	        "twice (`n if n > 0 else math.inf`: asyncio's maxsize 0 or "
	        "less means unbounded); assign it to a name first",
	        am_text(ctx, size));
}

/* Reads maxsize; returns why the arguments cannot be mapped, or NULL. */
static const char *read_size(const am_context *ctx, am_queue_channel *ch)
{
	am_call_args args;
	am_call_args_read(ctx, ch->call, &args);
	ch->size = null_node();
	if (args.generator || args.too_many || args.has_star ||
	    args.has_kwsplat)
		return "its arguments cannot be read";
	TSNode keyword = am_call_keyword(ctx, &args, "maxsize");
	size_t named = !ts_node_is_null(keyword);
	if (args.keyword_count > named || args.positional_count + named > 1)
		return "it is given arguments other than one maxsize";
	ch->size = args.positional_count ? args.positional[0] : keyword;
	if (am_has_comment(ctx, ch->assignment))
		return "a comment sits inside its creation";
	return size_kind(ctx, ch->size, &ch->size_kind);
}

/* The item type from `asyncio.Queue[T]()` or the target's annotation. */
static const char *read_item_type(const am_context *ctx, am_queue_channel *ch)
{
	const am_syntax *sx = ctx->syntax;
	TSNode callee = am_node_field(ch->call, sx->field.function);
	if (am_node_is(callee, sx->subscript)) {
		ch->item_type = bracketed(
		        ctx, callee, am_node_field(callee, sx->field.value));
		if (!ch->item_type)
			return "its item type cannot be read";
	}
	TSNode type = annotation_expression(
	        am_node_field(ch->assignment, sx->field.type));
	if (ts_node_is_null(type))
		return NULL;
	am_queue_annotation annotation;
	const char *why = am_queue_annotation_read(ctx, type, &annotation);
	if (!why && !ch->item_type)
		ch->item_type = annotation.item_type;
	return why;
}

/* Where a queue is held; returns why its uses cannot be followed, or NULL. */
static const char *read_holder(flow_build *fb, am_queue_channel *ch)
{
	const am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	TSNode assignment = am_parent(ctx, ch->call);
	if (!am_node_is(assignment, sx->assignment) ||
	    !am_node_is_field(assignment, sx->field.right, ch->call) ||
	    !am_node_is(am_parent(ctx, assignment), sx->expression_statement))
		return "it is not assigned to a name or `self` attribute by a "
		       "statement of its own";
	ch->assignment = assignment;
	TSNode left = am_node_field(assignment, sx->field.left);
	if (am_node_is(left, sx->attribute)) {
		TSNode object = am_node_field(left, sx->field.object);
		ch->function = method_class(fb, object);
		if (ts_node_is_null(ch->function))
			return am_arena_printf(
			        ctx->arena,
			        "`%s` is not an attribute of `self` in a "
			        "method",
			        am_text(ctx, left));
		ch->holder = AM_QUEUE_ATTRIBUTE;
		ch->name =
		        am_text(ctx, am_node_field(left, sx->field.attribute));
		ch->binding = -1;
		return NULL;
	}
	if (!am_node_is(left, sx->identifier))
		return "it is not assigned to a name or `self` attribute by a "
		       "statement of its own";
	ch->name = am_text(ctx, left);
	int scope = am_bind_scope_at(b, ts_node_start_byte(assignment));
	if (b->scopes.items[scope].kind == AM_SCOPE_CLASS)
		return "it is a class attribute, shared by every instance";
	ch->binding = am_bind_lookup(b, scope, ch->name, strlen(ch->name));
	if (ch->binding < 0 || b->bindings.items[ch->binding].scope != scope)
		return am_arena_printf(
		        ctx->arena, "`%s` is declared global or nonlocal here",
		        ch->name);
	ch->holder = scope == 0 ? AM_QUEUE_MODULE : AM_QUEUE_LOCAL;
	ch->defined = left;
	return NULL;
}

static void on_queue(flow_build *fb, TSNode reference, TSNode call)
{
	am_queue_channel ch;
	memset(&ch, 0, sizeof(ch));
	ch.call = call;
	ch.reference = reference;
	ch.assignment = ch.size = ch.class_annotation = null_node();
	ch.parameter = ch.annotation = ch.function = ch.defined = null_node();
	const char *why = read_holder(fb, &ch);
	if (why) {
		push_flag(
		        fb, reference,
		        am_arena_printf(fb->ctx->arena,
		                        "`asyncio.Queue()` left as is: %s, so "
		                        "its uses cannot be followed; %s",
		                        why, am_queue_how_by_hand));
		return;
	}
	ch.why = read_size(fb->ctx, &ch);
	if (!ch.why)
		ch.why = read_item_type(fb->ctx, &ch);
	if (!AM_ARRAY_PUSH(&fb->flow->channels, ch))
		fb->flow->failed = 1;
}

static void on_creation(flow_build *fb, TSNode reference, const char *member,
                        TSNode call)
{
	if (strcmp(member, "PriorityQueue") == 0)
		push_flag(fb, reference,
		          "`asyncio.PriorityQueue()` is not migrated: memory "
		          "object streams deliver items in the order they are "
		          "sent; keep a heap (heapq) guarded by an "
		          "anyio.Condition instead");
	else if (strcmp(member, "LifoQueue") == 0)
		push_flag(
		        fb, reference,
		        "`asyncio.LifoQueue()` is not migrated: memory object "
		        "streams deliver the oldest item first; keep a list "
		        "guarded by an anyio.Condition instead");
	else
		on_queue(fb, reference, call);
}

static void find_creations(flow_build *fb)
{
	const am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (ref->ambiguous ||
		    strncmp(ref->qualname, "asyncio.", 8) != 0)
			continue;
		const char *member = ref->qualname + 8;
		if (strcmp(member, "Queue") != 0 &&
		    strcmp(member, "PriorityQueue") != 0 &&
		    strcmp(member, "LifoQueue") != 0)
			continue;
		TSNode callee = ref->node, parent = am_parent(ctx, callee);
		if (am_node_is(parent, sx->subscript) &&
		    am_node_is_field(parent, sx->field.value, callee))
			callee = parent;
		TSNode call = am_callee_call(ctx, callee);
		if (!ts_node_is_null(call)) {
			on_creation(fb, ref->node, member, call);
			continue;
		}
		TSNode cls = am_parent(ctx, parent);
		if (am_node_is(parent, sx->argument_list) &&
		    am_node_is(cls, sx->class_definition))
			push_flag(
			        fb, ref->node,
			        am_arena_printf(
			                ctx->arena,
			                "a subclass of `%s` is not migrated: "
			                "write the class over a memory object "
			                "stream pair "
			                "(`anyio.create_memory_object_stream()`"
			                ") by hand",
			                ref->qualname));
	}
}

/* ---- uses ---------------------------------------------------------------- */

typedef struct method_map {
	const char *name;
	am_queue_use_kind kind;
	int arguments; /* the item, or none */
} method_map;

static const method_map methods[] = {
        {"put", AM_QUEUE_USE_PUT, 1},
        {"get", AM_QUEUE_USE_GET, 0},
        {"put_nowait", AM_QUEUE_USE_PUT_NOWAIT, 1},
        {"get_nowait", AM_QUEUE_USE_GET_NOWAIT, 0},
        {"qsize", AM_QUEUE_USE_QSIZE, 0},
        {"empty", AM_QUEUE_USE_EMPTY, 0},
        {"full", AM_QUEUE_USE_FULL, 0},
};

static const method_map *method_of(const char *name, uint32_t len)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strlen(methods[i].name) == len &&
		    memcmp(methods[i].name, name, len) == 0)
			return &methods[i];
	return NULL;
}

/* Whether a call passes exactly the arguments asyncio's method takes. */
static int arguments_fit(const am_context *ctx, TSNode call, int item)
{
	am_call_args a;
	am_call_args_read(ctx, call, &a);
	if (a.generator || a.too_many || a.has_star || a.has_kwsplat)
		return 0;
	if (!item)
		return a.positional_count == 0 && a.keyword_count == 0;
	if (a.positional_count == 1 && a.keyword_count == 0)
		return 1;
	return a.positional_count == 0 && a.keyword_count == 1 &&
	       !ts_node_is_null(am_call_keyword(ctx, &a, "item"));
}

/* Why a method or attribute that is not mapped stays, or NULL. */
static const char *unmapped_doubt(flow_build *fb, int channel, TSNode holder,
                                  const char *name, uint32_t len)
{
	am_context *ctx = fb->ctx;
	const char *h = am_text(ctx, holder);
	unsigned line = am_node_line(ctx, holder);
	if ((len == 9 && memcmp(name, "task_done", 9) == 0) ||
	    (len == 4 && memcmp(name, "join", 4) == 0))
		return am_arena_printf(
		        ctx->arena,
		        "`%s.%.*s()` is called (line %u), and memory object "
		        "streams have no task_done()/join(): count the items "
		        "handled (an anyio.Event set when the count reaches "
		        "zero), or close the send stream and let the consumer "
		        "end with `async for item in receive:`",
		        h, (int)len, name, line);
	if (len == 7 && memcmp(name, "maxsize", 7) == 0) {
		if (channel_at(fb, channel)->size_kind == AM_QUEUE_LITERAL &&
		    channel_at(fb, channel)->holder != AM_QUEUE_PARAMETER)
			return NULL;
		return am_arena_printf(
		        ctx->arena,
		        "`%s.maxsize` is read (line %u): asyncio gives the "
		        "maxsize passed (0 when unbounded), anyio's "
		        "max_buffer_size is math.inf then; use the size itself",
		        h, line);
	}
	if (name[0] == '_')
		return am_arena_printf(
		        ctx->arena,
		        "`%s.%.*s` is private asyncio state (line %u)", h,
		        (int)len, name, line);
	return am_arena_printf(
	        ctx->arena,
	        "`%s.%.*s` (line %u) has no memory object stream counterpart "
	        "this rule knows",
	        h, (int)len, name, line);
}

/* `q.method(...)`, `q.method` or `q.maxsize`. */
static void method_use(flow_build *fb, int channel, TSNode holder,
                       TSNode attribute)
{
	am_context *ctx = fb->ctx;
	uint32_t len;
	const char *name = am_node_text(
	        ctx->text,
	        am_node_field(attribute, ctx->syntax->field.attribute), &len);
	TSNode call = am_callee_call(ctx, attribute);
	const method_map *map = method_of(name, len);
	am_queue_use use = {
	        AM_QUEUE_USE_MAXSIZE, channel, holder, attribute, call,
	        null_node(),          -1};
	const char *why = NULL;
	if (!map) {
		why = unmapped_doubt(fb, channel, holder, name, len);
		if (!why && !ts_node_is_null(call))
			why = "`maxsize` is called";
	} else if (ts_node_is_null(call) && map->kind >= AM_QUEUE_USE_QSIZE) {
		why = am_arena_printf(
		        ctx->arena,
		        "`%s` is used without being called (line %u)",
		        am_text(ctx, attribute), am_node_line(ctx, attribute));
	} else if (!ts_node_is_null(call) &&
	           !arguments_fit(ctx, call, map->arguments)) {
		why = am_arena_printf(
		        ctx->arena,
		        "`%s()` is given arguments asyncio's queue does not "
		        "take (line %u)",
		        am_text(ctx, attribute), am_node_line(ctx, call));
	}
	if (map)
		use.kind = map->kind;
	if (why)
		set_why(fb, channel, why);
	else
		push_use(fb, use);
}

/* How a use hands the queue on, for messages. */
static const char *describe_escape(const am_context *ctx, TSNode holder)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, holder);
	const char *how = "used as a value";
	if (am_node_is(parent, sx->return_statement))
		how = "returned";
	else if (type_is(parent, "yield"))
		how = "yielded";
	else if ((am_node_is(parent, sx->assignment) &&
	          am_node_is_field(parent, sx->field.right, holder)) ||
	         am_node_is(parent, sx->named_expression))
		how = "assigned to another name";
	else if (type_is(parent, "list") || am_node_is(parent, sx->tuple) ||
	         type_is(parent, "set") || type_is(parent, "pair") ||
	         am_node_is(parent, sx->expression_list))
		how = "stored in a container";
	return am_arena_printf(ctx->arena,
	                       "`%s` is %s (line %u), and the streams that "
	                       "replace it cannot be followed from there",
	                       am_text(ctx, holder), how, am_node_line(ctx, holder));
}

/* Whether pred holds for an ancestor of node: one descent from the root
 * by the node's first byte (am_parent(ctx, ) searches from the root at
 * every step). */
static int any_ancestor(const am_context *ctx, TSNode node,
                        int (*pred)(const am_context *, TSNode))
{
	uint32_t start = ts_node_start_byte(node);
	TSTreeCursor cursor = ts_tree_cursor_new(ctx->root);
	int found = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cursor);
		if (ts_node_eq(n, node))
			break;
		if (pred(ctx, n)) {
			found = 1;
			break;
		}
		if (ts_tree_cursor_goto_first_child_for_byte(&cursor, start) < 0)
			break;
	}
	ts_tree_cursor_delete(&cursor);
	return found;
}

/* An f-string field that prints its own source text: f"{q.qsize()=}". */
static int is_self_documenting_field(const am_context *ctx, TSNode n)
{
	(void)ctx;
	if (!type_is(n, "interpolation"))
		return 0;
	uint32_t count = ts_node_child_count(n);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_child(n, i);
		if (!ts_node_is_named(child) && type_is(child, "="))
			return 1;
	}
	return 0;
}

static int is_lambda(const am_context *ctx, TSNode n)
{
	return am_node_is(n, ctx->syntax->lambda);
}

static int in_self_documenting_field(const am_context *ctx, TSNode node)
{
	return any_ancestor(ctx, node, is_self_documenting_field);
}

static int in_lambda(const am_context *ctx, TSNode node)
{
	return any_ancestor(ctx, node, is_lambda);
}

/* ---- functions of the file that are given queues ------------------------- */

#define MAX_PARAMETERS 64

typedef struct parameter_slot {
	TSNode node;    /* as it stands in the parameter list */
	TSNode name;    /* its identifier, or null */
	int position;   /* among the positional parameters, or -1 */
	int by_keyword; /* may be passed by keyword */
	int variadic;   /* *args, **kwargs */
	int has_default;
} parameter_slot;

static void slot_name(const am_context *ctx, parameter_slot *slot)
{
	const am_syntax *sx = ctx->syntax;
	TSNode n = slot->node;
	if (am_node_is(n, sx->identifier)) {
		slot->name = n;
	} else if (am_node_is(n, sx->typed_parameter)) {
		slot->name = ts_node_named_child(n, 0);
		slot->variadic = !am_node_is(slot->name, sx->identifier);
	} else if (am_node_is(n, sx->default_parameter) ||
	           am_node_is(n, sx->typed_default_parameter)) {
		slot->name = am_node_field(n, sx->field.name);
		slot->has_default = 1;
	} else {
		slot->variadic = 1;
	}
	if (!am_node_is(slot->name, sx->identifier))
		slot->name = null_node();
}

/* Reads a function's parameters; returns how many (0 past the limit). */
static size_t read_parameters(const am_context *ctx, TSNode function,
                              parameter_slot *slots)
{
	TSNode params = am_node_field(function, ctx->syntax->field.parameters);
	uint32_t count = ts_node_named_child_count(params);
	size_t n = 0;
	int position = 0, positional = 1;
	for (uint32_t i = 0; i < count; i++) {
		TSNode p = ts_node_named_child(params, i);
		if (am_node_is(p, ctx->syntax->comment))
			continue;
		if (type_is(p, "positional_separator")) {
			for (size_t k = 0; k < n; k++)
				slots[k].by_keyword = 0;
			continue;
		}
		if (type_is(p, "keyword_separator")) {
			positional = 0;
			continue;
		}
		if (n == MAX_PARAMETERS)
			return 0;
		parameter_slot *slot = &slots[n++];
		memset(slot, 0, sizeof(*slot));
		slot->node = p;
		slot_name(ctx, slot);
		if (slot->variadic)
			positional = 0;
		slot->position =
		        positional && !slot->variadic ? position++ : -1;
		slot->by_keyword = !slot->variadic;
	}
	return n;
}

/* Whether a call hands its first argument the others: `X.start_soon(f,
 * ...)`, `X.start(f, ...)`, `functools.partial(f, ...)`. */
static int forwards_arguments(const am_context *ctx, TSNode fn)
{
	const am_syntax *sx = ctx->syntax;
	const char *q = am_bind_resolve(ctx->binder, fn);
	if (q && strcmp(q, "functools.partial") == 0)
		return 1;
	TSNode method = am_node_field(fn, sx->field.attribute);
	return am_node_is(fn, sx->attribute) && !q &&
	       (text_eq(ctx, method, "start_soon", 10) ||
	        text_eq(ctx, method, "start", 5));
}

/* The function a call hands an argument to: `f(...)`, or the `f` that
 * forwards_arguments() names, which gets the arguments after it (*offset
 * is then 1). Null when it is neither. */
static TSNode called_name(const am_context *ctx, TSNode call, int *offset)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = am_node_field(call, sx->field.function);
	*offset = 0;
	if (!forwards_arguments(ctx, fn))
		return am_node_is(fn, sx->identifier) ? fn : null_node();
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.positional_count == 0 ||
	    !am_node_is(args.positional[0], sx->identifier))
		return null_node();
	*offset = 1;
	return args.positional[0];
}

/* The call a load of a function's name makes, or null. */
static TSNode call_of_load(const am_context *ctx, TSNode load, int *offset)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, load);
	if (am_node_is(parent, sx->argument_list))
		parent = am_parent(ctx, parent);
	if (!am_node_is(parent, sx->call))
		return null_node();
	TSNode name = called_name(ctx, parent, offset);
	return ts_node_eq(name, load) ? parent : null_node();
}

static int same_text(const am_context *ctx, TSNode a, TSNode b)
{
	uint32_t la, lb;
	const char *ta = am_node_text(ctx->text, a, &la);
	const char *tb = am_node_text(ctx->text, b, &lb);
	return la == lb && memcmp(ta, tb, la) == 0;
}

/* Whether a slot takes an argument (at `position` among the positional
 * ones, -1 for a keyword argument). */
static int slot_takes(const am_context *ctx, const parameter_slot *slot,
                      TSNode argument, int position)
{
	const am_syntax *sx = ctx->syntax;
	if (am_node_is(argument, sx->keyword_argument))
		return slot->by_keyword && !ts_node_is_null(slot->name) &&
		       same_text(ctx, slot->name,
		                 am_node_field(argument, sx->field.name));
	return position >= 0 && slot->position == position;
}

/* The slot an argument of a call goes to; returns why it is not one this
 * rule can follow, or NULL. */
static const char *slot_of_argument(const am_context *ctx, TSNode call,
                                    TSNode argument, int offset,
                                    const parameter_slot *slots, size_t count,
                                    size_t *slot)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	int position = -1;
	for (size_t i = 0; i < args.positional_count && position < 0; i++) {
		if (ts_node_eq(args.positional[i], argument))
			position = (int)i - offset;
		else if (am_node_is(args.positional[i],
		                    ctx->syntax->list_splat))
			return "where `*args` come before it";
	}
	for (size_t i = 0; i < count; i++) {
		if (!slot_takes(ctx, &slots[i], argument, position))
			continue;
		if (slots[i].has_default)
			return "whose parameter there has a default value";
		*slot = i;
		return NULL;
	}
	return "where it goes to `*args` or `**kwargs`";
}

/* The argument a call gives a slot; returns why there is none this rule
 * can see, or NULL. */
static const char *argument_for_slot(const am_context *ctx, TSNode call,
                                     int offset, const parameter_slot *slot,
                                     TSNode *argument)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (slot->position >= 0 && !args.generator) {
		size_t at = (size_t)(slot->position + offset);
		size_t i = 0;
		while (i < args.positional_count && i <= at &&
		       !am_node_is(args.positional[i], ctx->syntax->list_splat))
			i++;
		if (i > at) {
			*argument = args.positional[at];
			return NULL;
		}
	}
	for (size_t i = 0; i < args.keyword_count; i++) {
		if (slot_takes(ctx, slot, args.keywords[i], -1)) {
			*argument = args.keywords[i];
			return NULL;
		}
	}
	return am_arena_printf(
	        ctx->arena,
	        "`%s()` is called without a value for `%s` this rule can see "
	        "(line %u)",
	        am_text(ctx, am_node_field(call, ctx->syntax->field.function)),
	        am_text(ctx, slot->name), am_node_line(ctx, call));
}

/* The function a name calls, when it is a function of this file bound
 * once by its `def`; returns why not, or NULL. */
static const char *callee_function(flow_build *fb, TSNode name,
                                   TSNode *function, int *binding)
{
	const am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_name_use *use = am_bind_find_load(b, name);
	*binding = use ? use->binding : -1;
	if (*binding < 0 ||
	    b->bindings.items[*binding].kind != AM_BINDING_OTHER)
		return "which is not a function of this file";
	TSNode def;
	TSNode parent;
	if (binding_stores(fb, *binding, null_node(), &def) != 1 ||
	    !am_node_is(parent = am_parent(ctx, def),
	                ctx->syntax->function_definition) ||
	    !am_node_is_field(parent, ctx->syntax->field.name, def))
		return "whose name is not bound once, by a `def`";
	*function = parent;
	return NULL;
}

/* Why queues cannot be followed into a function, or NULL: all its calls
 * must be in sight. */
static const char *callee_doubt(flow_build *fb, TSNode function, int binding)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const char *f =
	        am_text(ctx, am_node_field(function, ctx->syntax->field.name));
	if (is_decorated(ctx, function))
		return am_arena_printf(
		        ctx->arena,
		        "`%s()` is decorated, and its decorator may call it in "
		        "ways this rule cannot see",
		        f);
	if (b->bindings.items[binding].scope == 0 &&
	    exported(ctx, &fb->exports, f, 1))
		return am_arena_printf(
		        ctx->arena,
		        "`%s()` is a public function of a module that is not a "
		        "program: other modules may call it with asyncio "
		        "queues; if none does, list the module's public names "
		        "in `__all__` without it (or rename it with a leading "
		        "`_`)",
		        f);
	for (size_t i = 0; i < b->uses.count; i++) {
		int offset;
		TSNode load = b->uses.items[i].node;
		if (b->uses.items[i].binding == binding &&
		    ts_node_is_null(call_of_load(ctx, load, &offset)))
			return am_arena_printf(
			        ctx->arena,
			        "`%s` is used other than by calling it (line "
			        "%u)",
			        f, am_node_line(ctx, load));
	}
	return NULL;
}

static void want_argument(flow_build *fb, int channel, TSNode argument)
{
	wanted_argument w = {channel, argument};
	if (!AM_ARRAY_PUSH(&fb->wanted, w))
		fb->flow->failed = 1;
}

/* Records what every call of the function gives the parameter. */
static void want_arguments(flow_build *fb, int channel, int callee_binding,
                           const parameter_slot *slot)
{
	const am_binder *b = fb->ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		int offset;
		TSNode argument = am_null_node(), call;
		if (b->uses.items[i].binding != callee_binding)
			continue;
		call = call_of_load(fb->ctx, b->uses.items[i].node, &offset);
		if (ts_node_is_null(call))
			continue; /* callee_doubt says why */
		const char *why = argument_for_slot(fb->ctx, call, offset, slot,
		                                    &argument);
		if (why)
			set_why(fb, channel, why);
		else
			want_argument(fb, channel, argument);
	}
}

/* The channel of a parameter given queues, made on first sight. */
static int parameter_channel(flow_build *fb, TSNode function,
                             int callee_binding, const parameter_slot *slot)
{
	am_context *ctx = fb->ctx;
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->channels.count; i++)
		if (flow->channels.items[i].holder == AM_QUEUE_PARAMETER &&
		    ts_node_eq(flow->channels.items[i].parameter, slot->node))
			return (int)i;
	am_queue_channel ch;
	memset(&ch, 0, sizeof(ch));
	ch.call = ch.reference = ch.assignment = ch.size = null_node();
	ch.class_annotation = ch.annotation = null_node();
	ch.holder = AM_QUEUE_PARAMETER;
	ch.parameter = slot->node;
	ch.function = function;
	ch.defined = slot->name;
	ch.name = am_text(ctx, slot->name);
	int scope = am_bind_scope_of(ctx->binder, function);
	ch.binding = scope < 0 ? -1
	                       : am_bind_lookup(ctx->binder, scope, ch.name,
	                                        strlen(ch.name));
	if (am_node_is(slot->node, ctx->syntax->typed_parameter))
		ch.annotation = annotation_expression(
		        am_node_field(slot->node, ctx->syntax->field.type));
	if (!AM_ARRAY_PUSH(&flow->channels, ch)) {
		flow->failed = 1;
		return -1;
	}
	int index = (int)flow->channels.count - 1;
	const char *why = callee_doubt(fb, function, callee_binding);
	am_queue_annotation annotation;
	if (!why && !ts_node_is_null(ch.annotation))
		why = am_queue_annotation_read(ctx, ch.annotation, &annotation);
	if (why)
		set_why(fb, index, why);
	want_arguments(fb, index, callee_binding, slot);
	return index;
}

/* Where an argument goes; returns why it cannot be followed there, or
 * NULL with the parameter channel in *target. */
static const char *pass_target(flow_build *fb, TSNode call, TSNode argument,
                               int *target)
{
	am_context *ctx = fb->ctx;
	int offset, binding;
	TSNode function;
	TSNode name = called_name(ctx, call, &offset);
	if (ts_node_is_null(name))
		return "which is not a function of this file called by name";
	const char *why = callee_function(fb, name, &function, &binding);
	if (why)
		return why;
	parameter_slot slots[MAX_PARAMETERS];
	size_t count = read_parameters(ctx, function, slots), slot = 0;
	why = count ? slot_of_argument(ctx, call, argument, offset, slots,
	                               count, &slot)
	            : "which has too many parameters";
	if (why)
		return why;
	*target = parameter_channel(fb, function, binding, &slots[slot]);
	return NULL;
}

/* `f(q)`, `f(name=q)`, `tg.start_soon(f, q)`. */
static void pass_use(flow_build *fb, int channel, TSNode holder)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	TSNode argument = holder, list = am_parent(ctx, holder);
	if (am_node_is(list, sx->keyword_argument)) {
		argument = list;
		list = am_parent(ctx, list);
	}
	TSNode call = am_parent(ctx, list);
	if (!am_node_is(list, sx->argument_list) ||
	    !am_node_is(call, sx->call)) {
		set_why(fb, channel, describe_escape(ctx, holder));
		return;
	}
	int target = -1;
	const char *why = pass_target(fb, call, argument, &target);
	if (why) {
		set_why(fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is passed to `%s()` (line %u), %s",
		                am_text(ctx, holder),
		                am_text(ctx, am_node_field(call,
		                                           sx->field.function)),
		                am_node_line(ctx, holder), why));
		return;
	}
	if (target < 0)
		return;
	am_queue_use use = {AM_QUEUE_USE_PASS, channel,  holder, null_node(),
	                    null_node(),       argument, target};
	push_use(fb, use);
}

/* ---- following ----------------------------------------------------------- */

static void classify(flow_build *fb, int channel, TSNode holder)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, holder);
	if (in_lambda(ctx, holder))
		set_why(fb, channel,
		        am_arena_printf(ctx->arena,
		                        "`%s` is used in a lambda (line %u)",
		                        am_text(ctx, holder),
		                        am_node_line(ctx, holder)));
	else if (in_self_documenting_field(ctx, holder))
		set_why(fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is in an f-string field that prints its "
		                "own text (`{...=}`, line %u)",
		                am_text(ctx, holder), am_node_line(ctx, holder)));
	else if (am_node_is(parent, sx->attribute) &&
	         am_node_is_field(parent, sx->field.object, holder))
		method_use(fb, channel, holder, parent);
	else if (am_node_is(parent, sx->argument_list) ||
	         (am_node_is(parent, sx->keyword_argument) &&
	          am_node_is_field(parent, sx->field.value, holder)))
		pass_use(fb, channel, holder);
	else
		set_why(fb, channel, describe_escape(ctx, holder));
}

static void follow_name(flow_build *fb, int channel)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	const am_queue_channel *ch = channel_at(fb, channel);
	int binding = ch->binding;
	if (binding < 0) {
		set_why(fb, channel, "its name cannot be followed");
		return;
	}
	TSNode other;
	binding_stores(fb, binding, ch->defined, &other);
	if (!ts_node_is_null(other))
		set_why(fb, channel,
		        am_arena_printf(ctx->arena,
		                        "`%s` is bound again (line %u)",
		                        ch->name, am_node_line(ctx, other)));
	if (ch->holder == AM_QUEUE_MODULE &&
	    exported(ctx, &fb->exports, ch->name, 0))
		set_why(fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is a public module-level name: other "
		                "modules may import it and use it as an "
		                "asyncio queue; if none does, list the "
		                "module's public names in `__all__` without it "
		                "(or rename it with a leading `_`)",
		                ch->name));
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding == binding)
			classify(fb, channel, b->uses.items[i].node);
}

/* Whether an attribute is assigned or deleted rather than read. */
static int is_store_target(const am_context *ctx, TSNode node)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, node);
	while (am_node_is(parent, sx->pattern_list) ||
	       am_node_is(parent, sx->tuple_pattern) ||
	       am_node_is(parent, sx->list_pattern) ||
	       am_node_is(parent, sx->list_splat_pattern)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	if (am_node_is(parent, sx->assignment) ||
	    am_node_is(parent, sx->augmented_assignment) ||
	    am_node_is(parent, sx->for_statement))
		return am_node_is_field(parent, sx->field.left, node);
	return am_node_is(parent, sx->delete_statement) ||
	       am_node_is(parent, sx->as_pattern_target);
}

static void attribute_use(flow_build *fb, int channel, TSNode attribute)
{
	am_context *ctx = fb->ctx;
	const am_syntax *sx = ctx->syntax;
	const am_queue_channel *ch = channel_at(fb, channel);
	TSNode cls =
	        method_class(fb, am_node_field(attribute, sx->field.object));
	const char *held = am_text(ctx, attribute);
	if (ts_node_is_null(cls) || !ts_node_eq(cls, ch->function))
		set_why(fb, channel,
		        am_arena_printf(
		                ctx->arena,
		                "`%s` is used outside the methods of `%s` "
		                "(line %u), where this rule cannot tell which "
		                "object it is",
		                held,
		                am_text(ctx, am_node_field(ch->function,
		                                           sx->field.name)),
		                am_node_line(ctx, attribute)));
	else if (is_store_target(ctx, attribute))
		set_why(fb, channel,
		        am_arena_printf(ctx->arena,
		                        "`%s` is assigned again (line %u)",
		                        held, am_node_line(ctx, attribute)));
	else
		classify(fb, channel, attribute);
}

typedef struct name_scan {
	flow_build *fb;
	uint32_t order;
} name_scan;

static int visit_named(TSNode node, void *data)
{
	name_scan *scan = data;
	flow_build *fb = scan->fb;
	am_context *ctx = fb->ctx;
	named_node n = {NULL, 0, scan->order++, 0, node};
	n.name = string_value(ctx, node, &n.len);
	if (n.name)
		n.is_string = 1;
	else if (am_node_is(node, ctx->syntax->attribute))
		n.name = am_node_text(
		        ctx->text,
		        am_node_field(node, ctx->syntax->field.attribute),
		        &n.len);
	if (n.name && !AM_ARRAY_PUSH(&fb->named, n))
		fb->flow->failed = 1;
	return !n.is_string;
}

static int name_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static int named_cmp(const void *pa, const void *pb)
{
	const named_node *a = pa, *b = pb;
	int c = name_cmp(a->name, a->len, b->name, b->len);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* The strings and attributes of the module with this value or name, in
 * the order of a walk; one walk of the module for all of them. */
static const named_node *named(flow_build *fb, const char *name,
                               size_t *count)
{
	*count = 0;
	if (!fb->named_ready) {
		fb->named_ready = 1;
		name_scan scan = {fb, 0};
		walk(fb->ctx->root, visit_named, &scan);
		if (fb->named.count)
			qsort(fb->named.items, fb->named.count,
			      sizeof(named_node), named_cmp);
	}
	uint32_t len = (uint32_t)strlen(name);
	size_t lo = 0, hi = fb->named.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const named_node *m = &fb->named.items[mid];
		if (name_cmp(m->name, m->len, name, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < fb->named.count &&
	       name_cmp(fb->named.items[end].name, fb->named.items[end].len,
	                name, len) == 0)
		end++;
	*count = end - lo;
	return fb->named.items + lo;
}

/* The strings that may name the attribute and the attributes of that
 * name, in source order. */
static void follow_attribute(flow_build *fb, int channel)
{
	am_context *ctx = fb->ctx;
	size_t count;
	const named_node *n = named(fb, channel_at(fb, channel)->name, &count);
	for (size_t i = 0; i < count; i++) {
		const am_queue_channel *ch = channel_at(fb, channel);
		if (n[i].is_string)
			set_why(fb, channel,
			        am_arena_printf(
			                ctx->arena,
			                "the string %s (line %u) may reach the "
			                "attribute by name (getattr, __slots__)",
			                am_text(ctx, n[i].node),
			                am_node_line(ctx, n[i].node)));
		else if (!ts_node_eq(n[i].node,
		                     am_node_field(ch->assignment,
		                                   ctx->syntax->field.left)))
			attribute_use(fb, channel, n[i].node);
	}
}

/* Whether `store` is `name: T` alone on a line of the class body. */
static int is_class_declaration(const am_context *ctx, TSNode cls, TSNode store)
{
	const am_syntax *sx = ctx->syntax;
	TSNode assignment = am_parent(ctx, store);
	TSNode statement = am_parent(ctx, assignment);
	return am_node_is(assignment, sx->assignment) &&
	       am_node_is_field(assignment, sx->field.left, store) &&
	       ts_node_is_null(am_node_field(assignment, sx->field.right)) &&
	       !ts_node_is_null(am_node_field(assignment, sx->field.type)) &&
	       am_node_is(statement, sx->expression_statement) &&
	       ts_node_named_child_count(statement) == 1 &&
	       ts_node_eq(am_parent(ctx, statement),
	                  am_node_field(cls, sx->field.body));
}

/* The class body may declare the attribute: `jobs: asyncio.Queue[str]`. */
static void class_declaration(flow_build *fb, int channel)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	am_queue_channel *ch = channel_at(fb, channel);
	TSNode cls = ch->function;
	int scope = am_bind_scope_of(b, cls);
	int binding = scope < 0 ? -1
	                        : am_bind_lookup(b, scope, ch->name,
	                                         strlen(ch->name));
	if (binding < 0 || b->bindings.items[binding].scope != scope)
		return;
	TSNode store;
	const char *why = NULL;
	const char *c =
	        am_text(ctx, am_node_field(cls, ctx->syntax->field.name));
	am_queue_annotation annotation;
	if (binding_stores(fb, binding, null_node(), &store) != 1 ||
	    b->bindings.items[binding].uses ||
	    !is_class_declaration(ctx, cls, store))
		why = am_arena_printf(ctx->arena,
		                      "`%s` is also a class attribute of `%s`",
		                      ch->name, c);
	else if (is_decorated(ctx, cls))
		why = am_arena_printf(
		        ctx->arena,
		        "`%s` is decorated and declares `%s` in its body (a "
		        "dataclass field, maybe)",
		        c, ch->name);
	else
		why = am_queue_annotation_read(
		        ctx,
		        annotation_expression(
		                am_node_field(am_parent(ctx, store),
		                              ctx->syntax->field.type)),
		        &annotation);
	if (why)
		set_why(fb, channel, why);
	else
		ch->class_annotation = am_parent(ctx, store);
}

static void follow_all(flow_build *fb)
{
	for (size_t i = 0; i < fb->flow->channels.count && !fb->flow->failed;
	     i++) {
		if (channel_at(fb, (int)i)->holder == AM_QUEUE_ATTRIBUTE) {
			class_declaration(fb, (int)i);
			follow_attribute(fb, (int)i);
		} else {
			follow_name(fb, (int)i);
		}
	}
}

/* Every call of a function given queues must give it a followed one. */
static void check_wanted(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	for (size_t w = 0; w < fb->wanted.count; w++) {
		const wanted_argument *want = &fb->wanted.items[w];
		size_t u = 0;
		while (u < flow->uses.count &&
		       !(flow->uses.items[u].kind == AM_QUEUE_USE_PASS &&
		         flow->uses.items[u].target == want->channel &&
		         ts_node_eq(flow->uses.items[u].argument,
		                    want->argument)))
			u++;
		if (u < flow->uses.count)
			continue;
		const am_queue_channel *ch = channel_at(fb, want->channel);
		set_why(fb, want->channel,
		        am_arena_printf(
		                fb->ctx->arena,
		                "`%s()` is also given `%s` (line %u), which is "
		                "not a queue this rule follows",
		                am_text(fb->ctx,
		                        am_node_field(
		                                ch->function,
		                                fb->ctx->syntax->field.name)),
		                am_text(fb->ctx, want->argument),
		                am_node_line(fb->ctx, want->argument)));
	}
}

static unsigned use_roles(am_queue_use_kind kind)
{
	if (kind == AM_QUEUE_USE_PUT || kind == AM_QUEUE_USE_PUT_NOWAIT)
		return AM_QUEUE_SENDS;
	if (kind == AM_QUEUE_USE_GET || kind == AM_QUEUE_USE_GET_NOWAIT)
		return AM_QUEUE_RECEIVES;
	return 0;
}

static unsigned use_nowait(am_queue_use_kind kind)
{
	if (kind == AM_QUEUE_USE_GET_NOWAIT)
		return AM_QUEUE_EMPTY;
	return kind == AM_QUEUE_USE_PUT_NOWAIT ? AM_QUEUE_FULL : 0;
}

/* A channel needs what it does and what the parameters it is given to
 * do. */
static void spread_roles(am_queue_flow *flow)
{
	for (size_t i = 0; i < flow->uses.count; i++) {
		const am_queue_use *u = &flow->uses.items[i];
		flow->channels.items[u->channel].roles |= use_roles(u->kind);
		flow->channels.items[u->channel].nowait |= use_nowait(u->kind);
	}
	/* A parameter that neither sends nor receives gets the receive
	 * stream: either can tell its statistics. */
	for (size_t i = 0; i < flow->channels.count; i++)
		if (flow->channels.items[i].holder == AM_QUEUE_PARAMETER &&
		    !flow->channels.items[i].roles)
			flow->channels.items[i].roles = AM_QUEUE_RECEIVES;
	int changed = 1;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < flow->uses.count; i++) {
			const am_queue_use *u = &flow->uses.items[i];
			if (u->kind != AM_QUEUE_USE_PASS)
				continue;
			am_queue_channel *from =
			        &flow->channels.items[u->channel];
			const am_queue_channel *to =
			        &flow->channels.items[u->target];
			unsigned roles = from->roles | to->roles;
			unsigned nowait = from->nowait | to->nowait;
			changed |=
			        roles != from->roles || nowait != from->nowait;
			from->roles = roles;
			from->nowait = nowait;
		}
	}
}

/* ---- try statements ------------------------------------------------------ */

static unsigned exception_kind(const am_reference *ref)
{
	if (ref->ambiguous)
		return 0;
	if (strcmp(ref->qualname, "asyncio.QueueEmpty") == 0)
		return AM_QUEUE_EMPTY;
	return strcmp(ref->qualname, "asyncio.QueueFull") == 0 ? AM_QUEUE_FULL
	                                                       : 0;
}

/* The except clause whose type holds a reference, or null; *top is the
 * type expression (a tuple of exceptions, or the reference itself). */
static TSNode handler_clause(const am_context *ctx, TSNode ref, TSNode *top)
{
	const am_syntax *sx = ctx->syntax;
	TSNode node = ref, parent = am_parent(ctx, ref);
	while (am_node_is(parent, sx->tuple) ||
	       am_node_is(parent, sx->parenthesized_expression)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	*top = node;
	if (am_node_is(parent, sx->as_pattern) &&
	    ts_node_eq(ts_node_named_child(parent, 0), node)) {
		node = parent;
		parent = am_parent(ctx, parent);
	}
	if (am_node_is(parent, sx->except_clause) &&
	    am_node_is_field(parent, ctx->syntax->field.value, node))
		return parent;
	return null_node();
}

static int try_index(flow_build *fb, TSNode statement)
{
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->tries.count; i++)
		if (ts_node_eq(flow->tries.items[i].statement, statement))
			return (int)i;
	am_queue_try t;
	memset(&t, 0, sizeof(t));
	t.statement = statement;
	t.body = am_node_field(statement, fb->ctx->syntax->field.body);
	if (!AM_ARRAY_PUSH(&flow->tries, t)) {
		flow->failed = 1;
		return -1;
	}
	return (int)flow->tries.count - 1;
}

/* Whether every element of an exception tuple is QueueEmpty/QueueFull. */
static int only_queue_exceptions(const am_context *ctx, TSNode top)
{
	uint32_t count = ts_node_named_child_count(top);
	for (uint32_t i = 0; i < count; i++) {
		TSNode e = ts_node_named_child(top, i);
		if (am_node_is(e, ctx->syntax->comment))
			return 0;
		if (!am_bind_is_asyncio(ctx->binder, e, "QueueEmpty") &&
		    !am_bind_is_asyncio(ctx->binder, e, "QueueFull"))
			return 0;
	}
	return 1;
}

static void push_handler_type(flow_build *fb, int try_at, TSNode node)
{
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->handler_types.count; i++)
		if (ts_node_eq(flow->handler_types.items[i].node, node))
			return;
	am_queue_handler_type h = {try_at, node};
	if (!AM_ARRAY_PUSH(&flow->handler_types, h))
		flow->failed = 1;
}

/* The `with contextlib.suppress(...)` whose only item's arguments hold
 * a reference, or null. */
static TSNode suppressing_with(const am_context *ctx, TSNode ref)
{
	const am_syntax *sx = ctx->syntax;
	TSNode list = am_parent(ctx, ref);
	if (!am_node_is(list, sx->argument_list))
		return null_node();
	TSNode call = am_parent(ctx, list);
	TSNode item = am_parent(ctx, call);
	if (!am_node_is(item, sx->with_item))
		return null_node();
	TSNode clause = am_parent(ctx, item);
	const char *q = am_bind_resolve(
	        ctx->binder, am_node_field(call, sx->field.function));
	if (!am_node_is(clause, sx->with_clause) ||
	    ts_node_named_child_count(clause) != 1 || !q ||
	    strcmp(q, "contextlib.suppress") != 0)
		return null_node();
	return am_parent(ctx, clause);
}

/* The try (or suppress) statement that names a reference in what it
 * catches, or null; *top is the node to rewrite. */
static TSNode catching_statement(const am_context *ctx, TSNode ref, TSNode *top)
{
	TSNode clause = handler_clause(ctx, ref, top);
	TSNode statement =
	        ts_node_is_null(clause) ? clause : am_parent(ctx, clause);
	if (type_is(statement, "try_statement"))
		return statement;
	*top = ref;
	return suppressing_with(ctx, ref);
}

static void find_handlers(flow_build *fb)
{
	am_context *ctx = fb->ctx;
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (!exception_kind(ref))
			continue;
		TSNode top;
		TSNode statement = catching_statement(ctx, ref->node, &top);
		TSNode clause = am_parent(ctx, top);
		if (ts_node_is_null(statement)) {
			loose_reference loose = {ref->node,
			                         exception_kind(ref)};
			if (!AM_ARRAY_PUSH(&fb->loose, loose))
				fb->flow->failed = 1;
			continue;
		}
		if (am_node_is(clause, ctx->syntax->as_pattern))
			clause = am_parent(ctx, clause);
		int t = try_index(fb, statement);
		if (t < 0)
			return;
		if (am_except_is_star(ctx->syntax, clause))
			fb->flow->tries.items[t].why =
			        "it catches the queue's exceptions with "
			        "`except*`";
		int whole = !ts_node_eq(top, ref->node) &&
		            only_queue_exceptions(ctx, top);
		push_handler_type(fb, t, whole ? top : ref->node);
	}
}

static unsigned kinds_within(const am_binder *b, TSNode node)
{
	unsigned kinds = 0;
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		if (am_node_within(b->asyncio_refs.items[i].node, node))
			kinds |= exception_kind(&b->asyncio_refs.items[i]);
	return kinds;
}

/* The kinds each clause of a try names: caught and first. */
static void read_clauses(flow_build *fb, am_queue_try *t)
{
	const am_binder *b = fb->ctx->binder;
	if (!type_is(t->statement, "try_statement")) {
		t->caught = t->first =
		        kinds_within(b, ts_node_named_child(t->statement, 0));
		return;
	}
	uint32_t count = ts_node_named_child_count(t->statement);
	for (uint32_t c = 0; c < count; c++) {
		TSNode clause = ts_node_named_child(t->statement, c);
		if (!am_node_is(clause, fb->ctx->syntax->except_clause))
			continue;
		TSNode type =
		        am_node_field(clause, fb->ctx->syntax->field.value);
		if (ts_node_is_null(type) ||
		    am_node_is(type, fb->ctx->syntax->block))
			continue;
		unsigned kinds = kinds_within(b, type);
		if (kinds && !t->caught)
			t->first = kinds;
		t->caught |= kinds;
	}
}

/* Whether a node is evaluated in `body` itself, not in a function or
 * class defined there. */
static int in_frame(const am_context *ctx, TSNode node, TSNode body)
{
	if (!am_node_within(node, body))
		return 0;
	for (TSNode n = am_parent(ctx, node);
	     !ts_node_is_null(n) && !ts_node_eq(n, body); n = am_parent(ctx, n))
		if (defines_scope(ctx, n))
			return 0;
	return 1;
}

/* What a use raises where it stands: a `*_nowait` call, or a call that
 * hands the queue to a function that makes one. */
static unsigned raised_by(const am_queue_flow *flow, const am_queue_use *u)
{
	if (u->kind == AM_QUEUE_USE_PASS)
		return flow->channels.items[u->target].nowait;
	return ts_node_is_null(u->call) ? 0 : use_nowait(u->kind);
}

static int use_of_call(const am_queue_flow *flow, TSNode call)
{
	for (size_t i = 0; i < flow->uses.count; i++)
		if (ts_node_eq(flow->uses.items[i].call, call))
			return (int)i;
	return -1;
}

static int find_root(int *parent, int member)
{
	while (parent[member] != member) {
		parent[member] = parent[parent[member]];
		member = parent[member];
	}
	return member;
}

static void join(am_queue_flow *flow, int a, int b)
{
	a = find_root(flow->parent, a);
	b = find_root(flow->parent, b);
	if (a != b)
		flow->parent[a > b ? a : b] = a < b ? a : b;
}

typedef struct body_scan {
	flow_build *fb;
	TSNode unknown; /* a `*_nowait` call on something else */
	int closed;
	AM_ARRAY(TSNode) callees; /* functions of the file it calls */
} body_scan;

static int covered(flow_build *fb, const am_queue_use *u, unsigned kind);

/* What the queue calls of a function raise out of it (those in no `try`
 * of its own that catches them); joins their channels to `member` when it
 * is not -1. */
static unsigned escaping(flow_build *fb, TSNode function, int member)
{
	am_queue_flow *flow = fb->flow;
	TSNode body = am_node_field(function, fb->ctx->syntax->field.body);
	unsigned kinds = 0;
	for (size_t i = 0; i < flow->uses.count; i++) {
		const am_queue_use *u = &flow->uses.items[i];
		unsigned raised = raised_by(flow, u);
		if (!raised || !in_frame(fb->ctx, u->holder, body) ||
		    (u->kind != AM_QUEUE_USE_PASS && covered(fb, u, raised)))
			continue;
		kinds |= raised;
		if (member >= 0)
			join(flow, member, u->channel);
	}
	return kinds;
}

/* Builtins that call nothing of the program's that could raise a queue's
 * exceptions. */
static const char *const quiet_builtins[] = {
        "print", "len",        "range", "str",  "repr",   "int",
        "float", "bool",       "list",  "dict", "set",    "tuple",
        "min",   "max",        "sum",   "abs",  "sorted", "enumerate",
        "zip",   "isinstance", "type",  NULL,
};

static int quiet_builtin(const am_context *ctx, TSNode fn)
{
	const am_name_use *use = am_node_is(fn, ctx->syntax->identifier)
	                                 ? am_bind_find_load(ctx->binder, fn)
	                                 : NULL;
	if (!use || use->binding >= 0)
		return 0;
	for (const char *const *b = quiet_builtins; *b; b++)
		if (text_eq(ctx, fn, *b, strlen(*b)))
			return 1;
	return 0;
}

/* Looks at a call of a try's body: a queue call, a quiet builtin or a
 * function of the file (followed later) keep the body closed. */
static int visit_body_call(TSNode node, void *data)
{
	body_scan *scan = data;
	am_context *ctx = scan->fb->ctx;
	const am_syntax *sx = ctx->syntax;
	if (defines_scope(ctx, node))
		return 0;
	if (!am_node_is(node, sx->call) ||
	    use_of_call(scan->fb->flow, node) >= 0)
		return 1;
	TSNode fn = am_node_field(node, sx->field.function);
	TSNode method = am_node_field(fn, sx->field.attribute);
	TSNode function;
	int binding;
	if (quiet_builtin(ctx, fn))
		return 1;
	if (am_node_is(fn, sx->identifier) &&
	    !callee_function(scan->fb, fn, &function, &binding)) {
		if (!AM_ARRAY_PUSH(&scan->callees, function))
			scan->fb->flow->failed = 1;
		return 1;
	}
	scan->closed = 0;
	if (am_node_is(fn, sx->attribute) && ts_node_is_null(scan->unknown) &&
	    (text_eq(ctx, method, "get_nowait", 10) ||
	     text_eq(ctx, method, "put_nowait", 10)))
		scan->unknown = node;
	return 1;
}

static const char *kind_name(unsigned kinds)
{
	if (kinds == (AM_QUEUE_EMPTY | AM_QUEUE_FULL))
		return "asyncio.QueueEmpty and QueueFull";
	return kinds == AM_QUEUE_EMPTY ? "asyncio.QueueEmpty"
	                               : "asyncio.QueueFull";
}

const char *am_queue_try_describe(const am_context *ctx, const am_queue_try *t)
{
	return am_arena_printf(
	        ctx->arena, "the `%s` at line %u",
	        type_is(t->statement, "try_statement") ? "try" : "suppress()",
	        am_node_line(ctx, t->statement));
}

/* Why an involved try cannot become `except anyio.WouldBlock`, or NULL. */
static const char *try_doubt(flow_build *fb, const am_queue_try *t,
                             const body_scan *scan, TSNode body)
{
	am_context *ctx = fb->ctx;
	const char *what = am_queue_try_describe(ctx, t);
	if (t->why)
		return t->why;
	if (!ts_node_is_null(scan->unknown))
		return am_arena_printf(ctx->arena,
		                       "%s also catches what `%s` (line %u) "
		                       "raises, which is not a queue this rule "
		                       "follows",
		                       what, am_text(ctx, scan->unknown),
		                       am_node_line(ctx, scan->unknown));
	for (size_t i = 0; i < fb->loose.count; i++) {
		TSNode loose = fb->loose.items[i].node;
		if (in_frame(ctx, loose, body))
			return am_arena_printf(ctx->arena,
			                       "%s names `%s` in its body too "
			                       "(line %u)",
			                       what, am_text(ctx, loose),
			                       am_node_line(ctx, loose));
	}
	if (t->arising & ~t->first)
		return am_arena_printf(
		        ctx->arena,
		        "%s catches %s first but its body also raises %s, and "
		        "both become anyio.WouldBlock: split it",
		        what, kind_name(t->first),
		        kind_name(t->arising & ~t->first));
	return NULL;
}

static void scan_body(flow_build *fb, TSNode body, body_scan *scan)
{
	memset(scan, 0, sizeof(*scan));
	scan->fb = fb;
	scan->unknown = null_node();
	scan->closed = 1;
	walk(body, visit_body_call, scan);
}

typedef AM_ARRAY(TSNode) node_list;

static int listed(const node_list *list, TSNode node)
{
	for (size_t i = 0; i < list->count; i++)
		if (ts_node_eq(list->items[i], node))
			return 1;
	return 0;
}

/* Whether a body calls nothing but queue methods, quiet builtins and
 * functions of the file that do the same; `seen` holds the functions
 * already looked at (or being looked at). */
static int body_closed(flow_build *fb, TSNode body, node_list *seen)
{
	body_scan scan;
	scan_body(fb, body, &scan);
	int closed = scan.closed;
	for (size_t i = 0; closed && i < scan.callees.count; i++) {
		TSNode function = scan.callees.items[i];
		if (listed(seen, function))
			continue;
		if (!AM_ARRAY_PUSH(seen, function)) {
			fb->flow->failed = 1;
			closed = 0;
			break;
		}
		closed = body_closed(
		        fb,
		        am_node_field(function, fb->ctx->syntax->field.body),
		        seen);
	}
	AM_ARRAY_FREE(&scan.callees);
	return closed;
}

/* Which channels a try's body raises through, and whether it can go. */
static void read_try_body(flow_build *fb, size_t index)
{
	am_queue_flow *flow = fb->flow;
	am_queue_try *t = &flow->tries.items[index];
	TSNode body = am_node_field(t->statement, fb->ctx->syntax->field.body);
	for (size_t i = 0; i < flow->uses.count; i++)
		if (in_frame(fb->ctx, flow->uses.items[i].holder, body))
			t->arising |= raised_by(flow, &flow->uses.items[i]);
	body_scan scan;
	scan_body(fb, body, &scan);
	for (size_t i = 0; i < scan.callees.count; i++)
		t->arising |= escaping(fb, scan.callees.items[i], -1);
	node_list seen = {0};
	t->closed = body_closed(fb, body, &seen);
	AM_ARRAY_FREE(&seen);
	t->involved = (t->arising & t->caught) != 0;
	if (t->involved) {
		int member = (int)(flow->channels.count + index);
		t->why = try_doubt(fb, t, &scan, body);
		for (size_t i = 0; i < flow->uses.count; i++)
			if (in_frame(fb->ctx, flow->uses.items[i].holder,
			             body) &&
			    raised_by(flow, &flow->uses.items[i]))
				join(flow, member, flow->uses.items[i].channel);
		for (size_t i = 0; i < scan.callees.count; i++)
			escaping(fb, scan.callees.items[i], member);
	}
	AM_ARRAY_FREE(&scan.callees);
}

/* Whether a `*_nowait` call sits in a try of its function that catches
 * what it raises (and is rewritten with it). */
static int covered(flow_build *fb, const am_queue_use *u, unsigned kind)
{
	const am_context *ctx = fb->ctx;
	TSNode node = u->call;
	if (ts_node_is_null(node))
		return 0; /* a bound method: it raises where it is called */
	for (TSNode p = am_parent(ctx, node); !ts_node_is_null(p);
	     node = p, p = am_parent(ctx, p)) {
		if (defines_scope(ctx, p))
			return 0;
		if (!type_is(p, "try_statement") ||
		    !am_node_is_field(p, ctx->syntax->field.body, node))
			continue;
		for (size_t t = 0; t < fb->flow->tries.count; t++)
			if (ts_node_eq(fb->flow->tries.items[t].statement, p) &&
			    (fb->flow->tries.items[t].caught & kind))
				return 1;
	}
	return 0;
}

static void find_uncovered(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	for (size_t i = 0; i < flow->uses.count; i++) {
		unsigned kind = use_nowait(flow->uses.items[i].kind);
		if (!kind || covered(fb, &flow->uses.items[i], kind))
			continue;
		uncovered_call c = {(int)i, kind};
		if (!AM_ARRAY_PUSH(&fb->uncovered, c))
			flow->failed = 1;
	}
}

/* ---- groups -------------------------------------------------------------- */

static void set_group_why(am_queue_flow *flow, int member, const char *why)
{
	int root = find_root(flow->parent, member);
	if (!flow->group_why[root]) {
		flow->group_why[root] = why;
		flow->group_culprit[root] = member;
	}
}

/* Where else what an uncovered call raises may be caught: a try outside
 * its group that catches it around calls this rule cannot follow, or the
 * exception named outside any handler (`isinstance`, `except*`...). */
static const char *elsewhere(flow_build *fb, int group, unsigned kind)
{
	am_queue_flow *flow = fb->flow;
	for (size_t t = 0; t < flow->tries.count; t++) {
		const am_queue_try *other = &flow->tries.items[t];
		int member = (int)(flow->channels.count + t);
		if (!other->closed && (other->caught & kind) &&
		    find_root(flow->parent, member) != group)
			return am_arena_printf(
			        fb->ctx->arena,
			        "%s catches it around calls this rule cannot "
			        "follow",
			        am_queue_try_describe(fb->ctx, other));
	}
	for (size_t i = 0; i < fb->loose.count; i++)
		if (fb->loose.items[i].kind & kind)
			return am_arena_printf(
			        fb->ctx->arena,
			        "`%s` is named at line %u, where it may be "
			        "meant to catch it",
			        am_text(fb->ctx, fb->loose.items[i].node),
			        am_node_line(fb->ctx, fb->loose.items[i].node));
	return NULL;
}

/* A `*_nowait` call in no try of its function that catches what it
 * raises: nothing else in the file may be meant to catch it. */
static void explain_uncovered(flow_build *fb, const uncovered_call *c)
{
	am_queue_flow *flow = fb->flow;
	const am_queue_use *u = &flow->uses.items[c->use];
	int group = find_root(flow->parent, u->channel);
	const char *where = elsewhere(fb, group, c->kind);
	if (!where)
		return;
	set_group_why(
	        flow, u->channel,
	        am_arena_printf(
	                fb->ctx->arena,
	                "`%s` (line %u) raises %s outside any `try` of its "
	                "function that catches it, and %s; the stream raises "
	                "anyio.WouldBlock instead",
	                am_text(fb->ctx,
	                        ts_node_is_null(u->call) ? u->method : u->call),
	                am_node_line(fb->ctx, u->method), kind_name(c->kind),
	                where));
}

static void explain_groups(flow_build *fb)
{
	am_queue_flow *flow = fb->flow;
	size_t channels = flow->channels.count;
	for (size_t i = 0; i < flow->uses.count; i++)
		if (flow->uses.items[i].kind == AM_QUEUE_USE_PASS)
			join(flow, flow->uses.items[i].channel,
			     flow->uses.items[i].target);
	for (size_t t = 0; t < flow->tries.count; t++)
		read_try_body(fb, t);
	for (size_t i = 0; i < channels; i++)
		if (flow->channels.items[i].why)
			set_group_why(flow, (int)i,
			              flow->channels.items[i].why);
	for (size_t t = 0; t < flow->tries.count; t++)
		if (flow->tries.items[t].involved && flow->tries.items[t].why)
			set_group_why(flow, (int)(channels + t),
			              flow->tries.items[t].why);
	find_uncovered(fb);
	for (size_t i = 0; i < fb->uncovered.count; i++)
		explain_uncovered(fb, &fb->uncovered.items[i]);
}

static int make_groups(am_queue_flow *flow)
{
	size_t n = flow->channels.count + flow->tries.count;
	flow->parent = malloc((n ? n : 1) * sizeof(int));
	flow->group_culprit = malloc((n ? n : 1) * sizeof(int));
	flow->group_why = calloc(n ? n : 1, sizeof(const char *));
	if (!flow->parent || !flow->group_culprit || !flow->group_why)
		return 0;
	for (size_t i = 0; i < n; i++)
		flow->parent[i] = flow->group_culprit[i] = (int)i;
	return 1;
}

int am_queue_flow_group(const am_queue_flow *flow, int member)
{
	while (flow->parent[member] != member)
		member = flow->parent[member];
	return member;
}

static void free_tables(flow_build *fb)
{
	free(fb->stores);
	free(fb->indexed);
	free(fb->method_classes);
	free(fb->method_class_known);
}

int am_queue_flow_build(am_context *ctx, am_queue_flow *flow)
{
	memset(flow, 0, sizeof(*flow));
	flow_build fb;
	memset(&fb, 0, sizeof(fb));
	fb.ctx = ctx;
	fb.flow = flow;
	size_t bindings = ctx->binder->bindings.count + 1;
	fb.stores = calloc(bindings, sizeof(*fb.stores));
	fb.indexed = calloc(ctx->binder->scopes.count + 1, 1);
	fb.method_classes = calloc(bindings, sizeof(*fb.method_classes));
	fb.method_class_known = calloc(bindings, 1);
	if (!fb.stores || !fb.indexed || !fb.method_classes ||
	    !fb.method_class_known) {
		free_tables(&fb);
		flow->failed = 1;
		return 0;
	}
	read_exports(&fb, &fb.exports);
	find_creations(&fb);
	follow_all(&fb);
	check_wanted(&fb);
	spread_roles(flow);
	find_handlers(&fb);
	for (size_t t = 0; t < flow->tries.count; t++)
		read_clauses(&fb, &flow->tries.items[t]);
	if (!flow->failed && make_groups(flow))
		explain_groups(&fb);
	else
		flow->failed = 1;
	free_tables(&fb);
	AM_ARRAY_FREE(&fb.named);
	AM_ARRAY_FREE(&fb.wanted);
	AM_ARRAY_FREE(&fb.loose);
	AM_ARRAY_FREE(&fb.uncovered);
	return !flow->failed && !ctx->arena->failed;
}

void am_queue_flow_release(am_queue_flow *flow)
{
	AM_ARRAY_FREE(&flow->channels);
	AM_ARRAY_FREE(&flow->uses);
	AM_ARRAY_FREE(&flow->tries);
	AM_ARRAY_FREE(&flow->handler_types);
	AM_ARRAY_FREE(&flow->flags);
	free(flow->parent);
	free(flow->group_why);
	free(flow->group_culprit);
	flow->parent = flow->group_culprit = NULL;
	flow->group_why = NULL;
}
