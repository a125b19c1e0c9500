/* ANY203 to-thread: run_in_executor(None, f, *a) and asyncio.to_thread(f, *a)
 * -> anyio.to_thread.run_sync(f, *a) */
#include "imports.h"
#include "loop_var.h"
#include "rule.h"
#include "split_call.h"
#include "statement.h"

#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether the call is awaited directly: `await c` or `await (c)`. */
static int awaited(const am_context *ctx, TSNode call)
{
	TSNode parent = am_parent(ctx, call);
	while (am_node_is(parent, ctx->syntax->parenthesized_expression))
		parent = am_parent(ctx, parent);
	return am_node_is(parent, ctx->syntax->await);
}

#define ABANDON "abandon_on_cancel=True"

/* `, KEYWORDS` after the last argument (one line more when the arguments
 * have one a line). */
static void add_keywords(am_context *ctx, am_fix *fix, const am_call_args *args,
                         const char *keywords)
{
	TSNode last = args->positional[args->positional_count - 1];
	for (size_t i = 0; i < args->keyword_count; i++)
		if (ts_node_end_byte(args->keywords[i]) >
		    ts_node_end_byte(last))
			last = args->keywords[i];
	/* One argument a line, each ending with a comma: one line more. */
	const char *t = ctx->text;
	uint32_t at = ts_node_end_byte(last);
	while (at < ctx->len && is_space(t[at]))
		at++;
	if (at < ctx->len && t[at] == ',') {
		uint32_t eol = at + 1;
		while (eol < ctx->len && is_space(t[eol]))
			eol++;
		if (eol < ctx->len && t[eol] == '#')
			while (eol < ctx->len && t[eol] != '\n' &&
			       t[eol] != '\r')
				eol++;
		if (eol < ctx->len && (t[eol] == '\n' || t[eol] == '\r')) {
			/* each keyword on a line of its own */
			const char *indent =
			        am_line_indent(ctx, ts_node_start_byte(last));
			am_strbuf sb;
			am_strbuf_init(&sb, ctx->arena);
			for (const char *k = keywords; *k;) {
				const char *end = strstr(k, ", ");
				size_t n = end ? (size_t)(end - k) : strlen(k);
				am_strbuf_puts(&sb, ctx->newline);
				am_strbuf_puts(&sb, indent);
				am_strbuf_append(&sb, k, n);
				am_strbuf_puts(&sb, ",");
				k += n + (end ? 2 : 0);
			}
			am_fix_insert(fix, eol, am_strbuf_cstr(&sb));
			return;
		}
	}
	am_fix_insert(fix, ts_node_end_byte(last),
	              am_arena_printf(ctx->arena, ", %s", keywords));
}

/* `, abandon_on_cancel=True` after the last argument: a cancelled caller
 * then leaves at once while the thread runs on, as with asyncio (anyio's
 * default holds the caller until the thread ends). */
static void add_abandon(am_context *ctx, am_fix *fix, const am_call_args *args)
{
	add_keywords(ctx, fix, args, ABANDON);
}

/* Why the arguments of run_in_executor cannot be mapped, or NULL. */
static const char *executor_arguments_doubt(am_context *ctx,
                                            const am_call_args *args)
{
	const am_syntax *sx = ctx->syntax;
	if (args->generator || args->too_many || args->keyword_count ||
	    args->positional_count < 2 ||
	    am_node_is(args->positional[0], sx->list_splat) ||
	    am_node_is(args->positional[1], sx->list_splat))
		return "it has arguments this rule cannot map (keywords, or "
		       "`*args` in place of the executor or the function)";
	if (!am_drop_argument(ctx, NULL, args->positional[0]))
		return "a comment sits between the executor and its comma";
	return NULL;
}

/* Why `loop.run_in_executor(executor, f, ...)` cannot become
 * `anyio.to_thread.run_sync(f, ...)`, the executor aside, or NULL. */
static const char *call_doubt(am_context *ctx, TSNode fn, TSNode call,
                              const am_call_args *args)
{
	const char *why = executor_arguments_doubt(ctx, args);
	if (!why)
		why = am_loop_running_doubt(
		        ctx, am_node_field(fn, ctx->syntax->field.object),
		        call);
	if (!why && !awaited(ctx, call))
		why = "it is not awaited where it is called, and it starts the "
		      "thread at once where `anyio.to_thread.run_sync()` "
		      "starts it only when awaited";
	if (!why && !am_imports_name_available(ctx, call, "anyio"))
		why = "the name `anyio` is bound to something else here";
	return why;
}

