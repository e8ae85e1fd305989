"""The Pyodide runtime, copied into the site from the npm package pinned in package-lock.json.

`install(assets_dir)` copies into ``<assets>/pyodide/<version>/`` the four files a page needs
(``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``, and ``python_stdlib.zip`` elsewhere),
byte for byte except that pyodide.mjs's CDN default is blanked (see RUNTIME_PATCHES) and
python_stdlib.zip is trimmed to the files in site_src/calculator/stdlib_keep.txt and compiled to
bytecode (stored uncompressed: the build's .br/.gz variants compress it), which the worker passes as
``stdLibURL``; it lives in ``calculator/stdlib-<hash>/`` since its content is not fixed by the
Pyodide version alone.

Bytecode, not source: on the bench's phone, compiling the standard library's source at every start
cost more than the extra bytes of .pyc take to download (bench/results/ab-*.md). The .pyc are
written by the runtime itself under node (bytecode.mjs), and kept in the build's cache by the
hash of what they are made from, since that takes a few seconds. The standard library is compiled
as -OO (no docstrings, no asserts: STDLIB_OPTIMIZE), 0.15 MB less to download after brotli
(bench/results/ab-6-stdlib-oo.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from .errors import AssetError
from .versioned import tag

ROOT = Path(__file__).resolve().parent.parent
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
PAGE_SRC = ROOT / "site_src" / "calculator"

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
# The standard-library files the page needs (tools/stdlib_keep.py writes the list; see there).
STDLIB_KEEP = PAGE_SRC / "stdlib_keep.txt"
STDLIB_ZIP = "python_stdlib.zip"
STDLIB_OPTIMIZE = 2  # compile()'s optimize for the standard library: -OO (see site_stdlib)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PYC_SCRIPT = Path(__file__).resolve().parent / "bytecode.mjs"
# BUILD_CACHE_DIR moves the build's caches, as for the pages (sitebuild/mkdocs_run.py)
PYC_CACHE = Path(os.environ.get("BUILD_CACHE_DIR") or ROOT / "build") / ".pyc"


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


def stdlib_keep_list(path: Path = STDLIB_KEEP) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line)
    return names


def trimmed_stdlib(src: Path, dst: Path, keep: list[str]) -> int:
    """Write `dst`: the members of Pyodide's python_stdlib.zip named in `keep`, stored.

    Stored (not deflated) so the .br/.gz the build writes compress the whole archive at once
    (better than per-member deflate); with fixed dates and sorted names the bytes are the same
    for the same input. A name the zip does not have stops the build."""
    with zipfile.ZipFile(src) as zin:
        have = set(zin.namelist())
        missing = [n for n in keep if n not in have]
        if missing:
            raise AssetError(f"{src.name} has no {', '.join(missing[:5])}: regenerate "
                             f"{STDLIB_KEEP.relative_to(ROOT)} (tools/stdlib_keep.py)")
        dst.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_STORED) as zout:
            for name in sorted(set(keep)):
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.external_attr = 0o644 << 16
                zout.writestr(info, zin.read(name), compress_type=zipfile.ZIP_STORED)
    return dst.stat().st_size


def compiled_zip(src: Path, dst: Path, npm: Path = NPM_PYODIDE, cache: Path = PYC_CACHE, where: str = "",
                 optimize: int = 0) -> int:
    """Write `dst`: the zip `src` with every .py compiled to .pyc by the Pyodide in `npm`
    (`where`: the directory the members are unpacked into; default the standard library's zip;
    `optimize`: compile's level, 2 = Python's -OO).

    Cached by the hash of `src`, of the runtime's wasm, of the script, of `where` and `optimize` (the
    same input gives the same bytes: marshal's output was checked to be stable from run to run)."""
    key = hashlib.sha256(f"{where}\0{optimize}\0".encode())
    for part in (src, npm / "pyodide.asm.wasm", npm / "package.json", PYC_SCRIPT):
        key.update(hashlib.sha256(part.read_bytes()).digest())
    hit = cache / f"{key.hexdigest()[:32]}.zip"
    if not hit.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = hit.with_suffix(f".{os.getpid()}.tmp")
        try:
            run = subprocess.run(["node", str(PYC_SCRIPT), str(src), str(tmp), *([where] if where else []),
                                  f"--optimize={optimize}"],
                                 capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise AssetError(f"compiling {src.name} to bytecode failed: {exc} (is node installed?)") from None
        if run.returncode != 0 or not tmp.is_file():
            tmp.unlink(missing_ok=True)
            raise AssetError(f"compiling {src.name} to bytecode failed: {run.stderr.strip()[-500:]}")
        tmp.replace(hit)
    return copy(hit, dst)


def site_stdlib(dst: Path, npm: Path = NPM_PYODIDE) -> int:
    """Write `dst`: the python_stdlib.zip the site ships (trimmed to the keep list, compiled)."""
    source = dst.with_name(dst.name + ".py.tmp")
    try:
        trimmed_stdlib(npm / STDLIB_ZIP, source, stdlib_keep_list())
        # -OO: the standard library's docstrings are 0.15 MB of the download after brotli (0.7 s at
        # 1.6 Mbps) and nothing the page runs reads them; Python supports running its library so.
        return compiled_zip(source, dst, npm, optimize=STDLIB_OPTIMIZE)
    finally:
        source.unlink(missing_ok=True)


def shipped_names(keep: list[str]) -> list[str]:
    """The members of the site's python_stdlib.zip for the keep list: each NAME.py as NAME.pyc."""
    return sorted(n + "c" if n.endswith(".py") else n for n in set(keep))


def copy(src: Path, dst: Path) -> int:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst.stat().st_size


def install(assets_dir: Path, root: Path = ROOT) -> tuple[str, str, str, dict]:
    """Copy the runtime into `assets_dir`; return (version, runtime directory, stdlib path,
    {path: bytes}), the paths relative to `assets_dir`."""
    version = pinned_pyodide_version(root)
    npm = root / "node_modules" / "pyodide"
    runtime_dir = f"pyodide/{version}/"
    sizes = {}
    for name in RUNTIME_FILES:
        src = npm / name
        if not src.is_file():
            raise AssetError(f"{src} not found: run `make setup` (npm ci)")
        if name == STDLIB_ZIP:
            # Its content depends on stdlib_keep.txt, not only on the Pyodide version, so it gets
            # a directory named by its own hash (the runtime's directory is cached for ever).
            tmp = assets_dir / "calculator" / f".{STDLIB_ZIP}.tmp"
            site_stdlib(tmp, npm)
            stdlib_path = f"calculator/stdlib-{tag(tmp.read_bytes())}/{STDLIB_ZIP}"
            (assets_dir / stdlib_path).parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(assets_dir / stdlib_path)
            sizes[stdlib_path] = (assets_dir / stdlib_path).stat().st_size
            continue
        dst = assets_dir / runtime_dir / name
        sizes[runtime_dir + name] = copy(src, dst)
        for pattern, replacement in RUNTIME_PATCHES.get(name, ()):
            text, count = pattern.subn(replacement, dst.read_text(encoding="utf-8"))
            if count != 1:
                raise AssetError(f"{name}: expected the CDN default once, found it {count} times: "
                                 "check sitebuild/runtime.py RUNTIME_PATCHES against this Pyodide")
            dst.write_text(text, encoding="utf-8")
            sizes[runtime_dir + name] = dst.stat().st_size
    return version, runtime_dir, stdlib_path, sizes
