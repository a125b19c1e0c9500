"""[tool.migrate_to_anyio] in pyproject.toml: select, ignore, exclude, backup.

The file used is the nearest pyproject.toml holding that table, looking from
the current folder upward; the command line wins over it.
"""

import json
import os
import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    apply_summary,
    check_summary,
    sample_check_lines,
    without_messages,
)

SLEEP_ONLY = b'[tool.migrate_to_anyio]\nselect = ["ANY102"]\n'
KEYS = ("the keys are select, ignore, exclude, backup, queue-compat, "
        "unsafe-fixes and test-backends")


def sleep_line(path):
    return "%s:4:11: ANY102 [*]" % path


def run_line(path, fixable=False):
    return "%s:6:1: ANY101%s" % (path, " [*]" if fixable else "")


def sleep_only(path):
    """--check of SAMPLE with ANY102 alone selected: the use ANY101 would
    rewrite is still reported (and counted), not as fixable."""
    return [sleep_line(path), run_line(path), check_summary(2, 1, 1, 1)]


class ConfigTest(CliTestCase):
    def check_lines(self, *args, cwd=None):
        result = self.run_tool("--check", *args, cwd=cwd)
        self.assertIn(result.returncode, (0, 1), result.stderr.decode())
        return self.stderr_lines(result)

    def stderr_lines(self, result):
        """--check's report (stdout), then the rest (stderr)."""
        return (without_messages(result.stdout.decode())
                + without_messages(result.stderr.decode()))

    def test_no_file_means_every_rule(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("app.py"),
            sample_check_lines("app.py") + [check_summary(3, 3, 1, 1)],
        )

    def test_select(self):
        self.write("pyproject.toml", SLEEP_ONLY)
        self.write("app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("app.py"),
            sleep_only("app.py"),
        )

    def test_ignore_and_prefixes_and_names(self):
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\n'
                   b'select = ["ANY1"]\nignore = ["sleep"]\n')
        self.write("app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("app.py"),
            ["app.py:4:11: ANY102", run_line("app.py", True),
             check_summary(2, 1, 1, 1)],
        )

    def test_an_empty_select_rewrites_nothing_and_reports_every_use(self):
        self.write("pyproject.toml", b"[tool.migrate_to_anyio]\nselect = []\n")
        self.write("app.py", SAMPLE)
        self.assertEqual(self.check_lines("app.py"),
                         ["app.py:4:11: ANY102", run_line("app.py"),
                          check_summary(2, 0, 1, 1)])

    def test_the_command_line_wins(self):
        self.write("pyproject.toml", SLEEP_ONLY + b'ignore = ["ANY101"]\n')
        self.write("app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("--select", "ANY101", "app.py"),
            ["app.py:4:11: ANY102", run_line("app.py"), check_summary(2, 0, 1, 1)],
        )
        self.assertEqual(
            self.check_lines("--select", "ANY101", "--ignore", "ANY9", "app.py"),
            ["app.py:4:11: ANY102", run_line("app.py", True),
             check_summary(2, 1, 1, 1)],
        )

    def test_found_from_a_subfolder_and_skipping_files_without_the_table(self):
        self.write("pyproject.toml", SLEEP_ONLY)
        # Another project's pyproject.toml is not read, even broken.
        self.write("pkg/pyproject.toml", b"[tool.black\nline-length = \n")
        self.write("pkg/sub/app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("app.py", cwd=self.path("pkg/sub")),
            sleep_only("app.py"),
        )

    def test_a_mention_alone_is_not_the_table(self):
        self.write("pyproject.toml", SLEEP_ONLY)
        self.write("pkg/pyproject.toml",
                   b"# migrate_to_anyio is configured above\n[tool.black]\n")
        self.write("pkg/app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("app.py", cwd=self.path("pkg")),
            sleep_only("app.py"),
        )

    def test_the_current_folder_decides_not_the_files(self):
        self.write("pyproject.toml", SLEEP_ONLY)
        self.write("pkg/pyproject.toml", b"[tool.migrate_to_anyio]\nselect = [\"ANY101\"]\n")
        self.write("pkg/app.py", SAMPLE)
        self.assertEqual(
            self.check_lines("pkg/app.py"),
            sleep_only("pkg/app.py"),
        )
        self.assertEqual(
            self.check_lines("app.py", cwd=self.path("pkg")),
            ["app.py:4:11: ANY102", run_line("app.py", True),
             check_summary(2, 1, 1, 1)],
        )

    def test_every_spelling_of_the_table(self):
        spellings = [
            b'tool.migrate_to_anyio.select = ["ANY102"]\n',
            b'[tool]\nmigrate_to_anyio.select = ["ANY102"]\n',
            b'[tool]\nmigrate_to_anyio = { select = ["ANY102"] }\n',
            b'tool = { migrate_to_anyio = { select = [\'ANY102\'] } }\n',
            b'[tool."migrate_to_anyio"]\nselect = [\n  "ANY102",  # sleep\n]\n',
            b'[project]\nname = "x"\n\n[tool.migrate_to_anyio]  # ours\n'
            b'"select" = ["""ANY102"""]\n\n[tool.black]\nselect = 1\n',
        ]
        self.write("app.py", SAMPLE)
        for text in spellings:
            with self.subTest(text=text):
                self.write("pyproject.toml", text)
                self.assertEqual(
                    self.check_lines("app.py"),
                    sleep_only("app.py"),
                )

    def test_exclude_is_relative_to_the_file(self):
        self.write("pyproject.toml", b"[tool.migrate_to_anyio]\nexclude = [\n"
                   b'  "build",\n  "pkg/gen_*.py",\n  "**/skip_me.py",\n'
                   b"  'docs/*/',\n  \"tests/**/data_*.py\",\n]\n")
        for name in ("build/x.py", "pkg/gen_a.py", "pkg/sub/skip_me.py", "skip_me.py",
                     "docs/a/conf.py", "tests/data_1.py", "tests/a/b/data_2.py"):
            self.write(name, SAMPLE)
        kept = ["docs/conf.py", "pkg/gen.py", "pkg/sub/gen_b.py", "tests/test_x.py",
                "top.py"]
        for name in kept:
            self.write(name, SAMPLE)
        lines = self.check_lines(".")
        self.assertEqual(
            sorted({line.split(":")[0] for line in lines[:-1]}), kept
        )
        # From a subfolder, the globs stay relative to pyproject.toml's
        # (a file named on the command line is excluded only with
        # --force-exclude).
        lines = self.check_lines("--force-exclude", ".", "../build/x.py", "../top.py",
                                 cwd=self.path("pkg"))
        note = ("../build/x.py: note: not checked: the exclude glob `build` of "
                "../pyproject.toml matches it (--force-exclude)")
        self.assertEqual(lines[-2], note)
        lines.remove(note)
        self.assertEqual(
            [line.split(":")[0] for line in lines[:-1]][::SAMPLE_USES],
            ["gen.py", "sub/gen_b.py", "../top.py"],
        )

    def test_a_path_named_on_the_command_line_is_processed(self):
        # A file or folder named on the command line is processed even when
        # an exclude glob matches it; what a folder's walk finds is matched.
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\n'
                   b'exclude = ["vendor", "**/gen_*.py"]\n')
        self.write("vendor/lib.py", SAMPLE)
        self.write("vendor/gen_x.py", SAMPLE)
        self.write("app.py", SAMPLE)
        result = self.run_tool("--check", "vendor/gen_x.py", "vendor")
        self.assertOutput(
            result, 1,
            sample_check_lines("vendor/gen_x.py") + sample_check_lines("vendor/lib.py"),
            [check_summary(6, 6, 2, 2)])
        result = self.run_tool("--check", ".")
        self.assertOutput(result, 1, sample_check_lines("app.py"),
                          [check_summary(3, 3, 1, 1)])

    def test_force_exclude_says_what_it_left_out(self):
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nexclude = ["vendor"]\n')
        self.write("vendor/lib.py", SAMPLE)
        self.write("app.py", SAMPLE)
        note = ("vendor/lib.py: note: not checked: the exclude glob `vendor` "
                "of pyproject.toml matches it (--force-exclude)")
        result = self.run_tool("--check", "--force-exclude", "vendor/lib.py", "app.py")
        self.assertOutput(result, 1, sample_check_lines("app.py"),
                          [note, check_summary(3, 3, 1, 1) + ", 1 file excluded"])
        result = self.run_tool("--check", "--force-exclude", "vendor/lib.py")
        self.assertOutput(result, 0, "",
                          [note, check_summary(0, 0, 0, 0) + ", 1 file excluded"])
        result = self.run_tool("--check", "--force-exclude", "--exclude", "*.py",
                               "app.py")
        self.assertOutput(result, 0, "", [
            "app.py: note: not checked: the exclude glob `*.py` of --exclude "
            "matches it (--force-exclude)",
            check_summary(0, 0, 0, 0) + ", 1 file excluded"])
        document = json.loads(self.run_tool("--check", "--force-exclude", "--format",
                                            "json", "vendor/lib.py").stdout)
        self.assertEqual(document["summary"]["files_excluded"], 1)

    def test_exclude_on_the_command_line_replaces_the_files(self):
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nexclude = ["a.py"]\n')
        self.write("a.py", SAMPLE)
        self.write("pkg/b.py", SAMPLE)
        self.write("pkg/c.py", SAMPLE)
        lines = self.check_lines("--exclude", "b.py", "--exclude=*/c.py", ".",
                                 cwd=self.dir)
        self.assertEqual(lines, sample_check_lines("a.py") + sample_check_lines("pkg/b.py")
                         + [check_summary(6, 6, 2, 2)])
        # --exclude globs are relative to the current folder.
        lines = self.check_lines("--exclude", "b.py", ".", cwd=self.path("pkg"))
        self.assertEqual(lines, sample_check_lines("c.py") + [check_summary(3, 3, 1, 1)])

    def test_show_settings(self):
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nignore = ["any2", "sleep"]\n'
                   b'exclude = ["build"]\nbackup = false\n')
        os.makedirs(self.path("pkg"))
        result = self.run_tool("--show-settings", cwd=self.path("pkg"))
        self.assertEqual((result.returncode, result.stderr), (0, b""))
        self.assertEqual(result.stdout.decode().splitlines(), [
            "configuration: ../pyproject.toml",
            "select: all (default)",
            "ignore: ANY2, sleep (../pyproject.toml)",
            "rules that run (14 of 30): ANY001 ANY002 ANY101 ANY103 ANY104 ANY105 "
            "ANY301 ANY302 ANY303 ANY401 ANY402 ANY403 ANY404 ANY900",
            'exclude: "build" (../pyproject.toml; relative to %s)' % os.path.realpath(self.dir),
            "force-exclude: false (default)",
            "backup: false (../pyproject.toml)",
            "unsafe-fixes: false (default)",
            "queue-compat: none (default)",
            "test-backends: asyncio (default)",
        ])
        result = self.run_tool("--show-settings", "--select", "ANY1", "--unsafe-fixes",
                               "--force-exclude", "--exclude", "gen", cwd=self.path("pkg"))
        lines = result.stdout.decode().splitlines()
        self.assertEqual(lines[1], "select: ANY1 (command line)")
        # ANY1 but sleep (pyproject.toml's ignore): the command line replaces
        # select only.
        self.assertEqual(lines[3],
                         "rules that run (5 of 30): ANY001 ANY101 ANY103 ANY104 ANY105")
        self.assertEqual(lines[4], 'exclude: "gen" (command line; relative to %s)'
                         % os.path.realpath(self.path("pkg")))
        self.assertEqual(lines[5], "force-exclude: true (command line)")
        self.assertEqual(lines[7], "unsafe-fixes: true (command line)")
        os.unlink(self.path("pyproject.toml"))
        result = self.run_tool("--show-settings")
        self.assertEqual(result.stdout.decode().splitlines()[0],
                         "configuration: none (no pyproject.toml with a "
                         "[tool.migrate_to_anyio] table in the current folder or above)")
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nbackup = 3\n')
        result = self.run_tool("--show-settings")
        self.assertEqual(result.returncode, 2)

    def test_backup(self):
        self.write("pyproject.toml", b"[tool.migrate_to_anyio]\nbackup = false\n")
        self.write("app.py", SAMPLE)
        result = self.run_tool("--apply", "app.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("app.py"), MIGRATED)
        self.assertFalse(os.path.exists(self.path("app.py.bak")))
        self.write("pyproject.toml", b"[tool.migrate_to_anyio]\nbackup = true\n")
        self.write("app.py", SAMPLE)
        self.assertEqual(self.run_tool("--apply", "app.py").returncode, 0)
        self.assertEqual(self.read("app.py.bak"), SAMPLE)
        os.unlink(self.path("app.py.bak"))
        self.write("app.py", SAMPLE)
        self.assertEqual(self.run_tool("--apply", "--no-backup", "app.py").returncode, 0)
        self.assertFalse(os.path.exists(self.path("app.py.bak")))

    def test_string_escapes(self):
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\n'
                   b'exclude = ["b\\u0075ild", \'\'\'\nx.py\'\'\', """y\\\n   .py"""]\n')
        for name in ("build/a.py", "x.py", "y.py", "z.py"):
            self.write(name, SAMPLE)
        lines = self.check_lines(".")
        self.assertEqual([line.split(":")[0] for line in lines[:-1]][::SAMPLE_USES],
                         ["z.py"])


