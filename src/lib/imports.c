#define _GNU_SOURCE /* memmem */
#include "imports.h"

#include "outlook.h"
#include "pass.h"
#include "statement.h"

#include <string.h>

/* `asyncio` for the one rewrite that keeps it: a fixture handing out the
 * running loop. */
const char *const am_importable_modules[] = {
        "anyio", "asyncio", "functools",  "heapq", "inspect",
        "math",  "pytest",  "subprocess", NULL};

const am_queue_compat_name am_queue_compat_names[] = {
        {"Queue", "AnyioQueue"},
        {"LifoQueue", "AnyioLifoQueue"},
        {"PriorityQueue", "AnyioPriorityQueue"},
        {"QueueEmpty", "AnyioQueueEmpty"},
        {"QueueFull", "AnyioQueueFull"},
        {NULL, NULL},
};

const am_queue_compat_name *am_queue_compat_name_for(const char *qualname)
{
	const char *member = NULL;
	if (strncmp(qualname, "asyncio.queues.", 15) == 0)
		member = qualname + 15;
	else if (strncmp(qualname, "asyncio.", 8) == 0)
		member = qualname + 8;
	for (const am_queue_compat_name *n = am_queue_compat_names;
	     member && n->alias; n++)
		if (strcmp(member, n->asyncio_name) == 0)
			return n;
	return NULL;
}

size_t am_queue_compat_candidates(const am_binder *b)
{
	size_t count = 0;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		count += !ref->ambiguous &&
		         am_queue_compat_name_for(ref->qualname) != NULL;
	}
	return count;
}

_Static_assert(sizeof(am_importable_modules) /
                               sizeof(am_importable_modules[0]) ==
                       AM_IMPORTABLE_MODULES + 1,
               "AM_IMPORTABLE_MODULES counts am_importable_modules");
_Static_assert(sizeof(am_queue_compat_names) /
                               sizeof(am_queue_compat_names[0]) ==
                       AM_QUEUE_COMPAT_NAMES + 1,
               "AM_QUEUE_COMPAT_NAMES counts am_queue_compat_names");

static int is_asyncio_qualname(const char *q)
{
	return q && strncmp(q, "asyncio", 7) == 0 &&
	       (q[7] == '\0' || q[7] == '.');
}

/* pytest-asyncio goes with asyncio: its imports too once unused. */
static int is_pytest_asyncio_qualname(const char *q)
{
	return q && strncmp(q, "pytest_asyncio", 14) == 0 &&
	       (q[14] == '\0' || q[14] == '.');
}

typedef struct helper {
	const char *name;
	/* the first unindented, the rest one level, and one more per
	 * leading tab */
	const char *const *lines;
	/* lines that follow, shared with other helpers, or NULL */
	const char *const *more;
} helper;

static const char *const store_result_lines[] = {
        "async def _store_result(results, index, func, *args):",
        "\"\"\"Run func(*args) and keep what it returns in "
        "results[index].\"\"\"",
        "results[index] = await func(*args)",
        NULL,
};

static const char *const store_outcome_lines[] = {
        "async def _store_outcome(results, index, func, *args):",
        "\"\"\"Keep in results[index] what func(*args) returns, or the "
        "Exception it raises.\"\"\"",
        "try:",
        "\tresults[index] = await func(*args)",
        "except Exception as exc:",
        "\tresults[index] = exc",
        NULL,
};

static const char *const start_with_result_lines[] = {
        "def _start_with_result(tg, func, *args):",
        "\"\"\"Start func(*args) in the task group tg; once tg has ended,",
        ".result() of the object returned is what func returned.\"\"\"",
        "class _Result:",
        "\tdef result(self):",
        "\t\treturn self.value",
        "kept = _Result()",
        "async def run():",
        "\tkept.value = await func(*args)",
        "tg.start_soon(run)",
        "return kept",
        NULL,
};

static const char *const send_result_lines[] = {
        "async def _send_result(send, func, *args):",
        "\"\"\"Run func(*args), send what it returns on send, then close "
        "send.\"\"\"",
        "async with send:",
        "\tawait send.send(await func(*args))",
        NULL,
};

