"""Line limits (limit= of open_connection and start_server in the original,
the limit of each readline once migrated): lines as long as the limit are
read; a longer one raises ValueError and is dropped, with its newline when
it came in the same read, else with all that came; reads of sizes are not
limited; a line of 64 KiB is read under the default limit. The client's
server is a thread of the socketserver module; the limited server's client
is a plain socket in a thread."""
import asyncio
import socket
import socketserver
import threading

LIMITED = b"0123456789\n" + b"0123456789A\nnext\n" + b"0123456789ABCDEF"


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        command = self.rfile.readline().strip()
        if command == b"LIMITED":
            self.wfile.write(LIMITED)
            self.wfile.flush()
            self.rfile.readline()  # the client's go-ahead
            self.wfile.write(b"\nafter\n")
        elif command == b"SIZES":
            self.wfile.write(b"x" * 30)
        elif command == b"LONG":
            self.wfile.write(b"a" * 65536 + b"\n" + b"b" * 10 + b"\n")


class TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True


async def limited(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=10)
    writer.write(b"LIMITED\n")
    await writer.drain()
    for _ in range(4):
        try:
            print("line", await reader.readline())
        except ValueError as error:
            print("too long:", error)
    writer.write(b"GO\n")
    await writer.drain()
    for _ in range(3):
        print("then", await reader.readline())
    writer.close()
    await writer.wait_closed()


async def sizes(port):
    reader, writer = await asyncio.open_connection(
        host="127.0.0.1", port=port, limit=10
    )
    writer.write(b"SIZES\n")
    await writer.drain()
    print("exactly", await reader.readexactly(20))
    print("rest", await reader.read(100))
    writer.close()
    await writer.wait_closed()


async def long_line(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"LONG\n")
    await writer.drain()
    line = await reader.readline()
    print("long line", len(line), line[-3:])
    print("next", await reader.readline())
    writer.close()
    await writer.wait_closed()


async def shout(reader, writer):
    while True:
        try:
            line = await reader.readline()
        except ValueError:
            writer.write(b"too long\n")
            await writer.drain()
            continue
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


def talk(port, results):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"short\n0123456789A\nok\n")
        sock.shutdown(socket.SHUT_WR)
        results.append(sock.makefile("rb").read())


async def limited_server():
    server = await asyncio.start_server(shout, "127.0.0.1", 0, limit=10)
    port = server.sockets[0].getsockname()[1]
    results = []
    thread = threading.Thread(target=talk, args=(port, results))
    thread.start()
    async with server:
        try:
            async with asyncio.timeout(1):
                await server.serve_forever()
        except TimeoutError:
            print("deadline: the server stopped")
    thread.join()
    print("client got", results)


async def main():
    tcp = TCPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=tcp.serve_forever, daemon=True).start()
    port = tcp.server_address[1]
    try:
        await limited(port)
        await sizes(port)
        await long_line(port)
    finally:
        tcp.shutdown()
        tcp.server_close()
    await limited_server()


asyncio.run(main())
