#define _GNU_SOURCE /* memmem */
#include "rule.h"

#include "pass.h"
#include "source.h"

#include <string.h>

void am_pass_release(am_pass *pass)
{
	AM_ARRAY_FREE(&pass->proposed.edits);
	AM_ARRAY_FREE(&pass->held.edits);
	AM_ARRAY_FREE(&pass->fixes);
	AM_ARRAY_FREE(&pass->flags);
}

/* ---- fixes and flags ---------------------------------------------------- */

static am_fix *fix_begin(am_context *ctx, uint32_t start, uint32_t end,
                         const char *fmt, va_list args)
{
	am_pass *pass = ctx->pass;
	am_note note = {ctx->rule, start, end,
	                NULL,      0,     ctx->rule->safety == AM_RULE_UNSAFE,
	                0};
	if (fmt) {
		note.message = am_arena_vprintf(ctx->arena, fmt, args);
		if (!note.message)
			goto fail;
	}
	am_fix *fix = am_arena_alloc(ctx->arena, sizeof(*fix));
	if (!fix || !AM_ARRAY_PUSH(&pass->fixes, note))
		goto fail;
	fix->ctx = ctx;
	fix->index = (uint32_t)pass->fixes.count - 1;
	return fix;
fail:
	pass->failed = 1;
	return NULL;
}

am_fix *am_fix_new(am_context *ctx, TSNode at, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	am_fix *fix = fix_begin(ctx, ts_node_start_byte(at),
	                        ts_node_end_byte(at), fmt, args);
	va_end(args);
	return fix;
}

am_fix *am_fix_new_range(am_context *ctx, uint32_t start, uint32_t end,
                         const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	am_fix *fix = fix_begin(ctx, start, end, fmt, args);
	va_end(args);
	return fix;
}

void am_fix_replace(am_fix *fix, uint32_t start, uint32_t end, const char *text)
{
	if (!fix)
		return;
	am_pass *pass = fix->ctx->pass;
	size_t len = strlen(text);
	am_edit e = {start, end, text, (uint32_t)len, fix->index};
	if (!AM_ARRAY_PUSH(&pass->proposed.edits, e))
		pass->failed = 1;
}

void am_fix_replace_node(am_fix *fix, TSNode node, const char *text)
{
	am_fix_replace(fix, ts_node_start_byte(node), ts_node_end_byte(node),
	               text);
}

void am_fix_insert(am_fix *fix, uint32_t at, const char *text)
{
	am_fix_replace(fix, at, at, text);
}

void am_fix_unsafe(am_fix *fix)
{
	if (fix)
		fix->ctx->pass->fixes.items[fix->index].unsafe = 1;
}

static void flag_add(am_context *ctx, uint32_t start, uint32_t end,
                     const char *fmt, va_list args)
{
	am_note note = {
	        ctx->rule, start, end, am_arena_vprintf(ctx->arena, fmt, args),
	        0,         0,     0};
	if (!note.message || !AM_ARRAY_PUSH(&ctx->pass->flags, note))
		ctx->pass->failed = 1;
}

void am_flag(am_context *ctx, TSNode at, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	flag_add(ctx, ts_node_start_byte(at), ts_node_end_byte(at), fmt, args);
	va_end(args);
}

void am_flag_range(am_context *ctx, uint32_t start, uint32_t end,
                   const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	flag_add(ctx, start, end, fmt, args);
	va_end(args);
}

int am_context_claimed(const am_context *ctx, uint32_t start, uint32_t end)
{
	const am_pass *pass = ctx->pass;
	for (size_t i = 0; i < pass->flags.count; i++) {
		const am_note *n = &pass->flags.items[i];
		if (n->start >= start && n->start < end)
			return 1;
	}
	for (size_t i = 0; i < pass->fixes.count; i++) {
		const am_note *n = &pass->fixes.items[i];
		if (n->message && n->start >= start && n->start < end)
			return 1;
	}
	return 0;
}

