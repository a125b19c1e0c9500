"""--queue-compat and --write-queue-compat: queues that leave their module.

A two-module program makes its queue in a factory of one module and uses it
(put, get, task_done, join, QueueEmpty) in another. The stream rewrite
cannot follow it; with --queue-compat it becomes the drop-in queue, and the
migrated program must print what the asyncio program printed, under anyio
on the asyncio and on the trio backend.
"""

import os
import subprocess
import sys
import unittest

from cli_support import SOURCE_DIR, TOOL, CliTestCase

RUNNER = os.path.join(SOURCE_DIR, "tests", "e2e", "backend_runner.py")
PYDEPS = os.environ.get("AM_PYDEPS", "")

FACTORY = b'''import asyncio


def make_channel(size):
    """Handed to the consumer module: the queue leaves this file."""
    return {"queue": asyncio.Queue(size), "name": "jobs"}
'''

MAIN = b'''import asyncio

from factory import make_channel


async def produce(queue, count):
    for i in range(count):
        await queue.put(i * i)


async def consume(queue, seen):
    while True:
        try:
            item = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        seen.append(item)
        queue.task_done()


async def main():
    channel = make_channel(10)
    queue = channel["queue"]
    await produce(queue, 5)
    print("size", queue.qsize(), "full", queue.full(), "max", queue.maxsize)
    seen = []
    await consume(queue, seen)
    await queue.join()
    print("seen", seen, "empty", queue.empty())


asyncio.run(main())
'''


@unittest.skipUnless(PYDEPS, "AM_PYDEPS (anyio and trio) is not set")
class QueueCompatProgram(CliTestCase):
    def python(self, *args):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([self.dir, PYDEPS]))
        return subprocess.run([sys.executable, *args], cwd=self.dir, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60)

    def tool(self, *args):
        return subprocess.run([TOOL, *args], cwd=self.dir, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60)

    def test_migrated_program_prints_the_same(self):
        self.write("factory.py", FACTORY)
        self.write("main.py", MAIN)
        original = self.python("main.py")
        self.assertEqual(original.returncode, 0, original.stderr)
        self.assertEqual(original.stdout,
                         b"size 5 full False max 10\nseen [0, 1, 4, 9, 16] empty True\n")

        # Without the option the queue is flagged; the rule's doc, which
        # --explain shows, names the option under "Migrating by hand".
        check = self.tool("--check", "factory.py")
        self.assertEqual(check.returncode, 1)
        self.assertIn(b"ANY301 `asyncio.Queue()` left as is: ", check.stdout)
        explain = self.tool("--explain", "ANY301").stdout
        self.assertIn(b"--queue-compat MODULE", explain.split(b"## Migrating by hand")[1])

        self.assertEqual(self.tool("--write-queue-compat", "aqueue.py").stdout,
                         b"wrote aqueue.py\n")
        applied = self.tool("--apply", "--no-backup", "--unsafe-fixes",
                            "--queue-compat", "aqueue", "factory.py", "main.py")
        self.assertEqual(applied.returncode, 0, applied.stderr)
        self.assertEqual(self.read("factory.py"), b'''from aqueue import Queue as AnyioQueue


def make_channel(size):
    """Handed to the consumer module: the queue leaves this file."""
    return {"queue": AnyioQueue(size), "name": "jobs"}
''')
        self.assertIn(b"from aqueue import QueueEmpty as AnyioQueueEmpty\n",
                      self.read("main.py"))
        self.assertNotIn(b"asyncio", self.read("main.py"))
        again = self.tool("--check", "--unsafe-fixes", "--queue-compat", "aqueue",
                          "factory.py", "main.py")
        self.assertEqual(again.returncode, 0, again.stderr)
        for backend in ("asyncio", "trio"):
            with self.subTest(backend=backend):
                run = self.python(RUNNER, backend, "main.py")
                self.assertEqual(run.returncode, 0, run.stderr)
                self.assertEqual(run.stdout, original.stdout)


class WriteQueueCompat(CliTestCase):
    def tool(self, *args):
        return subprocess.run([TOOL, *args], cwd=self.dir, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60)

    def test_summary_says_once_what_the_drop_in_would_take(self):
        self.write("factory.py", FACTORY)
        self.write("main.py", MAIN)
        hint = (b"--queue-compat MODULE, with --unsafe-fixes, would migrate the 2 asyncio queue names "
                b"left to a drop-in queue module (written by --write-queue-compat "
                b"PATH)\n")
        for mode in ([], ["--check"]):
            out = self.tool(*mode, "factory.py", "main.py")
            self.assertTrue(out.stderr.endswith(hint), out.stderr)
            self.assertEqual(out.stderr.count(b"--queue-compat"), 1, out.stderr)
        quiet = self.tool("-q", "--check", "factory.py", "main.py")
        self.assertNotIn(b"--queue-compat", quiet.stderr)
        given = self.tool("--queue-compat", "aqueue", "factory.py", "main.py")
        self.assertNotIn(b"would migrate", given.stderr)
        self.write("plain.py", b"import asyncio\n\n\nasync def main():\n"
                   b"    await asyncio.sleep(0)\n")
        none = self.tool("plain.py")
        self.assertNotIn(b"--queue-compat", none.stderr)

    def test_writes_then_keeps_a_different_file(self):
        first = self.tool("--write-queue-compat", "q.py")
        self.assertEqual((first.returncode, first.stdout), (0, b"wrote q.py\n"))
        with open(os.path.join(SOURCE_DIR, "src", "lib", "queue_compat.py"), "rb") as f:
            self.assertEqual(self.read("q.py"), f.read())
        second = self.tool("--write-queue-compat", "q.py")
        self.assertEqual((second.returncode, second.stdout), (0, b"q.py is up to date\n"))
        self.write("q.py", b"# mine\n")
        third = self.tool("--write-queue-compat", "q.py")
        self.assertEqual(third.returncode, 2)
        self.assertEqual(third.stderr,
                         b"migrate_to_anyio: error: q.py exists and differs from the "
                         b"drop-in queue module; it was not overwritten (remove it to "
                         b"write it anew)\n")
        self.assertEqual(self.read("q.py"), b"# mine\n")

    def test_module_name_checked(self):
        bad = self.tool("--queue-compat", "not a module", "x.py")
        self.assertEqual(bad.returncode, 2)
        self.assertTrue(bad.stderr.startswith(
            b"migrate_to_anyio: error: --queue-compat: `not a module` is not a "
            b"dotted module name (like myapp.aqueue)\n"))

    def test_config_key(self):
        self.write("f.py", b"import asyncio\n\n\ndef make():\n    return asyncio.Queue()\n")
        # The drop-in queue is an unsafe fix: made with unsafe-fixes.
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nqueue-compat = "aqueue"\n')
        out = self.tool("f.py")
        self.assertEqual((out.returncode, out.stdout), (0, b""), out.stderr)
        self.assertIn(b"f.py:5:12: ANY302 [unsafe] ", out.stderr)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nqueue-compat = "aqueue"\n'
                   b'unsafe-fixes = true\n')
        out = self.tool("f.py")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(b"+    return AnyioQueue()\n", out.stdout)
        self.assertIn(b"f.py:5:12: ANY302 [*unsafe] ", out.stderr)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nqueue-compat = 3\n')
        bad = self.tool("f.py")
        self.assertEqual(bad.returncode, 2)
        self.assertEqual(bad.stderr,
                         b'pyproject.toml:2:16: error: `queue-compat` must be a dotted '
                         b'module name, like "myapp.aqueue"\n')


if __name__ == "__main__":
    unittest.main()