/* ---- a thread pool of the file: a capacity limiter ---------------------- */

/* `pool = ThreadPoolExecutor(2)` (or `max_workers=2`): the executor a
 * name holds, read once for all its calls. */
typedef struct thread_pool {
	TSNode creation; /* the ThreadPoolExecutor(...) call */
	TSNode workers;  /* its integer */
	int binding;
	size_t stores;
	TSNode other; /* a binding that is not the creation, or null */
} thread_pool;

static int is_thread_pool_class(const am_context *ctx, TSNode callee)
{
	const char *q = am_bind_resolve(ctx->binder, callee);
	return q &&
	       (strcmp(q, "concurrent.futures.ThreadPoolExecutor") == 0 ||
	        strcmp(q, "concurrent.futures.thread.ThreadPoolExecutor") == 0);
}

/* The integer of `ThreadPoolExecutor(2)` or `(max_workers=2)`, or null. */
static TSNode pool_workers(const am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode value = am_null_node();
	if (args.positional_count == 1 && args.keyword_count == 0)
		value = args.positional[0];
	else if (args.positional_count == 0 && args.keyword_count == 1)
		value = am_call_keyword(ctx, &args, "max_workers");
	return am_node_is(value, sx->integer) ? value : am_null_node();
}

static void note_pool_store(const am_context *ctx, TSNode n, void *data)
{
	const am_syntax *sx = ctx->syntax;
	thread_pool *pool = data;
	pool->stores++;
	TSNode assignment = am_parent(ctx, n);
	TSNode value = am_node_field(assignment, sx->field.right);
	if (am_node_is(assignment, sx->assignment) &&
	    am_node_is_field(assignment, sx->field.left, n) &&
	    ts_node_is_null(am_node_field(assignment, sx->field.type)) &&
	    am_node_is(am_parent(ctx, assignment), sx->expression_statement) &&
	    am_node_is(value, sx->call) &&
	    is_thread_pool_class(ctx, am_node_field(value, sx->field.function)))
		pool->creation = value;
	else if (ts_node_is_null(pool->other))
		pool->other = n;
}

/* The call `X.run_in_executor(load, f, ...)` a load of the pool is the
 * executor of, when its arguments map (the calls on_pool() is called
 * for); else a null node. */
static TSNode pool_call_of(am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode list = am_parent(ctx, use);
	TSNode call = am_parent(ctx, list);
	TSNode fn = am_node_field(call, sx->field.function);
	if (!am_node_is(list, sx->argument_list) ||
	    !ts_node_eq(ts_node_named_child(list, 0), use) ||
	    !am_node_is(fn, sx->attribute) ||
	    !am_node_text_eq(ctx->text, am_node_field(fn, sx->field.attribute),
	                     "run_in_executor"))
		return am_null_node();
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	return executor_arguments_doubt(ctx, &args) ? am_null_node() : call;
}

/* Why the pool cannot become a capacity limiter, or NULL; reads it. */
static const char *pool_doubt(am_context *ctx, TSNode executor,
                              thread_pool *pool, const uint32_t *loads,
                              size_t count)
{
	const am_binder *b = ctx->binder;
	const am_binding *bd = &b->bindings.items[pool->binding];
	am_each_store(ctx, pool->binding, b->scopes.items[bd->scope].node,
	              note_pool_store, pool);
	if (pool->stores != 1 || ts_node_is_null(pool->creation))
		return am_arena_printf(
		        ctx->arena,
		        "the executor `%s` is bound %s%s, not by a "
		        "`ThreadPoolExecutor(n)` the file makes once (anyio "
		        "has "
		        "no executors)",
		        am_text(ctx, executor),
		        ts_node_is_null(pool->other) ? "more than once" : "by ",
		        ts_node_is_null(pool->other)
		                ? ""
		                : am_loop_describe_binding(ctx, pool->other));
	pool->workers = pool_workers(ctx, pool->creation);
	if (ts_node_is_null(pool->workers) ||
	    am_has_comment(ctx, pool->creation))
		return "its executor is not made by `ThreadPoolExecutor(n)` "
		       "with a number of workers alone";
	for (size_t i = 0; i < count; i++) {
		const am_name_use *use = &b->uses.items[loads[i]];
		TSNode call = pool_call_of(ctx, use->node);
		am_call_args args;
		if (!ts_node_is_null(call))
			am_call_args_read(ctx, call, &args);
		if (use->annotation || ts_node_is_null(call) ||
		    call_doubt(ctx,
		               am_node_field(call, ctx->syntax->field.function),
		               call, &args))
			return am_arena_printf(
			        ctx->arena,
			        "the executor `%s` is used other than by "
			        "awaited `run_in_executor()` calls on the "
			        "running loop",
			        am_text(ctx, executor));
	}
	return NULL;
}