static const char *const future_lines[] = {
        "class _Future:",
        "\"\"\"A result set once, then awaited. A task cancelled while "
        "awaiting",
        "it cancels it: done() is true from then on.\"\"\"",
        "",
        "def __init__(self):",
        "\tself._done = anyio.Event()",
        "\tself._value = self._error = None",
        "\tself._cancelled = False",
        "",
        "def set_result(self, value):",
        "\tself._settle(value, None)",
        "",
        "def set_exception(self, error):",
        "\tself._settle(None, error() if isinstance(error, type) else error)",
        "",
        "def _settle(self, value, error):",
        "\tif self._done.is_set():",
        "\t\traise RuntimeError(\"the future is already done\")",
        "\tself._value, self._error = value, error",
        "\tself._done.set()",
        "",
        "def done(self):",
        "\treturn self._done.is_set()",
        "",
        "def exception(self):",
        "\tif self._cancelled or not self._done.is_set():",
        "\t\traise RuntimeError(\"the future has no result\")",
        "\treturn self._error",
        "",
        "def result(self):",
        "\tif self.exception() is not None:",
        "\t\traise self._error",
        "\treturn self._value",
        "",
        "def __await__(self):",
        "\treturn self._wait().__await__()",
        "",
        "async def _wait(self):",
        "\tif not self._done.is_set():",
        "\t\ttry:",
        "\t\t\tawait self._done.wait()",
        "\t\texcept anyio.get_cancelled_exc_class():",
        "\t\t\tif not self._done.is_set():",
        "\t\t\t\tself._cancelled = True",
        "\t\t\t\tself._done.set()",
        "\t\t\traise",
        "\treturn self.result()",
        NULL,
};

/* The ordered queues: what differs from one to the other, then what they
 * share (asyncio's algorithm on anyio.Event waiters). */
static const char *const priority_queue_lines[] = {
        "class _PriorityQueue:",
        "\"\"\"A priority queue on anyio: the smallest item first. When it is "
        "full",
        "or empty, put_nowait() and get_nowait() raise anyio.WouldBlock.\"\"\"",
        "",
        "def _put(self, item) -> None:",
        "	heapq.heappush(self._queue, item)",
        "",
        "def _get(self):",
        "	return heapq.heappop(self._queue)",
        NULL,
};

static const char *const lifo_queue_lines[] = {
        "class _LifoQueue:",
        "\"\"\"A last in, first out queue on anyio. When it is full or empty,",
        "put_nowait() and get_nowait() raise anyio.WouldBlock.\"\"\"",
        "",
        "def _put(self, item) -> None:",
        "	self._queue.append(item)",
        "",
        "def _get(self):",
        "	return self._queue.pop()",
        NULL,
};

/* put() and get() wait only while the queue is full or empty, as asyncio's
 * do; the *_nowait() calls raise anyio.WouldBlock. */
static const char *const ordered_queue_lines[] = {
        "",
        "def __class_getitem__(cls, item):",
        "\treturn cls  # with a type argument too, as in annotations",
        "",
        "def __init__(self, maxsize: int = 0) -> None:",
        "	self._maxsize = maxsize",
        "	self._queue = []",
        "	self._getters = []",
        "	self._putters = []",
        "	self._unfinished = 0",
        "	self._finished = anyio.Event()",
        "	self._finished.set()",
        "",
        "@property",
        "def maxsize(self) -> int:",
        "	return self._maxsize",
        "",
        "def qsize(self) -> int:",
        "	return len(self._queue)",
        "",
        "def empty(self) -> bool:",
        "	return not self._queue",
        "",
        "def full(self) -> bool:",
        "	return 0 < self._maxsize <= len(self._queue)",
        "",
        "def put_nowait(self, item) -> None:",
        "	if self.full():",
        "		raise anyio.WouldBlock",
        "	self._put(item)",
        "	if self._unfinished == 0:",
        "		self._finished = anyio.Event()",
        "	self._unfinished += 1",
        "	self._wake(self._getters)",
        "",
        "def get_nowait(self):",
        "	if self.empty():",
        "		raise anyio.WouldBlock",
        "	item = self._get()",
        "	self._wake(self._putters)",
        "	return item",
        "",
        "async def put(self, item) -> None:",
        "	while self.full():",
        "		await self._wait(self._putters, self.full)",
        "	self.put_nowait(item)",
        "",
        "async def get(self):",
        "	while self.empty():",
        "		await self._wait(self._getters, self.empty)",
        "	return self.get_nowait()",
        "",
        "def task_done(self) -> None:",
        "	if self._unfinished <= 0:",
        "		raise ValueError(\"task_done() called too many "
        "times\")",
        "	self._unfinished -= 1",
        "	if self._unfinished == 0:",
        "		self._finished.set()",
        "",
        "async def join(self) -> None:",
        "	if self._unfinished:",
        "		await self._finished.wait()",
        "",
        "async def _wait(self, waiters, blocked) -> None:",
        "	event = anyio.Event()",
        "	waiters.append(event)",
        "	try:",
        "		await event.wait()",
        "	except BaseException:",
        "		if event in waiters:",
        "			waiters.remove(event)",
        "		elif not blocked():",
        "			self._wake(waiters)  # woken, then cancelled: "
        "pass it on",
        "		raise",
        "",
        "@staticmethod",
        "def _wake(waiters) -> None:",
        "	if waiters:",
        "		waiters.pop(0).set()",
        NULL,
};

/* The module is imported where it is used: `import anyio` does not
 * import it. */
