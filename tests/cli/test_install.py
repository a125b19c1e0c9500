"""make install: the tool in PREFIX/bin, its man page in
PREFIX/share/man/man1, under DESTDIR when it is set."""

import os
import shutil
import subprocess
import unittest

from cli_support import SOURCE_DIR, TOOL, CliTestCase

BUILD_DIR = os.path.dirname(TOOL)


@unittest.skipUnless(os.path.exists(os.path.join(BUILD_DIR, "cmake_install.cmake"))
                     and shutil.which("cmake"), "no CMake build folder beside the tool")
class InstallTest(CliTestCase):
    def test_prefix_and_destdir(self):
        env = dict(os.environ, DESTDIR=self.path("stage"))
        subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", "/opt/m2a"],
                       env=env, check=True, capture_output=True)
        tool = self.path("stage/opt/m2a/bin/migrate_to_anyio")
        run = subprocess.run([tool, "--version"], capture_output=True, check=True)
        self.assertEqual(run.stdout, b"migrate_to_anyio 0.1.0\n")
        with open(os.path.join(SOURCE_DIR, "docs", "migrate_to_anyio.1"), "rb") as f:
            self.assertEqual(self.read("stage/opt/m2a/share/man/man1/migrate_to_anyio.1"),
                             f.read())

    def test_the_make_target_passes_them_on(self):
        if not shutil.which("make"):
            self.skipTest("make is not installed")
        run = subprocess.run(["make", "-n", "-C", SOURCE_DIR, "install", "PREFIX=/opt/m2a",
                              "DESTDIR=/tmp/stage", "BUILD_DIR=" + BUILD_DIR],
                             capture_output=True, check=True)
        self.assertIn('DESTDIR="/tmp/stage" cmake --install %s --prefix "/opt/m2a"'
                      % BUILD_DIR, run.stdout.decode())


if __name__ == "__main__":
    unittest.main()