class ConfigErrorTest(CliTestCase):
    """A broken table stops the run: one line, PATH:LINE:COL, exit 2."""

    def assertConfigError(self, text, message, cwd=None, path="pyproject.toml"):
        self.write(path, text)
        self.write("app.py", SAMPLE)
        for args in (("app.py",), ("--check", "app.py"), ("--apply", "app.py"),
                     ("-",)):
            with self.subTest(args=args):
                before = self.snapshot()
                result = self.run_tool(*args, stdin=SAMPLE, cwd=cwd)
                self.assertEqual(
                    (result.returncode, result.stdout, result.stderr.decode()),
                    (2, b"", message + "\n"),
                )
                self.assertEqual(self.snapshot(), before)

    def test_syntax_error(self):
        self.assertConfigError(
            b'[tool.migrate_to_anyio]\nselect = ["ANY1" "ANY2"]\n',
            "pyproject.toml:2:11: error: TOML syntax error",
        )

    def test_the_path_says_where_the_file_is(self):
        os.makedirs(self.path("pkg/sub"))
        self.assertConfigError(
            b"[tool.migrate_to_anyio]\nbackup = 1\n",
            "../../pyproject.toml:2:10: error: `backup` must be true or false",
            cwd=self.path("pkg/sub"),
        )

    def test_wrong_types(self):
        cases = [
            (b'[tool.migrate_to_anyio]\nselect = "ANY1"\n',
             "pyproject.toml:2:10: error: `select` must be a list of strings"),
            (b'[tool.migrate_to_anyio]\nignore = ["ANY1", 2]\n',
             "pyproject.toml:2:19: error: `ignore` must be a list of strings"),
            (b'[tool.migrate_to_anyio]\nexclude = [["a"]]\n',
             "pyproject.toml:2:12: error: `exclude` must be a list of strings"),
            (b'[tool.migrate_to_anyio]\nbackup = "no"\n',
             "pyproject.toml:2:10: error: `backup` must be true or false"),
            (b"tool.migrate_to_anyio = 1\n",
             "pyproject.toml:1:25: error: [tool.migrate_to_anyio] must be a table"),
            (b"[[tool.migrate_to_anyio]]\nselect = []\n",
             "pyproject.toml:1:3: error: [tool.migrate_to_anyio] must be a table"),
        ]
        for text, message in cases:
            with self.subTest(text=text):
                self.assertConfigError(text, message)

    def test_unknown_keys(self):
        cases = [
            (b"[tool.migrate_to_anyio]\nselect = []\nfix = true\n",
             "pyproject.toml:3:1: error: unknown key `fix` in "
             "[tool.migrate_to_anyio]: " + KEYS),
            (b"[tool]\nmigrate_to_anyio.select.x = []\n",
             "pyproject.toml:2:1: error: unknown key `select.x` in "
             "[tool.migrate_to_anyio]: " + KEYS),
            (b"[tool.migrate_to_anyio.per-file]\nx = 1\n",
             "pyproject.toml:1:2: error: unknown key `per-file` in "
             "[tool.migrate_to_anyio]: " + KEYS),
        ]
        for text, message in cases:
            with self.subTest(text=text):
                self.assertConfigError(text, message)

    def test_unknown_rule_codes(self):
        self.assertConfigError(
            b'[tool.migrate_to_anyio]\nselect = ["ANY1", "ANY999"]\n',
            "pyproject.toml:2:19: error: unknown rule code `ANY999` in `select`",
        )
        self.assertConfigError(
            b'[tool.migrate_to_anyio]\nignore = [""]\n',
            "pyproject.toml:2:11: error: empty rule code in `ignore`",
        )

    def test_a_mistyped_code_gets_the_nearest(self):
        self.write("app.py", SAMPLE)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nignore = ["ANY1O2"]\n')
        result = self.run_tool("--check", "app.py")
        self.assertEqual(
            (result.returncode, result.stdout, result.stderr.decode()),
            (2, b"", "pyproject.toml:2:11: error: unknown rule code `ANY1O2` in "
                     "`ignore`; did you mean `ANY102`?\n"))

    def test_defined_twice(self):
        self.assertConfigError(
            b"[tool.migrate_to_anyio]\nbackup = true\nbackup = false\n",
            "pyproject.toml:3:1: error: duplicate key `backup`",
        )
        self.assertConfigError(
            b'tool.migrate_to_anyio.select = []\n[tool.migrate_to_anyio]\n',
            "pyproject.toml:2:2: error: [tool.migrate_to_anyio] is defined more than once",
        )

    def test_columns_count_characters(self):
        self.assertConfigError(
            '[tool.migrate_to_anyio]\nexclude = ["é"]\nselect = ["ü", 1]\n'.encode(),
            "pyproject.toml:3:11: error: unknown rule code `ü` in `select`",
        )

    def test_an_unreadable_file(self):
        if os.geteuid() == 0:
            self.skipTest("running as root: permissions do not stop root")
        self.write("pyproject.toml", SLEEP_ONLY, mode=0)
        self.write("app.py", SAMPLE)
        result = self.run_tool("app.py")
        self.assertEqual(
            (result.returncode, result.stderr.decode()),
            (2, "pyproject.toml: error: Permission denied\n"),
        )


if __name__ == "__main__":
    unittest.main()
