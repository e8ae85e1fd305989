"""The in-browser calculator's files, put into the site by build.py.

    import calculator_assets
    calc = calculator_assets.install(data, docs_dir / "assets")   # before MkDocs runs
    render("calculator.md", "calculator.md.j2", docs_dir, calc=calc, ...)

`install` copies into ``<assets>/``:

* ``pyodide/<version>/`` — the Pyodide runtime from the npm package pinned in package-lock.json
  (node_modules/pyodide, installed by `make setup`): only the four files a page needs
  (``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``, ``python_stdlib.zip``), byte for byte
  except that pyodide.mjs's CDN default is blanked (see RUNTIME_PATCHES);
* ``calculator/py-<hash>/`` — the calculator wheel (dist/, built by tools/build_wheel.py) and a
  ``pyodide-lock.json`` holding only the calculator's entry from dist/pyodide-lock.json (written
  offline by pyodide-build's ``pyodide lockfile add-wheels``), so Pyodide checks the wheel's sha256;
* ``calculator/`` — the page's own script, worker and style sheet from site_src/calculator/.

The page's data (the policy JSON) is build.py's ``assets/policy.json``. Every URL the page loads
carries the content's hash (a directory name or ``?v=``), so a phone never mixes a cached old file
with a new one, and the whole set can be cached for ever.

It returns what the page template needs: the URLs, the expected download sizes (for the progress
bar) and the form's metadata (regions, years, groups, tiers, situations per notice), computed by
the calculator itself so the form offers exactly the choices the command line accepts.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
DIST = ROOT / "dist"
PAGE_SRC = ROOT / "site_src" / "calculator"
PACKAGE = "calculator"

# The Pyodide files the page loads (pyodide.mjs imports pyodide.asm.mjs, which fetches the rest).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# What the worker fetches (and counts for the progress bar); pyodide.asm.mjs is a dynamic import.
FETCHED_RUNTIME_FILES = ("pyodide.asm.wasm", "python_stdlib.zip")
# The one place the runtime names an outside host: pyodide.mjs's default package base
# (`cdnUrl`, the jsDelivr CDN), used only when no packageBaseUrl is given. The worker always gives
# one, but the copy in the site is patched too, so no code path could ever reach the CDN and the
# built site names no outside host. The build stops if the text is not found exactly once (a new
# Pyodide must be looked at again).
RUNTIME_PATCHES = {
    "pyodide.mjs": [(re.compile(r"https://cdn\.jsdelivr\.net/pyodide/v\$\{\w+\}/full/"), "./no-cdn/")],
}
PAGE_FILES = ("calculator.js", "worker.js", "calculator.css", "legacy.js")
POLICY_JSON = "policy.json"  # written by build.py into the same assets directory


class AssetError(Exception):
    """The calculator's files could not be put together; the message says what to run."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pinned_pyodide_version(root: Path = ROOT) -> str:
    """The version package-lock.json pins, checked against what npm installed."""
    lock_path = root / "package-lock.json"
    pkg_path = root / "node_modules" / "pyodide" / "package.json"
    if not lock_path.is_file():
        raise AssetError("package-lock.json not found: the Pyodide version must be pinned there")
    pinned = json.loads(lock_path.read_text(encoding="utf-8"))["packages"].get("node_modules/pyodide", {}).get("version")
    if not pinned:
        raise AssetError("package-lock.json does not pin the npm package pyodide")
    if not pkg_path.is_file():
        raise AssetError(f"{pkg_path} not found: run `make setup` (npm ci)")
    installed = json.loads(pkg_path.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        raise AssetError(f"node_modules has pyodide {installed} but package-lock.json pins {pinned}: run `make setup`")
    return pinned


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


def _copy(src: Path, dst: Path) -> int:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst.stat().st_size


def form_metadata(data: dict) -> dict:
    """What the form offers, per notice and per region, asked of the calculator itself."""
    from calculator.cli import run
    from calculator.resolve import full_name, notices_for_region, regions_with_notices
    from calculator.vocabulary import GROUPS, SITUATIONS, TIERS

    notices = {}
    for nid, notice in sorted(data["notices"].items()):
        code, out, err = run(["groups", "--region", notice["region"], "--year", str(notice["year"]), "--json"], data=data)
        if code != 0:
            raise AssetError(f"calculator groups for {nid} failed: {err.strip()}")
        groups = json.loads(out)
        fig = notice["figures"]
        tier_specs = {t["id"]: t for t in fig.get("tiers", [])}
        waiting = fig.get("waiting") or {}
        newborn = fig.get("situations", {}).get("newborn", {})
        region_name = next(r["name"] for r in data["regions"] if r["code"] == notice["region"])
        notices[nid] = {
            "id": nid,
            "document": notice["document_number"],
            "title": notice["title"],
            "name": f"{region_name} {notice['year']}年度",
            "groups": [{"id": g["id"], "name": g["name"], "wording": g["wording"]} for g in groups["groups"]],
            "tiers": [{"id": t, "name": tier_specs.get(t, {}).get("name", TIERS.get(t, t)),
                       "amount": tier_specs.get(t, {}).get("amount")} for t in groups["tiers"]],
            "default_tier": fig.get("default_tier"),
            "situations": [{"id": s, "name": SITUATIONS[s]} for s in groups["situations"]],
            "lapse": bool(waiting),
            "repaid": "repair_per_year" in waiting,
            "parent_insured": bool(newborn.get("parent_insured_free")),
            "window": [fig["collection"]["start"], fig["collection"]["end"]],
        }
    regions = []
    for code, _name in regions_with_notices(data):
        regions.append({"code": code, "name": full_name(data, code),
                        "years": [{"year": y, "notice": n} for y, n in notices_for_region(data, code)]})
    return {"regions": regions, "notices": notices, "groups": GROUPS, "situations": SITUATIONS}


def install(data: dict, assets_dir: Path, root: Path = ROOT, policy_json: str = POLICY_JSON) -> dict:
    """Copy the runtime, the wheel and the page's files into `assets_dir`; return the page context.

    `assets_dir` is the docs (or site) ``assets/`` directory that already holds build.py's
    ``policy.json``. URLs in the returned context are relative to that ``assets/`` directory."""
    assets_dir = Path(assets_dir)
    version = pinned_pyodide_version(root)
    npm = root / "node_modules" / "pyodide"
    runtime_dir = f"pyodide/{version}/"
    sizes = {}
    for name in RUNTIME_FILES:
        src = npm / name
        if not src.is_file():
            raise AssetError(f"{src} not found: run `make setup` (npm ci)")
        dst = assets_dir / runtime_dir / name
        sizes[runtime_dir + name] = _copy(src, dst)
        for pattern, replacement in RUNTIME_PATCHES.get(name, ()):
            text, count = pattern.subn(replacement, dst.read_text(encoding="utf-8"))
            if count != 1:
                raise AssetError(f"{name}: expected the CDN default once, found it {count} times: "
                                 "check calculator_assets.RUNTIME_PATCHES against this Pyodide")
            dst.write_text(text, encoding="utf-8")
            sizes[runtime_dir + name] = dst.stat().st_size

    wheel, _entry = calculator_wheel(root)
    full_lock = json.loads((wheel.parent / "pyodide-lock.json").read_text(encoding="utf-8"))
    if full_lock["info"] != json.loads((npm / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]:
        raise AssetError("dist/pyodide-lock.json was made for another Pyodide: run `make build`")
    lock = trimmed_lock(full_lock)
    lock_text = json.dumps(lock, indent=1, sort_keys=True) + "\n"
    py_hash = hashlib.sha256(lock_text.encode()).hexdigest()[:12]
    py_dir = f"calculator/py-{py_hash}/"
    for spec in lock["packages"].values():
        sizes[py_dir + spec["file_name"]] = _copy(wheel.parent / spec["file_name"], assets_dir / py_dir / spec["file_name"])
    (assets_dir / py_dir).mkdir(parents=True, exist_ok=True)
    (assets_dir / py_dir / "pyodide-lock.json").write_text(lock_text, encoding="utf-8")
    sizes[py_dir + "pyodide-lock.json"] = len(lock_text.encode())

    page = {}
    for name in PAGE_FILES:
        src = PAGE_SRC / name
        if not src.is_file():
            raise AssetError(f"{src} not found")
        _copy(src, assets_dir / "calculator" / name)
        page[name] = f"calculator/{name}?v={_sha256(src)[:12]}"

    policy_path = assets_dir / policy_json
    if not policy_path.is_file():
        raise AssetError(f"{policy_path} not found: build.py writes it before calling calculator_assets.install")
    sizes[policy_json] = policy_path.stat().st_size
    policy_url = f"{policy_json}?v={_sha256(policy_path)[:12]}"

    runtime = {
        "pyodide": version,
        "index": runtime_dir,
        "lock": py_dir + "pyodide-lock.json",
        "package": PACKAGE,
        "policy": policy_url,
        # bytes the worker downloads with fetch() (the progress bar's total)
        "sizes": {k: v for k, v in sizes.items()
                  if k.rsplit("/", 1)[-1] in FETCHED_RUNTIME_FILES or k.startswith(py_dir) or k == policy_json},
    }
    return {
        "runtime": runtime,
        "script": page["calculator.js"],
        "worker": page["worker.js"],
        "style": page["calculator.css"],
        "legacy": page["legacy.js"],
        "form": form_metadata(data),
        "download_bytes": sum(runtime["sizes"].values()) + sizes[runtime_dir + "pyodide.asm.mjs"],
    }


def page_json(context: dict) -> str:
    """The JSON the page reads from its <script type="application/json"> block: safe inside HTML."""
    config = {"runtime": context["runtime"], "worker": context["worker"], "form": context["form"]}
    text = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No "</script>", no "<!--", no HTML at all can start inside the block.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
