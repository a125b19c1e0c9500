"""Rule selection (--select, --ignore) and the catalog (--list-rules, --explain).

The catalog is checked against the rule reference that gen_rules (built
beside the tool) prints, so both read the same registry.
"""

import os
import subprocess
import unittest

from cli_support import (
    SAMPLE,
    SOURCE_DIR,
    TOOL,
    CliTestCase,
    check_summary,
    dry_run_summary,
    sample_check_lines,
    without_messages,
)


def rule_reference():
    """docs/rules.md as the registry makes it now (or as committed)."""
    gen_rules = os.path.join(os.path.dirname(TOOL), "gen_rules")
    if os.access(gen_rules, os.X_OK):
        return subprocess.run([gen_rules], capture_output=True, check=True).stdout.decode()
    with open(os.path.join(SOURCE_DIR, "docs", "rules.md"), encoding="utf-8") as stream:
        return stream.read()


def reference_rows(reference):
    """(code, name, kind, summary) of each row of the reference's table
    (its fix safety column is the library's, checked by the unit tests)."""
    rows = []
    for line in reference.splitlines():
        if not line.startswith("| [ANY"):
            continue
        code_cell, name, kind, _, summary = line[2:-2].split(" | ", 4)
        rows.append((code_cell[1:code_cell.index("]")], name, kind, summary))
    return rows


def reference_doc(reference, code):
    """The rule's own documentation, as the reference embeds it."""
    start = reference.index('<a id="%s"></a>' % code)
    end = reference.find("\n<a id=", start + 1)
    section = reference[start:end if end >= 0 else len(reference)]
    body = section.split("\n\n", 2)[2]  # after the heading and "summary — kind."
    # The reference puts the doc's "## " headings one level down.
    lines = [line[1:] if line.startswith("### ") else line
             for line in body.splitlines()]
    return "\n".join(lines).rstrip("\n") + "\n"