static const char *const buffered_stream_lines[] = {
        "def _buffered_stream(stream):",
        "\"\"\"A buffered receive stream on stream, for lines and exact "
        "sizes.\"\"\"",
        "from anyio.streams.buffered import BufferedByteReceiveStream",
        "",
        "return BufferedByteReceiveStream(stream)",
        NULL,
};

/* asyncio's readline() with its line limit: a longer line raises
 * ValueError (asyncio's messages) and is dropped, with its newline when it
 * came, else with all that was read. */
static const char *const readline_lines[] = {
        "async def _readline(stream, limit=65536):",
        "\"\"\"A line with its newline; at end of file the rest, then empty "
        "bytes.",
        "ValueError, the line dropped, when it is longer than limit.\"\"\"",
        "try:",
        "\tline = await stream.receive_until(b\"\\n\", limit + 1)",
        "except anyio.IncompleteRead:",
        "\tleft = stream.buffer",
        "\treturn await stream.receive(len(left)) if left else b\"\"",
        "except anyio.DelimiterNotFound:",
        "\tawait stream.receive(len(stream.buffer))",
        "\traise ValueError(\"Separator is not found, and chunk exceed the "
        "limit\") from None",
        "if len(line) > limit:",
        "\traise ValueError(\"Separator is found, but chunk is longer than "
        "limit\")",
        "return line + b\"\\n\"",
        NULL,
};

static const char *const read_lines[] = {
        "async def _read(stream, n=-1):",
        "\"\"\"Up to n bytes, or all until end of file when n is negative; "
        "empty",
        "bytes at end of file.\"\"\"",
        "chunks = []",
        "while n:",
        "\ttry:",
        "\t\tchunks.append(await stream.receive(n if n > 0 else 65536))",
        "\texcept anyio.EndOfStream:",
        "\t\tbreak",
        "\tif n > 0:",
        "\t\tbreak",
        "return b\"\".join(chunks)",
        NULL,
};

/* asyncio's message, on the logger of the module that defines the
 * handler: asyncio's logger would leave the migrated module naming
 * asyncio; both pass records on to the root logger. */
static const char *const logged_handler_lines[] = {
        "def _logged_handler(handler):",
        "\"\"\"handler, its error logged and its connection closed (serve() "
        "would",
        "raise it and stop serving).\"\"\"",
        "import logging",
        "",
        "async def handle(stream):",
        "\ttry:",
        "\t\tawait handler(stream)",
        "\texcept Exception as exc:",
        "\t\tlogging.getLogger(__name__).error(",
        "\t\t\t\"Unhandled exception in client_connected_cb\", "
        "exc_info=exc",
        "\t\t)",
        "\t\tawait stream.aclose()",
        "",
        "return handle",
        NULL,
};

static const helper helpers[] = {
        {AM_HELPER_STORE_RESULT, store_result_lines, NULL},
        {AM_HELPER_STORE_OUTCOME, store_outcome_lines, NULL},
        {AM_HELPER_START_WITH_RESULT, start_with_result_lines, NULL},
        {AM_HELPER_SEND_RESULT, send_result_lines, NULL},
        {AM_HELPER_FUTURE, future_lines, NULL},
        {AM_HELPER_PRIORITY_QUEUE, priority_queue_lines, ordered_queue_lines},
        {AM_HELPER_LIFO_QUEUE, lifo_queue_lines, ordered_queue_lines},
        {AM_HELPER_BUFFERED, buffered_stream_lines, NULL},
        {AM_HELPER_READLINE, readline_lines, NULL},
        {AM_HELPER_READ, read_lines, NULL},
        {AM_HELPER_LOGGED_HANDLER, logged_handler_lines, NULL},
};

_Static_assert(sizeof(helpers) / sizeof(helpers[0]) == AM_HELPERS,
               "AM_HELPERS counts helpers");
/* The outlook keeps one bit per free name (am_imports_free_name). */
_Static_assert(AM_IMPORTABLE_MODULES + AM_QUEUE_COMPAT_NAMES + AM_HELPERS <= 32,
               "the free names fit the outlook's bits");

/* Lines of a helper: the first of the definition unindented, the rest one
 * level in, and one more per leading tab. */
static void put_lines(am_strbuf *sb, const char *unit, const char *newline,
                      const char *const *lines, int first)
{
	for (const char *const *line = lines; *line; line++) {
		const char *text = *line;
		if (!(first && line == lines) && *text)
			am_strbuf_puts(sb, unit);
		for (; *text == '\t'; text++)
			am_strbuf_puts(sb, unit);
		am_strbuf_puts(sb, text);
		am_strbuf_puts(sb, newline);
	}
}

