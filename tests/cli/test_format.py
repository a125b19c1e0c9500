"""--format text|json|sarif|github: the same findings, four ways.

The messages' wording belongs to the library, so the machine formats are
checked against the text format's lines for the same run: same paths,
positions, codes and messages, in the same order.
"""

import json
import re
import unittest

from cli_support import (
    FLAGGED,
    FLAGGED_USE,
    MIGRATED,
    SAMPLE,
    SAMPLE_DIAGNOSTICS,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    apply_summary,
    check_summary,
    dry_run_summary,
)

TEXT_LINE = re.compile(r"^(.+?):(\d+):(\d+): (ANY\d+)( \[\*\])? (.*)$")

SARIF_LEVELS = {"none", "note", "warning", "error"}
SARIF_TOP_LEVEL = {"$schema", "version", "runs", "inlineExternalProperties", "properties"}
SARIF_RUN = {
    "tool", "invocations", "conversion", "language", "versionControlProvenance",
    "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
    "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
    "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
    "externalPropertyFileReferences", "threadFlowLocations", "taxonomies",
    "addresses", "translations", "policies", "webRequests", "webResponses",
    "specialLocations", "properties",
}
SARIF_COLUMN_KINDS = {"utf16CodeUnits", "unicodeCodePoints"}


def text_findings(output):
    """(path, line, column, code, fixable, message) of each text line."""
    findings = []
    for line in output.decode().splitlines():
        match = TEXT_LINE.match(line)
        if match:
            path, line_no, column, code, mark, message = match.groups()
            findings.append((path, int(line_no), int(column), code, bool(mark), message))
    return findings


def apply_edits(data, edits):
    """The bytes `data` with the edits ({start, end, text}) applied."""
    out, at = b"", 0
    for edit in edits:
        out += data[at:edit["start"]] + edit["text"].encode()
        at = edit["end"]
    return out + data[at:]


def github_escape(text, is_property):
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class SarifChecker:
    """The parts of the SARIF 2.1.0 schema that a consumer relies on."""

    def __init__(self, test):
        self.test = test

    def check(self, log):
        t = self.test
        t.assertEqual(log["version"], "2.1.0")
        t.assertIsInstance(log["$schema"], str)
        t.assertTrue(log["$schema"].startswith("https://"))
        t.assertLessEqual(set(log), SARIF_TOP_LEVEL)
        t.assertIsInstance(log["runs"], list)
        t.assertEqual(len(log["runs"]), 1)
        for run in log["runs"]:
            self.check_run(run)

    def check_run(self, run):
        t = self.test
        t.assertLessEqual(set(run), SARIF_RUN)
        driver = run["tool"]["driver"]
        t.assertEqual(driver["name"], "migrate_to_anyio")
        t.assertEqual(driver["version"], "0.1.0")
        rules = driver["rules"]
        ids = [rule["id"] for rule in rules]
        t.assertEqual(len(ids), len(set(ids)), "rule ids must be unique")
        for rule in rules:
            self.check_rule(rule)
        t.assertIn(run.get("columnKind", "utf16CodeUnits"), SARIF_COLUMN_KINDS)
        t.assertIsInstance(run["results"], list)
        for result in run["results"]:
            self.check_result(result, ids)
        for invocation in run.get("invocations", []):
            t.assertIsInstance(invocation["executionSuccessful"], bool)
            for note in invocation.get("toolExecutionNotifications", []):
                t.assertIsInstance(note["message"]["text"], str)

    def check_rule(self, rule):
        t = self.test
        t.assertRegex(rule["id"], r"^ANY\d{3}$")
        t.assertIsInstance(rule["name"], str)
        for key in ("shortDescription", "fullDescription"):
            t.assertIsInstance(rule[key]["text"], str)
            t.assertTrue(rule[key]["text"])
        t.assertIsInstance(rule["help"]["text"], str)
        t.assertIn(rule["defaultConfiguration"]["level"], SARIF_LEVELS)

    def check_result(self, result, ids):
        t = self.test
        t.assertIn(result["ruleId"], ids)
        t.assertEqual(ids[result["ruleIndex"]], result["ruleId"])
        t.assertIn(result["level"], SARIF_LEVELS)
        t.assertIsInstance(result["message"]["text"], str)
        t.assertTrue(result["locations"])
        for location in result["locations"]:
            physical = location["physicalLocation"]
            t.assertIsInstance(physical["artifactLocation"]["uri"], str)
            region = physical["region"]
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                t.assertIsInstance(region[key], int)
                t.assertGreaterEqual(region[key], 1)
            t.assertLessEqual(
                (region["startLine"], region["startColumn"]),
                (region["endLine"], region["endColumn"]),
            )