/* `pool = anyio.CapacityLimiter(2)`, and each call `await
 * anyio.to_thread.run_sync(f, a, limiter=pool, ...)`. */
static void fix_pool(am_context *ctx, TSNode fn, const thread_pool *pool,
                     const uint32_t *loads, size_t count)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	const char *name = am_text(ctx, b->uses.items[loads[0]].node);
	am_fix *fix = am_fix_new(
	        ctx, fn,
	        "`run_in_executor(%s, func, ...)` becomes "
	        "`anyio.to_thread.run_sync(func, ..., limiter=%s)`, and `%s` "
	        "an `anyio.CapacityLimiter(%s)`",
	        name, name, name, am_text(ctx, pool->workers));
	am_fix_unsafe(fix); /* see Fix safety */
	am_fix_replace_node(fix, pool->creation,
	                    am_arena_printf(ctx->arena,
	                                    "anyio.CapacityLimiter(%s)",
	                                    am_text(ctx, pool->workers)));
	const char *keywords =
	        am_arena_printf(ctx->arena, "limiter=%s, " ABANDON, name);
	for (size_t i = 0; i < count; i++) {
		TSNode each = pool_call_of(ctx, b->uses.items[loads[i]].node);
		am_call_args each_args;
		am_call_args_read(ctx, each, &each_args);
		am_fix_replace_node(fix,
		                    am_node_field(each, sx->field.function),
		                    "anyio.to_thread.run_sync");
		am_drop_argument(ctx, fix, each_args.positional[0]);
		add_keywords(ctx, fix, &each_args, keywords);
	}
}

/* `loop.run_in_executor(pool, f, a)` where `pool = ThreadPoolExecutor(2)`:
 * the first such call (in source order) speaks for all the pool's calls,
 * with one fix for all of them or a flag on each, so that the pool is read
 * once. */
static void on_pool(am_context *ctx, TSNode fn, TSNode call,
                    const am_call_args *args)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	TSNode executor = args->positional[0];
	const am_name_use *load = am_node_is(executor, sx->identifier)
	                                  ? am_bind_find_load(b, executor)
	                                  : NULL;
	if (!load || load->binding < 0) {
		am_flag(ctx, fn,
		        "`run_in_executor()` left as is: it is given an "
		        "executor, and anyio runs functions in its own worker "
		        "threads");
		return;
	}
	size_t count = 0;
	const uint32_t *loads = am_binding_loads(ctx, load->binding, &count);
	TSNode leader = am_null_node();
	for (size_t i = 0; i < count && ts_node_is_null(leader); i++)
		leader = pool_call_of(ctx, b->uses.items[loads[i]].node);
	if (!ts_node_eq(leader, call))
		return; /* the first call speaks for this one */
	thread_pool pool;
	memset(&pool, 0, sizeof(pool));
	pool.creation = pool.workers = pool.other = am_null_node();
	pool.binding = load->binding;
	const char *why = pool_doubt(ctx, executor, &pool, loads, count);
	if (!why) {
		fix_pool(ctx, fn, &pool, loads, count);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		TSNode each = pool_call_of(ctx, b->uses.items[loads[i]].node);
		if (!ts_node_is_null(each))
			am_flag(ctx, am_node_field(each, sx->field.function),
			        "`run_in_executor()` left as is: %s", why);
	}
}

static void on_run_in_executor(am_context *ctx, TSNode fn, TSNode call)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *why = executor_arguments_doubt(ctx, &args);
	if (!why && strcmp(ts_node_type(args.positional[0]), "none") != 0) {
		on_pool(ctx, fn, call, &args);
		return;
	}
	if (!why)
		why = call_doubt(ctx, fn, call, &args);
	if (why) {
		am_flag(ctx, fn, "`run_in_executor()` left as is: %s", why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, fn,
	                         "`run_in_executor(None, func, ...)` becomes "
	                         "`anyio.to_thread.run_sync(func, ..., " ABANDON
	                         ")`");
	am_fix_unsafe(fix); /* context variables: see Fix safety */
	am_fix_replace_node(fix, fn, "anyio.to_thread.run_sync");
	am_drop_argument(ctx, fix, args.positional[0]);
	add_abandon(ctx, fix, &args);
}