/* The definition of helpers[index] in the indent unit and newline given. */
static const char *helper_text(am_arena *arena, const char *unit,
                               const char *newline, size_t index)
{
	am_strbuf sb;
	am_strbuf_init(&sb, arena);
	put_lines(&sb, unit, newline, helpers[index].lines, 1);
	if (helpers[index].more)
		put_lines(&sb, unit, newline, helpers[index].more, 0);
	return am_strbuf_cstr(&sb);
}

const char *am_imports_helper_text(const am_context *ctx, const char *name)
{
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++)
		if (strcmp(helpers[i].name, name) == 0)
			return helper_text(ctx->arena, am_indent_unit(ctx),
			                   ctx->newline, i);
	return NULL;
}

/* The module-level function (without decorators) or class definition
 * named `name`, if any. */
static TSNode module_function(const am_context *ctx, const char *name)
{
	TSNode def = am_bind_definition(ctx->binder, 0, name, strlen(name), 0);
	if (!ts_node_is_null(def))
		return def;
	/* a class: the binder notes only functions */
	uint32_t count = ts_node_named_child_count(ctx->root);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(ctx->root, i);
		if (am_node_is(child, ctx->syntax->class_definition) &&
		    am_node_text_eq(
		            ctx->text,
		            am_node_field(child, ctx->syntax->field.name),
		            name))
			return child;
	}
	return am_null_node();
}

int am_imports_helper_available(const am_context *ctx, const char *name)
{
	int index = am_bind_lookup(ctx->binder, 0, name, strlen(name));
	if (index < 0)
		return 1;
	TSNode def = module_function(ctx, name);
	const char *text = am_imports_helper_text(ctx, name);
	if (ts_node_is_null(def) || !text)
		return 0;
	/* Ours if its text is the helper's, byte for byte (the helper's text
	 * ends with a newline the node does not cover). */
	uint32_t len;
	const char *have = am_node_text(ctx->text, def, &len);
	size_t want = strlen(text) - strlen(ctx->newline);
	const am_binding *bd = &ctx->binder->bindings.items[index];
	return bd->kind == AM_BINDING_OTHER && len == want &&
	       memcmp(have, text, want) == 0;
}

/* The free names, in am_imports_free_name_index order: the modules, the
 * drop-in queue's aliases, the helpers. */
const char *am_imports_free_name(int index)
{
	const size_t modules = sizeof(am_importable_modules) /
	                               sizeof(am_importable_modules[0]) -
	                       1;
	const size_t aliases = sizeof(am_queue_compat_names) /
	                               sizeof(am_queue_compat_names[0]) -
	                       1;
	size_t i = (size_t)index;
	if (index < 0)
		return NULL;
	if (i < modules)
		return am_importable_modules[i];
	if ((i -= modules) < aliases)
		return am_queue_compat_names[i].alias;
	if ((i -= aliases) < sizeof(helpers) / sizeof(helpers[0]))
		return helpers[i].name;
	return NULL;
}

int am_imports_free_name_index(const char *name, size_t len)
{
	const char *free_name;
	if (len == 0)
		return -1;
	/* Called for every name the code loads: the first byte first. */
	for (int i = 0; (free_name = am_imports_free_name(i)) != NULL; i++)
		if (free_name[0] == name[0] && strlen(free_name) == len &&
		    memcmp(free_name, name, len) == 0)
			return i;
	return -1;
}

/* A module name that code (or a string annotation, which
 * typing.get_type_hints() evaluates) loads but nothing binds (after the
 * pass's rewrites, when the importer runs in their pass). */
static int name_is_free(const am_context *ctx, const char *name)
{
	if (ctx->outlook)
		return am_outlook_is_free(ctx->outlook, name);
	return am_bind_loads_unbound(ctx->binder, name, strlen(name));
}

static int text_names(const char *text, size_t len, const char *name,
                      char after);

/* Whether a helper this pass adds uses `module` (`_Future` uses anyio)
 * where the module's scope does not bind it. */
static int helpers_need(am_context *ctx, const char *module)
{
	if (am_bind_lookup(ctx->binder, 0, module, strlen(module)) >= 0)
		return 0;
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		if (!name_is_free(ctx, helpers[i].name))
			continue;
		const char *text = am_imports_helper_text(ctx, helpers[i].name);
		if (text_names(text, strlen(text), module, '.'))
			return 1;
	}
	return 0;
}

/* "import anyio\nimport math\n" for the modules that are used but not
 * imported, by the code or by a helper added with them; "" when none are. */
