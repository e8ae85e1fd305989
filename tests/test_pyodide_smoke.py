"""Pyodide really boots under node from node_modules (offline) and runs the calculator wheel.

tools/pyodide_run.mjs blocks every http(s) fetch, so a pass here means nothing was
downloaded: the runtime, the standard library and the wheel all came from local files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from conftest import PYODIDE_PKG, ROOT, PyodideRunner

pytestmark = pytest.mark.pyodide


def _pyodide_python() -> list[int]:
    info = json.loads((PYODIDE_PKG / "pyodide-lock.json").read_text())["info"]
    return [int(x) for x in info["python"].split(".")[:2]]


def _make_dummy_wheel(tmp: Path) -> Path:
    """A tiny pure-Python package `calcdummy` with the calculator's entry-point shape."""
    src = tmp / "src"
    (src / "calcdummy").mkdir(parents=True)
    (src / "pyproject.toml").write_text(textwrap.dedent("""\
        [build-system]
        requires = ["setuptools>=70.1"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "calcdummy"
        version = "1.2.3"
        [tool.setuptools]
        packages = ["calcdummy"]
        """))
    (src / "calcdummy" / "__init__.py").write_text("")
    (src / "calcdummy" / "cli.py").write_text(textwrap.dedent("""\
        import io, json, sys
        from contextlib import redirect_stderr, redirect_stdout

        def run(argv, data=None, **kw):
            if argv and argv[0] == "boom":
                raise ValueError("boom")
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                print(json.dumps({"argv": argv, "data": data, "kw": kw}, ensure_ascii=False))
                print("说明：stderr", file=sys.stderr)
            return (0 if argv and argv[0] == "ok" else 2), out.getvalue(), err.getvalue()
        """))
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(dist), str(src)], check=True, capture_output=True)
    (wheel,) = dist.glob("calcdummy-1.2.3-py3-none-any.whl")
    return wheel


@pytest.fixture(scope="module")
def dummy_wheel(tmp_path_factory) -> Path:
    return _make_dummy_wheel(tmp_path_factory.mktemp("dummy"))


def test_runner_protocol_with_a_wheel(pyodide_runner: PyodideRunner, dummy_wheel: Path):
    runner = PyodideRunner(pyodide_runner.workdir, dummy_wheel, None)
    data = {"regions": [{"code": "140521", "name": "阳城县"}], "rate": 1.0, "big": 12345678901234567890}
    answers = runner.run([["ok", "--json"], ["bad", "中文"], ["boom"]], data=data,
                         entry="calcdummy.cli:run", kwargs={"today": None})
    assert len(answers) == 3
    ok, bad, boom = answers
    assert ok["exit_code"] == 0 and ok["stderr"] == "说明：stderr\n"
    echoed = json.loads(ok["stdout"])
    # data goes through Python's json.loads, exactly as natively: 1.0 stays a float, big ints stay exact.
    assert echoed == {"argv": ["ok", "--json"], "data": data, "kw": {"today": None}}
    assert isinstance(echoed["data"]["rate"], float)
    assert bad["exit_code"] == 2 and json.loads(bad["stdout"])["argv"] == ["bad", "中文"]
    assert boom["crashed"] is True and boom["exit_code"] == 1 and "ValueError: boom" in boom["stderr"]


def test_lockfile_install_path(pyodide_runner: PyodideRunner, dummy_wheel: Path):
    """pyodide-lock.json from `pyodide lockfile add-wheels` + loadPackage(): what the browser does."""
    from tools.build_wheel import build_lockfile

    if not (ROOT / ".venv-pyodide" / "bin" / "pyodide").exists():
        pytest.fail(".venv-pyodide missing: run `make setup`")
    lock = build_lockfile(dummy_wheel)
    entry = json.loads(lock.read_text())["packages"]["calcdummy"]
    assert entry["file_name"] == dummy_wheel.name and len(entry["sha256"]) == 64
    proc = subprocess.run(["node", str(ROOT / "tools" / "pyodide_run.mjs"), "--lockfile", str(lock),
                           "--package", "calcdummy", "--eval",
                           "import calcdummy, importlib.metadata as m; [calcdummy.__file__, m.version('calcdummy')]"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    path, version = json.loads(proc.stdout)
    assert path.endswith("site-packages/calcdummy/__init__.py") and version == "1.2.3"


# One boot: Pyodide boots offline and evaluates (this was a test of its own, a boot with nothing
# installed), and the calculator's wheel installs in it.
def test_pyodide_boots_offline_evaluates_and_installs_the_calculator_wheel(pyodide_runner: PyodideRunner):
    if pyodide_runner.wheel is None:
        pytest.skip("calculator/ not present yet")
    value, path, version = pyodide_runner.eval(
        "import sys, calculator, importlib.metadata as m; "
        "[[sum(range(10)), list(sys.version_info[:2]), sys.platform], calculator.__file__, m.version('calculator')]")
    assert value == [45, _pyodide_python(), "emscripten"]
    assert "blocked fetches" not in pyodide_runner.last_stderr
    assert re.search(r"boot \d+ ms", pyodide_runner.last_stderr), pyodide_runner.last_stderr
    assert path.endswith("site-packages/calculator/__init__.py")
    assert version == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    if pyodide_runner.lockfile is not None:
        assert pyodide_runner.eval("import calculator; calculator.__name__", lockfile=True) == "calculator"
