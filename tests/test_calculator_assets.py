"""sitebuild/calculator_page.py, runtime.py, wheel.py: what the build puts into the site for the
in-browser calculator."""

from __future__ import annotations

import hashlib
import json
import posixpath
import zipfile

import pytest

from sitebuild import calculator_page, wheel
from sitebuild import wheel as wheel_mod
from sitebuild import runtime as pyodide_runtime
from sitebuild.errors import AssetError
from validation.sources import load_policy_dir
from conftest import PYODIDE_PKG, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if not (PYODIDE_PKG / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide missing: run `make setup`", pytrace=False)
    from sitebuild import calc_data
    from sitebuild.views import Site

    data = load_policy_dir()
    assets = tmp_path_factory.mktemp("assets")
    (assets / "collecting.js").write_bytes((ROOT / "site_src" / "assets" / "collecting.js").read_bytes())  # as build.py copies it
    written = calc_data.write(Site(data), assets)
    calc = calculator_page.install(written, assets)
    calc["data"] = written
    return assets, calc, data


def test_runtime_is_the_pinned_npm_package(installed):
    assets, calc, _ = installed
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]["version"]
    assert calc["runtime"]["pyodide"] == lock
    runtime = assets / calc["runtime"]["index"]
    shipped = sorted(p.name for p in runtime.iterdir() if not p.name.endswith((".br", ".gz")))
    assert shipped == sorted(set(pyodide_runtime.RUNTIME_FILES) - {"python_stdlib.zip"})  # the stdlib is trimmed, elsewhere
    for name in ("pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert (runtime / name).read_bytes() == (PYODIDE_PKG / name).read_bytes(), name
    # pyodide.mjs: byte for byte but for the CDN default, which is gone
    ours, theirs = (runtime / "pyodide.mjs").read_text(), (PYODIDE_PKG / "pyodide.mjs").read_text()
    assert "cdn.jsdelivr" in theirs and "cdn.jsdelivr" not in ours
    assert len(ours.splitlines()) == len(theirs.splitlines())
    # only the page's files: no node-only files, no source maps, no other packages
    everything = sorted(p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file())
    assert not [p for p in everything if p.endswith((".map", ".d.ts", ".html", ".tar"))]


def test_stdlib_is_trimmed_to_the_keep_list(installed):
    assets, calc, _ = installed
    path = calc["runtime"]["stdlib"]
    assert path.startswith("calculator/stdlib-") and path.endswith("/python_stdlib.zip")
    with zipfile.ZipFile(assets / path) as z:
        # bytecode only: every NAME.py of the keep list as NAME.pyc (tests/test_pyodide_parity.py
        # runs every scenario on this zip in Pyodide, so bytecode the runtime cannot load fails there)
        assert sorted(z.namelist()) == pyodide_runtime.shipped_names(pyodide_runtime.stdlib_keep_list())
        assert all(n.endswith(".pyc") for n in z.namelist() if not n.endswith("/"))
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
        # one header for all: the runtime's magic number, flags 0 (no source to check against)
        headers = {z.read(n)[:16] for n in z.namelist() if n.endswith(".pyc")}
        assert len(headers) == 1 and next(iter(headers))[4:] == bytes(12)
    # named by its content: a different keep list gives another URL
    digest = hashlib.sha256((assets / path).read_bytes()).hexdigest()[:12]
    assert path == f"calculator/stdlib-{digest}/python_stdlib.zip"
    # and the same input gives the same bytes (deterministic build): the same source files, the
    # same bytecode
    again = assets.parent / "again.zip"
    pyodide_runtime.trimmed_stdlib(PYODIDE_PKG / "python_stdlib.zip", again, pyodide_runtime.stdlib_keep_list())
    with zipfile.ZipFile(again) as source, zipfile.ZipFile(PYODIDE_PKG / "python_stdlib.zip") as full:
        assert sorted(source.namelist()) == sorted(set(pyodide_runtime.stdlib_keep_list()))
        for name in source.namelist():
            assert source.read(name) == full.read(name), name
    compiled = assets.parent / "again-pyc.zip"
    pyodide_runtime.compiled_zip(again, compiled, cache=assets.parent / "empty-cache",  # compiled anew
                                 optimize=pyodide_runtime.STDLIB_OPTIMIZE)
    assert compiled.read_bytes() == (assets / path).read_bytes()


def test_stdlib_bytecode_has_no_docstrings(installed):
    """Compiled as -OO: json's module docstring is in the source, not in what the site ships."""
    assets, calc, _ = installed
    docstring = b"JSON (JavaScript Object Notation)"
    with zipfile.ZipFile(PYODIDE_PKG / "python_stdlib.zip") as full:
        assert docstring in full.read("json/__init__.py")
    with zipfile.ZipFile(assets / calc["runtime"]["stdlib"]) as shipped:
        assert docstring not in shipped.read("json/__init__.pyc")


def test_keep_list_names_only_what_the_zip_has(tmp_path):
    with pytest.raises(AssetError, match="no-such-module.py"):
        pyodide_runtime.trimmed_stdlib(PYODIDE_PKG / "python_stdlib.zip", tmp_path / "x.zip", ["json/__init__.py", "no-such-module.py"])


def test_worker_carries_the_runtime_and_names_chain_by_hash(installed):
    assets, calc, _ = installed
    worker = (assets / "calculator" / "worker.js").read_text(encoding="utf-8")
    first = worker.split("\n", 1)[0]
    assert first.startswith("self.CALC_RUNTIME = ") and first.endswith(";")
    assert json.loads(first[len("self.CALC_RUNTIME = "):-1]) == calc["runtime"]
    boot = (assets / "calculator" / "boot.js").read_text(encoding="utf-8")
    assert calc["worker"].split("/", 1)[1] in boot and "__WORKER_URL__" not in boot
    script = (assets / "calculator" / "calculator.js").read_text(encoding="utf-8")
    assert f'from "./{calc["boot"].split("/", 1)[1]}"' in script
    for key in ("worker", "boot", "script", "household_style"):
        rel, version = calc[key].split("?v=")
        assert hashlib.sha256((assets / rel).read_bytes()).hexdigest()[:12] == version
    assert 1.5e6 < calc["transfer_bytes"] < 6e6 < calc["download_bytes"]


def test_every_module_of_the_page_is_named_by_its_hash_and_preloaded(installed):
    """calculator.js and the modules it imports: every import in the built files names a file of
    the site by its content's hash, each module once (two URLs would be two copies of its state),
    and the page's preload list ("modules") holds every one of them but boot.js, which the <head>
    loads itself. A module the graph does not reach is not in the site."""
    assets, calc, _ = installed
    built = {calc["script"].split("?")[0]} | {m.split("?")[0] for m in calc["modules"]}
    urls = {}
    todo = [calc["script"]]
    while todo:
        url = todo.pop()
        rel, version = url.split("?v=")
        assert hashlib.sha256((assets / rel).read_bytes()).hexdigest()[:12] == version, rel
        text = (assets / rel).read_text(encoding="utf-8")
        for spec in calculator_page.IMPORT_FROM.findall(text):
            assert "?v=" in spec, (rel, spec)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), spec))
            assert urls.setdefault(target.split("?")[0], target) == target, (rel, spec)
            todo.append(target)
    assert "calculator/boot.js" in urls and "collecting.js" in urls
    assert set(urls) - {"calculator/boot.js", "collecting.js"} | {calc["script"].split("?")[0]} == built
    assert {urls[m.split("?")[0]] for m in calc["modules"]} == set(calc["modules"])
    assert urls["calculator/boot.js"] == calc["boot"]
    sources = {p.name for p in calculator_page.PAGE_SRC.glob("*.js")} - {"worker.js", "sw.js", "legacy.js"}
    assert {u.rsplit("/", 1)[1] for u in built | {"calculator/boot.js"}} == sources
    assert not {p.name for p in (assets / "calculator").glob("*.js")} - sources - {"worker.js", "legacy.js"}