class FormatTest(CliTestCase):
    def make_files(self):
        self.write("app.py", SAMPLE)
        self.write("flagged.py", FLAGGED)
        self.write("done.py", MIGRATED)

    def text_run(self, *args):
        result = self.run_tool("--check", *args)
        return text_findings(result.stdout)

    def json_run(self, *args, code=1):
        result = self.run_tool("--format", "json", *args)
        self.assertEqual(result.returncode, code, result.stderr.decode())
        return json.loads(result.stdout.decode()), result

    def test_json_check_has_every_diagnostic(self):
        self.make_files()
        expected = self.text_run("app.py", "flagged.py", "done.py")
        document, result = self.json_run("--check", "app.py", "flagged.py", "done.py")
        self.assertEqual(
            result.stderr.decode().splitlines(), [check_summary(4 + 1, 4, 2, 3)]
        )
        self.assertEqual(
            [
                (d["path"], d["start"]["line"], d["start"]["column"], d["code"],
                 d["fixable"], d["message"])
                for d in document["diagnostics"]
            ],
            expected,
        )
        self.assertEqual(
            ["%s:%d:%d: %s" % (d["path"], d["start"]["line"], d["start"]["column"], d["code"])
             for d in document["diagnostics"] if d["path"] == "app.py"],
            ["app.py:" + entry for entry in SAMPLE_DIAGNOSTICS],
        )
        self.assertEqual(document["tool"], "migrate_to_anyio")
        self.assertEqual(document["version"], "0.1.0")
        self.assertEqual(document["mode"], "check")
        self.assertEqual(document["errors"], [])
        edits = sum(len(entry["edits"]) for entry in document["files"])
        self.assertEqual(
            document["summary"],
            {"files_checked": 3, "files_excluded": 0, "files_changed": 2, "edits": edits,
             "uses": 5, "fixable": 4, "uses_left": 1, "unsafe_fixable": 0, "errors": 0},
        )

    def test_json_summary_means_the_same_in_every_mode(self):
        # uses: every use in the files as read; fixable: those --apply
        # rewrites; uses_left: the others, left once --apply has run.
        self.make_files()
        files = ("app.py", "flagged.py", "done.py")
        check, _ = self.json_run("--check", *files)
        dry_run, text = self.json_run(*files, code=0)
        self.assertEqual(dry_run["summary"], check["summary"])
        self.assertEqual(
            (check["summary"]["uses"], check["summary"]["fixable"],
             check["summary"]["uses_left"]), (5, 4, 1))
        self.assertEqual(text.stderr.decode().splitlines(),
                         [dry_run_summary(2, dry_run["summary"]["edits"], 1, 3)])
        applied, _ = self.json_run("--apply", *files, code=0)
        self.assertEqual(
            (applied["summary"]["uses"], applied["summary"]["fixable"],
             applied["summary"]["uses_left"]), (5, 4, 1))

    def test_json_positions_and_bytes_agree(self):
        self.write("app.py", SAMPLE)
        document, _ = self.json_run("--check", "app.py")
        for d in document["diagnostics"]:
            for end in ("start", "end"):
                position = d[end]
                before = SAMPLE[:position["byte"]].decode()
                self.assertEqual(position["line"], before.count("\n") + 1)
                self.assertEqual(
                    position["column"], len(before) - (before.rfind("\n") + 1) + 1
                )
            self.assertEqual(
                set(d), {"path", "code", "rule", "message", "fixable", "applicability",
                         "start", "end", "fix"}
            )

    def test_json_edits_make_the_migrated_file(self):
        self.write("app.py", SAMPLE)
        self.write("flagged.py", FLAGGED)
        self.write("done.py", MIGRATED)
        document, _ = self.json_run("--check", "app.py", "flagged.py", "done.py")
        self.assertEqual([f["path"] for f in document["files"]], ["app.py", "flagged.py"])
        app = document["files"][0]
        self.assertEqual(len(app["edits"]), SAMPLE_EDITS)
        self.assertEqual(apply_edits(SAMPLE, app["edits"]), MIGRATED)
        dry_run = self.run_tool("flagged.py")
        migrated = self.run_tool("-", stdin=FLAGGED).stdout
        self.assertEqual(apply_edits(FLAGGED, document["files"][1]["edits"]), migrated)
        self.assertIn(b"+++ b/flagged.py", dry_run.stdout)

    def test_json_dry_run_prints_the_document_instead_of_the_diff(self):
        self.make_files()
        before = self.snapshot()
        check, _ = self.json_run("--check", "app.py", "done.py")
        document, result = self.json_run("app.py", "done.py", code=0)
        self.assertEqual(
            result.stderr.decode().splitlines(),
            [dry_run_summary(1, SAMPLE_EDITS, 0, 2)],
        )
        self.assertEqual(document["mode"], "dry-run")
        self.assertEqual(document["diagnostics"], check["diagnostics"])
        self.assertEqual(document["files"], check["files"])
        self.assertEqual(self.snapshot(), before)

    def test_json_apply_lists_what_is_left_where_it_now_is(self):
        self.write("app.py", SAMPLE)
        self.write("flagged.py", FLAGGED)
        document, result = self.json_run("--apply", "app.py", "flagged.py", code=0)
        written = self.read("flagged.py")
        self.assertEqual(self.read("app.py"), MIGRATED)
        self.assertEqual(document["mode"], "apply")
        self.assertEqual([f["path"] for f in document["files"]], ["app.py", "flagged.py"])
        self.assertEqual(apply_edits(FLAGGED, document["files"][1]["edits"]), written)
        self.assertEqual(len(document["diagnostics"]), 1)
        left = document["diagnostics"][0]
        self.assertFalse(left["fixable"])
        start = left["start"]["byte"]
        self.assertTrue(written[start:].startswith(FLAGGED_USE))
        text = self.run_tool("--check", "flagged.py")
        self.assertEqual(
            [(f[1], f[2], f[3]) for f in text_findings(text.stdout)],
            [(left["start"]["line"], left["start"]["column"], left["code"])],
        )

    def test_json_errors_are_in_the_document_and_on_stderr(self):
        self.write("app.py", SAMPLE)
        self.write("broken.py", b"import asyncio\ndef f(:\n")
        document, result = self.json_run("--check", "app.py", "broken.py", "missing.py", code=2)
        stderr = result.stderr.decode().splitlines()
        self.assertEqual(stderr[-2:], [
            "missing.py: error: No such file or directory",
            check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1, errors=2),
        ])
        self.assertEqual(len(stderr), 3)
        self.assertRegex(stderr[0], r"^broken\.py:2:7: error: syntax error: \S")
        self.assertEqual(
            document["errors"],
            [
                {"path": "broken.py", "message": stderr[0][len("broken.py:2:7: error: "):],
                 "line": 2, "column": 7, "byte": 21},
                {"path": "missing.py", "message": "No such file or directory"},
            ],
        )
        self.assertEqual(document["summary"]["errors"], 2)

    def test_json_from_standard_input(self):
        result = self.run_tool("--check", "--format", "json", "--stdin-filename",
                               "pkg/app.py", "-", stdin=SAMPLE)
        self.assertEqual(result.returncode, 1)
        document = json.loads(result.stdout)
        self.assertEqual({d["path"] for d in document["diagnostics"]}, {"pkg/app.py"})
        self.assertEqual(apply_edits(SAMPLE, document["files"][0]["edits"]), MIGRATED)

    def test_json_with_nothing_found(self):
        self.write("done.py", MIGRATED)
        document, result = self.json_run("--check", "-q", "done.py", code=0)
        self.assertEqual(result.stderr, b"")
        self.assertEqual(
            document,
            {
                "tool": "migrate_to_anyio", "version": "0.1.0", "mode": "check",
                "diagnostics": [], "files": [], "errors": [],
                "summary": {"files_checked": 1, "files_excluded": 0,
                            "files_changed": 0, "edits": 0,
                            "uses": 0, "fixable": 0, "uses_left": 0,
                            "unsafe_fixable": 0, "errors": 0},
            },
        )

    def sarif(self, *args, code=1):
        result = self.run_tool("--format", "sarif", *args)
        self.assertEqual(result.returncode, code, result.stderr.decode())
        log = json.loads(result.stdout.decode())
        SarifChecker(self).check(log)
        return log, result

    def test_sarif_is_valid_and_has_every_diagnostic(self):
        self.make_files()
        expected = self.text_run("app.py", "flagged.py", "done.py")
        log, result = self.sarif("--check", "app.py", "flagged.py", "done.py")
        self.assertEqual(result.stderr.decode().splitlines(), [check_summary(5, 4, 2, 3)])
        run = log["runs"][0]
        found = []
        for r in run["results"]:
            physical = r["locations"][0]["physicalLocation"]
            found.append((
                physical["artifactLocation"]["uri"], physical["region"]["startLine"],
                physical["region"]["startColumn"], r["ruleId"],
                r["properties"]["fixable"], r["message"]["text"],
            ))
        self.assertEqual(found, expected)
        self.assertEqual(run["columnKind"], "unicodeCodePoints")
        self.assertEqual(run["invocations"][0]["executionSuccessful"], True)
        self.assertEqual(run["invocations"][0]["toolExecutionNotifications"], [])

    def test_sarif_rules_are_the_registry_with_their_docs(self):
        self.write("done.py", MIGRATED)
        log, _ = self.sarif("--check", "done.py", code=0)
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        listed = self.run_tool("--list-rules").stdout.decode().splitlines()[1:]
        self.assertEqual([rule["id"] for rule in rules], [line.split()[0] for line in listed])
        for rule in rules:
            explained = self.run_tool("--explain", rule["id"]).stdout.decode()
            head, doc = explained.split("\n\n", 1)
            self.assertEqual(
                head, "%s %s (%s): %s" % (rule["id"], rule["name"],
                                          rule["properties"]["fix"],
                                          rule["shortDescription"]["text"]))
            self.assertEqual(rule["fullDescription"]["text"].rstrip("\n"), doc.rstrip("\n"))
            self.assertEqual(rule["help"]["markdown"], rule["fullDescription"]["text"])

    def test_sarif_uris_and_regions(self):
        self.write("sub dir/a%b.py", SAMPLE)
        log, _ = self.sarif("--check", "./sub dir/a%b.py")
        results = log["runs"][0]["results"]
        self.assertEqual(
            {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results},
            {"sub%20dir/a%25b.py"},
        )
        document, _ = self.json_run("--check", "./sub dir/a%b.py")
        self.assertEqual(
            [r["locations"][0]["physicalLocation"]["region"] for r in results],
            [{"startLine": d["start"]["line"], "startColumn": d["start"]["column"],
              "endLine": d["end"]["line"], "endColumn": d["end"]["column"]}
             for d in document["diagnostics"]],
        )

    def test_sarif_absolute_paths_are_file_uris(self):
        full = self.write("app.py", SAMPLE)
        log, _ = self.sarif("--check", full)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in log["runs"][0]["results"]}
        self.assertEqual(uris, {"file://" + full})

    def test_sarif_errors_are_notifications(self):
        self.write("app.py", SAMPLE)
        log, _ = self.sarif("--check", "app.py", "missing.py", code=2)
        invocation = log["runs"][0]["invocations"][0]
        self.assertEqual(invocation["executionSuccessful"], False)
        self.assertEqual(
            invocation["toolExecutionNotifications"],
            [{"level": "error", "message": {"text": "No such file or directory"},
              "locations": [{"physicalLocation": {"artifactLocation": {"uri": "missing.py"}}}]}],
        )

    def test_github_annotations(self):
        self.make_files()
        expected = self.text_run("app.py", "flagged.py", "done.py")
        document, _ = self.json_run("--check", "app.py", "flagged.py", "done.py")
        result = self.run_tool("--check", "--format", "github", "app.py", "flagged.py", "done.py")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr.decode().splitlines(), [check_summary(5, 4, 2, 3)])
        lines = [
            "::error file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s%s" % (
                d["path"], d["start"]["line"], d["start"]["column"], d["end"]["line"],
                d["end"]["column"], d["code"], "[*] " if d["fixable"] else "",
                github_escape(d["message"], False))
            for d in document["diagnostics"]
        ]
        self.assertEqual(result.stdout.decode().splitlines(), lines)
        self.assertEqual(len(lines), len(expected))

    def test_github_escapes_properties(self):
        self.write("a,b:c%d.py", SAMPLE)
        result = self.run_tool("--check", "--format", "github", "a,b:c%d.py")
        first = result.stdout.decode().splitlines()[0]
        self.assertEqual(
            first[:first.index("::[*] ")],
            "::error file=a%2Cb%3Ac%25d.py,line=1,col=1,endLine=1,endColumn=15,title=ANY001",
        )

    def test_github_dry_run_and_apply(self):
        self.write("app.py", SAMPLE)
        self.write("flagged.py", FLAGGED)
        check = self.run_tool("--check", "--format", "github", "app.py", "flagged.py")
        dry_run = self.run_tool("--format", "github", "app.py", "flagged.py")
        self.assertEqual((dry_run.returncode, dry_run.stdout), (0, check.stdout))
        applied = self.run_tool("--apply", "--format", "github", "app.py", "flagged.py")
        self.assertEqual(applied.returncode, 0)
        lines = applied.stdout.decode().splitlines()
        self.assertEqual(len(lines), 1)
        text = text_findings(self.run_tool("--check", "flagged.py").stdout)
        self.assertTrue(lines[0].startswith(
            "::error file=flagged.py,line=%d,col=%d," % (text[0][1], text[0][2])))
        self.assertNotIn("[*]", lines[0])

    def test_text_is_the_default(self):
        self.write("app.py", SAMPLE)
        explicit = self.run_tool("--format=text", "--check", "app.py")
        default = self.run_tool("--check", "app.py")
        self.assertEqual(
            (explicit.returncode, explicit.stdout, explicit.stderr),
            (default.returncode, default.stdout, default.stderr),
        )

    def test_exit_status_is_the_same_in_every_format(self):
        self.write("app.py", SAMPLE)
        self.write("done.py", MIGRATED)
        cases = [
            (("--check", "done.py"), 0),
            (("--check", "app.py"), 1),
            (("--check", "app.py", "missing.py"), 2),
            (("done.py",), 0),
            (("done.py", "missing.py"), 2),
        ]
        for name in ("text", "json", "sarif", "github"):
            for args, code in cases:
                with self.subTest(format=name, args=args):
                    result = self.run_tool("--format", name, *args)
                    self.assertEqual(result.returncode, code, result.stderr.decode())

    def test_apply_summary_goes_to_stderr_in_every_format(self):
        for name in ("json", "sarif", "github"):
            with self.subTest(format=name):
                self.write("app.py", SAMPLE)
                result = self.run_tool("--apply", "--no-backup", "--format", name, "app.py")
                self.assertEqual(
                    result.stderr.decode().splitlines(),
                    [apply_summary(1, SAMPLE_EDITS, 0, 0)],
                )
                self.assertEqual(self.read("app.py"), MIGRATED)


if __name__ == "__main__":
    unittest.main()