/* anyio.to_thread.run_sync(functools.partial(f, k=v), a): rebuilt. */
static void fix_to_thread_split(am_context *ctx, am_fix *fix,
                                const am_call_args *args, TSNode list)
{
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_puts(&sb, "(");
	am_split_call_append(&sb, ctx, args->positional[0],
	                     args->positional + 1, args->positional_count - 1,
	                     args->keywords, args->keyword_count);
	am_strbuf_puts(&sb, ", " ABANDON ")");
	am_fix_replace_node(fix, list, am_strbuf_cstr(&sb));
}

/* anyio.to_thread.run_sync(functools.partial(f, a, k=v)): every argument
 * stays where it is, so their order and any comment among them stay. */
static void fix_to_thread_whole(am_fix *fix, TSNode list)
{
	am_fix_insert(fix, ts_node_start_byte(list) + 1, "functools.partial(");
	am_fix_insert(fix, ts_node_end_byte(list) - 1, "), " ABANDON);
}

/* "anyio" or "functools" when the rewrite would need that name and it is
 * bound to something else at call; NULL when both are free. */
static const char *unavailable_module(const am_context *ctx, TSNode call,
                                      int needs_functools)
{
	if (!am_imports_name_available(ctx, call, "anyio"))
		return "anyio";
	if (needs_functools &&
	    !am_imports_name_available(ctx, call, "functools"))
		return "functools";
	return NULL;
}

static void on_to_thread(am_context *ctx, TSNode fn, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.generator || args.too_many || args.positional_count == 0 ||
	    am_node_is(args.positional[0], sx->list_splat)) {
		am_flag(ctx, fn,
		        "`asyncio.to_thread()` left as is: no function "
		        "argument "
		        "this rule can see");
		return;
	}
	const char *taken =
	        unavailable_module(ctx, call, args.keyword_count > 0);
	if (taken) {
		am_flag(ctx, fn,
		        "`asyncio.to_thread()` left as is: the name `%s` is "
		        "bound to something else here",
		        taken);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, fn,
	        "`asyncio.to_thread(func, ...)` becomes "
	        "`anyio.to_thread.run_sync(func, ..., " ABANDON ")`%s",
	        args.keyword_count ? "; keyword arguments go through "
	                             "`functools.partial`"
	                           : "");
	am_fix_replace_node(fix, fn, "anyio.to_thread.run_sync");
	if (!args.keyword_count) {
		add_abandon(ctx, fix, &args);
		return;
	}
	TSNode list = am_node_field(call, sx->field.arguments);
	if (am_has_comment(ctx, list) ||
	    am_split_call_reorders(ctx, args.positional + 1,
	                           args.positional_count - 1, args.keywords,
	                           args.keyword_count))
		fix_to_thread_whole(fix, list);
	else
		fix_to_thread_split(ctx, fix, &args, list);
}

static void on_call(am_context *ctx, const am_call *call)
{
	if (call->method)
		on_run_in_executor(ctx, call->callee, call->node);
	else
		on_to_thread(ctx, call->callee, call->node);
}

