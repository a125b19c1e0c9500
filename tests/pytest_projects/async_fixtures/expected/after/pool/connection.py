import anyio


class ConnectionClosed(Exception):
    pass


class Connection:
    """A connection to a (pretend) database server: each query takes LATENCY
    seconds and answers with the server's table."""

    def __init__(self, server, latency=0.001):
        self.server = server
        self.latency = latency
        self.closed = False
        self.queries = 0

    async def query(self, key):
        if self.closed:
            raise ConnectionClosed("query on a closed connection")
        self.queries += 1
        await anyio.sleep(self.latency)
        return self.server.table.get(key)

    async def close(self):
        await anyio.sleep(0)
        self.closed = True
