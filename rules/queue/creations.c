/*
 * Where channels start: `asyncio.Queue(...)` creations, their size and
 * item type, and the annotations that name asyncio's queues.
 */
#define _GNU_SOURCE
#include "build.h"

#include <string.h>

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

/* Whether `name` (of len bytes) is bound at module level by an import of
 * `qualname`, where a string annotation is evaluated. */
static int module_imports(const am_context *ctx, const char *name, size_t len,
                          const char *qualname)
{
	int index = am_bind_lookup(ctx->binder, 0, name, len);
	if (index < 0)
		return 0;
	const am_binding *bd = &ctx->binder->bindings.items[index];
	return bd->kind == AM_BINDING_IMPORT && bd->qualname &&
	       strcmp(bd->qualname, qualname) == 0;
}

static int is_name_byte(char c)
{
	return c == '_' || c == '.' || (unsigned)((c | 32) - 'a') < 26u ||
	       (unsigned)(c - '0') < 10u;
}

/* A string annotation that is `asyncio.Queue`, `asyncio.Queue[T]` or
 * `Queue[T]` (from asyncio) as a whole: 1 with the annotation read. */
static int read_quoted_queue(const am_context *ctx, TSNode string,
                             const char *s, uint32_t len,
                             am_queue_annotation *annotation)
{
	uint32_t i = 0, dot = 0, contents = 0;
	for (uint32_t k = 0; k < ts_node_named_child_count(string); k++)
		if (queue_type_is(ts_node_named_child(string, k),
		                  "string_content"))
			contents++;
	if (contents != 1)
		return 0; /* escapes split it */
	while (i < len && is_name_byte(s[i])) {
		if (s[i] == '.')
			dot = i;
		i++;
	}
	const char *head = s + (dot ? dot + 1 : 0);
	if (i - (uint32_t)(head - s) != 5 || memcmp(head, "Queue", 5) != 0 ||
	    !(dot ? module_imports(ctx, s, dot, "asyncio")
	          : module_imports(ctx, s, 5, "asyncio.Queue")) ||
	    (i < len && (s[i] != '[' || s[len - 1] != ']' || i + 2 >= len)))
		return 0;
	annotation->is_queue = annotation->quoted = 1;
	if (i < len)
		annotation->item_type =
		        am_arena_strndup(ctx->arena, s + i + 1, len - i - 2);
	uint32_t start = ts_node_start_byte(string);
	uint32_t end = ts_node_end_byte(string);
	uint32_t from = (uint32_t)(s - ctx->text);
	annotation->before =
	        am_arena_strndup(ctx->arena, ctx->text + start, from - start);
	annotation->after =
	        am_arena_strndup(ctx->arena, s + len, end - (from + len));
	return 1;
}

const char *am_queue_annotation_read(const am_context *ctx, TSNode expression,
                                     am_queue_annotation *annotation)
{
	const am_syntax *sx = ctx->syntax;
	annotation->is_queue = annotation->quoted = 0;
	annotation->item_type = annotation->before = annotation->after = NULL;
	TSNode head = expression;
	if (am_node_is(expression, sx->subscript))
		head = am_node_field(expression, sx->field.value);
	else if (queue_type_is(expression, "generic_type"))
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
	const char *s = queue_string_value(ctx, expression, &len);
	if (s && read_quoted_queue(ctx, expression, s, len, annotation))
		return NULL;
	if (s && (memmem(s, len, "asyncio", 7) || memmem(s, len, "Queue", 5)))
		return am_arena_printf(ctx->arena,
		                       "its annotation %s is a string naming a "
		                       "queue",
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
TSNode queue_annotation_expression(TSNode type)
{
	return ts_node_is_null(type) ? type : ts_node_named_child(type, 0);
}

/* ---- creations ----------------------------------------------------------- */

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
	if (queue_type_is(size, "unary_operator")) {
		TSNode op = ts_node_child_by_field_name(size, "operator", 8);
		negative = queue_text_eq(ctx, op, "-", 1);
		number = ts_node_child_by_field_name(size, "argument", 8);
		if (!negative && !queue_text_eq(ctx, op, "+", 1))
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
	if (queue_type_is(number, "float"))
		return "its maxsize is not an integer, and anyio takes only an "
		       "integer or math.inf";
	/* `max(e, 0) or math.inf` evaluates e once, where the builtin is
	 * max */
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(size));
	if (am_bind_lookup(ctx->binder, scope, "max", 3) >= 0)
		return am_arena_printf(ctx->arena,
		                       "its maxsize `%s` is an expression, and "
		                       "`max` is not the builtin here",
		                       am_text(ctx, size));
	*kind = AM_QUEUE_COMPUTED;
	return NULL;
}

/* Reads maxsize; returns why the arguments cannot be mapped, or NULL. */
static const char *read_size(const am_context *ctx, am_queue_channel *ch)
{
	am_call_args args;
	am_call_args_read(ctx, ch->call, &args);
	ch->size = am_null_node();
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
	TSNode type = queue_annotation_expression(
	        am_node_field(ch->assignment, sx->field.type));
	if (ts_node_is_null(type))
		return NULL;
	am_queue_annotation annotation;
	const char *why = am_queue_annotation_read(ctx, type, &annotation);
	if (!why && !ch->item_type && !annotation.quoted)
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
		ch->function = queue_method_class(fb, object);
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
	ch.assignment = ch.size = ch.class_annotation = am_null_node();
	ch.parameter = ch.annotation = ch.function = ch.defined =
	        am_null_node();
	const char *why = read_holder(fb, &ch);
	if (why) {
		queue_push_flag(
		        fb, reference,
		        am_arena_printf(fb->ctx->arena,
		                        "`asyncio.Queue()` left as is: %s, so "
		                        "its uses cannot be followed",
		                        why));
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
	/* the ordered queues are the helpers' (ANY303) */
	if (strcmp(member, "PriorityQueue") != 0 &&
	    strcmp(member, "LifoQueue") != 0)
		on_queue(fb, reference, call);
}

void queue_find_creations(flow_build *fb)
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
			queue_push_flag(
			        fb, ref->node,
			        am_arena_printf(
			                ctx->arena,
			                "a subclass of `%s` left as is: its "
			                "uses cannot be followed",
			                ref->qualname));
	}
}
