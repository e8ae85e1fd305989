"""The in-browser calculator's files, put into the site by build.py.

    import calculator_assets
    calc = calculator_assets.install(data, docs_dir / "assets")   # before MkDocs runs
    render("calculator.md", "calculator.md.j2", docs_dir, calc=calc, ...)

`install` copies into ``<assets>/``:

* ``pyodide/<version>/`` — the Pyodide runtime from the npm package pinned in package-lock.json
  (node_modules/pyodide, installed by `make setup`): only the four files a page needs
  (``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``, ``python_stdlib.zip``), byte for byte
  except that pyodide.mjs's CDN default is blanked (see RUNTIME_PATCHES) and python_stdlib.zip is
  trimmed to the files in site_src/calculator/stdlib_keep.txt (stored uncompressed: the build's
  .br/.gz variants compress it), which the worker passes as ``stdLibURL``; it lives in ``calculator/stdlib-<hash>/`` since its
  content is not fixed by the Pyodide version alone;
* ``calculator/py-<hash>/`` — the calculator wheel (dist/, built by tools/build_wheel.py) and a
  ``pyodide-lock.json`` holding only the calculator's entry from dist/pyodide-lock.json (written
  offline by pyodide-build's ``pyodide lockfile add-wheels``), so Pyodide checks the wheel's sha256;
* ``calculator/`` — the page's own script, worker and style sheet from site_src/calculator/, and
  the household's module and style sheet (household.js, imported by calculator.js; household.css).

The page's data is sitebuild/calc_data.py's ``assets/data/``: one index per province and one file
per notice, loaded when the reader chooses a region. Every URL the page loads
carries the content's hash (a directory name or ``?v=``), so a phone never mixes a cached old file
with a new one, and the whole set can be cached for ever.

It returns what the page template needs: the URLs, the expected download sizes (for the progress
bar) and the form's fixed choices (the provinces and their data files, the option names of the
command line, the names of groups and situations); each notice's own choices are in its data file.
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
PAGE_FILES = ("calculator.js", "boot.js", "worker.js", "calculator.css", "legacy.js", "household.js", "household.css")
# The standard-library files the page needs (tools/stdlib_keep.py writes the list; see there).
STDLIB_KEEP = PAGE_SRC / "stdlib_keep.txt"
STDLIB_ZIP = "python_stdlib.zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class AssetError(Exception):
    """The calculator's files could not be put together; the message says what to run."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tag(data: bytes) -> str:
    """The short content hash that names a versioned URL (a directory or a ?v= query)."""
    return hashlib.sha256(data).hexdigest()[:12]


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


def _copy(src: Path, dst: Path) -> int:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst.stat().st_size


def versioned(assets_dir: Path, rel: str) -> str:
    """`rel?v=<hash>`: a file of assets/ named by its content, so it can be cached for ever."""
    path = Path(assets_dir) / rel
    if not path.is_file():
        raise AssetError(f"{path} not found")
    return f"{rel}?v={_tag(path.read_bytes())}"


def link_modules(text: str, names: dict) -> str:
    """Point each `from "<name>"` import at its versioned URL; each must be there exactly once."""
    for name, url in names.items():
        text, n = re.subn(r'from "' + re.escape(name) + '"', f'from "{url}"', text)
        if n != 1:
            raise AssetError(f'expected exactly one import from "{name}", found {n}')
    return text


def form_metadata(calc_data: dict) -> dict:
    """The form's choices that do not depend on the notice: provinces (with their data files),
    the command line's option names (a list, in the command line's order: page_json sorts
    mapping keys), the names of groups and situations."""
    from calculator.cli import household_options, quote_options
    from calculator.members import member_format
    from calculator.vocabulary import GROUPS, SITUATIONS

    member = member_format()
    # keys as a list: the order a member's pairs are written in (page_json sorts mapping keys)
    member["keys"] = list(member["keys"])
    return {"provinces": calc_data["provinces"], "groups": GROUPS, "situations": SITUATIONS,
            "options": [{"name": name, **spec} for name, spec in quote_options().items()],
            "household": {"options": [{"name": name, **spec} for name, spec in household_options().items()],
                          "member": member}}


