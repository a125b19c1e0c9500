/* The `anyio_backend` fixture of the conftest.py at the root of the tests:
 * the backends anyio's plugin runs the marked tests on. Written where the
 * conftest.py has none; one this tool wrote changes backends only when they
 * are asked for (so that a run without them keeps the ones chosen). */
#include "imports.h"
#include "pytest.h"

#include <string.h>

/* The fixture's text for `backends` ("asyncio", "asyncio,trio"). */
static const char *fixture_text(am_context *ctx, const char *backends)
{
	const char *nl = ctx->newline, *in = am_indent_unit(ctx);
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	if (!strchr(backends, ',')) {
		am_strbuf_printf(&sb, "@pytest.fixture(scope=\"session\")%s",
		                 nl);
		am_strbuf_printf(&sb, "def anyio_backend():%s", nl);
		am_strbuf_printf(
		        &sb,
		        "%s\"\"\"The backend anyio's pytest plugin runs "
		        "the tests on.\"\"\"%s",
		        in, nl);
		am_strbuf_printf(&sb, "%sreturn \"%s\"", in, backends);
		return am_strbuf_cstr(&sb);
	}
	am_strbuf_puts(&sb, "@pytest.fixture(scope=\"session\", params=[");
	for (const char *p = backends; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		am_strbuf_printf(&sb, "%s\"%.*s\"", p == backends ? "" : ", ",
		                 (int)len, p);
		p += len + (comma ? 1 : 0);
	}
	am_strbuf_printf(&sb, "])%s", nl);
	am_strbuf_printf(&sb, "def anyio_backend(request):%s", nl);
	am_strbuf_printf(&sb,
	                 "%s\"\"\"The backends anyio's pytest plugin runs the "
	                 "tests on.\"\"\"%s",
	                 in, nl);
	am_strbuf_printf(&sb, "%sreturn request.param", in);
	return am_strbuf_cstr(&sb);
}

/* The module-level definition of `anyio_backend` (with its decorators), or
 * a null node. */
static TSNode backend_definition(const am_context *ctx)
{
	const am_syntax *sx = ctx->syntax;
	uint32_t count = ts_node_named_child_count(ctx->root);
	for (uint32_t i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(ctx->root, i);
		TSNode d = am_node_is(s, sx->decorated_definition)
		                   ? am_node_field(s, sx->field.definition)
		                   : s;
		if (am_node_is(d, sx->function_definition) &&
		    am_node_text_eq(ctx->text, am_node_field(d, sx->field.name),
		                    "anyio_backend"))
			return s;
	}
	return am_null_node();
}

/* Whether `node` is one of the fixtures this tool writes. */
static int written_here(am_context *ctx, TSNode node)
{
	static const char *const forms[] = {"asyncio", "trio", "asyncio,trio",
	                                    NULL};
	for (const char *const *f = forms; *f; f++)
		if (am_node_text_eq(ctx->text, node, fixture_text(ctx, *f)))
			return 1;
	return 0;
}

static const char *backends_said(const char *backends)
{
	return strchr(backends, ',') ? "on each of its backends"
	                             : "on that backend";
}

void am_pytest_backend_fixture(am_context *ctx)
{
	const char *backends = ctx->options->anyio_backends;
	const char *wanted = fixture_text(ctx, backends);
	TSNode existing = backend_definition(ctx);
	if (!ts_node_is_null(existing)) {
		if (!ctx->options->anyio_backends_asked ||
		    am_node_text_eq(ctx->text, existing, wanted) ||
		    !written_here(ctx, existing))
			return;
		am_fix *fix = am_fix_new(ctx, existing,
		                         "the `anyio_backend` fixture now "
		                         "returns %s: the marked tests run %s",
		                         backends, backends_said(backends));
		am_fix_replace_node(fix, existing, wanted);
		return;
	}
	if (!am_imports_name_available(ctx, ctx->root, "pytest")) {
		am_flag_range(ctx, 0, 0,
		              "no `anyio_backend` fixture written: `pytest` "
		              "names something else in this conftest.py");
		return;
	}
	/* After the last statement; in a file of none, with its import (the
	 * importer's place would be the same spot). */
	uint32_t count = ts_node_named_child_count(ctx->root);
	uint32_t at = ctx->len, end = 0;
	for (uint32_t i = count; i-- > 0;) {
		TSNode s = ts_node_named_child(ctx->root, i);
		if (!am_node_is(s, ctx->syntax->comment)) {
			end = ts_node_end_byte(s);
			break;
		}
	}
	am_strbuf sb;
	am_strbuf_init(&sb, ctx->arena);
	if (ctx->len > 0 && ctx->text[ctx->len - 1] != '\n')
		am_strbuf_puts(&sb, ctx->newline);
	if (end == 0)
		am_strbuf_printf(&sb, "%simport pytest%s%s%s",
		                 ctx->len > 0 ? ctx->newline : "", ctx->newline,
		                 ctx->newline, ctx->newline);
	else
		am_strbuf_printf(&sb, "%s%s", ctx->newline, ctx->newline);
	am_strbuf_puts(&sb, wanted);
	am_strbuf_puts(&sb, ctx->newline);
	am_fix *fix = am_fix_new_range(ctx, at, at,
	                               "an `anyio_backend` fixture: the marked "
	                               "tests run on %s",
	                               backends);
	am_fix_insert(fix, at, am_strbuf_cstr(&sb));
}
