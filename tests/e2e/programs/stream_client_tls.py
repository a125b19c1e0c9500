"""A client of a line server over TLS, with a certificate made for the run
by the openssl command: lines read with readline() to the end of the
stream, from a server that closes with a TLS close_notify and from one that
closes the connection without it; read() and readexactly() (a short one
caught as IncompleteReadError) over TLS; the peer's address; ssl=True with
server_hostname= and the default context (told of the certificate through
SSL_CERT_FILE); a context that does not trust the certificate and a host
name the certificate does not name, each failing in the handshake, one of
them in a task of a task group (which cancels its other task); a deadline on a server that never answers;
close() and wait_closed() (open_connection in the original, connect_tcp
once migrated). The server is a thread of the socketserver module."""
import asyncio
import os
import shutil
import socket
import socketserver
import ssl
import subprocess
import tempfile
import threading

REPLIES = {
    b"LINES": b"one\ntwo\n\nlast without newline",
    b"EXACT": b"abcdefgh",
    b"SHORT": b"ab",
}


def make_certificate(folder):
    key = os.path.join(folder, "key.pem")
    certificate = os.path.join(folder, "certificate.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
         "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-days", "1", "-keyout", key, "-out", certificate],
        check=True,
        capture_output=True,
    )
    return key, certificate


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            connection = self.server.context.wrap_socket(
                self.request, server_side=True
            )
        except (ssl.SSLError, OSError):
            return  # the client did not accept the certificate
        connection.settimeout(10)
        try:
            self.answer(connection)
        except (ssl.SSLError, OSError):
            pass
        finally:
            connection.close()

    def answer(self, connection):
        command = b""
        while not command.endswith(b"\n"):
            chunk = connection.recv(100)
            if not chunk:
                return
            command += chunk
        name, _, how = command.strip().partition(b" ")
        if name == b"SILENT":
            while connection.recv(100):
                pass
            return
        connection.sendall(REPLIES.get(name, b"unknown\n"))
        if how == b"NOTIFY":
            # the close_notify alone, not waiting for the client's
            connection.setblocking(False)
            try:
                connection.unwrap()
            except ssl.SSLWantReadError:
                pass
            connection.setblocking(True)
        # end of file on the socket: no close_notify when none was sent
        socket.socket.shutdown(connection, socket.SHUT_WR)
        while socket.socket.recv(connection, 4096):
            pass


class TLSServer(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self, address, context):
        self.context = context
        super().__init__(address, Handler)


async def lines(port, certificate, how):
    context = ssl.create_default_context()
    context.load_verify_locations(certificate)
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context)
    host, _ = writer.get_extra_info("peername")
    print("peer", host)
    writer.write(b"LINES " + how + b"\n")
    await writer.drain()
    while True:
        line = await reader.readline()
        print(how.decode(), "line", line)
        if not line:
            break
    print("again", await reader.readline())
    writer.close()
    await writer.wait_closed()


async def everything(port, certificate, how):
    context = ssl.create_default_context(cafile=certificate)
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=context,
    )
    writer.write(b"LINES " + how + b"\n")
    await writer.drain()
    print(how.decode(), "first line", await reader.readline())
    print("rest", await reader.read())
    print("at end", await reader.read(5), await reader.read())
    writer.close()
    await writer.wait_closed()


async def sizes(port, command):
    reader, writer = await asyncio.open_connection(
        host="127.0.0.1", port=port, ssl=True, server_hostname="localhost"
    )
    writer.write(command + b"\n")
    await writer.drain()
    try:
        first = await reader.readexactly(4)
        second = await reader.readexactly(4)
        print("sizes", first, second)
    except asyncio.IncompleteReadError:
        print("sizes: short read")
    writer.close()
    await writer.wait_closed()


async def default_context(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=True)
    writer.write(b"EXACT\n")
    await writer.drain()
    print("default context", await reader.read(100))
    writer.close()
    await writer.wait_closed()


async def untrusted(port):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, ssl=context
        )
    except ssl.SSLCertVerificationError as error:
        print("untrusted:", type(error).__name__, error.verify_message)
        return
    writer.close()
    await writer.wait_closed()
    print("connected?")


async def wrong_name(port, certificate):
    context = ssl.create_default_context(cafile=certificate)
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=context, server_hostname="example.com"
    )
    writer.close()
    await writer.wait_closed()
    print("connected?")


async def silent(port):
    try:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, ssl=True
        )
        writer.write(b"SILENT\n")
        await writer.drain()
        print("answered", await reader.readline())
    except asyncio.CancelledError:
        print("silent client cancelled")
        raise


async def in_a_task(port, certificate):
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(silent(port))
            group.create_task(wrong_name(port, certificate))
    except* ssl.SSLCertVerificationError as failed:
        for error in failed.exceptions:
            print("in a task:", type(error).__name__, error.verify_message)


async def deadline(port):
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, ssl=ssl.create_default_context()
    )
    writer.write(b"SILENT\n")
    await writer.drain()
    try:
        async with asyncio.timeout(0.2):
            line = await reader.readline()
        print("answered", line)
    except TimeoutError:
        print("no answer before the deadline")
    writer.close()
    await writer.wait_closed()


async def main():
    folder = tempfile.mkdtemp()
    key, certificate = make_certificate(folder)
    # the default context (ssl=True) trusts it too
    os.environ["SSL_CERT_FILE"] = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server = TLSServer(("127.0.0.1", 0), context)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        await lines(port, certificate, b"NOTIFY")
        await lines(port, certificate, b"CLOSE")
        await everything(port, certificate, b"NOTIFY")
        await everything(port, certificate, b"CLOSE")
        await sizes(port, b"EXACT")
        await sizes(port, b"SHORT")
        await default_context(port)
        await untrusted(port)
        await in_a_task(port, certificate)
        await deadline(port)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder)


asyncio.run(main())
