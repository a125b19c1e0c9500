/* A child process used while it runs, in its function only ->
 * anyio.open_process(): its streams become anyio byte streams, read with
 * the module's `_read()` and `_readline()`, written with `send()`. */
#include "spawn.h"

#include "imports.h"
#include "statement.h"

#include <string.h>

#define MAX_USES 64

/* `await proc.stdout.read(n)` or `readline()`, of stdout or stderr. */
typedef struct output_read {
	TSNode call;
	int output; /* 0: stdout, 1: stderr */
	int line;
	TSNode size; /* read(n)'s n, or a null node */
} output_read;

typedef struct streamed {
	const am_spawn *spawn;
	const char *name;
	int scope;
	output_read reads[MAX_USES];
	size_t read_count;
	int buffered[2]; /* a readline() of stdout, of stderr */
	/* edits: a node and its new text ("" removes the statement) */
	TSNode nodes[MAX_USES];
	const char *texts[MAX_USES];
	size_t edit_count;
	/* the awaits of drain() and wait_closed() written with the write()
	 * or close() before them */
	TSNode consumed[MAX_USES];
	size_t consumed_count;
	int stdin_used;
} streamed;

static const char *const outputs[] = {"stdout", "stderr"};

static const char *too_often = "the process is used too often";

static int add_edit(streamed *p, TSNode node, const char *text)
{
	if (p->edit_count == MAX_USES)
		return 0;
	p->nodes[p->edit_count] = node;
	p->texts[p->edit_count++] = text;
	return 1;
}

/* The call of `attribute` (`attribute(...)`), or a null node. */
static TSNode call_of(const am_context *ctx, TSNode attribute)
{
	TSNode call = am_parent(ctx, attribute);
	if (!am_node_is(call, ctx->syntax->call) ||
	    !am_node_is_field(call, ctx->syntax->field.function, attribute))
		return am_null_node();
	return call;
}

/* `object.NAME` where `object` is `attribute`'s: the outer attribute and
 * its name in *name, or a null node. */
static TSNode outer_attribute(const am_context *ctx, TSNode object,
                              const char **name)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attribute = am_parent(ctx, object);
	if (!am_node_is(attribute, sx->attribute) ||
	    !am_node_is_field(attribute, sx->field.object, object))
		return am_null_node();
	*name = am_text(ctx, am_node_field(attribute, sx->field.attribute));
	return attribute;
}

/* Whether the call is awaited: `await call`. */
static int awaited(const am_context *ctx, TSNode call)
{
	return !ts_node_is_null(call) &&
	       am_node_is(am_parent(ctx, call), ctx->syntax->await);
}

/* When the statement after `statement` is `await NAME.stdin.METHOD()`
 * alone: that await, or a null node. */
static TSNode next_stdin_await(const am_context *ctx, const streamed *p,
                               TSNode statement, const char *method)
{
	const am_syntax *sx = ctx->syntax;
	TSNode next = am_statement_next(ctx, statement);
	if (ts_node_is_null(next) ||
	    !am_node_is(next, sx->expression_statement) ||
	    ts_node_named_child_count(next) != 1 ||
	    !am_statement_stands_alone(ctx, next))
		return am_null_node();
	TSNode await = ts_node_named_child(next, 0);
	TSNode call = ts_node_named_child(await, 0);
	if (!am_node_is(await, sx->await) || !am_node_is(call, sx->call))
		return am_null_node();
	TSNode fn = am_node_field(call, sx->field.function);
	if (!am_node_is(fn, sx->attribute))
		return am_null_node();
	TSNode stream = am_node_field(fn, sx->field.object);
	if (!am_node_is(stream, sx->attribute))
		return am_null_node();
	TSNode object = am_node_field(stream, sx->field.object);
	if (!am_same_name(ctx, object, p->spawn->name) ||
	    !am_node_text_eq(ctx->text,
	                     am_node_field(stream, sx->field.attribute),
	                     "stdin") ||
	    !am_node_text_eq(ctx->text, am_node_field(fn, sx->field.attribute),
	                     method) ||
	    am_call_positional_only(ctx, call) != 0)
		return am_null_node();
	return await;
}

