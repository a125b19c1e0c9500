"""The diff is coloured on a terminal only, and never with NO_COLOR set."""

import os
import pty
import subprocess
import tty
import unittest

from cli_support import SAMPLE, TOOL, CliTestCase, sample_diff

BOLD, RED, GREEN, CYAN, RESET = "\033[1m", "\033[31m", "\033[32m", "\033[36m", "\033[0m"

COLOURED = (
    BOLD + "--- a/app.py" + RESET + "\n"
    + BOLD + "+++ b/app.py" + RESET + "\n"
    + CYAN + "@@ -1,6 +1,6 @@" + RESET + "\n"
    + RED + "-import asyncio" + RESET + "\n"
    + GREEN + "+import anyio" + RESET + "\n"
    + " \n"
    + " async def main():\n"
    + RED + "-    await asyncio.sleep(1)" + RESET + "\n"
    + GREEN + "+    await anyio.sleep(1)" + RESET + "\n"
    + " \n"
    + RED + "-asyncio.run(main())" + RESET + "\n"
    + GREEN + "+anyio.run(main)" + RESET + "\n"
)


class ColourTest(CliTestCase):
    def run_on_terminal(self, env):
        """Run the tool with stdout on a pseudo-terminal; return stdout."""
        controller, terminal = pty.openpty()
        tty.setraw(terminal)  # no "\r\n" translation: compare exact bytes
        environment = dict(os.environ)
        environment.pop("NO_COLOR", None)
        environment.update(env)
        process = subprocess.Popen(
            [TOOL, "app.py"], cwd=self.dir, stdout=terminal,
            stderr=subprocess.DEVNULL, env=environment,
        )
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not chunk:
                break
            output += chunk
        os.close(controller)
        self.assertEqual(process.wait(timeout=60), 0)
        return output.decode()

    def test_coloured_on_a_terminal(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(self.run_on_terminal({}), COLOURED)

    def test_empty_no_color_does_not_count(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(self.run_on_terminal({"NO_COLOR": ""}), COLOURED)

    def test_no_color_is_honoured(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(self.run_on_terminal({"NO_COLOR": "1"}), sample_diff("app.py"))

    def test_never_coloured_when_piped(self):
        self.write("app.py", SAMPLE)
        result = self.run_tool("app.py")
        self.assertEqual(result.stdout.decode(), sample_diff("app.py"))


if __name__ == "__main__":
    unittest.main()