/* ---- helpers --------------------------------------------------------------
 */

const char *am_text(const am_context *ctx, TSNode node)
{
	uint32_t len;
	const char *s = am_node_text(ctx->text, node, &len);
	char *copy = am_arena_strndup(ctx->arena, s, len);
	if (!copy)
		ctx->pass->failed = 1;
	return copy ? copy : "";
}

int am_has_comment(const am_context *ctx, TSNode node)
{
	/* Comments are extras: look for a comment node inside the range. */
	am_walk walk;
	am_walk_init(&walk, node);
	int found = 0;
	for (TSNode n; !found && am_walk_next(&walk, &n);) {
		found = ts_node_symbol(n) == ctx->syntax->comment;
		if (ts_node_symbol(n) == ctx->syntax->string)
			am_walk_skip_children(&walk);
	}
	am_walk_release(&walk);
	return found;
}

int am_is_member_name(const am_context *ctx, TSNode identifier)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, identifier);
	return (am_node_is(parent, sx->attribute) &&
	        am_node_is_field(parent, sx->field.attribute, identifier)) ||
	       (am_node_is(parent, sx->keyword_argument) &&
	        am_node_is_field(parent, sx->field.name, identifier));
}

typedef struct store_walk {
	const am_context *ctx;
	int binding;
	void (*fn)(const am_context *ctx, TSNode identifier, void *data);
	void *data;
} store_walk;

static void visit_store(TSNode n, void *data)
{
	store_walk *w = data;
	const am_context *ctx = w->ctx;
	const am_binding *bd = &ctx->binder->bindings.items[w->binding];
	uint32_t len;
	const char *text = am_node_text(ctx->text, n, &len);
	if (!am_node_is(n, ctx->syntax->identifier) || len != bd->name_len ||
	    memcmp(text, bd->name, len) != 0 || am_is_member_name(ctx, n) ||
	    am_bind_find_load(ctx->binder, n))
		return;
	int scope = am_bind_scope_at(ctx->binder, ts_node_start_byte(n));
	if (am_bind_lookup(ctx->binder, scope, bd->name, bd->name_len) ==
	    w->binding)
		w->fn(ctx, n, w->data);
}

/* The name's identifiers are found where its text occurs under `within`
 * (each occurrence looked up in the tree), in text order, which for leaves
 * is pre-order: reading the bytes costs far less than a visit of every node,
 * and rules ask this of the whole module for every candidate. */
void am_each_store(const am_context *ctx, int binding, TSNode within,
                   void (*fn)(const am_context *ctx, TSNode identifier,
                              void *data),
                   void *data)
{
	store_walk w = {ctx, binding, fn, data};
	const am_binding *bd = &ctx->binder->bindings.items[binding];
	if (ts_node_is_null(within) || bd->name_len == 0)
		return;
	const char *at = ctx->text + ts_node_start_byte(within);
	const char *end = ctx->text + ts_node_end_byte(within);
	while ((at = memmem(at, (size_t)(end - at), bd->name, bd->name_len))) {
		uint32_t start = (uint32_t)(at - ctx->text);
		TSNode n = ts_node_named_descendant_for_byte_range(
		        within, start, start + bd->name_len);
		if (ts_node_start_byte(n) == start &&
		    ts_node_end_byte(n) == start + bd->name_len)
			visit_store(n, &w);
		at += bd->name_len;
	}
}

struct am_binding_loads {
	size_t count; /* the binder's bindings */
	/* the loads of binding i, in text order: loads[first[i]] up to
	 * loads[first[i + 1]], indices into the binder's uses */
	uint32_t *first, *loads;
};

/* A counting sort of the binder's loads by binding: text order is kept
 * within each. */