MODULE_GRAPHS = [
    ("modules are listed each after those it imports",
     {"calculator.js": 'import { a } from "./a.js";\nimport { b } from "./b.js";', "a.js": 'import {\n  b,\n} from "./b.js";',
      "b.js": 'import { c } from "../collecting.js";'}, ["b.js", "a.js", "calculator.js"]),
    ("two modules that import each other cannot be named by their hashes",
     {"calculator.js": 'import { a } from "./a.js";', "a.js": 'import { b } from "./b.js";', "b.js": 'export * from "./a.js";'},
     "import each other: a.js → b.js → a.js"),
    ("a module that is not there is named with its importer",
     {"calculator.js": 'import { a } from "./missing.js";'}, "missing.js not found \\(imported by calculator.js\\)"),
    ("a module from another place than site_src/calculator or the site's collecting.js is refused",
     {"calculator.js": 'import { a } from "../search.js";'}, 'imports "../search.js"'),
]


def test_a_module_is_imported_only_under_its_versioned_url():
    urls = {"./a.js": "./a.js?v=0123456789ab"}
    linked = calculator_page.link_imports("x.js", 'import {\n  a,\n} from "./a.js";\nexport { a };', urls)
    assert linked == 'import {\n  a,\n} from "./a.js?v=0123456789ab";\nexport { a };'
    for text in ('const m = import("./a.js");', 'import "./a.js";'):
        with pytest.raises(AssetError, match='"./a.js" is loaded in a way the build does not follow'):
            calculator_page.link_imports("x.js", text, urls)


