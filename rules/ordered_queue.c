/* ANY303 ordered-queue: asyncio.PriorityQueue / LifoQueue -> the module's
 * `_PriorityQueue` / `_LifoQueue` helper, asyncio's queue on anyio.Event */
#include "imports.h"
#include "rule.h"

#include <string.h>

typedef struct ordered_kind {
	const char *member; /* "PriorityQueue" */
	const char *helper; /* "_PriorityQueue" */
} ordered_kind;

static const ordered_kind kinds[] = {
        {"PriorityQueue", AM_HELPER_PRIORITY_QUEUE},
        {"LifoQueue", AM_HELPER_LIFO_QUEUE},
};
#define KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The asyncio queue member a qualname names ("Queue", "QueueEmpty"), or
 * NULL: `asyncio.X` or `asyncio.queues.X`. */
static const char *queue_member(const char *qualname)
{
	if (strncmp(qualname, "asyncio.queues.", 15) == 0)
		return qualname + 15;
	if (strncmp(qualname, "asyncio.", 8) == 0)
		return qualname + 8;
	return NULL;
}

static int kind_of(const char *member)
{
	for (size_t k = 0; member && k < KINDS; k++)
		if (strcmp(member, kinds[k].member) == 0)
			return (int)k;
	return -1;
}

static int kind_of_ref(const am_reference *ref)
{
	return ref->ambiguous ? -1 : kind_of(queue_member(ref->qualname));
}

/* `asyncio.PriorityQueue()` / `(maxsize)` / `(maxsize=n)`. */
static int plain_creation(const am_context *ctx, TSNode call)
{
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.has_star || args.has_kwsplat || args.too_many ||
	    args.generator || args.positional_count + args.keyword_count > 1)
		return 0;
	return args.keyword_count == 0 ||
	       !ts_node_is_null(am_call_keyword(ctx, &args, "maxsize"));
}

/* The references to asyncio, in code then in string annotations, as one
 * list: the i-th, or NULL past the last. */
static const am_reference *reference(const am_binder *b, size_t i)
{
	if (i < b->asyncio_refs.count)
		return &b->asyncio_refs.items[i];
	i -= b->asyncio_refs.count;
	return i < b->string_refs.count ? &b->string_refs.items[i] : NULL;
}

/* How a reference is used: 1 a creation the helper takes as is, 2 an
 * annotation (in a string too), 0 anything else (isinstance, a base class,
 * a value passed on). */
static int use_of(const am_context *ctx, const am_reference *ref)
{
	const am_syntax *sx = ctx->syntax;
	/* `asyncio.PriorityQueue[int]`, made or annotated: the helper takes
	 * a type argument and ignores it */
	TSNode callee = ref->node, parent = am_parent(ctx, ref->node);
	if (am_node_is(parent, sx->subscript) &&
	    am_node_is_field(parent, sx->field.value, ref->node))
		callee = parent;
	TSNode call = am_callee_call(ctx, callee);
	if (!ts_node_is_null(call))
		return plain_creation(ctx, call) ? 1 : 0;
	return ref->annotation ? 2 : 0;
}

/* Why no ordered queue of this file may become a helper, or NULL: the file
 * catches or names what only asyncio's queues raise, or asks whether
 * something is an asyncio queue. */
static const char *file_refusal(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	const am_reference *ref;
	for (size_t i = 0; (ref = reference(b, i)) != NULL; i++) {
		const char *member = queue_member(ref->qualname);
		if (ref->ambiguous || !member)
			continue;
		if (strcmp(member, "QueueEmpty") == 0 ||
		    strcmp(member, "QueueFull") == 0 ||
		    strcmp(member, "QueueShutDown") == 0)
			return am_arena_printf(
			        ctx->arena,
			        "line %u names `asyncio.%s`, and the helper "
			        "raises `anyio.WouldBlock`",
			        am_node_line(ctx, ref->node), member);
		if (strcmp(member, "Queue") == 0 && !use_of(ctx, ref))
			return am_arena_printf(
			        ctx->arena,
			        "line %u uses `asyncio.Queue` other than to "
			        "make "
			        "or annotate a queue (an isinstance() check, a "
			        "base class), and the helper is not one",
			        am_node_line(ctx, ref->node));
	}
	return NULL;
}

/* Why this kind's references may not become the helper, or NULL. */
static const char *kind_refusal(am_context *ctx, int kind)
{
	const am_binder *b = ctx->binder;
	const char *helper = kinds[kind].helper;
	if (!am_imports_helper_available(ctx, helper))
		return am_arena_printf(
		        ctx->arena, "the module binds `%s`, the helper's name",
		        helper);
	if (!am_imports_name_available(ctx, ctx->root, "anyio") ||
	    (kind == 0 && !am_imports_name_available(ctx, ctx->root, "heapq")))
		return "the module binds `anyio` or `heapq` to something else";
	const am_reference *ref;
	for (size_t i = 0; (ref = reference(b, i)) != NULL; i++) {
		if (kind_of_ref(ref) != kind || use_of(ctx, ref))
			continue;
		return am_arena_printf(
		        ctx->arena,
		        "line %u uses it other than to make a queue (with "
		        "maxsize only) or in an annotation",
		        am_node_line(ctx, ref->node));
	}
	return NULL;
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	if (ctx->options && ctx->options->queue_compat)
		return; /* the drop-in module's classes take them (ANY302) */
	const char *why[KINDS] = {NULL, NULL};
	int seen[KINDS] = {0, 0};
	const am_reference *ref;
	for (size_t i = 0; (ref = reference(b, i)) != NULL; i++) {
		int kind = kind_of_ref(ref);
		if (kind >= 0)
			seen[kind] = 1;
	}
	if (!seen[0] && !seen[1])
		return;
	const char *all = file_refusal(ctx);
	for (size_t k = 0; k < KINDS; k++)
		if (seen[k])
			why[k] = all ? all : kind_refusal(ctx, (int)k);
	for (size_t i = 0; (ref = reference(b, i)) != NULL; i++) {
		int kind = kind_of_ref(ref);
		if (kind < 0)
			continue;
		if (why[kind]) {
			am_flag(ctx, ref->node, "`asyncio.%s` left as is: %s",
			        kinds[kind].member, why[kind]);
			continue;
		}
		am_fix *fix =
		        am_fix_new(ctx, ref->node,
		                   "`asyncio.%s` becomes the module's "
		                   "`%s`",
		                   kinds[kind].member, kinds[kind].helper);
		am_fix_replace_node(fix, ref->node, kinds[kind].helper);
	}
}

