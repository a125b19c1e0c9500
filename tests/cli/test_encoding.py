"""Bytes outside the edits stay as they were: BOM, CRLF, tabs, comments."""

import unittest

from cli_support import FLAGGED, MIGRATED, SAMPLE, CliTestCase

BOM = b"\xef\xbb\xbf"


class RoundTripTest(CliTestCase):
    def test_bom_is_kept(self):
        self.write("bom.py", BOM + SAMPLE)
        result = self.run_tool("--apply", "bom.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(self.read("bom.py"), BOM + MIGRATED)
        self.assertEqual(self.read("bom.py.bak"), BOM + SAMPLE)

    def test_crlf_is_kept(self):
        self.write("crlf.py", SAMPLE.replace(b"\n", b"\r\n"))
        result = self.run_tool("--apply", "crlf.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(self.read("crlf.py"), MIGRATED.replace(b"\n", b"\r\n"))

    def test_new_lines_use_the_files_newline(self):
        # The flagged use keeps `import asyncio`, so `import anyio` is a new line.
        source = FLAGGED.replace(b"\n", b"\r\n")
        self.write("crlf.py", source)
        result = self.run_tool("--apply", "crlf.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        written = self.read("crlf.py")
        self.assertIn(b"import anyio\r\n", written)
        self.assertEqual(written.count(b"\n"), written.count(b"\r\n"))
        self.assertEqual(written.count(b"\r\n"), source.count(b"\r\n") + 1)

    def test_bytes_outside_the_edits_are_identical(self):
        head = b"# -*- coding: utf-8 -*-\n# caf\xc3\xa9  \t\n"
        tail = b"\n\nx = [1,\n\t     2]   # odd  spacing\t\n"
        self.write("app.py", head + SAMPLE + tail)
        result = self.run_tool("--apply", "app.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(self.read("app.py"), head + MIGRATED + tail)


if __name__ == "__main__":
    unittest.main()
