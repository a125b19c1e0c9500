"""No leaks and no invalid accesses, under valgrind when it is installed."""

import os
import shutil
import subprocess
import unittest

from cli_support import FLAGGED, SAMPLE, TOOL, CliTestCase

VALGRIND = shutil.which("valgrind")


@unittest.skipUnless(VALGRIND, "valgrind is not installed")
class MemoryTest(CliTestCase):
    def valgrind(self, *args, stdin=b""):
        result = subprocess.run(
            [VALGRIND, "--quiet", "--leak-check=full", "--error-exitcode=99",
             "--errors-for-leak-kinds=definite,indirect", TOOL] + list(args),
            cwd=self.dir, input=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=600,
        )
        self.assertNotEqual(result.returncode, 99, result.stderr.decode())
        return result

    def make_files(self):
        subprocess.run(["git", "init", "-q", self.dir], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.write(".gitignore", b"ignored.py\n")
        self.write("ignored.py", SAMPLE)
        self.write("pkg/app.py", SAMPLE)
        self.write("pkg/flagged.py", FLAGGED)
        self.write("pkg/broken.py", b"import asyncio\ndef f(:\n")
        self.write("pkg/refused.py", SAMPLE)
        self.write("pkg/refused.py.bak", b"")

    def test_every_mode(self):
        self.make_files()
        for args in ((".",), ("--check", "."), ("--apply", ".", "missing.py")):
            with self.subTest(args=args):
                self.assertEqual(self.valgrind(*args).returncode, 2)
        self.assertEqual(self.valgrind("-", stdin=SAMPLE).returncode, 0)
        self.assertEqual(self.valgrind("--bogus").returncode, 2)
        self.assertEqual(self.valgrind("--help").returncode, 0)


if __name__ == "__main__":
    unittest.main()
