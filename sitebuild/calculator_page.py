"""The in-browser calculator's files, put into the site by build.py.

    from sitebuild import calculator_page
    calc = calculator_page.install(data, docs_dir / "assets")   # before MkDocs runs
    render("calculator.md", "calculator.md.j2", docs_dir, calc=calc, ...)

`install` copies into ``<assets>/``:

* the Pyodide runtime (sitebuild/runtime.py: ``pyodide/<version>/`` and the trimmed standard
  library in ``calculator/stdlib-<hash>/``);
* the calculator wheel and its lockfile (sitebuild/wheel.py: ``calculator/py-<hash>/``);
* ``calculator/`` — the page's own modules (calculator.js and the modules it imports, one per job:
  module_graph), worker and style sheets from site_src/calculator/.

The page's data is sitebuild/calc_data.py's ``assets/data/``: one index per province and one file
per notice, loaded when the reader chooses a region. Every URL the page loads
carries the content's hash (a directory name or ``?v=``: sitebuild/versioned.py), so a phone never
mixes a cached old file with a new one, and the whole set can be cached for ever.

It returns what the page template needs: the URLs, the expected download sizes (for the progress
bar) and the form's fixed choices (the provinces and their data files, the option names of the
command line, the names of groups and situations); each notice's own choices are in its data file.
After MkDocs, sitebuild/service_worker.py lists these files for a second visit and offline.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from calculator.members import member_format
from calculator.options import household_options, quote_options
from calculator.vocabulary import GROUPS, SITUATIONS

from . import runtime as pyodide_runtime
from . import snapshot_key
from . import wheel as calculator_wheel
from .errors import AssetError
from .versioned import link_modules, tag, versioned

ROOT = Path(__file__).resolve().parent.parent
PAGE_SRC = ROOT / "site_src" / "calculator"
# The page's module graph starts here: every module it imports from site_src/calculator/ ("./x.js")
# is found by module_graph, so a new module needs no entry in any list.
ENTRY = "calculator.js"
# The page's other files: the worker (started by boot.js), the style sheets, the nomodule notice.
OTHER_FILES = ("worker.js", "calculator.css", "legacy.js", "household.css")
# What a module may import from outside site_src/calculator/: the site's own module in assets/.
SITE_MODULES = ("../collecting.js",)
# a static import or re-export, on one line or several: `import { a,\n  b } from "./x.js";`
IMPORT_FROM = re.compile(r'^(?:import|export)\s[^;]*?\bfrom "([^"]+)";', re.M)
# what would load a module of the page under another URL than its versioned one
UNVERSIONED = re.compile(r'(?:\bfrom\s*|\bimport\s*\(?\s*)"(\.{1,2}/[^"?]*)"')


def module_graph(texts: dict[str, str], entry: str = ENTRY) -> list[str]:
    """The modules `entry` imports, directly or not, then `entry`: each after every module it
    imports, so each can be named by its hash before the modules that import it name it.
    `texts`: site_src/calculator/'s files by name. An import of another place, of a file that is
    not there, or a cycle (two modules that need each other's hash) fails the build."""
    order, visiting = [], []

    def visit(name):
        if name in order:
            return
        if name in visiting:
            raise AssetError("calculator modules import each other: " + " → ".join(visiting[visiting.index(name):] + [name]))
        if name not in texts:
            raise AssetError(f"{PAGE_SRC / name} not found (imported by {visiting[-1] if visiting else 'the page'})")
        visiting.append(name)
        for spec in IMPORT_FROM.findall(texts[name]):
            if spec in SITE_MODULES:
                continue
            if not re.fullmatch(r"\./[\w-]+\.js", spec):
                raise AssetError(f'{PAGE_SRC / name}: imports "{spec}"; a page module imports "./name.js" or {", ".join(SITE_MODULES)}')
            visit(spec[2:])
        visiting.pop()
        order.append(name)

    visit(entry)
    return order


def form_metadata(calc_data: dict) -> dict:
    """The form's choices that do not depend on the notice: provinces (with their data files),
    the command line's option names (a list, in the command line's order: page_json sorts
    mapping keys), the names of groups and situations."""
    member = member_format()
    # keys as a list: the order a member's pairs are written in (page_json sorts mapping keys)
    member["keys"] = list(member["keys"])
    return {"provinces": calc_data["provinces"], "groups": GROUPS, "situations": SITUATIONS,
            "options": [{"name": name, **spec} for name, spec in quote_options().items()],
            "household": {"options": [{"name": name, **spec} for name, spec in household_options().items()],
                          "member": member}}


def link_imports(name: str, text: str, urls: dict[str, str]) -> str:
    """Module `name`'s imports pointed at their versioned URLs (`urls`: what it imports → URL). A
    module loaded any other way (`import("./x.js")`, `import "./x.js"`) fails the build: under a
    second URL it would be a second copy of that module, with its own state."""
    text = link_modules(text, {spec: urls[spec] for spec in sorted(set(IMPORT_FROM.findall(text)))})
    left = UNVERSIONED.findall(text)
    if left:
        raise AssetError(f'{PAGE_SRC / name}: "{left[0]}" is loaded in a way the build does not follow'
                         ' (a page module imports with `import … from "./name.js";`)')
    return text


def install(calc_data: dict, assets_dir: Path, root: Path = ROOT) -> dict:
    """Copy the runtime, the wheel and the page's files into `assets_dir`; return the page context.

    `assets_dir` is the docs (or site) ``assets/`` directory that already holds the policy data
    (`calc_data`: sitebuild.calc_data.write's result) and the site's shared scripts (site_src/assets:
    ``collecting.js``). URLs in the returned context are relative to that ``assets/`` directory."""
    assets_dir = Path(assets_dir)
    version, runtime_dir, stdlib_path, sizes = pyodide_runtime.install(assets_dir, root)
    lock_path, lock, wheel_sizes = calculator_wheel.install(assets_dir, root)
    sizes.update(wheel_sizes)
    py_dir = lock_path.rsplit("/", 1)[0] + "/"

    runtime = {
        "pyodide": version,
        "index": runtime_dir,
        "lock": lock_path,
        # the lockfile itself, so the worker need not fetch it before it can boot
        "lock_contents": lock,
        "stdlib": stdlib_path,
        "package": calculator_wheel.PACKAGE,
        # bytes the worker downloads with fetch() (the progress bar's total, uncompressed)
        "sizes": {k: v for k, v in sizes.items()
                  if k.rsplit("/", 1)[-1] in pyodide_runtime.FETCHED_RUNTIME_FILES
                  or (k.startswith(py_dir) and k.endswith(".whl"))},
    }

    # The page's files. Each is named by a hash of what the site serves, and each names the next
    # one by its hash: calculator.js imports the page's modules (boot.js among them), boot.js starts
    # worker.js, and worker.js starts with the runtime's description (CALC_RUNTIME), so any change
    # gives new URLs all along.
    page = {}
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(PAGE_SRC.glob("*.js")) + sorted(PAGE_SRC.glob("*.css"))}
    for name in OTHER_FILES:
        if name not in texts:
            raise AssetError(f"{PAGE_SRC / name} not found")
    modules = module_graph(texts)
    # The Cache Storage name the worker keeps the runtime's responses under (sw.js serves them from
    # there on the next visit and offline): a hash of everything above, so a new runtime, wheel or
    # stdlib gets a new cache (policy data files are named by their hash and cached as they come).
    runtime["cache"] = "calc-rt-" + tag(json.dumps(runtime, sort_keys=True).encode())
    # after the cache name: a change to worker.js alone gives a new snapshot, not a new runtime
    runtime["snapshot"] = snapshot_key.snapshot_key(assets_dir, runtime, texts["worker.js"])
    runtime_js = json.dumps(runtime, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    texts["worker.js"] = f"self.CALC_RUNTIME = {runtime_js};\n" + texts["worker.js"]
    # worker.js first (boot.js names it), then the modules, each after those it imports
    order = ["worker.js", *modules] + [n for n in OTHER_FILES if n != "worker.js"]
    site_modules = {spec: "../" + versioned(assets_dir, spec[3:]) for spec in SITE_MODULES}
    for name in order:
        text = texts[name]
        if name == "boot.js":
            if text.count("__WORKER_URL__") != 1:
                raise AssetError("boot.js must name __WORKER_URL__ exactly once")
            text = text.replace("__WORKER_URL__", page["worker.js"].split("/", 1)[1])
        if name in modules:
            text = link_imports(name, text, {spec: site_modules.get(spec) or "./" + page[spec[2:]].split("/", 1)[1]
                                             for spec in IMPORT_FROM.findall(text)})
        data_bytes = text.encode("utf-8")
        dst = assets_dir / "calculator" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data_bytes)
        page[name] = f"calculator/{name}?v={tag(data_bytes)}"

    transfer = transfer_bytes(assets_dir, list(runtime["sizes"]) + [runtime_dir + "pyodide.asm.mjs", runtime_dir + "pyodide.mjs",
                                                                     "calculator/worker.js"])
    return {
        "runtime": runtime,
        "script": page["calculator.js"],
        "boot": page["boot.js"],
        "worker": page["worker.js"],
        "style": page["calculator.css"],
        "legacy": page["legacy.js"],
        # every module calculator.js imports, directly or not, but boot.js (the <head> loads it):
        # the page preloads them all, so a slow phone fetches the graph at once, not import by
        # import, and sw.js, which keeps what the page names, keeps every one
        "modules": [page[name] for name in modules if name not in (ENTRY, "boot.js")],
        "household_style": page["household.css"],
        "form": form_metadata(calc_data),
        "download_bytes": sum(runtime["sizes"].values()) + sizes[runtime_dir + "pyodide.asm.mjs"],
        "transfer_bytes": transfer,
        # What the page tells a resident before spending their data, e.g. "3.6".
        "transfer_mb": f"{transfer / 1048576:.1f}",
    }


def transfer_bytes(assets_dir: Path, rels: list[str]) -> int:
    """What a first visit really downloads of these files: brotli, as the build's .br files
    (tools/precompress.py, cached by content, so the build's own pass later costs nothing).
    On threads (brotli lets go of the GIL): from cold caches the wasm alone is ~25 s on one core,
    and the other files are compressed beside it instead of after it."""
    from concurrent.futures import ThreadPoolExecutor

    from tools.precompress import compress_file

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        biggest_first = sorted(rels, key=lambda rel: -(assets_dir / rel).stat().st_size)
        sizes = list(pool.map(lambda rel: compress_file(assets_dir / rel), biggest_first))
    return sum(got.get("br", got["file"]) for got in sizes)


def page_json(context: dict) -> str:
    """The JSON the page reads from its <script type="application/json"> block: safe inside HTML."""
    config = {"runtime": context["runtime"], "worker": context["worker"], "form": context["form"]}
    text = json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # No "</script>", no "<!--", no HTML at all can start inside the block.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