const am_rule am_rule_ordered_queue = {
        .code = "ANY303",
        .name = "ordered-queue",
        .summary = "`asyncio.PriorityQueue`/`LifoQueue` → a helper class "
                   "written once in the module, with asyncio's interface",
        .doc = "## What it does\n"
               "Rewrites every `asyncio.PriorityQueue` and "
               "`asyncio.LifoQueue` of a module — each creation, "
               "`asyncio.PriorityQueue()` or `(maxsize)`, and each "
               "annotation, in a string too, with a type argument or not "
               "(`asyncio.PriorityQueue[int]`: the helper's "
               "`__class_getitem__` gives the class) — to `_PriorityQueue` "
               "or `_LifoQueue`, a class "
               "the module gets once, after its imports. The class has "
               "asyncio's queue interface (`put`, `get`, `put_nowait`, "
               "`get_nowait`, `qsize`, `empty`, `full`, `maxsize`, "
               "`task_done`, `join`) and asyncio's algorithm, built on "
               "`anyio.Event`: `put()` and `get()` wait only while the "
               "queue is full or empty, waiters are served first come, "
               "first served, and a cancelled waiter takes no item and adds "
               "none. The priority queue keeps a heap (`heapq`), the LIFO "
               "queue a list. Each waiter has its own `anyio.Event` rather "
               "than sharing an `anyio.Condition`: a condition is notified "
               "only with its lock held, which the synchronous "
               "`put_nowait()` and `get_nowait()` cannot take.\n\n"
               "Without `--queue-compat`. With it, the drop-in module's "
               "classes take these queues (ANY302).\n\n"
               "## Why\n"
               "Memory object streams deliver items in the order they are "
               "sent, so the stream rewrite (ANY301) cannot take a priority "
               "or LIFO queue. The helper keeps the queue one object with "
               "the same methods, so its uses need no change wherever it "
               "goes, and it runs on every anyio backend.\n\n"
               "## Example\n"
               "```python\n"
               "async def main():\n"
               "    jobs = asyncio.PriorityQueue()\n"
               "    for job in [(2, \"b\"), (1, \"a\")]:\n"
               "        jobs.put_nowait(job)\n"
               "    print(await jobs.get())\n"
               "```\n\n"
               "## Use instead\n"
               "```python\n"
               "async def main():\n"
               "    jobs = _PriorityQueue()\n"
               "    for job in [(2, \"b\"), (1, \"a\")]:\n"
               "        jobs.put_nowait(job)\n"
               "    print(await jobs.get())\n"
               "```\n"
               "(with `class _PriorityQueue:` defined after the imports).\n\n"
               "## When it flags instead\n"
               "Every `asyncio.PriorityQueue` (or `LifoQueue`) of the module "
               "stays, flagged, when one of them:\n"
               "- is used other than to make a queue or in a plain "
               "annotation: `isinstance(q, asyncio.PriorityQueue)`, a base "
               "class, the class passed on as a value, or a creation "
               "with other arguments than `maxsize` (`loop=`);\n"
               "- would need a name the module binds to something else "
               "(`_PriorityQueue`, `anyio`, `heapq`).\n\n"
               "Both kinds stay when the module names `asyncio.QueueEmpty`, "
               "`QueueFull` or `QueueShutDown` (the helper raises "
               "`anyio.WouldBlock`), or uses `asyncio.Queue` other than to "
               "make or annotate a queue (`isinstance(q, asyncio.Queue)` "
               "is true of asyncio's ordered queues, not of the helpers).\n\n"
               "## Fix safety\n"
               "Unsafe, for what other modules may do with the queue:\n"
               "- `put_nowait()` on a full queue and `get_nowait()` on an "
               "empty one raise `anyio.WouldBlock`, not "
               "`asyncio.QueueFull`/`QueueEmpty`: a module that catches "
               "those around the queue it is given no longer does;\n"
               "- the queue is no `asyncio.Queue`: `isinstance()` in "
               "another module answers no;\n"
               "- asyncio's private attributes are not all there "
               "(`_queue` is, a list in both).\n\n"
               "Within the module the helper behaves as asyncio's queue; "
               "under trio, tasks woken together may run in another order "
               "than asyncio's, as with any anyio program.\n"
               "\n"
               "## Migrating by hand\n"
               "Keep a heap (`heapq`) or a list, with an `anyio.Event` per "
               "waiting task set by the next `put` or `get`, as the helper "
               "does; or keep asyncio's queue interface for queues shared "
               "with other modules: `--queue-compat MODULE` (with "
               "`--write-queue-compat PATH` to write MODULE). Catch "
               "`anyio.WouldBlock` where `asyncio.QueueEmpty`/`QueueFull` "
               "were caught.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .on_pass = on_pass,
};
