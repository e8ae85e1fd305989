"""The calculator's layers run one way: engine ← command line ← browser glue.

The engine (quote, household, members, vocabulary, collecting, …) must be readable and testable
without its front ends, so each of its modules is imported alone in a fresh interpreter and the
modules that import pulled in are checked: no front end (cli, browser), and — for every module of
the package, front ends included — nothing outside the standard library and calculator/ itself,
since the package runs in the browser as a wheel of calculator/ alone. An import inside a function
is not run by importing the module, so the source is read too: no engine module names a front end
anywhere (that is how the old loop members → browser → cli → household → members was hidden).
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "calculator"
FRONT_ENDS = {"calculator.cli", "calculator.browser"}
# __main__ runs the command line when imported: it is `from .cli import main` and nothing else
MODULES = sorted(f"calculator.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))

PROBE = """
import json, sys
before = set(sys.modules)
import importlib
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def imported_by(module):
    """The modules a fresh interpreter loads to import `module` (run from the repo root)."""
    proc = subprocess.run([sys.executable, "-c", PROBE, module], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_front_ends_are_what_the_layer_test_thinks_they_are():
    # a renamed front end would make the test below check nothing
    assert FRONT_ENDS <= set(MODULES)
    assert len(set(MODULES) - FRONT_ENDS) >= 10


@pytest.mark.parametrize("module", MODULES)
def test_a_calculator_module_imports_no_front_end_above_it_and_nothing_outside_the_package(module):
    loaded = imported_by(module)
    outside = sorted({m.split(".")[0] for m in loaded} - set(sys.stdlib_module_names) - {"calculator"})
    assert outside == [], f"{module} imports {outside}: the browser's wheel holds calculator/ alone"
    if module not in FRONT_ENDS:
        front = sorted(set(loaded) & FRONT_ENDS)
        assert front == [], f"{module} (engine) imports the front end {front}"


def _imports(path):
    """Every module an `import` or `from … import` in the file names, at any depth, made absolute."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "calculator." + (node.module or "") if node.level else node.module
            names.add(base.rstrip("."))
            if node.level and not node.module:  # from . import household
                names.update(f"calculator.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("module", sorted(set(MODULES) - FRONT_ENDS))
def test_no_engine_module_names_a_front_end_even_inside_a_function(module):
    names = _imports(PACKAGE / (module.split(".", 1)[1] + ".py"))
    assert sorted(names & FRONT_ENDS) == []
