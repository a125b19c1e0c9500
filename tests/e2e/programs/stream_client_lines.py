"""A client of a line server over TCP and a Unix socket: lines read with
readline() (the last one without its newline, then end of file), chunks
with read(n) and the rest with read() (empty bytes at end of file), sizes with
readexactly() (a short one caught as IncompleteReadError), the peer's
address, a closed port refused, a deadline on a server that never answers,
close() and wait_closed() (open_connection in the original, connect_tcp
once migrated). The servers are threads of the socketserver module."""
import asyncio
import os
import socket
import socketserver
import tempfile
import threading

REPLIES = {
    b"LINES": b"one\ntwo\n\nlast without newline",
    b"EXACT": b"abcdefgh",
    b"SHORT": b"ab",
}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        command = self.rfile.readline().strip()
        if command == b"SILENT":
            while self.request.recv(100):
                pass
            return
        self.wfile.write(REPLIES.get(command, b"unknown\n"))


class TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True


class UnixServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


async def lines(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    host, _ = writer.get_extra_info("peername")
    print("peer", host)
    writer.write(b"LINES\n")
    await writer.drain()
    while True:
        line = await reader.readline()
        print("line", line)
        if not line:
            break
    print("again", await reader.readline())
    writer.close()
    await writer.wait_closed()


async def chunks(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"LINES\n")
    await writer.drain()
    print("first line", await reader.readline())
    print("chunk", await reader.read(3))
    print("nothing", await reader.read(0))
    print("rest", await reader.read())
    print("at end", await reader.read(5), await reader.read())
    writer.close()
    await writer.wait_closed()


async def sizes(port, command):
    reader, writer = await asyncio.open_connection(host="127.0.0.1", port=port)
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


async def refused():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        print("refused: OSError")
        return
    writer.close()
    await writer.wait_closed()
    print("connected?")


async def deadline(address):
    reader, writer = await asyncio.open_connection(*address)
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


async def unix(path):
    reader, writer = await asyncio.open_unix_connection(path)
    writer.write(b"LINES\n")
    await writer.drain()
    first = await reader.readline()
    print("unix", first)
    writer.close()
    await writer.wait_closed()


async def main():
    tcp = serve(TCPServer(("127.0.0.1", 0), Handler))
    port = tcp.server_address[1]
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "lines.sock")
    local = serve(UnixServer(path, Handler))
    try:
        await lines(port)
        await chunks(port)
        await sizes(port, b"EXACT")
        await sizes(port, b"SHORT")
        await refused()
        await deadline(tcp.server_address)
        await unix(path)
    finally:
        tcp.shutdown()
        local.shutdown()
        tcp.server_close()
        local.server_close()
        os.unlink(path)
        os.rmdir(folder)


asyncio.run(main())
