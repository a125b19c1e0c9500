#define _GNU_SOURCE
#include "edits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names --------------------------------------------------------------- */

static int is_name_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Whether `word` appears in the file as a whole word (in code, strings or
 * comments: a name taken anywhere is not reused). */
static int word_in_text(const am_context *ctx, const char *word)
{
	size_t len = strlen(word);
	const char *t = ctx->text, *end = ctx->text + ctx->len;
	for (const char *p = t; (p = memmem(p, (size_t)(end - p), word, len));
	     p++)
		if ((p == t || !is_name_char(p[-1])) &&
		    (p + len == end || !is_name_char(p[len])))
			return 1;
	return 0;
}

/* `base_send`/`base_receive`, with `_2`, `_3`... until both are free. */
static void pick_names(am_context *ctx, const char *base, int sends,
                       int receives, am_queue_names *names)
{
	for (int k = 1;; k++) {
		char suffix[16] = "";
		if (k > 1)
			snprintf(suffix, sizeof(suffix), "_%d", k);
		const char *send =
		        am_arena_printf(ctx->arena, "%s_send%s", base, suffix);
		const char *receive = am_arena_printf(
		        ctx->arena, "%s_receive%s", base, suffix);
		if (!send || !receive)
			return;
		if ((sends && word_in_text(ctx, send)) ||
		    (receives && word_in_text(ctx, receive)))
			continue;
		names->send = sends ? send : NULL;
		names->receive = receives ? receive : NULL;
		return;
	}
}

void am_queue_name_group(am_context *ctx, const am_queue_flow *flow, int group,
                         am_queue_names *names)
{
	for (size_t i = 0; i < flow->channels.count; i++) {
		const am_queue_channel *ch = &flow->channels.items[i];
		names[i].send = names[i].receive = NULL;
		if (am_queue_flow_group(flow, (int)i) != group)
			continue;
		int sends = 1, receives = 1;
		if (!am_queue_created(ch)) {
			sends = (ch->roles & AM_QUEUE_SENDS) != 0;
			receives =
			        (ch->roles & AM_QUEUE_RECEIVES) != 0 || !sends;
		}
		pick_names(ctx, ch->name, sends, receives, &names[i]);
	}
}

/* ---- edits --------------------------------------------------------------- */

typedef struct queue_edit {
	uint32_t start, end;
	const char *text;
} queue_edit;

typedef struct edit_plan {
	am_context *ctx;
	const am_queue_flow *flow;
	const am_queue_names *names;
	AM_ARRAY(queue_edit) edits;
	int broken; /* a stream the rewrite needs has no name */
} edit_plan;

static void add(edit_plan *plan, uint32_t start, uint32_t end, const char *text)
{
	queue_edit e = {start, end, text};
	if (!text || !AM_ARRAY_PUSH(&plan->edits, e))
		plan->broken = 1;
}

static void add_node(edit_plan *plan, TSNode node, const char *text)
{
	add(plan, ts_node_start_byte(node), ts_node_end_byte(node), text);
}

static int is_attribute(const edit_plan *plan, int channel)
{
	am_queue_holder holder = plan->flow->channels.items[channel].holder;
	return holder == AM_QUEUE_ATTRIBUTE || holder == AM_QUEUE_FIELD;
}

/* `q_send`, or `self.q_send` for an attribute. */
static const char *stream_text(edit_plan *plan, int channel, TSNode holder,
                               const char *name)
{
	am_context *ctx = plan->ctx;
	if (!name) {
		plan->broken = 1;
		return "";
	}
	if (!is_attribute(plan, channel))
		return name;
	return am_arena_printf(
	        ctx->arena, "%s.%s",
	        am_text(ctx, am_node_field(holder, ctx->syntax->field.object)),
	        name);
}

/* Renames `q` (or the `q` of `self.q`) to a stream. */
static void rename_holder(edit_plan *plan, int channel, TSNode holder,
                          const char *name)
{
	if (!name) {
		plan->broken = 1;
		return;
	}
	if (is_attribute(plan, channel))
		holder = am_node_field(holder,
		                       plan->ctx->syntax->field.attribute);
	add_node(plan, holder, name);
}