static struct am_binding_loads *sort_loads(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	struct am_binding_loads *m = am_arena_zalloc(ctx->arena, sizeof(*m));
	if (!m)
		return NULL;
	m->count = b->bindings.count;
	m->first =
	        am_arena_zalloc(ctx->arena, (m->count + 2) * sizeof(uint32_t));
	m->loads = am_arena_alloc(ctx->arena,
	                          (b->uses.count + 1) * sizeof(uint32_t));
	if (!m->first || !m->loads)
		return NULL;
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding >= 0)
			m->first[b->uses.items[i].binding + 2]++;
	for (size_t i = 2; i < m->count + 2; i++)
		m->first[i] += m->first[i - 1];
	/* first[i + 1] is now where binding i's loads start: filling moves
	 * it to where they end, that is where binding i + 1's start */
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding >= 0)
			m->loads[m->first[b->uses.items[i].binding + 1]++] =
			        (uint32_t)i;
	return m;
}

const uint32_t *am_binding_loads(am_context *ctx, int binding, size_t *count)
{
	if (!ctx->binding_loads)
		ctx->binding_loads = sort_loads(ctx);
	struct am_binding_loads *m = ctx->binding_loads;
	*count = 0;
	if (!m || binding < 0 || (size_t)binding >= m->count)
		return NULL;
	*count = m->first[binding + 1] - m->first[binding];
	return m->loads + m->first[binding];
}

TSNode am_own_def(const am_context *ctx, TSNode node)
{
	const am_binder *b = ctx->binder;
	const am_scope *s =
	        &b->scopes.items[am_bind_scope_at(b, ts_node_start_byte(node))];
	if (s->kind != AM_SCOPE_FUNCTION ||
	    !am_node_is(s->node, ctx->syntax->function_definition))
		return am_null_node();
	return s->node;
}

int am_same_name(const am_context *ctx, TSNode a, TSNode b)
{
	return am_node_is(a, ctx->syntax->identifier) &&
	       am_node_is(b, ctx->syntax->identifier) &&
	       am_node_same_text(ctx->text, a, b);
}

const char *am_line_indent(const am_context *ctx, uint32_t at)
{
	uint32_t start = at;
	while (start > 0 && ctx->text[start - 1] != '\n')
		start--;
	uint32_t end = start;
	while (end < ctx->len &&
	       (ctx->text[end] == ' ' || ctx->text[end] == '\t'))
		end++;
	char *s = am_arena_strndup(ctx->arena, ctx->text + start, end - start);
	if (!s)
		ctx->pass->failed = 1;
	return s ? s : "";
}

unsigned int am_input_line(const am_context *ctx, uint32_t at)
{
	uint32_t in =
	        ctx->segments ? am_segments_to_input(ctx->segments, at) : at;
	const char *text = ctx->segments ? ctx->input : ctx->text;
	size_t len = ctx->segments ? ctx->input_len : ctx->len;
	/* The line table is made on first use; without it (no memory), count.
	 */
	am_line_index *lines = ctx->input_lines;
	if (lines && ctx->segments &&
	    (lines->starts ||
	     am_line_index_build(lines, ctx->arena, text, len) == AM_OK))
		return am_line_index_position(lines, text, len, in).line;
	unsigned int line = 1;
	for (const char *p = text;
	     (p = memchr(p, '\n', (size_t)(text + in - p))); p++)
		line++;
	return line;
}

unsigned int am_node_line(const am_context *ctx, TSNode node)
{
	return am_input_line(ctx, ts_node_start_byte(node));
}

const char *am_indent_unit(const am_context *ctx)
{
	/* The first line that starts with whitespace after a line ending in
	 * ':' gives the unit. */
	const char *t = ctx->text;
	for (uint32_t i = 0; i < ctx->len; i++) {
		if (t[i] != '\n' || i + 1 >= ctx->len)
			continue;
		uint32_t j = i + 1, k = j;
		while (k < ctx->len && (t[k] == ' ' || t[k] == '\t'))
			k++;
		if (k > j && k < ctx->len && t[k] != '\n' && t[k] != '\r' &&
		    t[k] != '#') {
			char *s = am_arena_strndup(ctx->arena, t + j, k - j);
			return s ? s : "    ";
		}
	}
	return "    ";
}