static const char *needed_imports(am_context *ctx)
{
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	for (const char *const *m = am_importable_modules; *m; m++) {
		if (!name_is_free(ctx, *m) && !helpers_need(ctx, *m))
			continue;
		am_strbuf_printf(&sb, "import %s%s", *m, ctx->newline);
	}
	/* `from MODULE import Queue as AnyioQueue, ...` for the drop-in queue
	 */
	int first = 1;
	const char *module = ctx->options ? ctx->options->queue_compat : NULL;
	for (const am_queue_compat_name *n = am_queue_compat_names;
	     module && n->alias; n++) {
		if (!name_is_free(ctx, n->alias))
			continue;
		am_strbuf_printf(&sb, "%s%s as %s",
		                 first ? am_arena_printf(ctx->arena,
		                                         "from %s import ",
		                                         module)
		                       : ", ",
		                 n->asyncio_name, n->alias);
		first = 0;
	}
	if (!first)
		am_strbuf_puts(&sb, ctx->newline);
	return am_strbuf_cstr(&sb);
}

/* Whether an imported name is asyncio's and nothing uses it: no code, no
 * string annotation, no re-export (`__all__`, `import x as x`); after the
 * pass's rewrites when the importer runs in their pass. */
static int site_unused(const am_context *ctx, const am_import_site *s)
{
	const am_binder *b = ctx->binder;
	const am_binding *bd =
	        s->binding >= 0 ? &b->bindings.items[s->binding] : NULL;
	uint32_t uses = !bd            ? 0
	                : ctx->outlook ? ctx->outlook->uses[s->binding]
	                               : bd->uses + bd->string_uses;
	return (is_asyncio_qualname(s->qualname) ||
	        is_pytest_asyncio_qualname(s->qualname)) &&
	       bd && bd->kind == AM_BINDING_IMPORT && uses == 0 &&
	       !bd->exported;
}

/* Whose import a statement is, for messages: "pytest-asyncio" or
 * "asyncio". */
static const char *statement_module(const am_context *ctx, TSNode statement)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (ts_node_eq(s->statement, statement) &&
		    is_pytest_asyncio_qualname(s->qualname))
			return "pytest-asyncio";
	}
	return "asyncio";
}

/* Whether every name a statement imports is asyncio's and unused. Sets
 * *some when at least one of them is. */
static int statement_unused(const am_context *ctx, TSNode statement, int *some)
{
	const am_binder *b = ctx->binder;
	int all = 1;
	*some = 0;
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (!ts_node_eq(s->statement, statement))
			continue;
		if (site_unused(ctx, s))
			*some = 1;
		else
			all = 0;
	}
	return all;
}

/* The statement rebuilt without one item (`item`), or, when `item` is
 * null, without its unused asyncio names; NULL when it holds a comment
 * (rewriting it would drop the comment). */
static const char *statement_without(am_context *ctx, TSNode statement,
                                     TSNode item)
{
	const am_binder *b = ctx->binder;
	if (am_has_comment(ctx, statement))
		return NULL;
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	if (am_node_is(statement, ctx->syntax->import_from_statement)) {
		am_strbuf_puts(&sb, "from ");
		am_strbuf_node(&sb, ctx,
		               am_node_field(statement,
		                             ctx->syntax->field.module_name));
		am_strbuf_puts(&sb, " import ");
	} else {
		am_strbuf_puts(&sb, "import ");
	}
	int first = 1;
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (!ts_node_eq(s->statement, statement))
			continue;
		if (ts_node_is_null(item) ? site_unused(ctx, s)
		                          : ts_node_eq(s->item, item))
			continue;
		if (!first)
			am_strbuf_puts(&sb, ", ");
		am_strbuf_node(&sb, ctx, s->item);
		first = 0;
	}
	return am_strbuf_cstr(&sb);
}

int am_imports_drop_item(am_context *ctx, am_fix *fix, TSNode statement,
                         TSNode item)
{
	const am_binder *b = ctx->binder;
	size_t items = 0;
	for (size_t i = 0; i < b->imports.count; i++)
		if (ts_node_eq(b->imports.items[i].statement, statement))
			items++;
	if (items <= 1) {
		am_statement_remove(ctx, fix, statement, "");
		return 1;
	}
	const char *rest = statement_without(ctx, statement, item);
	if (!rest)
		return 0;
	am_fix_replace_node(fix, statement, rest);
	return 1;
}

int am_imports_name_available(const am_context *ctx, TSNode at,
                              const char *module)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(at));
	int index = am_bind_lookup(b, scope, module, strlen(module));
	if (index < 0)
		return 1;
	const am_binding *bd = &b->bindings.items[index];
	return bd->kind == AM_BINDING_IMPORT &&
	       strcmp(bd->qualname, module) == 0;
}

/* Where new module imports go: before the first top-level import, else
 * after the docstring and `from __future__` imports, else before the first
 * statement. */