static int is_consumed(const streamed *p, TSNode await)
{
	for (size_t i = 0; i < p->consumed_count; i++)
		if (ts_node_eq(p->consumed[i], await))
			return 1;
	return 0;
}

/* `NAME.stdin.write(data)` then `await NAME.stdin.drain()`: one `await
 * NAME.stdin.send(data)`; `NAME.stdin.close()` (and `await
 * NAME.stdin.wait_closed()` after it): `await NAME.stdin.aclose()`. */
static const char *read_stdin(am_context *ctx, streamed *p, TSNode stream)
{
	const char *method = NULL;
	TSNode fn = outer_attribute(ctx, stream, &method);
	TSNode call = ts_node_is_null(fn) ? fn : call_of(ctx, fn);
	unsigned line = am_node_line(ctx, stream);
	if (ts_node_is_null(call))
		return am_arena_printf(ctx->arena,
		                       "`%s.stdin` at line %u is used other "
		                       "than by calling its methods",
		                       p->name, line);
	TSNode await = am_parent(ctx, call);
	if (is_consumed(p, await))
		return NULL;
	int close = strcmp(method, "close") == 0;
	if (!close && strcmp(method, "write") != 0)
		return am_arena_printf(ctx->arena,
		                       "`%s.stdin.%s()` at line %u is not "
		                       "rewritten (only `write()` with "
		                       "`drain()`, and `close()`)",
		                       p->name, method, line);
	TSNode statement = am_statement_made_alone(ctx, call);
	TSNode next =
	        ts_node_is_null(statement)
	                ? statement
	                : next_stdin_await(ctx, p, statement,
	                                   close ? "wait_closed" : "drain");
	if (am_call_positional_only(ctx, call) != (close ? 0 : 1) ||
	    ts_node_is_null(statement) || (!close && ts_node_is_null(next)))
		return close ? am_arena_printf(ctx->arena,
		                               "`%s.stdin.close()` at line %u "
		                               "is not a statement of its own",
		                               p->name, line)
		             : am_arena_printf(ctx->arena,
		                               "`%s.stdin.write()` at line %u "
		                               "is not followed by `await "
		                               "%s.stdin.drain()`",
		                               p->name, line, p->name);
	TSNode arguments = am_node_field(call, ctx->syntax->field.arguments);
	const char *text =
	        close ? am_arena_printf(ctx->arena, "await %s.stdin.aclose()",
	                                p->name)
	              : am_arena_printf(ctx->arena, "await %s.stdin.send%s",
	                                p->name, am_text(ctx, arguments));
	if (!add_edit(p, call, text))
		return too_often;
	p->stdin_used = 1;
	if (ts_node_is_null(next))
		return NULL;
	if (!add_edit(p, am_parent(ctx, next), "") ||
	    p->consumed_count == MAX_USES)
		return too_often;
	p->consumed[p->consumed_count++] = next;
	return NULL;
}

/* `await NAME.stdout.read(n)` or `await NAME.stdout.readline()`. */
static const char *read_output(am_context *ctx, streamed *p, TSNode stream,
                               int output)
{
	const char *method = NULL;
	TSNode fn = outer_attribute(ctx, stream, &method);
	TSNode call = ts_node_is_null(fn) ? fn : call_of(ctx, fn);
	unsigned line = am_node_line(ctx, stream);
	if (!awaited(ctx, call))
		return am_arena_printf(ctx->arena,
		                       "`%s.%s` at line %u is used other than "
		                       "in `await %s.%s.read()` or "
		                       "`readline()`",
		                       p->name, outputs[output], line, p->name,
		                       outputs[output]);
	int args = am_call_positional_only(ctx, call);
	int is_line = strcmp(method, "readline") == 0 && args == 0;
	int is_read = strcmp(method, "read") == 0;
	if ((is_read || strcmp(method, "readline") == 0) && !is_line &&
	    !(is_read && args >= 0 && args < 2))
		return am_arena_printf(ctx->arena,
		                       "`%s.%s.%s()` at line %u has arguments "
		                       "this rule cannot map",
		                       p->name, outputs[output], method, line);
	if (!is_line && !is_read)
		return am_arena_printf(ctx->arena,
		                       "`%s.%s.%s()` at line %u is not "
		                       "rewritten (only `read()` and "
		                       "`readline()`)",
		                       p->name, outputs[output], method, line);
	if (p->read_count == MAX_USES)
		return too_often;
	output_read *r = &p->reads[p->read_count++];
	r->call = call;
	r->output = output;
	r->line = is_line;
	r->size = am_null_node();
	if (args == 1) {
		am_call_args a;
		am_call_args_read(ctx, call, &a);
		r->size = a.positional[0];
	}
	p->buffered[output] |= is_line;
	return NULL;
}

