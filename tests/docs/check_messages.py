"""Messages are short and say what and why; the how-to is the rule's doc.

Reads every fixture's recorded diagnostics and each rule's documentation
(`--explain`), and checks:
- one wording for a use the tool does not change: "left as is" (not "is
  not migrated", "stays");
- every rule's doc has a "## Migrating by hand" section;
- no message repeats its rule's "Migrating by hand" text (six words in a
  row in common);
- a message is one short line: at most LONGEST characters once each code
  span is written `X` and each line number N (the code quoted is the
  user's, and as long as it is).

usage: check_messages.py TOOL FIXTURES_DIR [MORE_DIRS...]
"""

import pathlib
import re
import subprocess
import sys

OTHER_WORDINGS = re.compile(r" is not migrated\b| stays(:| although| while)")
DIAGNOSTIC = re.compile(r"^\d+:\d+: (ANY\d{3}) (?:\[\*?(?:unsafe)?\] )?(.*)$")
SHINGLE = 6
LONGEST = 150


def template(message):
    return re.sub(r"\(line \d+\)", "(line N)", re.sub(r"`[^`]*`", "`X`", message))


def words(text):
    return re.findall(r"[a-z0-9_.()]+", text.lower().replace("`", ""))


def shingles(text):
    w = words(text)
    return {tuple(w[i:i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def by_hand(tool, code):
    doc = subprocess.run([tool, "--explain", code], stdout=subprocess.PIPE,
                         check=True, text=True).stdout
    parts = doc.split("\n## Migrating by hand\n", 1)
    if len(parts) == 1:
        return None
    return parts[1].split("\n## ", 1)[0]


def main():
    tool, dirs = sys.argv[1], sys.argv[2:]
    messages = {}
    for d in dirs:
        for path in sorted(pathlib.Path(d).rglob("*.diagnostics")):
            for line in path.read_text().splitlines():
                m = DIAGNOSTIC.match(line)
                if m:
                    messages.setdefault(m.group(1), []).append((path, m.group(2)))
    failures = []
    for code in sorted(messages):
        for path, message in messages[code]:
            if OTHER_WORDINGS.search(message):
                failures.append(f"{path}: {code} says other than 'left as is': {message}")
            if len(template(message)) > LONGEST:
                failures.append(f"{path}: {code} is longer than {LONGEST} characters "
                                f"without its code: {message}")
        section = by_hand(tool, code)
        if section is None:
            failures.append(f"{code}: its doc has no '## Migrating by hand' section")
            continue
        recipe = shingles(section)
        for path, message in messages[code]:
            common = shingles(message) & recipe
            if common:
                failures.append(f"{path}: {code} repeats its doc's how-to "
                                f"({' '.join(sorted(common)[0])}): {message}")
    for failure in failures:
        print(failure)
    count = sum(len(m) for m in messages.values())
    if count == 0:
        print("no diagnostics read")
        return 1
    if not failures:
        print(f"{count} messages of {len(messages)} rules checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
