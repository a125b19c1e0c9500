"""The dry run's diff is git's unified diff, byte for byte.

Each case is a file the tool rewrites, and the exact diff git prints for
the change (`git diff --no-index`, libgit2's patches): headers, 3 lines of
context, hunks merged when their contexts touch, "@@" ranges, the function
name after them, "\\ No newline at end of file", CRLF lines, and where a
change sits when it could sit at several places.
"""

import unittest

from cli_support import CliTestCase


class DiffFormatTest(CliTestCase):
    def assertDiff(self, name, source, expected):
        self.write(name, source)
        # Every rewrite, so that the diffs hold the unsafe ones too.
        result = self.run_tool("-q", "--unsafe-fixes", name)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(result.stdout.decode("utf-8", "surrogateescape"), expected)

    def test_last_line_without_newline_kept_as_context(self):
        self.assertDiff(
            "tail.py",
            b"import asyncio\n\n\nasync def main():\n"
            b"    await asyncio.sleep(1)\n"
            b'    print("done")',
            "--- a/tail.py\n"
            "+++ b/tail.py\n"
            "@@ -1,6 +1,6 @@\n"
            "-import asyncio\n"
            "+import anyio\n"
            " \n"
            " \n"
            " async def main():\n"
            "-    await asyncio.sleep(1)\n"
            "+    await anyio.sleep(1)\n"
            '     print("done")\n'
            "\\ No newline at end of file\n",
        )

    def test_crlf_lines_keep_their_bytes(self):
        self.assertDiff(
            "crlf.py",
            b"import asyncio\r\n\r\n\r\nasync def main():\r\n"
            b"    await asyncio.sleep(1)",
            "--- a/crlf.py\n"
            "+++ b/crlf.py\n"
            "@@ -1,5 +1,5 @@\n"
            "-import asyncio\r\n"
            "+import anyio\r\n"
            " \r\n"
            " \r\n"
            " async def main():\r\n"
            "-    await asyncio.sleep(1)\n"
            "\\ No newline at end of file\n"
            "+    await anyio.sleep(1)\n"
            "\\ No newline at end of file\n",
        )

    def test_a_file_becoming_empty_and_a_quoted_path(self):
        # git quotes a path holding '"' or bytes outside ASCII, in octal.
        self.assertDiff(
            'caf\u00e9 "q".py',
            b"import asyncio\n",
            '--- "a/caf\\303\\251 \\"q\\".py"\n'
            '+++ "b/caf\\303\\251 \\"q\\".py"\n'
            "@@ -1 +0,0 @@\n"
            "-import asyncio\n",
        )

    def test_changes_six_lines_apart_share_a_hunk_seven_do_not(self):
        self.assertDiff(
            "gaps.py",
            b"import asyncio\n\n\nasync def main():\n"
            b"    await asyncio.sleep(1)\n"
            + b"    x = 1\n" * 6
            + b"    await asyncio.sleep(2)\n"
            + b"    x = 1\n" * 7
            + b"    await asyncio.sleep(3)\n",
            "--- a/gaps.py\n"
            "+++ b/gaps.py\n"
            "@@ -1,15 +1,15 @@\n"
            "-import asyncio\n"
            "+import anyio\n"
            " \n"
            " \n"
            " async def main():\n"
            "-    await asyncio.sleep(1)\n"
            "+    await anyio.sleep(1)\n"
            + "     x = 1\n" * 6
            + "-    await asyncio.sleep(2)\n"
            "+    await anyio.sleep(2)\n"
            + "     x = 1\n" * 3
            + "@@ -17,4 +17,4 @@ async def main():\n"
            + "     x = 1\n" * 3
            + "-    await asyncio.sleep(3)\n"
            "+    await anyio.sleep(3)\n",
        )

    def test_function_name_is_cut_before_a_split_character(self):
        # The nearest line above the hunk starting with a letter names it,
        # cut at 80 bytes: 7 + 73, and the 73rd byte starts an "é".
        name = "class C" + "\u00e9" * 40 + ":"
        self.assertDiff(
            "name.py",
            ("import asyncio\n\n\n" + name + "\n" + "    x = 1\n" * 6
             + "    async def run(self):\n"
             "        await asyncio.sleep(1)\n").encode(),
            "--- a/name.py\n"
            "+++ b/name.py\n"
            "@@ -1,4 +1,4 @@\n"
            "-import asyncio\n"
            "+import anyio\n"
            " \n"
            " \n"
            " " + name + "\n"
            "@@ -9,4 +9,4 @@ class C" + "\u00e9" * 36 + "\n"
            + "     x = 1\n" * 2
            + "     async def run(self):\n"
            "-        await asyncio.sleep(1)\n"
            "+        await anyio.sleep(1)\n",
        )

    def test_inserted_lines_equal_to_their_neighbours_face_the_removed_ones(self):
        # The two new lines could go before, between or after the two
        # identical lines below them; git puts them where the old ones were.
        self.assertDiff(
            "same.py",
            b"import asyncio\n\n\nasync def main():\n"
            + b"    await asyncio.sleep(1)\n" * 2
            + b"    await anyio.sleep(1)\n" * 2,
            "--- a/same.py\n"
            "+++ b/same.py\n"
            "@@ -1,8 +1,8 @@\n"
            "-import asyncio\n"
            "+import anyio\n"
            " \n"
            " \n"
            " async def main():\n"
            + "-    await asyncio.sleep(1)\n" * 2
            + "+    await anyio.sleep(1)\n" * 2
            + "     await anyio.sleep(1)\n" * 2,
        )

    def test_a_rewritten_line_repeating_the_block_above(self):
        self.assertDiff(
            "block.py",
            b"import asyncio\n\n\nasync def main(f):\n"
            b"    with anyio.fail_after(10):\n"
            b"        a = await f()\n"
            b"    a = await asyncio.wait_for(f(), 10)\n"
            b"    return a\n",
            "--- a/block.py\n"
            "+++ b/block.py\n"
            "@@ -1,8 +1,9 @@\n"
            "-import asyncio\n"
            "+import anyio\n"
            " \n"
            " \n"
            " async def main(f):\n"
            "     with anyio.fail_after(10):\n"
            "         a = await f()\n"
            "-    a = await asyncio.wait_for(f(), 10)\n"
            "+    with anyio.fail_after(10):\n"
            "+        a = await f()\n"
            "     return a\n",
        )

    def test_a_hundred_thousand_lines_of_repeated_lines(self):
        # The lines in the strings are ten lines repeated 10,000 times: all
        # of them between the two changes are compared.
        lines = ["import asyncio", 'X = """']
        lines += [str(i % 10) for i in range(49996)]
        lines += ['"""', "asyncio.run(main())", 'Y = """']
        lines += [str(i % 10) for i in range(49997)]
        lines += ['"""']
        self.assertEqual(len(lines), 99999)
        self.assertDiff(
            "big.py",
            ("\n".join(lines) + "\n").encode(),
            "--- a/big.py\n"
            "+++ b/big.py\n"
            "@@ -1,4 +1,4 @@\n"
            "-import asyncio\n"
            "+import anyio\n"
            ' X = """\n'
            " 0\n"
            " 1\n"
            '@@ -49997,7 +49997,7 @@ X = """\n'
            " 4\n"
            " 5\n"
            ' """\n'
            "-asyncio.run(main())\n"
            "+anyio.run(main)\n"
            ' Y = """\n'
            " 0\n"
            " 1\n",
        )


if __name__ == "__main__":
    unittest.main()
