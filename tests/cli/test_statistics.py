"""--statistics: per rule, the uses --apply fixes, those fixable but left,
those left by hand; then the files with the most uses left."""

import json
import unittest

from cli_support import (
    FLAGGED,
    SAMPLE,
    CliTestCase,
    check_summary,
    dry_run_summary,
)

# A fix of each kind: safe (sleep, run), unsafe (gather), none (a stream).
MIXED = (
    b"import asyncio\n"
    b"\n"
    b"\n"
    b"async def f(x):\n"
    b"    await asyncio.sleep(x)\n"
    b"\n"
    b"\n"
    b"async def main():\n"
    b"    await asyncio.gather(f(1), f(2))\n"
    b"    tasks = asyncio.all_tasks()\n"
    b"    print(tasks)\n"
    b"\n"
    b"\n"
    b"asyncio.run(main())\n"
)

# --check over SAMPLE, FLAGGED and MIXED.
CHECK_TABLE = (
    "code    name                  fixed fixable by hand\n"
    "ANY001  imports                   1       0       0\n"
    "ANY101  run                       2       0       0\n"
    "ANY102  sleep                     3       0       0\n"
    "ANY401  gather                    0       1       0\n"
    "ANY900  leftover                  0       0       2\n"
    "total                             6       1       2\n"
    "\n"
    "files with the most uses left:\n"
    "      2  mixed.py (1 fixable, 1 by hand)\n"
    "      1  flagged.py (0 fixable, 1 by hand)\n"
)


class StatisticsTest(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("mixed.py", MIXED)
        self.write("flagged.py", FLAGGED)
        self.write("app.py", SAMPLE)

    def test_check(self):
        result = self.run_tool("--check", "--statistics", "app.py", "flagged.py",
                               "mixed.py")
        self.assertEqual((result.returncode, result.stdout.decode()), (1, CHECK_TABLE))
        self.assertEqual(result.stderr.decode(),
                         check_summary(9, 6, 3, 3, unsafe_left=1) + "\n")

    def test_the_dry_run_prints_the_table_instead_of_the_diff(self):
        result = self.run_tool("--statistics", "flagged.py", "mixed.py")
        self.assertEqual(
            (result.returncode, result.stdout.decode(), result.stderr.decode()),
            (0,
             "code    name                  fixed fixable by hand\n"
             "ANY101  run                       1       0       0\n"
             "ANY102  sleep                     2       0       0\n"
             "ANY401  gather                    0       1       0\n"
             "ANY900  leftover                  0       0       2\n"
             "total                             3       1       2\n"
             "\n"
             "files with the most uses left:\n"
             "      2  mixed.py (1 fixable, 1 by hand)\n"
             "      1  flagged.py (0 fixable, 1 by hand)\n",
             dry_run_summary(2, 6, 2, 2, files_left=2, unsafe_left=1) + "\n"))

    def test_apply_counts_what_it_wrote_and_what_it_refused(self):
        self.write("app.py.bak", b"another backup\n")
        result = self.run_tool("--apply", "--no-backup", "--statistics", "mixed.py")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("ANY401  gather                    0       1       0\n",
                      result.stdout.decode())
        result = self.run_tool("--apply", "--statistics", "app.py")
        self.assertEqual(result.returncode, 2)
        # Refused: every use is left, the fixable ones as fixable.
        self.assertEqual(result.stdout.decode().splitlines()[:5], [
            "code    name                  fixed fixable by hand",
            "ANY001  imports                   0       1       0",
            "ANY101  run                       0       1       0",
            "ANY102  sleep                     0       1       0",
            "total                             0       3       0",
        ])

    def test_unsafe_fixes_move_them_to_fixed(self):
        result = self.run_tool("--check", "--statistics", "--unsafe-fixes", "mixed.py")
        self.assertIn("ANY401  gather                    1       0       0\n",
                      result.stdout.decode())

    def test_json(self):
        result = self.run_tool("--check", "--statistics", "--format", "json",
                               "flagged.py", "mixed.py")
        document = json.loads(result.stdout)
        self.assertEqual(document["statistics"]["files"], [
            {"path": "mixed.py", "fixable": 1, "by_hand": 1},
            {"path": "flagged.py", "fixable": 0, "by_hand": 1}])
        self.assertIn({"code": "ANY401", "rule": "gather", "fixed": 0, "fixable": 1,
                       "by_hand": 0}, document["statistics"]["rules"])
        self.assertEqual(len(document["diagnostics"]), 6)  # every use, as without it

    def test_usage(self):
        for args, why in (
            (("--statistics", "--format", "sarif", "app.py"),
             "--statistics cannot be used with --format sarif (text or json)"),
            (("--statistics", "-"),
             "--statistics with '-' needs --check: the migrated source goes "
             "to standard output"),
            (("--apply", "--diff", "--statistics", "app.py"),
             "--statistics and --diff cannot be used together"),
        ):
            with self.subTest(args=args):
                result = self.run_tool(*args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr.decode().splitlines()[0],
                                 "migrate_to_anyio: error: " + why)


if __name__ == "__main__":
    unittest.main()
