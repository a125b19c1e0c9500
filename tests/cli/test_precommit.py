"""The pre-commit hook: runs the --check gate on the staged Python files."""

import os
import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_USES,
    SOURCE_DIR,
    CliTestCase,
    check_summary,
    sample_check_lines,
)

HOOKS = os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml")


def hook_fields():
    """The one hook's "key: value" fields (the file is that simple)."""
    fields = {}
    with open(HOOKS, encoding="utf-8") as stream:
        lines = [line.rstrip("\n") for line in stream if line.strip()
                 and not line.lstrip().startswith("#")]
    for line in lines:
        key, value = line.lstrip("- ").split(":", 1)
        fields[key.strip()] = value.strip()
    return lines, fields


class PreCommitTest(CliTestCase):
    def test_the_hook(self):
        lines, fields = hook_fields()
        self.assertTrue(lines[0].startswith("- id: "))
        self.assertEqual(sum(line.startswith("- ") for line in lines), 1)
        self.assertEqual(fields["id"], "migrate-to-anyio-check")
        self.assertEqual(fields["entry"], "migrate_to_anyio --check --force-exclude")
        self.assertEqual(fields["language"], "system")
        self.assertEqual(fields["types"], "[python]")
        self.assertEqual(fields["require_serial"], "true")
        self.assertTrue(fields["name"])

    def test_the_entry_on_the_files_pre_commit_passes(self):
        self.write("pkg/app.py", SAMPLE)
        self.write("pkg/done.py", MIGRATED)
        entry = hook_fields()[1]["entry"].split()[1:]
        result = self.run_tool(*entry, "pkg/app.py", "pkg/done.py")
        self.assertOutput(
            result, 1, sample_check_lines("pkg/app.py"),
            [check_summary(SAMPLE_USES, SAMPLE_USES, 1, 2)],
        )
        result = self.run_tool(*entry, "pkg/done.py")
        self.assertOutput(result, 0, "", [check_summary(0, 0, 0, 1)])

    def test_the_entry_honours_the_exclude_globs(self):
        # pre-commit passes every staged file: those the settings exclude
        # are left out, and said to be.
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nexclude = ["vendor"]\n')
        self.write("vendor/lib.py", SAMPLE)
        self.write("pkg/done.py", MIGRATED)
        entry = hook_fields()[1]["entry"].split()[1:]
        result = self.run_tool(*entry, "vendor/lib.py", "pkg/done.py")
        self.assertOutput(result, 0, "", [
            "vendor/lib.py: note: not checked: the exclude glob `vendor` of "
            "pyproject.toml matches it (--force-exclude)",
            check_summary(0, 0, 0, 1) + ", 1 file excluded"])


if __name__ == "__main__":
    unittest.main()
