#!/usr/bin/env python3
"""Build the pure-Python calculator wheel, and optionally a pyodide-lock.json for it.

    .venv/bin/python tools/build_wheel.py            # -> dist/calculator-<ver>-py3-none-any.whl
    .venv/bin/python tools/build_wheel.py --lock     # ... and dist/pyodide-lock.json

The wheel is built with ``pip wheel --no-deps --no-build-isolation`` from a
scratch copy of ``pyproject.toml`` + ``calculator/`` (so no ``build/`` or
``*.egg-info`` is left in the work tree, and a module deleted from
``calculator/`` can never linger in the wheel through setuptools' build cache).
Run it with the interpreter of ``.venv`` (it has the pinned setuptools).

``--lock`` starts from the npm package's own ``node_modules/pyodide/pyodide-lock.json``
and runs ``.venv-pyodide/bin/pyodide lockfile add-wheels`` on the new wheel, writing
``dist/pyodide-lock.json`` whose ``calculator`` entry names the wheel by file name
(relative to the lockfile's directory) with its sha256.  Put the lockfile and the
wheel beside the Pyodide core files and ``loadPyodide()`` + ``loadPackage("calculator")``
installs it; see README.md.

Prints the path of the wheel (and of the lockfile) on stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "calculator"


def build_wheel(dist: Path = ROOT / "dist", root: Path = ROOT, python: str = sys.executable) -> Path:
    """Build the wheel into ``dist`` (replacing older calculator wheels there); return its path."""
    src = root / PACKAGE
    if not (src / "__init__.py").is_file():
        raise SystemExit(f"build_wheel: {src}/__init__.py not found: nothing to build")
    dist.mkdir(parents=True, exist_ok=True)
    for old in dist.glob(f"{PACKAGE}-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="calc-wheel-") as tmp:
        tmp_path = Path(tmp)
        shutil.copy2(root / "pyproject.toml", tmp_path / "pyproject.toml")
        shutil.copytree(src, tmp_path / PACKAGE,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".*"))
        out = tmp_path / "out"
        cmd = [python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
               "--disable-pip-version-check", "-q", "-w", str(out), str(tmp_path)]
        env = dict(os.environ, PIP_NO_INPUT="1", SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
        proc = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"build_wheel: pip wheel failed ({proc.returncode})")
        wheels = sorted(out.glob(f"{PACKAGE}-*-py3-none-any.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"build_wheel: expected one pure-Python wheel, got {[w.name for w in out.iterdir()]}")
        target = dist / wheels[0].name
        shutil.move(str(wheels[0]), target)
    return target


def build_lockfile(wheel: Path, output: Path | None = None,
                   base_lock: Path = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json",
                   pyodide_cli: Path = ROOT / ".venv-pyodide" / "bin" / "pyodide") -> Path:
    """Write a pyodide-lock.json = npm pyodide's lockfile + ``wheel``; return its path."""
    output = output or wheel.parent / "pyodide-lock.json"
    for p, hint in ((base_lock, "run `make setup` (npm ci)"), (pyodide_cli, "run `make setup` (.venv-pyodide)")):
        if not p.exists():
            raise SystemExit(f"build_wheel: {p} not found: {hint}")
    cmd = [str(pyodide_cli), "lockfile", "add-wheels", "--input", str(base_lock),
           "--output", str(output), "--base-path", str(wheel.parent), str(wheel)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"build_wheel: pyodide lockfile add-wheels failed ({proc.returncode})")
    # Sanity check: the entry is there and its sha256 matches the wheel.
    name = wheel.name.split("-", 1)[0].replace("_", "-").lower()
    spec = json.loads(output.read_text())["packages"][name]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if spec["file_name"] != wheel.name or spec["sha256"] != digest:
        raise SystemExit(f"build_wheel: unexpected lockfile entry {spec}")
    return output


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build dist/calculator-*.whl (and dist/pyodide-lock.json).")
    ap.add_argument("--dist", type=Path, default=ROOT / "dist", help="output directory (default: dist)")
    ap.add_argument("--lock", action="store_true", help="also write DIST/pyodide-lock.json")
    ap.add_argument("--lock-output", type=Path, help="where to write the lockfile (default: DIST/pyodide-lock.json)")
    args = ap.parse_args(argv)
    wheel = build_wheel(args.dist.resolve())
    print(wheel)
    if args.lock or args.lock_output:
        print(build_lockfile(wheel, args.lock_output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
