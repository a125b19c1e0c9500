/* A client connection's TLS arguments. asyncio reads an end of file
 * without close_notify as the end of the stream; so does anyio's
 * TLSStream with `tls_standard_compatible=False` (with True its reads
 * raise `anyio.BrokenResourceError` there). */
#include "tls.h"

#include "statement.h"

#include <string.h>

int am_stream_tls_keyword(const am_context *ctx, TSNode key)
{
	return am_node_text_eq(ctx->text, key, "ssl") ||
	       am_node_text_eq(ctx->text, key, "server_hostname");
}

/* A call to one of the two functions that make an `ssl.SSLContext`. */
static int makes_context(const am_context *ctx, TSNode value)
{
	if (!am_node_is(value, ctx->syntax->call))
		return 0;
	const char *callee = am_bind_resolve(
	        ctx->binder, am_node_field(value, ctx->syntax->field.function));
	return callee && (strcmp(callee, "ssl.create_default_context") == 0 ||
	                  strcmp(callee, "ssl.SSLContext") == 0);
}

/* Whether `value` is an `ssl.SSLContext`: made there, or in a local name
 * of the function bound once, by `name = <a call making one>`. Any other
 * value may be `True`, which `ssl_context=` does not take. */
static int is_context(const am_context *ctx, TSNode value)
{
	const am_syntax *sx = ctx->syntax;
	if (makes_context(ctx, value))
		return 1;
	if (!am_node_is(value, sx->identifier) ||
	    !am_stream_local_once(ctx, value))
		return 0;
	TSNode store;
	am_stores_in_function(ctx, value, &store);
	TSNode assignment = am_parent(ctx, store);
	return am_node_is(assignment, sx->assignment) &&
	       am_node_is_field(assignment, sx->field.left, store) &&
	       makes_context(ctx, am_node_field(assignment, sx->field.right));
}

/* A string literal, not bytes, not empty, no interpolation: asyncio
 * checks no host name when it is "", anyio then checks the host's. */
static int is_host_name(const am_context *ctx, TSNode value)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(value, sx->string) || ts_node_child_count(value) != 3 ||
	    !am_node_is(ts_node_child(value, 1), sx->string_content))
		return 0;
	uint32_t len;
	const char *start =
	        am_node_text(ctx->text, ts_node_child(value, 0), &len);
	return !memchr(start, 'b', len) && !memchr(start, 'B', len);
}

const char *am_stream_read_tls(am_context *ctx, am_stream *c)
{
	c->ssl = am_call_keyword(ctx, &c->args, "ssl");
	c->hostname = am_call_keyword(ctx, &c->args, "server_hostname");
	if (!ts_node_is_null(c->ssl) &&
	    !am_node_text_eq(ctx->text, c->ssl, "True") &&
	    !is_context(ctx, c->ssl))
		return "`ssl=` is neither `True` nor an `ssl.SSLContext` "
		       "made in the function";
	if (ts_node_is_null(c->hostname))
		return NULL;
	if (ts_node_is_null(c->ssl))
		return "`server_hostname=` is given without `ssl=`";
	if (!is_host_name(ctx, c->hostname))
		return "`server_hostname=` is not a string literal with a "
		       "name";
	return NULL;
}

void am_stream_fix_tls(am_context *ctx, am_fix *fix, const am_stream *c)
{
	if (ts_node_is_null(c->ssl))
		return;
	const am_syntax *sx = ctx->syntax;
	TSNode keyword = am_parent(ctx, c->ssl);
	int flag = am_node_text_eq(ctx->text, c->ssl, "True");
	am_fix_replace_node(fix, am_node_field(keyword, sx->field.name),
	                    flag ? "tls" : "ssl_context");
	am_fix_insert(fix, ts_node_end_byte(keyword),
	              ", tls_standard_compatible=False");
	if (!ts_node_is_null(c->hostname))
		am_fix_replace_node(fix,
		                    am_node_field(am_parent(ctx, c->hostname),
		                                  sx->field.name),
		                    "tls_hostname");
}
