"""The calculator wheel and its lockfile, put into the site for Pyodide.

``calculator/py-<hash>/`` gets the calculator wheel (dist/, built by tools/build_wheel.py) and a
``pyodide-lock.json`` holding only the calculator's entry from dist/pyodide-lock.json (written
offline by pyodide-build's ``pyodide lockfile add-wheels``), so Pyodide checks the wheel's sha256.

The wheel in the site holds bytecode, not source: each calculator/NAME.py as NAME.pyc, compiled by
the runtime itself (sitebuild/runtime.py's compiled_zip), so the page does not compile the
calculator at every first visit (bench/results/ab-*.md); its lockfile entry carries the sha256 of
the wheel shipped. dist/ keeps the source wheel (the command line and the tests install that).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from .errors import AssetError
from .runtime import compiled_zip
from .versioned import tag

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
PACKAGE = "calculator"
# Where pyodide.unpackArchive(wheel) puts the package in the browser (its default: the working
# directory, Pyodide's HOME): the file names the bytecode's tracebacks give.
UNPACKED_INTO = "/home/pyodide"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wheel_is_current(wheel: Path, root: Path) -> bool:
    """True when the wheel holds exactly the .py files of calculator/ as they are now."""
    src = root / PACKAGE
    want = {p.relative_to(root).as_posix(): p.read_bytes() for p in src.rglob("*.py") if "__pycache__" not in p.parts}
    with zipfile.ZipFile(wheel) as zf:
        have = {n: zf.read(n) for n in zf.namelist() if n.startswith(PACKAGE + "/") and n.endswith(".py")}
    return have == want


def calculator_wheel(root: Path = ROOT, dist: Path | None = None, rebuild: bool = True) -> tuple[Path, dict]:
    """(wheel path, its pyodide-lock.json entry) from dist/, rebuilt first when stale or missing."""
    dist = dist or root / "dist"
    lock_path = dist / "pyodide-lock.json"

    def current():
        wheels = sorted(dist.glob(f"{PACKAGE}-*-py3-none-any.whl"))
        if len(wheels) != 1 or not lock_path.is_file():
            return None
        entry = json.loads(lock_path.read_text(encoding="utf-8"))["packages"].get(PACKAGE)
        wheel = wheels[0]
        if not entry or entry["file_name"] != wheel.name or entry["sha256"] != _sha256(wheel):
            return None
        if not _wheel_is_current(wheel, root):
            return None
        return wheel, entry

    found = current()
    if found is None and rebuild:
        import sys

        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        try:
            from tools import build_wheel as bw
        except ImportError as exc:  # pragma: no cover - tools/ is part of the repo
            raise AssetError(f"cannot import tools.build_wheel: {exc}") from None
        try:
            wheel = bw.build_wheel(dist, root=root)
            bw.build_lockfile(wheel)
        except SystemExit as exc:
            raise AssetError(f"building the calculator wheel failed: {exc}; run `make setup`") from None
        found = current()
    if found is None:
        raise AssetError("dist/ has no current calculator wheel + pyodide-lock.json: run `make build`")
    return found


def trimmed_lock(full_lock: dict, package: str = PACKAGE) -> dict:
    """The lockfile with only `package` and what it depends on (the page never loads others)."""
    packages = full_lock["packages"]
    keep, todo = {}, [package]
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        if name not in packages:
            raise AssetError(f"pyodide-lock.json has no entry for {name!r}")
        keep[name] = packages[name]
        todo.extend(packages[name].get("depends", []))
    for name, spec in keep.items():
        if spec.get("package_type") != "package" or not spec["file_name"].endswith(".whl") or "/" in spec["file_name"]:
            raise AssetError(f"{name}: only wheels beside the lockfile can be shipped, got {spec['file_name']}")
    return {"info": full_lock["info"], "packages": dict(sorted(keep.items()))}


def install(assets_dir: Path, root: Path = ROOT) -> tuple[str, dict, dict]:
    """Copy the wheel and its trimmed lockfile into `assets_dir`; return (lockfile path, lockfile,
    {path: bytes}), the paths relative to `assets_dir`."""
    npm = root / "node_modules" / "pyodide"
    wheel, _entry = calculator_wheel(root)
    full_lock = json.loads((wheel.parent / "pyodide-lock.json").read_text(encoding="utf-8"))
    if full_lock["info"] != json.loads((npm / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]:
        raise AssetError("dist/pyodide-lock.json was made for another Pyodide: run `make build`")
    lock = trimmed_lock(full_lock)
    staged = assets_dir / "calculator" / ".wheels.tmp"
    shipped = {}
    for name, spec in lock["packages"].items():
        shipped[spec["file_name"]] = staged / spec["file_name"]
        compiled_zip(wheel.parent / spec["file_name"], shipped[spec["file_name"]], where=UNPACKED_INTO)
        lock["packages"][name] = {**spec, "sha256": _sha256(shipped[spec["file_name"]])}
    lock_text = json.dumps(lock, indent=1, sort_keys=True) + "\n"
    py_dir = f"calculator/py-{tag(lock_text.encode())}/"
    (assets_dir / py_dir).mkdir(parents=True, exist_ok=True)
    sizes = {}
    for file_name, path in shipped.items():
        path.replace(assets_dir / py_dir / file_name)
        sizes[py_dir + file_name] = (assets_dir / py_dir / file_name).stat().st_size
    staged.rmdir()
    (assets_dir / py_dir / "pyodide-lock.json").write_text(lock_text, encoding="utf-8")
    sizes[py_dir + "pyodide-lock.json"] = len(lock_text.encode())
    return py_dir + "pyodide-lock.json", lock, sizes
