"""The README's walk-through must show what the tool prints.

The README introduces `app.py` (a fenced python block starting `# app.py`,
that line being its name, not its text), then shows what commands print on
it, block by block. EXAMPLES lists, in order, the fenced blocks that follow
and which command and stream each one shows; a block of another kind (the
pre-commit YAML) is skipped by its language tag. Each block must equal the
tool's output exactly; `--update` writes the outputs into the README.

    check_readme_examples.py TOOL README [--update]
"""

import os
import re
import subprocess
import sys
import tempfile

# (language tag, arguments before app.py, what the block shows)
EXAMPLES = [
    ("diff", [], "stdout"),
    ("", [], "stderr"),
    ("diff", ["--unsafe-fixes"], "stdout"),
    ("", ["--unsafe-fixes"], "stderr"),
    ("", ["--check"], "stdout+stderr"),
    ("", ["--statistics"], "stdout"),
]

FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```\n", re.S | re.M)


def run(tool, folder, args):
    proc = subprocess.run([tool] + args + ["app.py"], cwd=folder,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.stdout.decode(), proc.stderr.decode()


def main(argv):
    tool, readme_path = os.path.abspath(argv[1]), argv[2]
    update = "--update" in argv[3:]
    readme = open(readme_path, encoding="utf-8").read()
    blocks = list(FENCE.finditer(readme))
    start = next(i for i, b in enumerate(blocks)
                 if b.group(1) == "python" and b.group(2).startswith("# app.py\n"))
    source = blocks[start].group(2).split("\n", 1)[1]
    failures = []
    replacements = []
    with tempfile.TemporaryDirectory() as folder:
        wanted = iter(EXAMPLES)
        example = next(wanted)
        for block in blocks[start + 1:]:
            tag, args, stream = example
            if block.group(1) != tag:
                continue
            with open(os.path.join(folder, "app.py"), "w") as f:
                f.write(source)
            out, err = run(tool, folder, args)
            got = {"stdout": out, "stderr": err, "stdout+stderr": out + err}[stream]
            if block.group(2) != got:
                failures.append("README block at offset %d (%s of `migrate_to_anyio %s`):\n"
                                "--- README\n%s--- tool\n%s"
                                % (block.start(), stream, " ".join(args + ["app.py"]),
                                   block.group(2), got))
                replacements.append((block.start(2), block.end(2), got))
            example = next(wanted, None)
            if example is None:
                break
    if example is not None:
        failures.append("README: fewer example blocks than expected after app.py")
    if update and replacements:
        for begin, end, text in reversed(replacements):
            readme = readme[:begin] + text + readme[end:]
        with open(readme_path, "w", encoding="utf-8") as f:
            f.write(readme)
        print("updated %d blocks" % len(replacements))
        return 0
    for failure in failures:
        print(failure)
    if not failures:
        print("the README's examples show what the tool prints")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
