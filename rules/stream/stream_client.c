/* ANY214 stream-client: `reader, writer = await asyncio.open_connection()`
 * used only in its function -> one anyio byte stream and a buffered
 * receive stream on it. */
#include "imports.h"
#include "rule.h"
#include "statement.h"
#include "tls.h"
#include "uses.h"

#include <string.h>

typedef am_stream connection;

/* `reader, writer = await asyncio.open_connection(...)`, both names
 * locals bound there only; or a reason to flag. */
static const char *read_target(am_context *ctx, connection *c)
{
	const am_syntax *sx = ctx->syntax;
	TSNode left = am_null_node();
	c->statement = am_stream_awaited_assignment(ctx, c->call, &left);
	if (ts_node_is_null(c->statement))
		return "it is not awaited alone as the value of an assignment";
	if (!(am_node_is(left, sx->pattern_list) ||
	      am_node_is(left, sx->tuple_pattern)) ||
	    ts_node_named_child_count(left) != 2)
		return "the reader and writer are not assigned to two names";
	c->reader = ts_node_named_child(left, 0);
	c->writer = ts_node_named_child(left, 1);
	if (!am_node_is(c->reader, sx->identifier) ||
	    !am_node_is(c->writer, sx->identifier) ||
	    am_same_name(ctx, c->reader, c->writer) ||
	    !am_stream_local_once(ctx, c->reader) ||
	    !am_stream_local_once(ctx, c->writer))
		return "the reader or writer is kept other than in a local "
		       "name bound once";
	return NULL;
}

/* Positional arguments, or host=/port= (path=), limit=, and for TCP ssl=
 * and server_hostname=: the rest is not mapped. */
static const char *read_arguments(am_context *ctx, connection *c)
{
	static const char *const unmapped =
	        "it has arguments this rule cannot map";
	am_call_args *a = &c->args;
	am_call_args_read(ctx, c->call, a);
	if (a->generator || a->too_many || a->has_kwsplat)
		return unmapped;
	const char *why = am_stream_unmapped_keyword(ctx, a, c->unix_socket,
	                                             !c->unix_socket);
	/* `*address`: a host and a port in the same places */
	if (a->has_star && (c->unix_socket || a->positional_count != 1 || why))
		return unmapped;
	if (!why && !c->unix_socket)
		why = am_stream_read_tls(ctx, c);
	if (!why)
		why = am_stream_read_limit(ctx, a, c);
	if (why)
		return why;
	size_t mapped = !ts_node_is_null(c->ssl) +
	                !ts_node_is_null(c->hostname) + (c->limit != NULL);
	if (a->has_star)
		return a->keyword_count == mapped ? NULL : unmapped;
	size_t given = a->positional_count + a->keyword_count - mapped;
	if (given != (c->unix_socket ? 1u : 2u))
		return c->unix_socket ? "it is not given one path"
		                      : "it is not given a host and a port";
	return NULL;
}

static void fix_connection(am_context *ctx, const connection *c)
{
	const am_syntax *sx = ctx->syntax;
	const char *target = c->unix_socket ? "connect_unix" : "connect_tcp";
	am_fix *fix = am_fix_new(ctx, c->callee,
	                         "`asyncio.%s()` becomes `anyio.%s()`, its "
	                         "reader a buffered stream on it",
	                         c->function, target);
	am_fix_unsafe(fix); /* errors, limits and partial reads: Fix safety */
	am_fix_replace_node(fix, c->callee,
	                    am_arena_printf(ctx->arena, "anyio.%s", target));
	for (size_t i = 0; i < c->args.keyword_count; i++) {
		TSNode key = am_node_field(c->args.keywords[i], sx->field.name);
		if (!c->unix_socket && !am_stream_tls_keyword(ctx, key) &&
		    !ts_node_eq(c->args.keywords[i], c->limit_keyword))
			am_fix_replace_node(fix, key,
			                    am_arena_printf(ctx->arena,
			                                    "remote_%s",
			                                    am_text(ctx, key)));
	}
	TSNode assignment = ts_node_named_child(c->statement, 0);
	const char *writer = am_text(ctx, c->writer);
	am_fix_replace_node(fix, am_node_field(assignment, sx->field.left),
	                    writer);
	uint32_t start = ts_node_start_byte(c->statement);
	am_fix_insert(fix, am_line_end(ctx, ts_node_end_byte(c->statement)),
	              am_arena_printf(ctx->arena,
	                              "%s%s%s = " AM_HELPER_BUFFERED "(%s)",
	                              ctx->newline, am_line_indent(ctx, start),
	                              am_text(ctx, c->reader), writer));
	am_stream_fix_tls(ctx, fix, c);
	am_stream_drop_limit(ctx, fix, c);
	am_stream_apply(ctx, fix, c);
}

