/* The loop a program picks before it starts: an event loop policy, or
 * `uvloop.install()`. Never rewritten (the policy applies to every loop the
 * process makes); flagged with the option of `anyio.run()` that picks the
 * same loop on the asyncio backend. */
#include "policy.h"

#include <string.h>

/* What the argument of `asyncio.set_event_loop_policy()` makes: the
 * qualified name of the class a call of it instantiates, or NULL. */
static const char *policy_class(am_context *ctx, TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	if (args.positional_count != 1 || args.keyword_count ||
	    !am_node_is(args.positional[0], sx->call))
		return NULL;
	return am_bind_resolve(ctx->binder, am_node_field(args.positional[0],
	                                                  sx->field.function));
}

void am_event_loop_on_policy(am_context *ctx, const am_call *call)
{
	const char *policy = policy_class(ctx, call->node);
	const char *option = "backend_options={\"loop_factory\": ...}";
	if (policy && strcmp(policy, "uvloop.EventLoopPolicy") == 0)
		option = "backend_options={\"use_uvloop\": True}";
	else if (policy &&
	         strcmp(policy, "asyncio.WindowsSelectorEventLoopPolicy") == 0)
		option = "backend_options={\"loop_factory\": "
		         "asyncio.SelectorEventLoop}";
	am_flag(ctx, call->callee,
	        "`asyncio.set_event_loop_policy()` left as is: pick the loop "
	        "with `anyio.run(main, %s)`",
	        option);
}

void am_event_loop_on_install(am_context *ctx, const am_call *call)
{
	const char *q = am_bind_resolve(ctx->binder, call->callee);
	if (!q || strcmp(q, "uvloop.install") != 0)
		return;
	am_flag(ctx, call->callee,
	        "`uvloop.install()` left as is: pick uvloop with "
	        "`anyio.run(main, backend_options={\"use_uvloop\": True})`");
}