const am_rule am_rule_to_thread = {
        .code = "ANY203",
        .name = "to-thread",
        .summary = "`await loop.run_in_executor(None, f, *a)`, "
                   "`asyncio.to_thread(f, *a)` → `anyio.to_thread.run_sync(f, "
                   "*a)`",
        .doc = "## What it does\n"
               "Rewrites `await loop.run_in_executor(None, func, *args)` and "
               "`asyncio.to_thread(func, *args)` to "
               "`anyio.to_thread.run_sync(func, *args)`. Keyword arguments of "
               "`asyncio.to_thread` go through `functools.partial` "
               "(`run_sync` passes only positional arguments on): "
               "`functools.partial(func, k=v), *args`, or "
               "`functools.partial(func, *args, k=v)` when moving the "
               "keywords ahead could change what the arguments evaluate to "
               "(Python evaluates positional arguments first) or a comment "
               "sits among them.\n"
               "\n"
               "`run_in_executor` is rewritten only when `loop` is provably "
               "the running event loop: a name assigned in the same function "
               "from `asyncio.get_running_loop()` or "
               "`asyncio.get_event_loop()` (and bound in no other way there), "
               "or such a call itself "
               "(`asyncio.get_running_loop().run_in_executor(None, f)`). Once "
               "nothing else uses `loop`, ANY204 removes its assignment.\n"
               "\n"
               "A thread pool of the file, `pool = "
               "ThreadPoolExecutor(2)` (or `max_workers=2`) assigned once to "
               "a name that only such awaited `run_in_executor(pool, ...)` "
               "calls use, becomes `pool = anyio.CapacityLimiter(2)`, and "
               "each call `anyio.to_thread.run_sync(func, *args, "
               "limiter=pool, abandon_on_cancel=True)`: at most two run at "
               "once, as in the pool.\n"
               "\n"
               "## Why\n"
               "`anyio.to_thread.run_sync()` runs a blocking function in a "
               "worker thread on every backend; asyncio's loop methods and "
               "`asyncio.to_thread` exist only on asyncio's.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "loop = asyncio.get_running_loop()\n"
               "data = await loop.run_in_executor(None, read, path)\n"
               "text = await asyncio.to_thread(decode, data, "
               "errors=\"strict\")\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "data = await anyio.to_thread.run_sync(read, path)\n"
               "text = await anyio.to_thread.run_sync(\n"
               "    functools.partial(decode, errors=\"strict\"), data\n"
               ")\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- an executor other than `None` or a thread pool of the file "
               "as above is passed (a parameter, `self._executor`, a process "
               "pool, a pool used in a `with`, shut down, given "
               "`thread_name_prefix=` or `initializer=`, or without a number "
               "of workers): anyio has no executors; a bounded pool is "
               "`anyio.to_thread.run_sync(func, "
               "limiter=anyio.CapacityLimiter(n))`, a process pool "
               "`anyio.to_process.run_sync`;\n"
               "- `run_in_executor()` is not awaited where it is called "
               "(passed to `gather`, stored as a future): it starts the "
               "thread at once, while `run_sync()` starts it only when "
               "awaited;\n"
               "- the receiver is not provably the running loop: a parameter, "
               "an attribute (`self.loop`), a name bound in another way or in "
               "an enclosing function, a loop from "
               "`asyncio.new_event_loop()`;\n"
               "- keywords or `*args` in place of the executor or the "
               "function.\n"
               "\n"
               "## Fix safety\n"
               "Safe for `asyncio.to_thread()`; unsafe for "
               "`run_in_executor()`, whose function sees other context "
               "variables afterwards (below).\n"
               "- Cancellation: asyncio cancels the awaiting future at once "
               "while the thread runs on in the background; anyio's default "
               "would hold the cancelled caller until the thread ends, so the "
               "rewrite passes `abandon_on_cancel=True`, which does what "
               "asyncio does (needs anyio 4.1 or later). Drop it where "
               "waiting for the thread is what the code wants.\n"
               "- Thread limit: anyio runs at most 40 threads at a time by "
               "default (`anyio.to_thread.current_default_thread_limiter()`); "
               "asyncio's default executor has `min(32, os.cpu_count() + 4)` "
               "workers.\n"
               "- Context variables: `asyncio.to_thread` and anyio both run "
               "the function in a copy of the caller's context; "
               "`run_in_executor` does not, so after the rewrite the function "
               "sees the caller's context variables where it used to see the "
               "worker thread's own.\n"
               "- A thread pool: the limiter bounds how many functions run at "
               "once, as the pool's workers did, but they run in anyio's "
               "worker threads, not in the same few threads: state a function "
               "keeps per thread (`threading.local()`) is made again in more "
               "threads, and thread names are anyio's.\n"
               "\n"
               "## Migrating by hand\n"
               "Write `await anyio.to_thread.run_sync(func, *args)` where "
               "the function is run (keywords through `functools.partial`). "
               "A call not awaited where it is made: await it there, or "
               "start it in a task group, since anyio starts the thread "
               "only when awaited. In place of an executor, for a bounded "
               "pool pass "
               "`limiter=anyio.CapacityLimiter(n)`, and for a process pool "
               "use `anyio.to_process.run_sync`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .calls = AM_NAMES("to_thread"),
        .methods = AM_NAMES("run_in_executor"),
        .on_call = on_call,
};
