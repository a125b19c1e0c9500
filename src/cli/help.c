/* The texts of --help and of the usage lines printed after a usage error. */
#include "options.h"

static const char usage_text[] =
        "usage: migrate_to_anyio [--apply [--no-backup] [--allow-dirty] "
        "[--diff] | --check]\n"
        "                        [OPTIONS] PATH...\n"
        "       migrate_to_anyio [--check] [OPTIONS] -\n"
        "       migrate_to_anyio [--list-rules | --explain CODE | --help | "
        "--version]\n";

static const char help_text[] =
        "usage: migrate_to_anyio [OPTIONS] PATH...\n"
        "\n"
        "Rewrite Python code from asyncio to anyio 4. By default nothing\n"
        "is written: the changes are shown as a unified diff on standard\n"
        "output, the asyncio uses left to migrate by hand on standard\n"
        "error.\n"
        "\n"
        "Modes:\n"
        "  --apply                write the changes; FILE.bak keeps the\n"
        "                         original bytes (a file whose FILE.bak\n"
        "                         exists is refused); in a git work tree,\n"
        "                         files not committed are refused\n"
        "  --no-backup            with --apply: write no FILE.bak\n"
        "  --allow-dirty          with --apply: also rewrite files with\n"
        "                         uncommitted changes, or untracked\n"
        "  --diff                 with --apply: also print the diff of\n"
        "                         what was written\n"
        "  --check                write nothing; list every asyncio use\n"
        "                         left, those the tool can fix marked [*];\n"
        "                         exit 1 if any\n"
        "\n"
        "Output:\n"
        "  --format FORMAT        text (the default), json, sarif or\n"
        "                         github; the last three print one report\n"
        "                         on standard output instead of the diff\n"
        "  -q, --quiet            no summary and no progress line\n"
        "  --jobs N               files migrated at once (default: one\n"
        "                         per CPU)\n"
        "\n"
        "Rules and files:\n"
        "  --select CODES         run only these rules: comma-separated\n"
        "                         codes, prefixes or names (repeatable)\n"
        "  --ignore CODES         do not run these rules (repeatable)\n"
        "  --exclude GLOB         skip the paths GLOB matches, relative to\n"
        "                         the current folder (repeatable)\n"
        "  --changed-since REV    only the files git sees changed since\n"
        "                         REV: committed, staged, unstaged or\n"
        "                         untracked\n"
        "  --stdin-filename NAME  with PATH '-': the name for messages\n"
        "                         and for exclude globs\n"
        "  --queue-compat MODULE  queues the stream rewrite cannot follow\n"
        "                         use MODULE's drop-in Queue (see\n"
        "                         --write-queue-compat)\n"
        "  --write-queue-compat PATH\n"
        "                         write the drop-in queue module to PATH\n"
        "                         and exit (a different file there is kept)\n"
        "  --list-rules           list the rules and exit\n"
        "  --explain CODE         print a rule's documentation and exit\n"
        "\n"
        "  --help                 print this help and exit\n"
        "  --version              print the version and exit\n"
        "\n"
        "A PATH is a file (always processed) or a folder, searched\n"
        "recursively for *.py and *.pyi files: .gitignore is honoured in\n"
        "a git work tree; .git, hidden folders, virtual environments and\n"
        "__pycache__ are skipped. PATH '-' reads standard input and\n"
        "writes the migrated source to standard output.\n"
        "\n"
        "Settings: select, ignore, exclude, backup and queue-compat in the table\n"
        "[tool.migrate_to_anyio] of the nearest pyproject.toml that has\n"
        "one, looking up from the current folder; the command line wins.\n"
        "\n"
        "Exit status: 0 done (with --check: no asyncio use left); 1 --check\n"
        "found asyncio uses left; 2 usage, configuration, I/O, encoding or\n"
        "syntax error, or a file refused.\n";

const char *cli_options_help(void)
{
	return help_text;
}

const char *cli_options_usage(void)
{
	return usage_text;
}
