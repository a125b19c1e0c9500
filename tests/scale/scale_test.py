#!/usr/bin/env python3
"""Scale: the tool migrates a 100,000-line module and a tree of 10,000 files
completely, and finds exactly what it finds at small scale.

Both inputs are made by bench/gen_corpus.py from tests/e2e/programs/ (every
copy renames the names its program defines). The expected counts are not
written down here: they come from small runs of the same tool, so the test
holds whatever the rules find, and fails when scale loses or adds anything.

- The tree: each file is a copy of one program, so its diagnostics, fixable
  uses and edits must be those of the same program's copy in a tree of one
  round (every program once), added up over the 10,000 files.
- The module: it is R rounds of every program one after the other, in one
  namespace. The second round is the first to meet module-level names an
  earlier round bound too (`from asyncio import sleep`, a queue's name), so
  it adds its own counts; every round after it adds the same step. Runs of
  2, 3 and 4 rounds give the base and the step (and check that the step is
  constant), which fix the counts for R rounds.

Counts are read from `--format json` dry runs (all diagnostics of the input,
the fixable ones, and every edit). Nothing is timed.

    scale_test.py --tool PATH [--lines 100000] [--files 10000] [--workdir DIR]
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "..", "bench", "gen_corpus.py")
PROGRAMS = os.path.join(HERE, "..", "e2e", "programs")


def generate(*args):
    subprocess.run([sys.executable, GENERATOR, *args], check=True,
                   stdout=subprocess.DEVNULL)


def dry_run(tool, path):
    """Diagnostics, fixable diagnostics and edits per file of a dry run."""
    run = subprocess.run([tool, "--format", "json", "--quiet", path],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"FAIL: {tool} {path}: exit status {run.returncode}\n"
                 f"{run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    if report["errors"] or report["summary"]["errors"]:
        sys.exit(f"FAIL: {path}: errors {report['errors'][:5]}")
    counts = collections.defaultdict(lambda: [0, 0, 0])
    for d in report["diagnostics"]:
        counts[d["path"]][0] += 1
        counts[d["path"]][1] += 1 if d["fixable"] else 0
    for f in report["files"]:
        counts[f["path"]][2] += len(f["edits"])
    return report["summary"], counts


def program_of(path):
    """`pkg000/gather_results_00012.py` -> `gather_results`."""
    return re.sub(r"_\d+\.py$", "", os.path.basename(path))


def check(what, got, want):
    if got != want:
        sys.exit(f"FAIL: {what}: got {got}, expected {want}")
    print(f"ok: {what}: {got}")


def test_tree(tool, work, files):
    one_round = os.path.join(work, "round")
    generate("tree", "--files", str(len(program_names())), one_round)
    _, small = dry_run(tool, one_round)
    per_program = {program_of(path): c for path, c in small.items()}

    tree = os.path.join(work, "tree")
    generate("tree", "--files", str(files), tree)
    summary, counts = dry_run(tool, tree)
    check("tree: files checked", summary["files_checked"], files)
    names = program_names()
    want = [0, 0, 0]
    for n in range(files):
        counts_of_copy = per_program.get(names[n % len(names)], [0, 0, 0])
        for k in range(3):
            want[k] += counts_of_copy[k]
    got = [sum(c[k] for c in counts.values()) for k in range(3)]
    check("tree: diagnostics, fixable, edits", got, want)
    check("tree: edits in the summary", summary["edits"], want[2])
    shutil.rmtree(tree)


def program_names():
    """The programs, in the order the generator copies them."""
    return sorted(n[:-3] for n in os.listdir(PROGRAMS) if n.endswith(".py"))


def module_counts(tool, work, rounds):
    path = os.path.join(work, f"rounds{rounds}.py")
    generate("big", "--rounds", str(rounds), path)
    summary, counts = dry_run(tool, path)
    check(f"{rounds} rounds: files changed", summary["files_changed"], 1)
    (c,) = counts.values()
    lines = sum(1 for _ in open(path, encoding="utf-8"))
    os.remove(path)
    return c, lines


def test_module(tool, work, lines):
    c2, lines2 = module_counts(tool, work, 2)
    c3, lines3 = module_counts(tool, work, 3)
    c4, _ = module_counts(tool, work, 4)
    step = [b - a for a, b in zip(c2, c3)]
    check("each round from the third adds the same (4 rounds)", c4,
          [a + 2 * s for a, s in zip(c2, step)])
    rounds = 2 + -(-(lines - lines2) // (lines3 - lines2))
    want = [a + (rounds - 2) * s for a, s in zip(c2, step)]
    got, big_lines = module_counts(tool, work, rounds)
    if big_lines < lines:
        sys.exit(f"FAIL: the module has {big_lines} lines, not {lines}")
    check(f"{big_lines}-line module ({rounds} rounds): "
          "diagnostics, fixable, edits", got, want)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True)
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--workdir", help="where the inputs are written "
                        "(outside any git work tree; default: a temporary "
                        "folder)")
    args = parser.parse_args()
    tool = os.path.abspath(args.tool)
    work = tempfile.mkdtemp(prefix="am-scale-", dir=args.workdir)
    try:
        test_tree(tool, work, args.files)
        test_module(tool, work, args.lines)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
