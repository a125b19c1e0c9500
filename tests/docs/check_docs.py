"""README.md and the man page must tell the truth about the tool.

Every option the tool's --help lists appears in both; every option they
mention exists; the rule codes in the README's table and the man page are
exactly the registry's.

    check_docs.py TOOL GEN_RULES SOURCE_DIR
"""

import re
import subprocess
import sys


def options_in(text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text))


def main(tool, gen_rules, source_dir):
    help_text = subprocess.run([tool, "--help"], capture_output=True, text=True, check=True).stdout
    rules_md = subprocess.run([gen_rules], capture_output=True, text=True, check=True).stdout
    codes = re.findall(r"^\| \[(ANY\d{3})\]", rules_md, re.M)
    readme = open(f"{source_dir}/README.md", encoding="utf-8").read()
    man = open(f"{source_dir}/docs/migrate_to_anyio.1", encoding="utf-8").read().replace("\\-", "-")
    failures = []
    tool_options = options_in(help_text)
    for name, text in (("README.md", readme), ("docs/migrate_to_anyio.1", man)):
        for option in sorted(tool_options - options_in(text)):
            failures.append(f"{name} does not mention {option}")
        for option in sorted(options_in(text) - tool_options):
            failures.append(f"{name} mentions {option}, which the tool does not have")
    readme_codes = re.findall(r"^\| (ANY\d{3}) \|", readme, re.M)
    if readme_codes != codes:
        failures.append(f"README.md rule table {readme_codes} != registry {codes}")
    man_codes = re.findall(r"ANY\d{3}", man)
    if man_codes != codes:
        failures.append(f"man page codes {man_codes} != registry {codes}")
    for failure in failures:
        print(failure)
    if not failures:
        print("README.md and the man page match the tool")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