static void on_call(am_context *ctx, const am_call *call)
{
	connection *c = am_arena_alloc(ctx->arena, sizeof *c);
	if (!c)
		return;
	memset(c, 0, sizeof *c);
	c->callee = call->callee;
	c->call = call->node;
	c->unix_socket = strstr(call->asyncio_name, "unix") != NULL;
	c->function =
	        c->unix_socket ? "open_unix_connection" : "open_connection";
	const char *why = read_target(ctx, c);
	if (!why)
		why = read_arguments(ctx, c);
	if (!why)
		why = am_stream_read_uses(ctx, c);
	if (!why)
		why = am_stream_names_taken(ctx, c->call);
	if (why) {
		am_flag(ctx, c->callee, "`asyncio.%s()` left as is: %s",
		        c->function, why);
		return;
	}
	fix_connection(ctx, c);
}

const am_rule am_rule_stream_client = {
        .code = "ANY214",
        .name = "stream-client",
        .summary = "`reader, writer = await asyncio.open_connection()` used "
                   "in its function → `anyio.connect_tcp()`",
        .doc = "## What it does\n"
               "Rewrites a client connection whose reader and writer are "
               "local names of one function: `reader, writer = await "
               "asyncio.open_connection(host, port)` becomes `writer = await "
               "anyio.connect_tcp(host, port)` and `reader = "
               "_buffered_stream(writer)` (`open_unix_connection(path)` "
               "becomes `anyio.connect_unix(path)`); the host and port may "
               "be given by keyword or as one `*address`.\n"
               "\n"
               "TLS: `ssl=True` becomes `tls=True`, and `ssl=` an "
               "`ssl.SSLContext` made in the function (a call of "
               "`ssl.create_default_context()` or `ssl.SSLContext()`, there "
               "or in a local name bound once) becomes `ssl_context=`; both "
               "get `tls_standard_compatible=False`. `server_hostname=` a "
               "string literal becomes `tls_hostname=`. Without it both check "
               "the certificate against the host. `limit=` (a positive "
               "integer written out) leaves the call and goes to each "
               "`_readline(reader, limit)`.\n"
               "\n"
               "The uses of the reader and the writer:\n"
               "- `writer.write(data)` followed by `await writer.drain()` → "
               "`await writer.send(data)`;\n"
               "- `writer.close()` followed by `await writer.wait_closed()` "
               "→ `await writer.aclose()`;\n"
               "- `writer.get_extra_info(\"peername\")` → "
               "`writer.extra(anyio.abc.SocketAttribute.remote_address)`;\n"
               "- `await reader.readline()` → `await _readline(reader)` "
               "(`_readline(reader, limit)` with a `limit=`);\n"
               "- `await reader.read(n)` → `await _read(reader, n)` (and "
               "`read()` → `_read(reader)`);\n"
               "- `await reader.readexactly(n)` → `await "
               "reader.receive_exactly(n)`, and the `except "
               "asyncio.IncompleteReadError:` around it → `except "
               "anyio.IncompleteRead:`.\n"
               "\n"
               "`_buffered_stream()`, `_readline()` and `_read()` are "
               "written once in the module: the first wraps the stream in "
               "`anyio.streams.buffered.BufferedByteReceiveStream` (which "
               "`import anyio` does not import); the second keeps "
               "asyncio's `readline()` result: the line with its `b\"\\n\"`, "
               "the last line without one at end of file, then `b\"\"`, "
               "and past the limit (65,536 bytes by default) `ValueError` "
               "with asyncio's message, the line dropped (with its newline "
               "when that came, else all that was read); "
               "the third asyncio's `read()`: up to n bytes, all until end "
               "of file when n is negative or left out, `b\"\"` at end of "
               "file (where anyio's `receive()` raises "
               "`anyio.EndOfStream`).\n"
               "\n"
               "## Why\n"
               "asyncio's streams run only on asyncio. anyio's connection is "
               "one byte stream that sends and receives, on every backend.\n"
               "\n"
               "asyncio ends the stream where the server closes the "
               "connection without a TLS close_notify, as many do: "
               "`readline()` and `read()` return `b\"\"`. anyio's TLS stream "
               "does so with `tls_standard_compatible=False`; with `True`, "
               "its default, it raises `anyio.BrokenResourceError` there. "
               "Only `True` or an `ssl.SSLContext` is rewritten: "
               "`ssl_context=True` would fail in the handshake, where asyncio "
               "makes a default context.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "reader, writer = await asyncio.open_connection(host, port)\n"
               "writer.write(b\"HELLO\\n\")\n"
               "await writer.drain()\n"
               "line = await reader.readline()\n"
               "writer.close()\n"
               "await writer.wait_closed()\n"
               "\n"
               "context = ssl.create_default_context()\n"
               "reader, writer = await asyncio.open_connection(host, 443, "
               "ssl=context, limit=1024)\n"
               "line = await reader.readline()\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "writer = await anyio.connect_tcp(host, port)\n"
               "reader = _buffered_stream(writer)\n"
               "await writer.send(b\"HELLO\\n\")\n"
               "line = await _readline(reader)\n"
               "await writer.aclose()\n"
               "\n"
               "context = ssl.create_default_context()\n"
               "writer = await anyio.connect_tcp(host, 443, "
               "ssl_context=context, tls_standard_compatible=False)\n"
               "reader = _buffered_stream(writer)\n"
               "line = await _readline(reader, 1024)\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- the reader or writer is kept elsewhere than in a local name "
               "bound once: an attribute, a global, a name assigned twice; or "
               "used other than by calling the methods above: passed to a "
               "function, returned, stored, annotated;\n"
               "- `write()` not followed at once by `await drain()` (anyio's "
               "`send()` waits where `write()` did not), `close()` not "
               "followed by `await wait_closed()`;\n"
               "- `read()` with a keyword, `readuntil()`, `at_eof()`, "
               "`get_extra_info()` of anything but `\"peername\"`, any other "
               "method;\n"
               "- `ssl=` other than `True` or an `ssl.SSLContext` made in the "
               "function: a parameter, an attribute, a name bound twice, a "
               "value that may be `True` (`ssl_context=` takes no `True`), "
               "`False` or `None`; `ssl=` of a Unix socket "
               "(`anyio.connect_unix()` has no TLS);\n"
               "- `server_hostname=` without `ssl=` (asyncio raises "
               "`ValueError`, anyio would do TLS), or other than a string "
               "literal with a name (for `\"\"` asyncio checks no host name, "
               "anyio checks the host's);\n"
               "- `limit=` other than a positive integer written out (asyncio "
               "reads it once, `_readline()` at every call), or with a "
               "comment beside it;\n"
               "- `local_addr=`, `sock=`, `family=`, `ssl_handshake_timeout=`, "
               "`ssl_shutdown_timeout=`, `happy_eyeballs_delay=` and every "
               "other keyword (they are not mapped);\n"
               "- `asyncio.IncompleteReadError` caught with `as` (its "
               "`partial` is lost), with `except*`, in a tuple, or by a "
               "handler that also covers other awaits; `readexactly()` "
               "caught as `EOFError`.\n"
               "\n"
               "## Fix safety\n"
               "Unsafe: on these paths the code behaves otherwise.\n"
               "- A failed connection: asyncio raises the `OSError` of the "
               "attempt (`ConnectionRefusedError`); anyio raises a plain "
               "`OSError(\"All connection attempts failed\")` whose cause "
               "holds the attempts' errors. `except OSError` catches both, "
               "`except ConnectionRefusedError` only asyncio's.\n"
               "- A broken or closed connection: asyncio's `drain()` or read "
               "raises `ConnectionResetError` (or nothing, `write()` "
               "dropping the data); anyio raises "
               "`anyio.BrokenResourceError` or "
               "`anyio.ClosedResourceError`.\n"
               "- `readexactly()` short of data: `anyio.IncompleteRead` is "
               "not an `EOFError` and has no `partial`; the bytes read stay "
               "in the buffer, where asyncio drops them (a read after it "
               "returns them). Uncaught, it reaches callers that catch "
               "`asyncio.IncompleteReadError`. A negative size: asyncio "
               "raises `ValueError`, `receive_exactly()` returns bytes.\n"
               "- A line past the limit: both raise `ValueError` and drop it, "
               "but what one read brings differs: anyio's `receive()` takes "
               "at most 64 KiB, trio's reads come in other pieces than "
               "asyncio's. Where more than the limit came in one read of "
               "asyncio's and the newline with it, asyncio drops the line "
               "once; `_readline()` may raise for a first piece without the "
               "newline, drop that, and raise or return for the rest. Measured "
               "on one machine, a line of 200,000 bytes sent at once: under "
               "a limit of 10 asyncio raised three times before the next "
               "line, anyio four times and more on both backends; under a "
               "limit of 100,000 the read after the error gave 72,001 bytes "
               "on asyncio and anyio's asyncio backend, 68,929 on trio. "
               "The message can differ the same way (\"found\" or \"not "
               "found\"). asyncio also stops reading from the socket while "
               "twice the limit waits unread; anyio reads only when asked.\n"
               "- `remote_address` of an IPv6 peer is `(host, port)`; "
               "asyncio's `peername` has four items.\n"
               "- Sending: `write()` and a `drain()` that need not wait run "
               "without yielding; anyio's `send()` is a checkpoint before it "
               "writes, so other tasks may run first, and a pending "
               "cancellation or expired deadline raises there with nothing "
               "sent.\n"
               "- Closing: on the asyncio backend `aclose()` sends end of "
               "file, closes, and aborts the connection after one turn of "
               "the loop: data still in the transport's buffer (sent while "
               "the peer read slowly) is dropped, where asyncio's `close()` "
               "sends it first and `wait_closed()` waits for that. "
               "`wait_closed()` raises the error the connection was lost "
               "with (`ConnectionResetError`); `aclose()` raises none.\n"
               "- `open_connection(*address)` with an address of one item: "
               "asyncio connects to port 0 and fails with an `OSError`, "
               "`connect_tcp()` raises `TypeError`.\n"
               "- Connecting: anyio tries IPv6 and IPv4 addresses "
               "concurrently (happy eyeballs), asyncio one after another.\n"
               "- TLS, closing: `aclose()` sends no close_notify (with "
               "`tls_standard_compatible=False` anyio skips the closing "
               "handshake); asyncio's `close()` sends one, answers the "
               "server's, and `wait_closed()` waits for the server's "
               "close_notify or end of file (at most 30 seconds, "
               "`ssl_shutdown_timeout`). A server that reads with "
               "`suppress_ragged_eofs=False` sees `ssl.SSLEOFError` instead "
               "of `b\"\"`; one that sends close_notify and waits for the "
               "answer (`unwrap()` on a blocking socket) gets "
               "`ssl.SSLEOFError`; a silent server that resets the "
               "connection makes asyncio's `wait_closed()` raise "
               "`ConnectionResetError` after its wait, where `aclose()` "
               "returns at once.\n"
               "- TLS, the handshake: asyncio gives up after 60 seconds "
               "(`ssl_handshake_timeout`) with `ConnectionAbortedError`; "
               "anyio waits as long as the server takes. A refused "
               "certificate raises `ssl.SSLCertVerificationError` with the "
               "same message on all three (an untrusted one, a host name it "
               "does not name).\n"
               "\n"
               "## Migrating by hand\n"
               "Connect with `stream = await anyio.connect_tcp(host, port, "
               "ssl_context=..., tls_hostname=..., "
               "tls_standard_compatible=False)` (or `tls=True` for a default "
               "context; `ssl=` of a value that may be `True` or `None` "
               "becomes `tls=`/`ssl_context=` by hand, by its type), and "
               "close it with `async with "
               "stream:` or `await stream.aclose()`. Send with `await "
               "stream.send(data)`; receive with `await stream.receive()` "
               "(any chunk, `anyio.EndOfStream` at end of file). For lines "
               "and sizes wrap it: `buffered = "
               "anyio.streams.buffered.BufferedByteReceiveStream(stream)`, "
               "then `receive_until(b\"\\n\", max_bytes)` (the line without "
               "its newline, `anyio.IncompleteRead` at end of file, "
               "`anyio.DelimiterNotFound` once `max_bytes` came without it) "
               "and "
               "`receive_exactly(n)`. A class that keeps the stream on "
               "`self` keeps one stream where it kept the reader and the "
               "writer.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("open_connection", "open_unix_connection",
                          "streams.open_connection",
                          "streams.open_unix_connection"),
        .on_call = on_call,
};