def install(calc_data: dict, assets_dir: Path, root: Path = ROOT) -> dict:
    """Copy the runtime, the wheel and the page's files into `assets_dir`; return the page context.

    `assets_dir` is the docs (or site) ``assets/`` directory that already holds the policy data
    (`calc_data`: sitebuild.calc_data.write's result) and the site's shared scripts (site_src/assets:
    ``collecting.js``). URLs in the returned context are relative to that ``assets/`` directory."""
    assets_dir = Path(assets_dir)
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
            trimmed_stdlib(src, tmp, stdlib_keep_list())
            stdlib_path = f"calculator/stdlib-{_tag(tmp.read_bytes())}/{STDLIB_ZIP}"
            (assets_dir / stdlib_path).parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(assets_dir / stdlib_path)
            sizes[stdlib_path] = (assets_dir / stdlib_path).stat().st_size
            continue
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
    py_dir = f"calculator/py-{_tag(lock_text.encode())}/"
    for spec in lock["packages"].values():
        sizes[py_dir + spec["file_name"]] = _copy(wheel.parent / spec["file_name"], assets_dir / py_dir / spec["file_name"])
    (assets_dir / py_dir).mkdir(parents=True, exist_ok=True)
    (assets_dir / py_dir / "pyodide-lock.json").write_text(lock_text, encoding="utf-8")
    sizes[py_dir + "pyodide-lock.json"] = len(lock_text.encode())


    runtime = {
        "pyodide": version,
        "index": runtime_dir,
        "lock": py_dir + "pyodide-lock.json",
        # the lockfile itself, so the worker need not fetch it before it can boot
        "lock_contents": lock,
        "stdlib": stdlib_path,
        "package": PACKAGE,
        # bytes the worker downloads with fetch() (the progress bar's total, uncompressed)
        "sizes": {k: v for k, v in sizes.items()
                  if k.rsplit("/", 1)[-1] in FETCHED_RUNTIME_FILES
                  or (k.startswith(py_dir) and k.endswith(".whl"))},
    }

    # The page's files. Each is named by a hash of what the site serves, and each names the next
    # one by its hash: calculator.js imports boot.js, boot.js starts worker.js, and worker.js
    # starts with the runtime's description (CALC_RUNTIME), so any change gives new URLs all along.
    page = {}
    texts = {name: (PAGE_SRC / name).read_text(encoding="utf-8") for name in PAGE_FILES if (PAGE_SRC / name).is_file()}
    for name in PAGE_FILES:
        if name not in texts:
            raise AssetError(f"{PAGE_SRC / name} not found")
    # The Cache Storage name the worker keeps the runtime's responses under (sw.js serves them from
    # there on the next visit and offline): a hash of everything above, so a new runtime, wheel or
    # stdlib gets a new cache (policy data files are named by their hash and cached as they come).
    runtime["cache"] = "calc-rt-" + _tag(json.dumps(runtime, sort_keys=True).encode())
    runtime_js = json.dumps(runtime, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    texts["worker.js"] = f"self.CALC_RUNTIME = {runtime_js};\n" + texts["worker.js"]
    chain = ("worker.js", "boot.js", "household.js", "calculator.js")
    order = list(chain) + [n for n in PAGE_FILES if n not in chain]
    for name in order:
        text = texts[name]
        if name == "boot.js":
            if text.count("__WORKER_URL__") != 1:
                raise AssetError("boot.js must name __WORKER_URL__ exactly once")
            text = text.replace("__WORKER_URL__", page["worker.js"].split("/", 1)[1])
        if name == "calculator.js":
            text = link_modules(text, {"./boot.js": "./" + page["boot.js"].split("/", 1)[1],
                                       "./household.js": "./" + page["household.js"].split("/", 1)[1],
                                       "../collecting.js": "../" + versioned(assets_dir, "collecting.js")})
        data_bytes = text.encode("utf-8")
        dst = assets_dir / "calculator" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data_bytes)
        page[name] = f"calculator/{name}?v={_tag(data_bytes)}"

    # What a first visit really downloads (brotli, as the build's .br files; cached by content).
    from tools.precompress import compress_file

    transfer = 0
    for rel in list(runtime["sizes"]) + [runtime_dir + "pyodide.asm.mjs", runtime_dir + "pyodide.mjs", "calculator/worker.js"]:
        got = compress_file(assets_dir / rel)
        transfer += got.get("br", got["file"])
    return {
        "runtime": runtime,
        "script": page["calculator.js"],
        "boot": page["boot.js"],
        "worker": page["worker.js"],
        "style": page["calculator.css"],
        "legacy": page["legacy.js"],
        # the household's form and table (a module calculator.js imports; the page preloads it)
        "household": page["household.js"],
        "household_style": page["household.css"],
        "form": form_metadata(calc_data),
        "download_bytes": sum(runtime["sizes"].values()) + sizes[runtime_dir + "pyodide.asm.mjs"],
        "transfer_bytes": transfer,
        # What the page tells a resident before spending their data, e.g. "3.6".
        "transfer_mb": f"{transfer / 1048576:.1f}",
    }