@pytest.mark.parametrize("texts, expected", [c[1:] for c in MODULE_GRAPHS], ids=[c[0] for c in MODULE_GRAPHS])
def test_the_module_graph_is_read_from_the_imports(texts, expected):
    if isinstance(expected, list):
        assert calculator_page.module_graph(texts) == expected
    else:
        with pytest.raises(AssetError, match=expected):
            calculator_page.module_graph(texts)


def test_wheel_is_listed_with_its_sha256(installed):
    assets, calc, _ = installed
    lock_path = assets / calc["runtime"]["lock"]
    lock = json.loads(lock_path.read_text())
    assert list(lock["packages"]) == ["calculator"]  # trimmed to what the page loads
    assert lock["info"] == json.loads((PYODIDE_PKG / "pyodide-lock.json").read_text())["info"]
    entry = lock["packages"]["calculator"]
    wheel = lock_path.parent / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    # the wheel holds today's calculator/ exactly, compiled: each module as bytecode only, the
    # rest (dist-info) as dist/'s wheel has it
    source = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in (ROOT / "calculator").glob("*.py")}
    dist_wheel, _ = wheel_mod.calculator_wheel(ROOT, rebuild=False)
    with zipfile.ZipFile(dist_wheel) as zf:
        assert {n: zf.read(n) for n in zf.namelist() if n.startswith("calculator/") and n.endswith(".py")} == source
        metadata = {n: zf.read(n) for n in zf.namelist() if not n.startswith("calculator/")}
    with zipfile.ZipFile(wheel) as zf:
        assert sorted(n for n in zf.namelist() if n.startswith("calculator/")) == sorted(n + "c" for n in source)
        assert {n: zf.read(n) for n in zf.namelist() if not n.startswith("calculator/")} == metadata
    # URLs change with the content (a phone never mixes an old cached file with a new one)
    assert calc["runtime"]["lock"].startswith("calculator/py-")
    assert calc["script"].startswith("calculator/calculator.js?v=")


def test_progress_total_is_what_the_worker_fetches(installed):
    assets, calc, _ = installed
    sizes = calc["runtime"]["sizes"]
    for rel, size in sizes.items():
        assert (assets / rel).stat().st_size == size
    names = {rel.rsplit("/", 1)[-1] for rel in sizes}
    assert {"pyodide.asm.wasm", "python_stdlib.zip"} <= names
    assert any(n.endswith(".whl") for n in names)