static const char *const comparison_safe_parents[] = {
        "parenthesized_expression",
        "argument_list",
        "keyword_argument",
        "if_statement",
        "elif_clause",
        "while_statement",
        "not_operator",
        "boolean_operator",
        "assignment",
        "return_statement",
        "expression_statement",
        "assert_statement",
        "conditional_expression",
        "list",
        "tuple",
        "set",
        "expression_list",
        NULL,
};

/* A comparison, parenthesized unless it stands where that changes
 * nothing. */
static const char *comparison(edit_plan *plan, TSNode call, const char *text)
{
	const char *parent = ts_node_type(am_parent(plan->ctx, call));
	for (const char *const *p = comparison_safe_parents; *p; p++)
		if (strcmp(*p, parent) == 0)
			return text;
	return am_arena_printf(plan->ctx->arena, "(%s)", text);
}

/* The stream to ask for statistics: either holds the shared state. */
static const char *statistics(edit_plan *plan, const am_queue_use *u)
{
	const am_queue_names *n = &plan->names[u->channel];
	const char *stream = stream_text(plan, u->channel, u->holder,
	                                 n->receive ? n->receive : n->send);
	return am_arena_printf(plan->ctx->arena, "%s.statistics()", stream);
}

static void edit_method(edit_plan *plan, const am_queue_use *u,
                        const char *stream, const char *method)
{
	rename_holder(plan, u->channel, u->holder, stream);
	add_node(plan,
	         am_node_field(u->method, plan->ctx->syntax->field.attribute),
	         method);
}

/* What a call gives a parameter channel in place of the queue. */
static const char *pass_text(edit_plan *plan, const am_queue_use *u)
{
	const am_queue_names *to = &plan->names[u->target];
	const am_queue_names *from = &plan->names[u->channel];
	int keyword = !ts_node_eq(u->argument, u->holder);
	am_strbuf sb;
	am_strbuf_init(&sb, plan->ctx->arena);
	if (to->send) {
		if (keyword)
			am_strbuf_printf(&sb, "%s=", to->send);
		am_strbuf_puts(&sb, stream_text(plan, u->channel, u->holder,
		                                from->send));
	}
	if (to->receive) {
		if (to->send)
			am_strbuf_puts(&sb, ", ");
		if (keyword)
			am_strbuf_printf(&sb, "%s=", to->receive);
		am_strbuf_puts(&sb, stream_text(plan, u->channel, u->holder,
		                                from->receive));
	}
	return am_strbuf_cstr(&sb);
}

static void edit_use(edit_plan *plan, const am_queue_use *u)
{
	am_arena *arena = plan->ctx->arena;
	const am_queue_names *n = &plan->names[u->channel];
	if (u->pooled)
		return; /* its worker's loop becomes `async for` */
	switch (u->kind) {
	case AM_QUEUE_USE_PUT:
		edit_method(plan, u, n->send, "send");
		break;
	case AM_QUEUE_USE_GET:
		edit_method(plan, u, n->receive, "receive");
		break;
	case AM_QUEUE_USE_PUT_NOWAIT:
		edit_method(plan, u, n->send, "send_nowait");
		break;
	case AM_QUEUE_USE_GET_NOWAIT:
		edit_method(plan, u, n->receive, "receive_nowait");
		break;
	case AM_QUEUE_USE_QSIZE:
		add_node(plan, u->call,
		         am_arena_printf(arena, "%s.current_buffer_used",
		                         statistics(plan, u)));
		break;
	case AM_QUEUE_USE_EMPTY:
		add_node(plan, u->call,
		         comparison(
		                 plan, u->call,
		                 am_arena_printf(arena,
		                                 "%s.current_buffer_used == 0",
		                                 statistics(plan, u))));
		break;
	case AM_QUEUE_USE_FULL:
		add_node(plan, u->call,
		         comparison(plan, u->call,
		                    am_arena_printf(arena,
		                                    "%s.current_buffer_used >= "
		                                    "%s.max_buffer_size",
		                                    statistics(plan, u),
		                                    statistics(plan, u))));
		break;
	case AM_QUEUE_USE_MAXSIZE:
		add_node(plan, u->method,
		         am_arena_printf(arena, "%s.max_buffer_size",
		                         statistics(plan, u)));
		break;
	case AM_QUEUE_USE_PASS:
		add_node(plan, u->argument, pass_text(plan, u));
		break;
	case AM_QUEUE_USE_TASK_DONE:
	case AM_QUEUE_USE_JOIN:
		break; /* the pool's edits (pool_edits.c) */
	}
}