static uint32_t insertion_point(const am_context *ctx, int *needs_newline)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t after_header = 0;
	int have_header = 0;
	uint32_t first_statement = UINT32_MAX;
	uint32_t import_at = UINT32_MAX;
	*needs_newline = 0;
	TSTreeCursor cursor = ts_tree_cursor_new(ctx->root);
	for (int more = ts_tree_cursor_goto_first_child(&cursor); more;
	     more = ts_tree_cursor_goto_next_sibling(&cursor)) {
		TSNode child = ts_tree_cursor_current_node(&cursor);
		TSSymbol s = ts_node_symbol(child);
		if (!ts_node_is_named(child) || s == sx->comment)
			continue;
		if (s == sx->import_statement ||
		    s == sx->import_from_statement) {
			import_at = ts_node_start_byte(child);
			break;
		}
		int docstring =
		        first_statement == UINT32_MAX &&
		        s == sx->expression_statement &&
		        ts_node_named_child_count(child) == 1 &&
		        am_node_is(ts_node_named_child(child, 0), sx->string);
		if (first_statement == UINT32_MAX)
			first_statement = ts_node_start_byte(child);
		if (docstring || s == sx->future_import_statement) {
			after_header = ts_node_end_byte(child);
			have_header = 1;
			continue;
		}
		break;
	}
	ts_tree_cursor_delete(&cursor);
	if (import_at != UINT32_MAX)
		return import_at;
	if (have_header) {
		const char *nl = memchr(ctx->text + after_header, '\n',
		                        ctx->len - after_header);
		if (nl)
			return (uint32_t)(nl - ctx->text) + 1;
		*needs_newline = 1;
		return ctx->len;
	}
	return first_statement == UINT32_MAX ? 0 : first_statement;
}

static void add_imports(am_context *ctx, const char *needed)
{
	int needs_newline;
	uint32_t at = insertion_point(ctx, &needs_newline);
	am_fix *fix = am_fix_new_range(ctx, at, at, NULL);
	if (!needs_newline) {
		am_fix_insert(fix, at, needed);
		return;
	}
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	am_strbuf_puts(&sb, ctx->newline);
	am_strbuf_puts(&sb, needed);
	am_fix_insert(fix, at, am_strbuf_cstr(&sb));
}

/* `pytestmark = ...`: a test module's marks, which belong with its
 * imports (helpers go after them). */
static int is_pytestmark(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	TSNode assignment = ts_node_named_child(statement, 0);
	if (!am_node_is(statement, sx->expression_statement) ||
	    !am_node_is(assignment, sx->assignment))
		return 0;
	TSNode left = am_node_field(assignment, sx->field.left);
	return am_node_is(left, sx->identifier) &&
	       am_node_text_eq(ctx->text, left, "pytestmark");
}

/* After the module's leading imports (and docstring, `from __future__`
 * imports, a `pytestmark` among them): the start of the line after the
 * last of them, or 0. */
uint32_t am_imports_after_leading(const am_context *ctx, int *needs_newline)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t end = 0;
	*needs_newline = 0;
	TSTreeCursor cursor = ts_tree_cursor_new(ctx->root);
	uint32_t i = 0; /* the child's index among the named ones */
	for (int more = ts_tree_cursor_goto_first_child(&cursor); more;
	     more = ts_tree_cursor_goto_next_sibling(&cursor)) {
		TSNode child = ts_tree_cursor_current_node(&cursor);
		if (!ts_node_is_named(child))
			continue;
		TSSymbol s = ts_node_symbol(child);
		int docstring =
		        i++ == 0 && s == sx->expression_statement &&
		        am_node_is(ts_node_named_child(child, 0), sx->string);
		if (s == sx->comment)
			continue;
		if (s != sx->import_statement &&
		    s != sx->import_from_statement &&
		    s != sx->future_import_statement && !docstring &&
		    !(end > 0 && is_pytestmark(ctx, child)))
			break;
		end = ts_node_end_byte(child);
	}
	ts_tree_cursor_delete(&cursor);
	if (end == 0)
		return 0;
	const char *nl = memchr(ctx->text + end, '\n', ctx->len - end);
	if (nl)
		return (uint32_t)(nl - ctx->text) + 1;
	*needs_newline = 1;
	return ctx->len;
}

static void add_helpers(am_context *ctx)
{
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		if (!name_is_free(ctx, helpers[i].name))
			continue;
		int needs_newline;
		uint32_t at = am_imports_after_leading(ctx, &needs_newline);
		am_strbuf sb;
		am_strbuf_init(&sb, ctx->arena);
		if (needs_newline)
			am_strbuf_puts(&sb, ctx->newline);
		if (at > 0) {
			am_strbuf_puts(&sb, ctx->newline);
			am_strbuf_puts(&sb, ctx->newline);
		}
		am_strbuf_puts(&sb,
		               am_imports_helper_text(ctx, helpers[i].name));
		if (at == 0) {
			am_strbuf_puts(&sb, ctx->newline);
			am_strbuf_puts(&sb, ctx->newline);
		}
		am_fix *fix = am_fix_new_range(ctx, at, at, NULL);
		am_fix_insert(fix, at, am_strbuf_cstr(&sb));
	}
}

