/* ANY302 queue-compat: queues the stream rewrite cannot follow -> the drop-in
 * queue module named by the `queue_compat` option */
#include "imports.h"
#include "rule.h"

#include <string.h>

/* Whether `alias` at `at` would reach the drop-in import: nothing binds it,
 * or it is that very import. */
static int alias_available(const am_context *ctx, TSNode at,
                           const am_queue_compat_name *n)
{
	const am_binder *b = ctx->binder;
	int index =
	        am_bind_lookup(b, am_bind_scope_at(b, ts_node_start_byte(at)),
	                       n->alias, strlen(n->alias));
	if (index < 0)
		return 1;
	const am_binding *bd = &b->bindings.items[index];
	const char *want =
	        am_arena_printf(ctx->arena, "%s.%s", ctx->options->queue_compat,
	                        n->asyncio_name);
	return bd->kind == AM_BINDING_IMPORT && want &&
	       strcmp(bd->qualname, want) == 0;
}

static void on_pass(am_context *ctx)
{
	if (!ctx->options || !ctx->options->queue_compat)
		return;
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		const am_queue_compat_name *n =
		        am_queue_compat_name_for(ref->qualname);
		if (!n || ref->ambiguous)
			continue;
		if (!alias_available(ctx, ref->node, n)) {
			am_flag(ctx, ref->node,
			        "`asyncio.%s` left as is: the name `%s` the "
			        "drop-in "
			        "queue would use means something else here",
			        n->asyncio_name, n->alias);
			continue;
		}
		am_fix *fix =
		        am_fix_new(ctx, ref->node,
		                   "`asyncio.%s` becomes the drop-in `%s` of "
		                   "`%s`",
		                   n->asyncio_name, n->asyncio_name,
		                   ctx->options->queue_compat);
		am_fix_replace_node(fix, ref->node, n->alias);
	}
}

const am_rule am_rule_queue_compat = {
        .code = "ANY302",
        .name = "queue-compat",
        .summary = "With `--queue-compat MODULE`: queues the stream rewrite "
                   "cannot follow use MODULE's drop-in `Queue`",
        .doc = "## What it does\n"
               "Only with the `--queue-compat MODULE` option (`queue-compat` "
               "in the configuration). Once the stream rewrite (ANY301) has "
               "rewritten every queue it can follow, every `asyncio.Queue`, "
               "`LifoQueue`, `PriorityQueue`, `QueueEmpty` and `QueueFull` "
               "left — created and returned to a framework, stored in a "
               "dict, handed to another module, subclassed, annotated — "
               "becomes the class of the same name from MODULE, imported as "
               "`from MODULE import Queue as AnyioQueue` (and so on), with "
               "the same constructor arguments. `--write-queue-compat PATH` "
               "writes MODULE: a small asyncio.Queue-compatible module built "
               "on anyio's primitives only.\n\n"
               "## Why\n"
               "Queues that leave the file cannot become a pair of streams "
               "without changing every module that touches them. The "
               "drop-in class has asyncio.Queue's whole interface "
               "(`task_done`, `join`, `qsize`, `maxsize`, LIFO and "
               "priority variants) and works on every anyio backend, so "
               "those modules need no change.\n\n"
               "## Example\n"
               "```python\ndef make_worker():\n"
               "    return handler, asyncio.Queue(32)\n```\n\n"
               "## Use instead\n"
               "```python\nfrom myapp.aqueue import Queue as AnyioQueue\n\n"
               "def make_worker():\n    return handler, AnyioQueue(32)\n"
               "```\n\n"
               "## When it flags instead\n"
               "When the alias (`AnyioQueue`, ...) already means something "
               "else where the queue is used, or the name `asyncio` is bound "
               "in more than one way there.\n\n"
               "## Fix safety\n"
               "Unsafe, when getters are cancelled and for handlers in other "
               "modules.\n"
               "The drop-in queue's `put()`/`get()` do not yield when they "
               "need not wait, as asyncio's; a `get()` cancelled while it "
               "waits takes no item. When a woken getter is cancelled before "
               "it runs, anyio delivers the cancellation at its next "
               "checkpoint, so that getter keeps the item where asyncio "
               "would pass it to the next getter. Its exceptions are its "
               "own classes: code in other modules that catches "
               "`asyncio.QueueEmpty` from such a queue must be migrated too "
               "(running the tool over the whole tree with the same option "
               "does that).\n"
               "\n"
               "## Migrating by hand\n"
               "Nothing: the drop-in module (written by "
               "`--write-queue-compat PATH`) keeps asyncio's queue API on "
               "anyio. To move to memory object streams later, see ANY301.\n",
        .fix_kind = AM_RULE_FIXES,
        .safety = AM_RULE_UNSAFE,
        .on_pass = on_pass,
        .stage = AM_STAGE_FALLBACK,
};