/* `anyio.abc.ObjectSendStream[T]` for `asyncio.Queue[T]`; other
 * annotations stay as they are. NULL when there is none. */
static const char *stream_annotation(edit_plan *plan, TSNode annotation,
                                     const char *direction)
{
	am_context *ctx = plan->ctx;
	am_queue_annotation a;
	if (ts_node_is_null(annotation))
		return NULL;
	if (am_queue_annotation_read(ctx, annotation, &a)) {
		plan->broken = 1;
		return NULL;
	}
	if (!a.is_queue)
		return am_text(ctx, annotation);
	return am_arena_printf(ctx->arena, "%sanyio.abc.Object%sStream%s%s%s%s",
	                       a.quoted ? a.before : "", direction,
	                       a.item_type ? "[" : "",
	                       a.item_type ? a.item_type : "",
	                       a.item_type ? "]" : "", a.quoted ? a.after : "");
}

/* `name` or `name: annotation`; NULL when there is no such stream. */
static const char *declared(edit_plan *plan, const char *name,
                            TSNode annotation, const char *direction)
{
	if (!name)
		return NULL;
	const char *a = stream_annotation(plan, annotation, direction);
	return a ? am_arena_printf(plan->ctx->arena, "%s: %s", name, a) : name;
}

static void edit_parameter(edit_plan *plan, int channel)
{
	const am_queue_channel *ch = &plan->flow->channels.items[channel];
	const am_queue_names *n = &plan->names[channel];
	const char *send = declared(plan, n->send, ch->annotation, "Send");
	const char *receive =
	        declared(plan, n->receive, ch->annotation, "Receive");
	if (send && receive)
		add_node(plan, ch->parameter,
		         am_arena_printf(plan->ctx->arena, "%s, %s", send,
		                         receive));
	else
		add_node(plan, ch->parameter, send ? send : receive);
}

static const char *size_text(edit_plan *plan, const am_queue_channel *ch)
{
	am_context *ctx = plan->ctx;
	switch (ch->size_kind) {
	case AM_QUEUE_LITERAL:
		return am_text(ctx, ch->size);
	case AM_QUEUE_NAMED: {
		const char *n = am_text(ctx, ch->size);
		return am_arena_printf(ctx->arena, "%s if %s > 0 else math.inf",
		                       n, n);
	}
	case AM_QUEUE_COMPUTED:
		return am_arena_printf(ctx->arena, "max(%s, 0) or math.inf",
		                       am_text(ctx, ch->size));
	case AM_QUEUE_UNBOUNDED:
		break;
	}
	return "math.inf";
}

/* q = asyncio.Queue(n) -> q_send, q_receive = ...(n) */
static void edit_creation(edit_plan *plan, int channel)
{
	am_context *ctx = plan->ctx;
	const am_queue_channel *ch = &plan->flow->channels.items[channel];
	const am_queue_names *n = &plan->names[channel];
	TSNode left = am_node_field(ch->assignment, ctx->syntax->field.left);
	const char *targets;
	if (ch->holder == AM_QUEUE_ATTRIBUTE) {
		const char *object = am_text(
		        ctx, am_node_field(left, ctx->syntax->field.object));
		targets = am_arena_printf(ctx->arena, "%s.%s, %s.%s", object,
		                          n->send, object, n->receive);
	} else {
		targets = am_arena_printf(ctx->arena, "%s, %s", n->send,
		                          n->receive);
	}
	const char *item = ch->item_type ? am_arena_printf(ctx->arena, "[%s]",
	                                                   ch->item_type)
	                                 : "";
	add_node(plan, ch->assignment,
	         am_arena_printf(ctx->arena,
	                         "%s = anyio.create_memory_object_stream%s(%s)",
	                         targets, item, size_text(plan, ch)));
}

/* self.q = q -> self.q_send, self.q_receive = ... (the parameter's
 * streams, its PASS use) */
static void edit_field(edit_plan *plan, int channel)
{
	am_context *ctx = plan->ctx;
	const am_queue_channel *ch = &plan->flow->channels.items[channel];
	const am_queue_names *n = &plan->names[channel];
	TSNode left = am_node_field(ch->assignment, ctx->syntax->field.left);
	const char *object =
	        am_text(ctx, am_node_field(left, ctx->syntax->field.object));
	if (n->send && n->receive)
		add_node(plan, left,
		         am_arena_printf(ctx->arena, "%s.%s, %s.%s", object,
		                         n->send, object, n->receive));
	else
		add_node(plan, left,
		         am_arena_printf(ctx->arena, "%s.%s", object,
		                         n->send ? n->send : n->receive));
}