def test_each_notice_has_its_data_file_with_the_choices_the_calculator_offers(installed):
    """One small file per notice (what quote reads, the form's choices, the summary table), named
    by its content; the form's choices come from the calculator's own `groups` command."""
    assets, calc, data = installed
    from calculator.cli import run

    for nid, notice in data["notices"].items():
        rel = calc["data"]["notices"][nid]
        body = (assets / rel).read_bytes()
        assert rel == f"data/n/{nid}.{hashlib.sha256(body).hexdigest()[:12]}.json"
        file = json.loads(body)
        assert len(body) < 30_000, f"{nid}: {len(body)} bytes"
        # what quote reads: everything but the clause texts and attachments
        assert file["notice"]["figures"] == notice["figures"]
        assert file["notice"]["clauses"] == [{"id": c["id"], "label": c["label"]} for c in notice["clauses"]]
        code, out, _ = run(["groups", "--region", notice["region"], "--year", str(notice["year"]), "--json"], data=data)
        groups = json.loads(out)
        meta = file["form"]
        assert [g["id"] for g in meta["groups"]] == [g["id"] for g in groups["groups"]]
        assert [t["id"] for t in meta["tiers"]] == groups["tiers"]
        assert [s["id"] for s in meta["situations"]] == groups["situations"]
        assert meta["lapse"] == ("waiting" in notice["figures"])
    forms = {nid: json.loads((assets / rel).read_text())["form"] for nid, rel in calc["data"]["notices"].items()}
    assert forms["411325-2025"]["repaid"] and forms["411325-2025"]["parent_insured"]
    assert not forms["430502-2025"]["repaid"]


def test_indexes_per_province_and_per_region(installed):
    """A province lists its regions (for the form) and which have notices; a region's index names
    the region and its parents, the notices that answer for it, their windows and their files."""
    assets, calc, data = installed
    provinces = {p["code"]: p for p in calc["form"]["provinces"]}
    assert len(provinces) == 31 and provinces["140000"]["url"] == "data/p/14.json"
    shanxi = json.loads((assets / provinces["140000"]["url"]).read_text())
    codes = {r["code"] for r in shanxi["regions"]}
    assert {"140000", "140500", "140521", "140522"} <= codes and all(c.startswith("14") for c in codes)
    assert set(shanxi["indexed"]) == {"140500", "140502", "140521", "140522", "140524", "140525", "140581"}
    qinshui = json.loads((assets / "data" / "r" / "140521.json").read_text())
    assert [r["code"] for r in qinshui["regions"]] == ["140000", "140500", "140521"]
    assert qinshui["covering"] == [[2025, "140521-2025"], [2024, "140500-2024"]]
    assert qinshui["windows"]["140521-2025"] == ["2024-09-01", "2025-02-28"]
    # a notice file named relative to the index resolves to the file the build wrote
    assert (assets / "data" / "r" / qinshui["files"]["140500-2024"]).resolve() == \
        (assets / calc["data"]["notices"]["140500-2024"]).resolve()
    tianjin = json.loads((assets / provinces["120000"]["url"]).read_text())  # a province with no notice held
    assert tianjin["indexed"] == [] and any(r["code"] == "120101" for r in tianjin["regions"])
    assert not (assets / "data" / "r" / "120101.json").exists()


def test_page_json_cannot_end_its_script_block():
    text = calculator_page.page_json({"runtime": {"x": "</script><script>alert(1)</script>"}, "worker": "w", "form": {"a": "<!--&"}})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["runtime"]["x"] == "</script><script>alert(1)</script>"


def test_trimmed_lock_refuses_what_it_cannot_ship():
    full = {"info": {}, "packages": {"calculator": {"depends": ["numpy"], "file_name": "c.whl", "package_type": "package"}}}
    with pytest.raises(AssetError, match="numpy"):
        wheel.trimmed_lock(full)
    full["packages"]["numpy"] = {"depends": [], "file_name": "https://cdn/numpy.whl", "package_type": "package"}
    with pytest.raises(AssetError, match="beside the lockfile"):
        wheel.trimmed_lock(full)


def test_the_page_gets_the_household_grammar_from_the_command_line(installed):
    """The household's names and the member grammar come from calculator.options / calculator.members
    (one source of truth); the members' keys keep their order as a list (page_json sorts mappings)."""
    from calculator.options import household_options
    from calculator.members import MAX_MEMBERS, member_keys

    _, calc, _ = installed
    household = json.loads(calculator_page.page_json(calc))["form"]["household"]
    assert [o["name"] for o in household["options"]] == list(household_options())
    assert household["member"]["keys"] == list(member_keys())
    assert household["member"]["max_members"] == MAX_MEMBERS
    assert household["member"]["styles"]["link"] == {"pair": ";", "key_value": ":"}