/* One load of the process's name. */
static const char *read_use(am_context *ctx, streamed *p,
                            const am_name_use *use)
{
	unsigned line = am_node_line(ctx, use->node);
	const char *attr = NULL;
	TSNode attribute = outer_attribute(ctx, use->node, &attr);
	if (ts_node_is_null(attribute))
		return am_arena_printf(ctx->arena,
		                       "`%s` is used as a whole (line %u): "
		                       "returned, passed on or stored",
		                       p->name, line);
	if (use->scope != p->scope)
		return am_arena_printf(ctx->arena,
		                       "`%s` is used in a nested function or "
		                       "comprehension (line %u)",
		                       p->name, line);
	if (strcmp(attr, "returncode") == 0 || strcmp(attr, "pid") == 0)
		return am_spawn_attribute_read(ctx, attribute)
		               ? NULL
		               : am_arena_printf(
		                         ctx->arena,
		                         "`%s.%s` is assigned (line %u)",
		                         p->name, attr, line);
	TSNode call = call_of(ctx, attribute);
	int signal = strcmp(attr, "kill") == 0 ||
	             strcmp(attr, "terminate") == 0 ||
	             strcmp(attr, "send_signal") == 0;
	if (signal && !ts_node_is_null(call))
		return NULL;
	if (strcmp(attr, "wait") == 0 && awaited(ctx, call) &&
	    am_call_positional_only(ctx, call) == 0)
		return NULL;
	if (signal || strcmp(attr, "wait") == 0)
		return am_arena_printf(
		        ctx->arena,
		        "`%s.%s` at line %u is not %s where it is "
		        "named",
		        p->name, attr, line,
		        signal ? "called" : "awaited without arguments");
	if (strcmp(attr, "stdout") == 0 || strcmp(attr, "stderr") == 0)
		return read_output(ctx, p, attribute,
		                   strcmp(attr, "stderr") == 0);
	if (strcmp(attr, "stdin") == 0)
		return read_stdin(ctx, p, attribute);
	if (strcmp(attr, "communicate") == 0)
		return am_arena_printf(
		        ctx->arena,
		        "`%s.communicate()` at line %u is not the "
		        "statement after the one that starts it",
		        p->name, line);
	return am_arena_printf(ctx->arena,
	                       "`%s.%s` at line %u is not rewritten (only "
	                       "its streams, `wait()`, `returncode`, `pid`, "
	                       "`kill()`, `terminate()`, `send_signal()`)",
	                       p->name, attr, line);
}

/* Whether `limit=` is given: it bounds readline(), which `_readline()`
 * bounds to 64 KiB, asyncio's default. */
static int limit_given(const am_context *ctx, const am_spawn *s)
{
	for (size_t i = 0; i < s->args.keyword_count; i++)
		if (am_node_text_eq(ctx->text,
		                    am_node_field(s->args.keywords[i],
		                                  ctx->syntax->field.name),
		                    "limit"))
			return 1;
	return 0;
}

static int may_be_pipe(am_stream_kind kind)
{
	return kind == STREAM_PIPE || kind == STREAM_OTHER;
}

