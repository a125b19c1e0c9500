"""Servers whose handlers annotate their reader and writer: with the module's
attribute, with the class imported by name (`StreamWriter`) and in strings.
Once migrated each handler takes one stream, annotated as anyio's listener
hands it. A line server answers each line upper-cased; one client leaves in
the middle of a line, one sends a line that makes the handler raise (the
error is logged, its connection closed, the server serves on). A second
server reads a header of 4 bytes: one client sends it whole, one only half
and leaves (the handler sees a short read). A Unix server greets one client.
Deadlines stop the servers. The annotations are read back at the end, as
typing.get_type_hints() does (mypy, pydantic): each must resolve."""
import asyncio
import logging
import os
import socket
import tempfile
import threading
import typing
from asyncio import StreamReader, StreamWriter

seen = []


class FirstLine(logging.Handler):
    def emit(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        print("logged:", record.getMessage().splitlines()[0], repr(exc))


async def _upper(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers each line upper-cased until end of file."""
    while True:
        line = await reader.readline()
        if not line:
            seen.append("end of file")
            break
        if line == b"BOOM\n":
            raise ValueError("boom")
        if not line.endswith(b"\n"):
            seen.append("left mid-line: %r" % line)
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def _header(reader: StreamReader, writer: StreamWriter):
    try:
        head = await reader.readexactly(4)
    except asyncio.IncompleteReadError:
        seen.append("short header")
        head = b"????"
    writer.write(head[::-1])
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def _greet(reader: "asyncio.StreamReader", writer: "StreamWriter") -> "None":
    name = await reader.readline()
    writer.write(b"hello " + name)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


def talk(port, data):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        stream = sock.makefile("rwb")
        stream.write(data)
        stream.flush()
        sock.shutdown(socket.SHUT_WR)
        return stream.read()


def line_clients(port, results):
    results.append(talk(port, b"hello\nbye\n"))
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"half a li")
    results.append(talk(port, b"fine\nBOOM\nnever\n"))
    results.append(talk(port, b"still serving\n"))


def header_clients(port, results):
    results.append(talk(port, b"abcd"))
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"ab")
        sock.shutdown(socket.SHUT_WR)
        results.append(sock.recv(100))
    results.append(talk(port, b"wxyz"))


async def serve_lines():
    server = await asyncio.start_server(_upper, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    results = []
    thread = threading.Thread(target=line_clients, args=(port, results))
    thread.start()
    async with server:
        try:
            async with asyncio.timeout(1.5):
                await server.serve_forever()
        except TimeoutError:
            print("line server: deadline")
    thread.join()
    for result in results:
        print("line client got", result)


async def serve_headers():
    server = await asyncio.start_server(_header, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    results = []
    thread = threading.Thread(target=header_clients, args=(port, results))
    thread.start()
    async with server:
        try:
            async with asyncio.timeout(1):
                await server.serve_forever()
        except TimeoutError:
            print("header server: deadline")
    thread.join()
    for result in results:
        print("header client got", result)


def unix_client(path, results):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(path)
        sock.sendall(b"unix\n")
        sock.shutdown(socket.SHUT_WR)
        results.append(sock.makefile("rb").read())


async def serve_unix(path):
    server = await asyncio.start_unix_server(_greet, path)
    results = []
    thread = threading.Thread(target=unix_client, args=(path, results))
    thread.start()
    async with server:
        try:
            async with asyncio.timeout(1):
                await server.serve_forever()
        except TimeoutError:
            print("unix server: deadline")
    thread.join()
    print("unix client got", results)


async def main():
    logging.getLogger().addHandler(FirstLine())
    await serve_lines()
    await serve_headers()
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "greet.sock")
    await serve_unix(path)
    os.unlink(path)
    os.rmdir(folder)
    for line in sorted(seen):
        print("handlers saw", line)
    for name in ("_upper", "_header", "_greet"):
        hints = typing.get_type_hints(globals()[name])
        print(name, "annotates its writer:", "writer" in hints)


asyncio.run(main())