class SelectTest(CliTestCase):
    def check(self, *args):
        """The exit status, then --check's report and summary."""
        result = self.run_tool("--check", *args)
        return result.returncode, (without_messages(result.stdout.decode())
                                   + without_messages(result.stderr.decode()))

    def test_select_one_rule(self):
        # The use of the rule left out is still a use: reported, counted,
        # not fixable.
        self.write("app.py", SAMPLE)
        self.assertEqual(
            self.check("--select", "ANY102", "app.py"),
            (1, ["app.py:4:11: ANY102 [*]", "app.py:6:1: ANY101",
                 check_summary(2, 1, 1, 1)]),
        )
        result = self.run_tool("--check", "--select", "ANY102", "app.py")
        self.assertIn("app.py:6:1: ANY101 `asyncio.run(main(...))` becomes "
                      "`anyio.run(main, ...)` (not rewritten: ANY101 is not "
                      "selected)\n", result.stdout.decode())

    def test_codes_prefixes_and_names_comma_separated_and_repeated(self):
        self.write("app.py", SAMPLE)
        # Both uses go, so the import does too (ANY001 always runs).
        expected = (1, sample_check_lines("app.py") + [check_summary(3, 3, 1, 1)])
        self.assertEqual(self.check("--select", "ANY101, sleep", "app.py"), expected)
        self.assertEqual(self.check("--select=run", "--select", "ANY102", "app.py"),
                         expected)
        self.assertEqual(self.check("--select", "ANY1", "app.py"), expected)

    def test_ignore(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(
            self.check("--ignore", "ANY101,ANY9", "app.py"),
            (1, ["app.py:4:11: ANY102 [*]", "app.py:6:1: ANY101",
                 check_summary(2, 1, 1, 1)]),
        )
        self.assertEqual(
            self.check("--select", "ANY1", "--ignore", "ANY102", "app.py"),
            (1, ["app.py:4:11: ANY102", "app.py:6:1: ANY101 [*]",
                 check_summary(2, 1, 1, 1)]),
        )

    def test_nothing_selected_still_fails_the_gate(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(self.check("--ignore", "ANY", "app.py"),
                         (1, ["app.py:4:11: ANY102", "app.py:6:1: ANY101",
                              check_summary(2, 0, 1, 1)]))

    def test_a_use_no_selected_rule_reports_is_still_reported(self):
        # ANY900 reports what no rule speaks of, even when left out.
        self.write("app.py", b"import asyncio\n\nasync def main():\n"
                   b"    print(asyncio.all_tasks())\n")
        self.assertEqual(self.check("--select", "ANY102", "app.py"),
                         (1, ["app.py:4:11: ANY900", check_summary(1, 0, 1, 1)]))

    def test_selection_limits_the_rewrite_too(self):
        self.write("app.py", SAMPLE)
        result = self.run_tool("--select", "ANY102", "app.py")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(
            result.stdout.decode(),
            "--- a/app.py\n+++ b/app.py\n@@ -1,6 +1,7 @@\n"
            "+import anyio\n import asyncio\n \n async def main():\n"
            "-    await asyncio.sleep(1)\n+    await anyio.sleep(1)\n"
            " \n asyncio.run(main())\n",
        )
        self.assertEqual(without_messages(result.stderr.decode()),
                         ["app.py:6:1: ANY101", dry_run_summary(1, 2, 1, 1)])


class SuppressionTest(CliTestCase):
    """Suppression comments (the library's) seen through the command line."""

    def test_line_and_next_line_comments(self):
        self.write("app.py", b"import asyncio\n\n\nasync def main():\n"
                   b"    await asyncio.sleep(1)  # anyio-migrate: ignore\n"
                   b"    # anyio-migrate: ignore[ANY102]\n"
                   b"    await asyncio.sleep(2)\n"
                   b"    await asyncio.sleep(3)\n")
        result = self.run_tool("--check", "app.py")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(without_messages(result.stdout.decode()),
                         ["app.py:8:11: ANY102 [*]"])
        self.assertEqual(result.stderr.decode(), check_summary(1, 1, 1, 1) + "\n")
        result = self.run_tool("--apply", "app.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(
            self.read("app.py"),
            b"import anyio\nimport asyncio\n\n\nasync def main():\n"
            b"    await asyncio.sleep(1)  # anyio-migrate: ignore\n"
            b"    # anyio-migrate: ignore[ANY102]\n"
            b"    await asyncio.sleep(2)\n"
            b"    await anyio.sleep(3)\n",
        )

    def test_whole_file(self):
        source = b"# anyio-migrate: ignore-file\nimport asyncio\n\nasyncio.run(main())\n"
        self.write("kept.py", source)
        result = self.run_tool("--check", "kept.py")
        self.assertEqual((result.returncode, result.stderr.decode()),
                         (0, check_summary(0, 0, 0, 1) + "\n"))

    def test_an_unused_suppression_is_reported(self):
        self.write("app.py", b"import asyncio\n\n\nasync def main():\n"
                   b"    await asyncio.sleep(1)\n"
                   b"    x = 1  # anyio-migrate: ignore\n")
        result = self.run_tool("--check", "app.py")
        self.assertEqual(result.returncode, 1)
        self.assertOutput(result, 1,
                          ["app.py:1:1: ANY001 [*]", "app.py:5:11: ANY102 [*]",
                           "app.py:6:12: ANY002"], [check_summary(3, 2, 1, 1)])
        result = self.run_tool("--check", "--ignore", "ANY002", "app.py")
        self.assertOutput(result, 1,
                          ["app.py:1:1: ANY001 [*]", "app.py:5:11: ANY102 [*]"],
                          [check_summary(2, 2, 1, 1)])


class CatalogTest(CliTestCase):
    def test_list_rules(self):
        rows = reference_rows(rule_reference())
        self.assertTrue(rows)
        header = ("CODE", "NAME", "KIND", "SUMMARY")
        widths = [max(len(row[i]) for row in rows + [header]) for i in range(3)]
        expected = "".join(
            "%s  %s  %s  %s\n" % (row[0].ljust(widths[0]), row[1].ljust(widths[1]),
                                  row[2].ljust(widths[2]), row[3])
            for row in [header] + rows
        )
        result = self.run_tool("--list-rules")
        self.assertEqual((result.returncode, result.stdout.decode(), result.stderr),
                         (0, expected, b""))
        self.assertEqual(rows[0][:3], ("ANY001", "imports", "fix"))

    def test_list_rules_needs_no_path_and_ignores_the_rest(self):
        result = self.run_tool("--list-rules", "--check", "nowhere.py")
        self.assertEqual(result.returncode, 0)
        self.assertTrue(result.stdout.startswith(b"CODE "))

    def test_explain_every_rule(self):
        reference = rule_reference()
        for code, name, kind, summary in reference_rows(reference):
            for key in (code, name):
                with self.subTest(rule=key):
                    result = self.run_tool("--explain", key)
                    self.assertEqual(
                        (result.returncode, result.stdout.decode(), result.stderr),
                        (0, "%s %s (%s): %s\n\n%s" % (code, name, kind, summary,
                                                      reference_doc(reference, code)),
                         b""),
                    )

    def test_explain_an_unknown_rule(self):
        for code in ("ANY999", "ANY1"):
            with self.subTest(code=code):
                result = self.run_tool("--explain=" + code)
                self.assertEqual(
                    (result.returncode, result.stdout, result.stderr.decode()),
                    (2, b"", "migrate_to_anyio: error: unknown rule '%s': "
                     "--list-rules lists them\n" % code),
                )
        result = self.run_tool("--explain", "slep")
        self.assertEqual(
            (result.returncode, result.stderr.decode()),
            (2, "migrate_to_anyio: error: unknown rule 'slep': did you mean "
                "'sleep'? --list-rules lists them\n"))

    def test_codes_and_names_in_any_case(self):
        self.assertEqual(self.run_tool("--explain", "any102").stdout,
                         self.run_tool("--explain", "ANY102").stdout)
        self.assertEqual(self.run_tool("--explain", "Sleep").stdout,
                         self.run_tool("--explain", "ANY102").stdout)
        self.write("app.py", SAMPLE)
        expected = self.run_tool("--check", "--select", "ANY102", "app.py")
        for codes in ("any102", "Any1,-".replace(",-", ""), "SLEEP"):
            with self.subTest(codes=codes):
                result = self.run_tool("--check", "--select", codes, "--ignore",
                                       "any101", "app.py")
                self.assertEqual((result.returncode, result.stdout),
                                 (expected.returncode, expected.stdout))
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nselect = ["any1"]\n'
                   b'ignore = ["Run"]\n')
        result = self.run_tool("--check", "app.py")
        self.assertEqual((result.returncode, result.stdout),
                         (expected.returncode, expected.stdout))


if __name__ == "__main__":
    unittest.main()