/* An output piped (or maybe piped) and never read: asyncio reads it into
 * its buffer while the child runs (up to 128 KiB past the pipe's 64 KiB),
 * trio does not, and its child blocks sooner. A stream used that is not a
 * pipe is None: the error would name another method. */
static const char *pipes_doubt(am_context *ctx, const streamed *p)
{
	const am_spawn *s = p->spawn;
	am_stream_kind kinds[2] = {s->stdout, s->stderr};
	for (int k = 0; k < 2; k++) {
		size_t reads = 0;
		for (size_t i = 0; i < p->read_count; i++)
			reads += p->reads[i].output == k;
		if (!reads && may_be_pipe(kinds[k]))
			return am_arena_printf(
			        ctx->arena,
			        "its %s%s is never read: asyncio reads a pipe "
			        "while the child runs, trio leaves it full",
			        kinds[k] == STREAM_PIPE ? "" : "maybe piped ",
			        outputs[k]);
		if (reads && !may_be_pipe(kinds[k]))
			return am_arena_printf(
			        ctx->arena,
			        "`%s.%s` is read, and it is None: "
			        "`%s=` is not a pipe",
			        p->name, outputs[k], outputs[k]);
	}
	if (p->stdin_used && !may_be_pipe(s->stdin))
		return am_arena_printf(ctx->arena,
		                       "`%s.stdin` is written, and it is None: "
		                       "`stdin=` is not a pipe",
		                       p->name);
	return NULL;
}

/* The name of the buffered stream on an output: `proc_stdout`. */
static const char *buffered_name(am_context *ctx, const streamed *p, int output)
{
	return am_arena_printf(ctx->arena, "%s_%s", p->name, outputs[output]);
}

/* Whether the helpers and names the edits write are free. */
static const char *names_taken(am_context *ctx, const streamed *p)
{
	const am_binder *b = ctx->binder;
	int reads = 0, lines = 0;
	for (size_t i = 0; i < p->read_count; i++) {
		lines |= p->reads[i].line;
		reads |= !p->reads[i].line;
	}
	if (reads && !am_imports_helper_available(ctx, AM_HELPER_READ))
		return "the name `" AM_HELPER_READ "` is taken";
	if (lines && !am_imports_helper_available(ctx, AM_HELPER_READLINE))
		return "the name `" AM_HELPER_READLINE "` is taken";
	if (lines && !am_imports_helper_available(ctx, AM_HELPER_BUFFERED))
		return "the name `" AM_HELPER_BUFFERED "` is taken";
	if (lines && limit_given(ctx, p->spawn))
		return "`limit=` bounds `readline()`: anyio's lines are bound "
		       "to 64 KiB";
	if (lines && !am_statement_stands_alone(ctx, p->spawn->statement))
		return "the statement that starts it shares its line";
	for (int k = 0; k < 2; k++) {
		const char *name = buffered_name(ctx, p, k);
		if (p->buffered[k] &&
		    am_bind_lookup(b, p->scope, name, strlen(name)) >= 0)
			return am_arena_printf(ctx->arena,
			                       "the name `%s` is taken", name);
	}
	return NULL;
}

/* The reads' edits, once every readline() is known: an output read by
 * lines is read through its buffered stream only. */
static void fix_reads(am_context *ctx, am_fix *fix, const streamed *p)
{
	for (size_t i = 0; i < p->read_count; i++) {
		const output_read *r = &p->reads[i];
		const char *stream =
		        p->buffered[r->output]
		                ? buffered_name(ctx, p, r->output)
		                : am_arena_printf(ctx->arena, "%s.%s", p->name,
		                                  outputs[r->output]);
		const char *text =
		        r->line ? am_arena_printf(ctx->arena,
		                                  AM_HELPER_READLINE "(%s)",
		                                  stream)
		        : ts_node_is_null(r->size)
		                ? am_arena_printf(ctx->arena,
		                                  AM_HELPER_READ "(%s)", stream)
		                : am_arena_printf(
		                          ctx->arena, AM_HELPER_READ "(%s, %s)",
		                          stream, am_text(ctx, r->size));
		am_fix_replace_node(fix, r->call, text);
	}
}