/* `needed` without its final newline, to stand in a statement's place. */
static const char *as_statement_text(am_context *ctx, const char *needed)
{
	size_t len = strlen(needed) - strlen(ctx->newline);
	char *s = am_arena_strndup(ctx->arena, needed, len);
	return s ? s : "";
}

/* A block some of whose import statements go whole in this pass. */
typedef struct emptied_block {
	TSNode block;
	TSNode last;    /* the last of them */
	size_t removed; /* how many */
} emptied_block;

/* The import statements of the binder, each once, in source order. */
static int next_statement(const am_binder *b, size_t *i, TSNode *statement)
{
	for (; *i < b->imports.count; ++*i) {
		TSNode s = b->imports.items[*i].statement;
		if (*i == 0 ||
		    !ts_node_eq(b->imports.items[*i - 1].statement, s)) {
			*statement = s;
			++*i;
			return 1;
		}
	}
	return 0;
}

void am_imports_on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	const char *needed = needed_imports(ctx);
	AM_ARRAY(emptied_block) blocks = {0};
	/* The unused imports of a block all go in one pass (one per pass
	 * would make the passes grow with the block); when they are all
	 * the block holds, the last becomes `pass`. The module's never do. */
	TSNode statement;
	for (size_t i = 0; next_statement(b, &i, &statement);) {
		int some;
		TSNode block = am_parent(ctx, statement);
		if (!statement_unused(ctx, statement, &some) ||
		    !am_node_is(block, ctx->syntax->block))
			continue;
		size_t k = 0;
		while (k < blocks.count &&
		       !ts_node_eq(blocks.items[k].block, block))
			k++;
		emptied_block e = {block, statement, 0};
		if (k == blocks.count && !AM_ARRAY_PUSH(&blocks, e)) {
			ctx->pass->failed = 1;
			break;
		}
		blocks.items[k].last = statement;
		blocks.items[k].removed++;
	}
	for (size_t i = 0; next_statement(b, &i, &statement);) {
		int some;
		int all = statement_unused(ctx, statement, &some);
		if (!some)
			continue;
		if (!all) {
			TSNode none = am_null_node();
			const char *rest =
			        statement_without(ctx, statement, none);
			if (!rest)
				continue; /* the leftover rule reports it */
			am_fix *fix = am_fix_new(
			        ctx, statement, "unused %s import removed",
			        statement_module(ctx, statement));
			am_fix_replace_node(fix, statement, rest);
			continue;
		}
		int module_level = am_node_is(am_parent(ctx, statement),
		                              ctx->syntax->module);
		if (*needed && module_level) {
			am_fix *fix = am_fix_new(
			        ctx, statement,
			        "%s is no longer used here: its import makes "
			        "way "
			        "for %s",
			        statement_module(ctx, statement),
			        strcmp(statement_module(ctx, statement),
			               "asyncio") == 0
			                ? "anyio's"
			                : "the new imports");
			am_statement_remove(ctx, fix, statement,
			                    as_statement_text(ctx, needed));
			needed = "";
			continue;
		}
		const char *replacement = "";
		for (size_t k = 0; k < blocks.count; k++)
			if (ts_node_eq(blocks.items[k].last, statement) &&
			    blocks.items[k].removed ==
			            am_block_statement_count(
			                    ctx, blocks.items[k].block))
				replacement = "pass";
		am_fix *fix =
		        am_fix_new(ctx, statement,
		                   "%s is no longer used here: import removed",
		                   statement_module(ctx, statement));
		am_statement_remove(ctx, fix, statement, replacement);
	}
	AM_ARRAY_FREE(&blocks);
	if (*needed)
		add_imports(ctx, needed);
	add_helpers(ctx);
}

/* ---- what one fix needs, alone ------------------------------------------ */

static int imported_at_module_level(const am_binder *b, const char *name,
                                    const char *qualname)
{
	int index = am_bind_lookup(b, 0, name, strlen(name));
	if (index < 0)
		return 0;
	const am_binding *bd = &b->bindings.items[index];
	return bd->kind != AM_BINDING_IMPORT ||
	       strcmp(bd->qualname, qualname) == 0;
}

