/* The TLS arguments of a TCP client connection: `ssl=` and
 * `server_hostname=` of asyncio, `ssl_context=` (or `tls=True`) and
 * `tls_hostname=` of `anyio.connect_tcp()`. */
#ifndef AM_STREAM_TLS_H
#define AM_STREAM_TLS_H

#include "uses.h"

/* Whether `key` (a keyword's name) is `ssl` or `server_hostname`. */
int am_stream_tls_keyword(const am_context *ctx, TSNode key);
/* Reads the TLS keywords of c's call into c->ssl and c->hostname: a
 * reason to flag, or NULL. */
const char *am_stream_read_tls(am_context *ctx, am_stream *c);
/* Renames them for `anyio.connect_tcp()`, which is told to treat an end
 * of file without TLS close_notify as asyncio does. */
void am_stream_fix_tls(am_context *ctx, am_fix *fix, const am_stream *c);

#endif