int am_call_positional_only(const am_context *ctx, TSNode call)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.keyword_count || args.has_star || args.has_kwsplat ||
	    args.generator)
		return -1;
	return (int)args.positional_count;
}

void am_call_args_read(const am_context *ctx, TSNode call, am_call_args *args)
{
	const am_syntax *sx = ctx->syntax;
	memset(args, 0, sizeof(*args));
	TSNode list = am_node_field(call, sx->field.arguments);
	if (!am_node_is(list, sx->argument_list)) {
		args->generator = 1;
		return;
	}
	uint32_t count = ts_node_named_child_count(list);
	for (uint32_t i = 0; i < count; i++) {
		TSNode arg = ts_node_named_child(list, i);
		TSSymbol s = ts_node_symbol(arg);
		if (s == sx->comment)
			continue;
		if (s == sx->keyword_argument || s == sx->dictionary_splat) {
			if (args->keyword_count == AM_MAX_ARGS) {
				args->too_many = 1;
				continue;
			}
			args->keywords[args->keyword_count++] = arg;
			args->has_kwsplat |= s == sx->dictionary_splat;
		} else {
			if (args->positional_count == AM_MAX_ARGS) {
				args->too_many = 1;
				continue;
			}
			args->positional[args->positional_count++] = arg;
			args->has_star |= s == sx->list_splat;
		}
	}
}

TSNode am_call_keyword(const am_context *ctx, const am_call_args *args,
                       const char *name)
{
	for (size_t i = 0; i < args->keyword_count; i++) {
		TSNode kw = args->keywords[i];
		if (!am_node_is(kw, ctx->syntax->keyword_argument))
			continue;
		if (am_node_text_eq(ctx->text,
		                    am_node_field(kw, ctx->syntax->field.name),
		                    name))
			return am_node_field(kw, ctx->syntax->field.value);
	}
	return am_null_node();
}

TSNode am_parent(const am_context *ctx, TSNode node)
{
	return am_bind_parent(ctx->binder, node);
}

TSNode am_callee_call(const am_context *ctx, TSNode callee)
{
	TSNode parent = am_parent(ctx, callee);
	if (am_node_is(parent, ctx->syntax->call)) {
		TSNode fn = am_node_field(parent, ctx->syntax->field.function);
		if (ts_node_eq(fn, callee))
			return parent;
	}
	return am_null_node();
}

int am_is_dotted(const am_context *ctx, TSNode node)
{
	while (am_node_is(node, ctx->syntax->attribute))
		node = am_node_field(node, ctx->syntax->field.object);
	return am_node_is(node, ctx->syntax->identifier);
}

/* ---- strings
 * ----------------------------------------------------------------- */

void am_strbuf_init(am_strbuf *sb, am_arena *arena)
{
	sb->arena = arena;
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void am_strbuf_append(am_strbuf *sb, const char *text, size_t len)
{
	if (sb->len + len + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap * 2 : 64;
		while (cap < sb->len + len + 1)
			cap *= 2;
		char *data = am_arena_alloc(sb->arena, cap);
		if (!data)
			return; /* the arena records the failure */
		if (sb->len)
			memcpy(data, sb->data, sb->len);
		sb->data = data;
		sb->cap = cap;
	}
	memcpy(sb->data + sb->len, text, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void am_strbuf_puts(am_strbuf *sb, const char *text)
{
	am_strbuf_append(sb, text, strlen(text));
}

void am_strbuf_node(am_strbuf *sb, const am_context *ctx, TSNode node)
{
	uint32_t len;
	const char *s = am_node_text(ctx->text, node, &len);
	am_strbuf_append(sb, s, len);
}

void am_strbuf_printf(am_strbuf *sb, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	char *s = am_arena_vprintf(sb->arena, fmt, args);
	va_end(args);
	if (s)
		am_strbuf_puts(sb, s);
}

const char *am_strbuf_cstr(am_strbuf *sb)
{
	return sb->data ? sb->data : "";
}
