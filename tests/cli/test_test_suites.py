"""A test suite moving from pytest-asyncio to anyio's plugin: the project
around the files (pytest configurations, conftest.py files, fixtures plain
tests request) read before migrating, and the files besides Python's that
the run writes: a pytest configuration's `asyncio_mode` line, a new
conftest.py."""
import json
import os
import unittest

from cli_support import CliTestCase

PYTEST_INI = b"[pytest]\nasyncio_mode = auto\ntestpaths = tests\n"

TEST_MODULE = (
    b"import asyncio\n"
    b"\n"
    b"from pkg import double\n"
    b"\n"
    b"\n"
    b"async def test_double():\n"
    b"    await asyncio.sleep(0)\n"
    b"    assert await double(21) == 42\n"
)

MIGRATED_TEST_MODULE = (
    b"import anyio\n"
    b"import pytest\n"
    b"\n"
    b"from pkg import double\n"
    b"\n"
    b"pytestmark = pytest.mark.anyio\n"
    b"\n"
    b"\n"
    b"async def test_double():\n"
    b"    await anyio.sleep(0)\n"
    b"    assert await double(21) == 42\n"
)

CONFTEST_ASYNCIO = (
    b"import pytest\n"
    b"\n"
    b"\n"
    b'@pytest.fixture(scope="session")\n'
    b"def anyio_backend():\n"
    b'    """The backend anyio\'s pytest plugin runs the tests on."""\n'
    b'    return "asyncio"\n'
)

CONFTEST_BOTH = (
    b"import pytest\n"
    b"\n"
    b"\n"
    b'@pytest.fixture(scope="session", params=["asyncio", "trio"])\n'
    b"def anyio_backend(request):\n"
    b'    """The backends anyio\'s pytest plugin runs the tests on."""\n'
    b"    return request.param\n"
)

CONFIG_LINE = ("pytest.ini:2:1: ANY208 %s `asyncio_mode = auto`: pytest-asyncio's "
               "setting, %s (anyio's plugin runs the tests marked `pytest.mark.anyio`)")