void am_imports_plan(am_context *ctx, am_import_plan *plan)
{
	const am_binder *b = ctx->binder;
	int needs_newline;
	memset(plan, 0, sizeof(*plan));
	plan->at = insertion_point(ctx, &needs_newline);
	plan->before = needs_newline ? ctx->newline : "";
	plan->newline = ctx->newline;
	for (size_t i = 0; i < AM_IMPORTABLE_MODULES; i++)
		plan->bound[i] = (unsigned char)imported_at_module_level(
		        b, am_importable_modules[i], am_importable_modules[i]);
	plan->queue_module = ctx->options ? ctx->options->queue_compat : NULL;
	for (size_t i = 0; plan->queue_module && i < AM_QUEUE_COMPAT_NAMES;
	     i++) {
		const am_queue_compat_name *n = &am_queue_compat_names[i];
		const char *qualname =
		        am_arena_printf(ctx->arena, "%s.%s", plan->queue_module,
		                        n->asyncio_name);
		plan->alias_bound[i] =
		        (unsigned char)(!qualname ||
		                        imported_at_module_level(b, n->alias,
		                                                 qualname));
	}
	/* Where the helpers go, and their indent unit; their text is made
	 * only for a fix that needs one (am_imports_helper_needed_by). */
	plan->helper_at = am_imports_after_leading(ctx, &needs_newline);
	plan->helper_needs_newline = needs_newline;
	plan->unit = am_indent_unit(ctx);
	for (size_t i = 0; i < AM_HELPERS; i++) {
		const char *name = helpers[i].name;
		plan->helper_free[i] =
		        am_bind_lookup(b, 0, name, strlen(name)) < 0;
	}
	plan->made = 1;
}

static int is_identifier_byte(char c)
{
	return c == '_' || (unsigned)((c | 32) - 'a') < 26u ||
	       (unsigned)(c - '0') < 10u || (unsigned char)c >= 0x80;
}

/* Whether `text` holds `name` followed by `after` (a character, or 0 for
 * any non-identifier one), with no identifier character before it. Each
 * fix's text is searched for every importable module and helper name:
 * memmem() jumps between candidates instead of comparing at every byte. */
static int text_names(const char *text, size_t len, const char *name,
                      char after)
{
	size_t n = strlen(name);
	const char *end = text + len;
	for (const char *p = text; p < end;) {
		const char *hit = memmem(p, (size_t)(end - p), name, n);
		if (!hit)
			return 0;
		p = hit + 1;
		if (hit > text &&
		    (is_identifier_byte(hit[-1]) || hit[-1] == '.'))
			continue;
		if (after && hit + n == end)
			return 0;
		char next = hit + n < end ? hit[n] : '\0';
		if (after ? next == after : !is_identifier_byte(next))
			return 1;
	}
	return 0;
}

int am_imports_text_uses(const char *text, size_t len, const char *name)
{
	return text_names(text, len, name, '.');
}

const char *am_imports_needed_by(const am_import_plan *plan, am_arena *arena,
                                 const char *text, size_t len)
{
	am_strbuf sb;
	am_strbuf_init(&sb, arena);
	for (size_t i = 0; i < AM_IMPORTABLE_MODULES; i++)
		if (!plan->bound[i] &&
		    am_imports_text_uses(text, len, am_importable_modules[i]))
			am_strbuf_printf(&sb, "import %s%s",
			                 am_importable_modules[i],
			                 plan->newline);
	int first = 1;
	for (size_t i = 0; plan->queue_module && i < AM_QUEUE_COMPAT_NAMES;
	     i++) {
		const am_queue_compat_name *n = &am_queue_compat_names[i];
		if (plan->alias_bound[i] || !text_names(text, len, n->alias, 0))
			continue;
		if (first)
			am_strbuf_printf(&sb, "from %s import ",
			                 plan->queue_module);
		am_strbuf_printf(&sb, "%s%s as %s", first ? "" : ", ",
		                 n->asyncio_name, n->alias);
		first = 0;
	}
	if (!first)
		am_strbuf_puts(&sb, plan->newline);
	if (sb.len == 0)
		return "";
	am_strbuf out;
	am_strbuf_init(&out, arena);
	am_strbuf_puts(&out, plan->before);
	am_strbuf_append(&out, sb.data, sb.len);
	return am_strbuf_cstr(&out);
}

const char *am_imports_helper_needed_by(const am_import_plan *plan,
                                        am_arena *arena, const char *text,
                                        size_t len)
{
	am_strbuf sb;
	am_strbuf_init(&sb, arena);
	for (size_t i = 0; i < AM_HELPERS; i++) {
		if (!plan->helper_free[i] ||
		    !text_names(text, len, helpers[i].name, 0))
			continue;
		/* blank lines between it and the imports, or the code */
		if (plan->helper_needs_newline)
			am_strbuf_puts(&sb, plan->newline);
		if (plan->helper_at > 0) {
			am_strbuf_puts(&sb, plan->newline);
			am_strbuf_puts(&sb, plan->newline);
		}
		am_strbuf_puts(
		        &sb, helper_text(arena, plan->unit, plan->newline, i));
		if (plan->helper_at == 0) {
			am_strbuf_puts(&sb, plan->newline);
			am_strbuf_puts(&sb, plan->newline);
		}
	}
	return sb.len ? am_strbuf_cstr(&sb) : NULL;
}