def page_json(context: dict) -> str:
    """The JSON the page reads from its <script type="application/json"> block: safe inside HTML."""
    config = {"runtime": context["runtime"], "worker": context["worker"], "form": context["form"]}
    text = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No "</script>", no "<!--", no HTML at all can start inside the block.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --------------------------------------------------------------------------- service worker
SW_SOURCE = PAGE_SRC / "sw.js"
SW_NAME = "sw.js"  # at the site root, so its scope covers calculator/


class _PageRefs(__import__("html.parser").parser.HTMLParser):
    """The files a built page loads: <script src>, <link rel=stylesheet|icon|modulepreload href>."""

    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {"stylesheet", "icon", "modulepreload"}:
            self.refs.append(a["href"])


def write_service_worker(site_dir: Path, calc: dict, page: str = "calculator/") -> dict:
    """Write ``site_dir/sw.js``: every page's shell, the calculator page and all it loads, cached
    under a name made from a hash of those files' contents. Returns {"version", "shell",
    "precache", "runtime", "runtime_cache"}."""
    import posixpath

    site_dir = Path(site_dir)

    def refs(page):
        parser = _PageRefs()
        parser.feed((site_dir / page / "index.html").read_text(encoding="utf-8"))
        for ref in parser.refs:
            if ref.startswith(("data:", "http:", "https:", "//", "/")):
                continue
            path, _, query = ref.partition("?")
            yield posixpath.normpath(posixpath.join(page, path)) + (f"?{query}" if query else "")

    # every page loads the home page's style sheets and scripts: cached at install, so a page kept
    # for offline reading looks as it did
    shell = list(refs(""))
    urls = [page, *refs(page)]  # the calculator page and its files, cached by "warm"
    runtime = calc["runtime"]
    # the worker puts these into Cache Storage (runtime["cache"]) as it downloads them
    runtime_urls = []
    wheel = runtime["lock_contents"]["packages"][runtime["package"]]["file_name"]
    for rel in (runtime["index"] + "pyodide.mjs", runtime["index"] + "pyodide.asm.mjs",
                runtime["index"] + "pyodide.asm.wasm", runtime["stdlib"],
                runtime["lock"].rsplit("/", 1)[0] + "/" + wheel):
        runtime_urls.append("assets/" + rel)
    urls.append("assets/" + calc["worker"])
    urls = list(dict.fromkeys(urls))
    digest = hashlib.sha256(SW_SOURCE.read_bytes())
    for url in shell + urls + runtime_urls:
        path = url.split("?", 1)[0]
        file = site_dir / (path + "index.html" if path.endswith("/") else path)
        if not file.is_file():
            raise AssetError(f"service worker: {url} is not in the built site")
        digest.update(url.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    version = digest.hexdigest()[:12]
    text = SW_SOURCE.read_text(encoding="utf-8")
    pages = hashlib.sha256()
    for html in sorted(site_dir.rglob("*.html")):
        pages.update(html.relative_to(site_dir).as_posix().encode() + b"\0" + hashlib.sha256(html.read_bytes()).digest())
    text = text.replace('"__VERSION__"', json.dumps(version), 1)
    text = text.replace('"__PAGES_VERSION__"', json.dumps(pages.hexdigest()[:12]), 1)
    text = text.replace("__SHELL__", json.dumps(shell, indent=1), 1)
    text = text.replace("__PRECACHE__", json.dumps(urls, indent=1), 1)
    text = text.replace('"__RUNTIME_CACHE__"', json.dumps(runtime["cache"]), 1)
    text = text.replace("__RUNTIME_URLS__", json.dumps(runtime_urls, indent=1), 1)
    (site_dir / SW_NAME).write_text(text, encoding="utf-8")
    return {"version": version, "shell": shell, "precache": urls, "runtime": runtime_urls, "runtime_cache": runtime["cache"]}