class TestSuiteTest(CliTestCase):
    def project(self):
        self.write("pytest.ini", PYTEST_INI)
        self.write("pkg/__init__.py", b"async def double(x):\n    return 2 * x\n")
        self.write("tests/test_pkg.py", TEST_MODULE)

    def test_dry_run_shows_every_file(self):
        self.project()
        result = self.run_tool("--unsafe-fixes", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertEqual(out.split("--- a/conftest.py\n")[1], (
            "+++ b/conftest.py\n"
            "@@ -0,0 +1,7 @@\n"
            "+import pytest\n"
            "+\n"
            "+\n"
            '+@pytest.fixture(scope="session")\n'
            "+def anyio_backend():\n"
            '+    """The backend anyio\'s pytest plugin runs the tests on."""\n'
            '+    return "asyncio"\n'
            "--- a/pytest.ini\n"
            "+++ b/pytest.ini\n"
            "@@ -1,3 +1,2 @@\n"
            " [pytest]\n"
            "-asyncio_mode = auto\n"
            " testpaths = tests\n"))
        err = result.stderr.decode().splitlines()
        self.assertEqual(err[-3:], [
            "conftest.py:1:1: ANY208 [*unsafe] an `anyio_backend` fixture: the marked "
            "tests run on asyncio",
            CONFIG_LINE % ("[*unsafe]", "removed"),
            "3 files would be changed (5 edits, 3 unsafe fixes), 0 uses left to "
            "migrate by hand, 4 files checked",
        ])
        self.assertFalse(os.path.exists(self.path("conftest.py")))
        self.assertEqual(self.read("pytest.ini"), PYTEST_INI)

    def test_without_unsafe_fixes_nothing_of_the_tests_moves(self):
        self.project()
        result = self.run_tool("--apply", "--no-backup", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        err = result.stderr.decode().splitlines()
        self.assertIn(CONFIG_LINE % ("[unsafe]", "removed"), err)
        self.assertIn("conftest.py:1:1: ANY208 [unsafe] an `anyio_backend` fixture: "
                      "the marked tests run on asyncio", err)
        self.assertFalse(os.path.exists(self.path("conftest.py")))
        self.assertEqual(self.read("pytest.ini"), PYTEST_INI)

    def test_apply_then_trio_then_again(self):
        self.project()
        result = self.run_tool("--apply", "--unsafe-fixes", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("tests/test_pkg.py"), MIGRATED_TEST_MODULE)
        self.assertEqual(self.read("conftest.py"), CONFTEST_ASYNCIO)
        self.assertFalse(os.path.exists(self.path("conftest.py.bak")))
        self.assertEqual(self.read("pytest.ini"), b"[pytest]\ntestpaths = tests\n")
        self.assertEqual(self.read("pytest.ini.bak"), PYTEST_INI)
        # The trio step: asked for, the fixture changes.
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup",
                               "--test-backends", "asyncio,trio", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("conftest.py"), CONFTEST_BOTH)
        self.assertEqual(result.stderr.decode().splitlines(), [
            "conftest.py:4:1: ANY208 [*unsafe] the `anyio_backend` fixture now returns "
            "asyncio,trio: the marked tests run on each of its backends",
            "1 file changed (1 edit, 1 unsafe fix), 0 uses left to migrate by hand, "
            "0 files refused",
        ])
        # Not asked for, the backends chosen stay; nothing else changes.
        before = self.snapshot()
        result = self.run_tool("--apply", "--unsafe-fixes", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.snapshot(), before)

    def test_a_file_not_migrated_keeps_the_configuration(self):
        self.project()
        self.write("tests/test_bad.py", b"import asyncio\n\nasync def test_x(:\n")
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", ".")
        self.assertEqual(result.returncode, 2)
        self.assertIn("pytest.ini:2:1: ANY208 `asyncio_mode = auto`: pytest-asyncio's "
                      "setting, left as is: a file of the run was not migrated",
                      result.stderr.decode().splitlines())
        self.assertEqual(self.read("pytest.ini"), PYTEST_INI)

    def test_configuration_outside_the_paths_is_left(self):
        self.project()
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", "tests")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("pytest.ini"), PYTEST_INI)
        self.assertEqual(self.read("tests/test_pkg.py"), MIGRATED_TEST_MODULE)
        self.assertEqual(self.read("tests/conftest.py"), CONFTEST_ASYNCIO)
        self.assertFalse(os.path.exists(self.path("conftest.py")))

    def test_a_root_for_each_configuration(self):
        self.write("a/pytest.ini", PYTEST_INI)
        self.write("a/tests/test_a.py", TEST_MODULE)
        self.write("b/setup.cfg", b"[tool:pytest]\nasyncio_mode = strict\n")
        self.write("b/tests/unit/test_b.py",
                   b"import pytest\n\n\n@pytest.mark.asyncio\nasync def test_b():\n"
                   b"    pass\n")
        # a library module that only looks like a test module
        self.write("c/test_utils.py", b"import pytest\nimport asyncio\n"
                   b"loop = asyncio.new_event_loop()  # event_loop\n")
        # a conftest.py of pytest and asyncio, but not of pytest-asyncio
        conftest = (b"import asyncio\n\nimport pytest\n\n\n@pytest.fixture\n"
                    b"def temp_event_loop():\n    return asyncio.new_event_loop()\n")
        self.write("d/conftest.py", conftest)
        self.write("d/test_d.py", b"def test_d(temp_event_loop):\n    pass\n")
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("d/conftest.py"), conftest)
        self.assertEqual(self.read("a/conftest.py"), CONFTEST_ASYNCIO)
        self.assertEqual(self.read("b/conftest.py"), CONFTEST_ASYNCIO)
        self.assertEqual(self.read("b/setup.cfg"), b"[tool:pytest]\n")
        self.assertEqual(self.read("a/tests/test_a.py"), MIGRATED_TEST_MODULE)
        self.assertFalse(os.path.exists(self.path("conftest.py")))
        self.assertFalse(os.path.exists(self.path("c/conftest.py")))

    def test_event_loop_goes_when_nothing_requests_it(self):
        conftest = (b"import asyncio\n\nimport pytest\n\n\n"
                    b"@pytest.fixture(scope=\"module\")\ndef event_loop():\n"
                    b"    loop = asyncio.new_event_loop()\n    yield loop\n"
                    b"    loop.close()\n\n\n"
                    b"@pytest.fixture\ndef loop(event_loop):\n    return event_loop\n")
        self.write("tests/conftest.py", conftest)
        self.write("tests/test_a.py", b"import pytest\n\n\n@pytest.mark.asyncio\n"
                   b"async def test_a(loop):\n    assert loop.is_running()\n")
        self.write("tests/test_b.py", b"def test_b(event_loop):\n"
                   b"    assert event_loop.run_until_complete(f()) is None\n")
        result = self.run_tool("--unsafe-fixes", "--check", "tests")
        self.assertIn("tests/conftest.py:7:5: ANY208 an `event_loop` fixture left as is: "
                      "pytest-asyncio's way to choose the loop",
                      result.stdout.decode().splitlines())
        os.unlink(self.path("tests/test_b.py"))
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", "tests")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("tests/conftest.py"), (
            b"import asyncio\n\nimport pytest\n\n\n"
            b"@pytest.fixture\nasync def loop():\n    return asyncio.get_running_loop()\n"
            b"\n\n" + CONFTEST_ASYNCIO.split(b"\n\n\n", 1)[1]))

    def test_the_trio_step_finds_the_fixture_it_wrote(self):
        # No configuration: the first run's root is the folder of the tests
        # that used pytest-asyncio; the trio step, with nothing of it left,
        # must rewrite that fixture, not write another one above it.
        self.write("conftest.py", b"import os\n")
        self.write("tests/test_a.py", b"import pytest\n\n\n@pytest.mark.asyncio\n"
                   b"async def test_a():\n    pass\n")
        self.write("tests/unit/test_b.py", b"def test_b():\n    pass\n")
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("tests/conftest.py"), CONFTEST_ASYNCIO)
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup",
                               "--test-backends", "asyncio,trio", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("tests/conftest.py"), CONFTEST_BOTH)
        self.assertEqual(self.read("conftest.py"), b"import os\n")

    def test_plain_tests_keep_their_async_fixtures(self):
        self.write("tests/conftest.py",
                   b"import pytest_asyncio\n\n\n"
                   b"@pytest_asyncio.fixture\nasync def db():\n    return {}\n")
        self.write("tests/test_db.py",
                   b"def test_db(db):\n    assert db is not None\n")
        result = self.run_tool("--unsafe-fixes", "--check", "tests")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout.decode().splitlines(), [
            "tests/conftest.py:4:2: ANY208 `pytest_asyncio.fixture` left as is: a plain "
            "test or fixture requests it, and anyio's plugin runs async fixtures for "
            "async tests only",
            "tests/conftest.py:7:1: ANY208 [*unsafe] an `anyio_backend` fixture: the "
            "marked tests run on asyncio",
        ])

    def test_every_format_reports_the_configuration(self):
        self.project()
        result = self.run_tool("--unsafe-fixes", "--format", "json", ".")
        document = json.loads(result.stdout)
        config = [d for d in document["diagnostics"] if d["path"] == "pytest.ini"]
        self.assertEqual(len(config), 1)
        self.assertEqual(
            (config[0]["code"], config[0]["start"]["line"], config[0]["fix"]["edits"]),
            ("ANY208", 2, [{"start": {"line": 2, "column": 1, "byte": 9},
                            "end": {"line": 3, "column": 1, "byte": 29}, "text": ""}]))
        self.assertIn({"path": "pytest.ini", "edits": [{"start": 9, "end": 29, "text": ""}]},
                      document["files"])
        result = self.run_tool("--unsafe-fixes", "--check", "--format", "github", ".")
        self.assertIn("pytest.ini", result.stdout.decode())
        self.assertEqual(result.returncode, 1)

    def test_each_spelling_of_the_configuration(self):
        cases = [
            ("pytest.ini", b"[pytest]\r\nasyncio_mode=auto\r\nxfail_strict = true\r\n",
             2, "asyncio_mode=auto", b"[pytest]\r\nxfail_strict = true\r\n"),
            ("setup.cfg", b"[tool:pytest]\nasyncio_mode: auto", 2, "asyncio_mode: auto",
             b"[tool:pytest]\n"),
            ("pyproject.toml", b"[project]\nname = 'x'\n\n[tool.pytest.ini_options]\n"
             b"asyncio_mode = 'auto'\n\n[tool.other]\nasyncio_mode = 'x'\n", 5,
             "asyncio_mode = 'auto'",
             b"[project]\nname = 'x'\n\n[tool.pytest.ini_options]\n\n[tool.other]\n"
             b"asyncio_mode = 'x'\n"),
            ("tox.ini", b"[tox]\nenvlist = py\n\n[pytest]\n# asyncio_mode = strict\n"
             b"asyncio_mode = auto  # all of them\n", 6, "asyncio_mode = auto  # all of them",
             b"[tox]\nenvlist = py\n\n[pytest]\n# asyncio_mode = strict\n"),
        ]
        for name, text, line, shown, after in cases:
            with self.subTest(name=name):
                folder = name.replace(".", "_")
                self.write(folder + "/" + name, text)
                self.write(folder + "/tests/test_a.py", TEST_MODULE)
                self.write(folder + "/pkg/__init__.py",
                           b"async def double(x):\n    return 2 * x\n")
                result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", folder)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertIn(
                    "%s/%s:%d:1: ANY208 [*unsafe] `%s`: pytest-asyncio's setting, removed "
                    "(anyio's plugin runs the tests marked `pytest.mark.anyio`)"
                    % (folder, name, line, shown), result.stderr.decode().splitlines())
                self.assertEqual(self.read(folder + "/" + name), after)
                self.assertEqual(self.read(folder + "/tests/test_a.py"), MIGRATED_TEST_MODULE)
        # pytest.ini wins over setup.cfg in one folder, even without the setting
        self.write("both/pytest.ini", b"[pytest]\n")
        self.write("both/setup.cfg", b"[tool:pytest]\nasyncio_mode = auto\n")
        self.write("both/tests/test_a.py", b"async def test_a():\n    pass\n")
        before = self.snapshot()
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", "both")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.snapshot(), before)

    def test_auto_mode_in_addopts(self):
        ini = b"[pytest]\naddopts = -ra --asyncio-mode=auto\n"
        self.write("pytest.ini", ini)
        self.write("pkg/__init__.py", b"async def double(x):\n    return 2 * x\n")
        self.write("tests/test_pkg.py", TEST_MODULE)
        result = self.run_tool("--apply", "--unsafe-fixes", "--no-backup", ".")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("tests/test_pkg.py"), MIGRATED_TEST_MODULE)
        self.assertEqual(self.read("pytest.ini"), ini)
        self.assertIn("pytest.ini:2:1: ANY208 `addopts = -ra --asyncio-mode=auto`: "
                      "pytest-asyncio's setting, left as is: it is pytest's command line: "
                      "take `--asyncio-mode=auto` out of it by hand",
                      result.stderr.decode().splitlines())

    def test_backends_are_checked(self):
        result = self.run_tool("--test-backends", "asyncio,curio", ".")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "migrate_to_anyio: error: --test-backends: unknown backend "
                         "`curio`: the backends are asyncio and trio")
        result = self.run_tool("--test-backends", "trio,trio", ".")
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "migrate_to_anyio: error: --test-backends: backend `trio` "
                         "given twice")
        self.write("pyproject.toml",
                   b'[tool.migrate_to_anyio]\ntest-backends = ["asyncio", "trio"]\n')
        result = self.run_tool("--show-settings")
        self.assertEqual(result.stdout.decode().splitlines()[-1],
                         "test-backends: asyncio,trio (pyproject.toml)")
        result = self.run_tool("--show-settings", "--test-backends", "trio")
        self.assertEqual(result.stdout.decode().splitlines()[-1],
                         "test-backends: trio (command line)")
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\ntest-backends = []\n')
        result = self.run_tool("--show-settings")
        self.assertEqual((result.returncode, result.stderr.decode()), (
            2, "pyproject.toml:2:17: error: `test-backends`: no backend given\n"))


if __name__ == "__main__":
    unittest.main()