/* `q: asyncio.Queue[T]` in the class body: one declaration a stream. */
static void edit_class_declaration(edit_plan *plan, int channel)
{
	am_context *ctx = plan->ctx;
	const am_queue_channel *ch = &plan->flow->channels.items[channel];
	const am_queue_names *n = &plan->names[channel];
	TSNode declaration = ch->class_annotation;
	if (ts_node_is_null(declaration))
		return;
	TSNode type = ts_node_named_child(
	        am_node_field(declaration, ctx->syntax->field.type), 0);
	const char *send = declared(plan, n->send, type, "Send");
	const char *receive = declared(plan, n->receive, type, "Receive");
	if (!send || !receive) /* an attribute a parameter is stored in */
		add_node(plan, declaration, send ? send : receive);
	else
		add_node(plan, declaration,
		         am_arena_printf(
		                 ctx->arena, "%s%s%s%s", send, ctx->newline,
		                 am_line_indent(
		                         ctx, ts_node_start_byte(declaration)),
		                 receive));
}

static void add_pool_edit(void *data, uint32_t start, uint32_t end,
                          const char *text)
{
	add(data, start, end, text);
}

static void plan_group(edit_plan *plan, int group)
{
	const am_queue_flow *flow = plan->flow;
	const am_queue_pool *pool = am_queue_flow_pool(flow, group);
	if (pool)
		am_queue_pool_edits(
		        plan->ctx, pool,
		        stream_text(plan, pool->channel, am_null_node(),
		                    plan->names[pool->channel].send),
		        stream_text(plan, pool->worker.channel, am_null_node(),
		                    plan->names[pool->worker.channel].receive),
		        add_pool_edit, plan);
	for (size_t i = 0; i < flow->channels.count; i++) {
		if (am_queue_flow_group(flow, (int)i) != group)
			continue;
		if (flow->channels.items[i].holder == AM_QUEUE_PARAMETER) {
			edit_parameter(plan, (int)i);
		} else if (flow->channels.items[i].holder == AM_QUEUE_FIELD) {
			edit_field(plan, (int)i);
			edit_class_declaration(plan, (int)i);
		} else {
			edit_creation(plan, (int)i);
			edit_class_declaration(plan, (int)i);
		}
	}
	for (size_t i = 0; i < flow->uses.count; i++)
		if (am_queue_flow_group(flow, flow->uses.items[i].channel) ==
		    group)
			edit_use(plan, &flow->uses.items[i]);
	for (size_t i = 0; i < flow->handler_types.count; i++) {
		const am_queue_handler_type *h = &flow->handler_types.items[i];
		int member = (int)flow->channels.count + h->try_index;
		if (am_queue_flow_group(flow, member) == group)
			add_node(plan, h->node, "anyio.WouldBlock");
	}
}

static int edit_order(const void *a, const void *b)
{
	const queue_edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static int overlapping(edit_plan *plan)
{
	queue_edit *e = plan->edits.items;
	if (plan->edits.count > 1)
		qsort(e, plan->edits.count, sizeof(*e), edit_order);
	for (size_t i = 1; i < plan->edits.count; i++)
		if (e[i].start < e[i - 1].end)
			return 1;
	return 0;
}

int am_queue_fix_group(am_context *ctx, const am_queue_flow *flow, int group,
                       const am_queue_names *names, const char *message)
{
	edit_plan plan;
	memset(&plan, 0, sizeof(plan));
	plan.ctx = ctx;
	plan.flow = flow;
	plan.names = names;
	plan_group(&plan, group);
	int ok = !plan.broken && plan.edits.count && !overlapping(&plan);
	if (ok) {
		am_fix *fix =
		        am_fix_new(ctx, flow->channels.items[group].reference,
		                   "%s", message);
		for (size_t i = 0; i < plan.edits.count; i++)
			am_fix_replace(fix, plan.edits.items[i].start,
			               plan.edits.items[i].end,
			               plan.edits.items[i].text);
	}
	AM_ARRAY_FREE(&plan.edits);
	return ok;
}