/* `anyio.open_process([...], stdin=None, ...)`: asyncio inherits a stream
 * not given, anyio pipes it; `limit=` goes. */
static void fix_call(am_context *ctx, am_fix *fix, const am_spawn *s)
{
	am_spawn call = *s;
	call.dropped_count = 0;
	for (size_t i = 0; i < s->args.keyword_count; i++)
		if (am_node_text_eq(ctx->text,
		                    am_node_field(s->args.keywords[i],
		                                  ctx->syntax->field.name),
		                    "limit"))
			call.dropped[call.dropped_count++] =
			        s->args.keywords[i];
	const char *keywords[AM_SPAWN_MAX_KEYWORDS];
	size_t k = 0;
	if (s->stdin == STREAM_ABSENT)
		keywords[k++] = "stdin=None";
	if (s->stdout == STREAM_ABSENT)
		keywords[k++] = "stdout=None";
	if (s->stderr == STREAM_ABSENT)
		keywords[k++] = "stderr=None";
	keywords[k] = NULL;
	am_fix_replace_node(fix, s->callee, "anyio.open_process");
	am_spawn_fix_arguments(ctx, fix, &call, keywords);
	if (!ts_node_is_null(s->annotation))
		am_fix_replace_node(fix, ts_node_named_child(s->annotation, 0),
		                    "anyio.abc.Process");
}

static void fix_streamed(am_context *ctx, const streamed *p)
{
	const am_spawn *s = p->spawn;
	am_fix *fix =
	        am_fix_new(ctx, s->callee,
	                   "`asyncio.%s()` becomes `anyio.open_process()`, "
	                   "its streams anyio byte streams",
	                   s->function);
	am_fix_unsafe(fix); /* signals, warnings and sends: see Fix safety */
	fix_call(ctx, fix, s);
	uint32_t start = ts_node_start_byte(s->statement);
	for (int k = 0; k < 2; k++)
		if (p->buffered[k])
			am_fix_insert(
			        fix,
			        am_line_end(ctx,
			                    ts_node_end_byte(s->statement)),
			        am_arena_printf(ctx->arena,
			                        "%s%s%s = " AM_HELPER_BUFFERED
			                        "(%s.%s)",
			                        ctx->newline,
			                        am_line_indent(ctx, start),
			                        buffered_name(ctx, p, k),
			                        p->name, outputs[k]));
	fix_reads(ctx, fix, p);
	for (size_t i = 0; i < p->edit_count; i++)
		if (*p->texts[i])
			am_fix_replace_node(fix, p->nodes[i], p->texts[i]);
		else
			am_statement_remove(ctx, fix, p->nodes[i], "");
}

const char *am_spawn_streamed(am_context *ctx, const am_spawn *s)
{
	const am_binder *b = ctx->binder;
	streamed *p = am_arena_alloc(ctx->arena, sizeof *p);
	if (!p)
		return too_often;
	memset(p, 0, sizeof *p);
	p->spawn = s;
	p->name = am_text(ctx, s->name);
	if (!am_stored_once_in_function(ctx, s->name))
		return am_arena_printf(ctx->arena,
		                       "`%s` is bound more than once in its "
		                       "function",
		                       p->name);
	p->scope = am_bind_scope_at(b, ts_node_start_byte(s->statement));
	int binding = am_bind_lookup(b, p->scope, p->name, strlen(p->name));
	for (size_t i = 0; i < b->uses.count; i++) {
		if (b->uses.items[i].binding != binding)
			continue;
		const char *why = read_use(ctx, p, &b->uses.items[i]);
		if (why)
			return why;
	}
	const char *why = pipes_doubt(ctx, p);
	if (!why)
		why = names_taken(ctx, p);
	if (why)
		return why;
	fix_streamed(ctx, p);
	return NULL;
}
