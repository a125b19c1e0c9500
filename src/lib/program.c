/* Whether a module runs itself (see program.h). */
#include "program.h"

#include <string.h>

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

int am_module_runs_itself(const am_context *ctx)
{
	int runs = 0;
	am_children c;
	am_children_init(&c, ctx->root);
	for (TSNode statement; !runs && am_children_next(&c, &statement);)
		runs = runs_program(ctx, statement) ||
		       main_guard_runs(ctx, statement);
	am_children_release(&c);
	return runs;
}
