"""Every asyncio member a rule asks for (lines `CODE NAME` on stdin) exists.

A rule declares the asyncio members whose calls it handles by name; a
misspelt name would match no call and the rule would silently do nothing.
"""

import asyncio
import sys


def main():
    failures = []
    count = 0
    for line in sys.stdin:
        code, name = line.split()
        count += 1
        value = asyncio
        for part in name.split("."):
            value = getattr(value, part, None)
            if value is None:
                failures.append(f"{code}: asyncio.{name} does not exist")
                break
    for failure in failures:
        print(failure)
    if count == 0:
        print("no names read")
        return 1
    if not failures:
        print(f"{count} asyncio names, all in asyncio")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
