"""A line server on 127.0.0.1 and port 0 (start_server in the original, a
TCP listener once migrated): its handler answers each line upper-cased until
end of file. The clients are plain sockets in a thread: three one after
another, two at once, one that leaves in the middle of a line, one whose line
makes the handler raise (the error is logged, its connection closed, the
server serves on). A deadline stops the server; it refuses connections
after. A Unix server (start_unix_server, a Unix listener once migrated)
greets one client until its deadline."""
import asyncio
import logging
import os
import socket
import tempfile
import threading

seen = []


class FirstLine(logging.Handler):
    def emit(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        print("logged:", record.getMessage().splitlines()[0], repr(exc))


async def handle(reader, writer):
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


def talk(port, lines):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        stream = sock.makefile("rwb")
        stream.write(lines)
        stream.flush()
        sock.shutdown(socket.SHUT_WR)
        return stream.read()


def clients(port, results):
    for name in (b"ann", b"bob", b"cy"):
        results.append(talk(port, b"hello " + name + b"\nbye\n"))
    first = socket.create_connection(("127.0.0.1", port))
    second = socket.create_connection(("127.0.0.1", port))
    first.sendall(b"first\n")
    second.sendall(b"second\n")
    results.append(second.recv(100))
    results.append(first.recv(100))
    first.close()
    second.close()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"half a li")
    results.append(talk(port, b"fine\nBOOM\nnever\n"))
    results.append(talk(port, b"still serving\n"))


async def greet(reader, writer):
    name = await reader.readline()
    writer.write(b"hello " + name)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


def unix_client(path, results):
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(path)
        sock.sendall(b"unix\n")
        sock.shutdown(socket.SHUT_WR)
        results.append(sock.makefile("rb").read())


async def serve_unix(folder):
    path = os.path.join(folder, "greet.sock")
    server = await asyncio.start_unix_server(greet, path)
    results = []
    thread = threading.Thread(target=unix_client, args=(path, results))
    thread.start()
    async with server:
        try:
            async with asyncio.timeout(1):
                await server.serve_forever()
        except TimeoutError:
            print("unix deadline")
    thread.join()
    print("unix client got", results)
    os.unlink(path)


async def main():
    logging.getLogger().addHandler(FirstLine())
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    results = []
    thread = threading.Thread(target=clients, args=(port, results))
    thread.start()
    async with server:
        try:
            async with asyncio.timeout(2):
                await server.serve_forever()
        except TimeoutError:
            print("deadline: the server stopped")
    thread.join()
    for result in results:
        print("client got", result)
    for line in sorted(seen):
        print("handler saw", line)
    try:
        socket.create_connection(("127.0.0.1", port)).close()
        print("connected after the stop?")
    except ConnectionRefusedError:
        print("refused after the stop")
    folder = tempfile.mkdtemp()
    await serve_unix(folder)
    os.rmdir(folder)


asyncio.run(main())
