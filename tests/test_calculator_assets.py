"""calculator_assets: what the build puts into the site for the in-browser calculator."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

import calculator_assets as ca
from calculator.sources import dump_json, load_policy_dir
from conftest import PYODIDE_PKG, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if not (PYODIDE_PKG / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide missing: run `make setup`", pytrace=False)
    data = load_policy_dir()
    assets = tmp_path_factory.mktemp("assets")
    (assets / "policy.json").write_text(dump_json(data), encoding="utf-8")
    return assets, ca.install(data, assets), data


def test_runtime_is_the_pinned_npm_package(installed):
    assets, calc, _ = installed
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]["version"]
    assert calc["runtime"]["pyodide"] == lock
    runtime = assets / calc["runtime"]["index"]
    assert sorted(p.name for p in runtime.iterdir()) == sorted(ca.RUNTIME_FILES)
    for name in ("pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (runtime / name).read_bytes() == (PYODIDE_PKG / name).read_bytes(), name
    # pyodide.mjs: byte for byte but for the CDN default, which is gone
    ours, theirs = (runtime / "pyodide.mjs").read_text(), (PYODIDE_PKG / "pyodide.mjs").read_text()
    assert "cdn.jsdelivr" in theirs and "cdn.jsdelivr" not in ours
    assert len(ours.splitlines()) == len(theirs.splitlines())
    # only the page's files: no node-only files, no source maps, no other packages
    everything = sorted(p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file())
    assert not [p for p in everything if p.endswith((".map", ".d.ts", ".html", ".tar"))]


def test_wheel_is_listed_with_its_sha256(installed):
    assets, calc, _ = installed
    lock_path = assets / calc["runtime"]["lock"]
    lock = json.loads(lock_path.read_text())
    assert list(lock["packages"]) == ["calculator"]  # trimmed to what the page loads
    assert lock["info"] == json.loads((PYODIDE_PKG / "pyodide-lock.json").read_text())["info"]
    entry = lock["packages"]["calculator"]
    wheel = lock_path.parent / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    # the wheel holds today's calculator/ exactly
    with zipfile.ZipFile(wheel) as zf:
        shipped = {n: zf.read(n) for n in zf.namelist() if n.startswith("calculator/") and n.endswith(".py")}
    source = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in (ROOT / "calculator").glob("*.py")}
    assert shipped == source
    # URLs change with the content (a phone never mixes an old cached file with a new one)
    assert calc["runtime"]["lock"].startswith("calculator/py-") and "?v=" in calc["runtime"]["policy"]
    assert calc["script"].startswith("calculator/calculator.js?v=")


def test_progress_total_is_what_the_worker_fetches(installed):
    assets, calc, _ = installed
    sizes = calc["runtime"]["sizes"]
    for rel, size in sizes.items():
        assert (assets / rel).stat().st_size == size
    names = {rel.rsplit("/", 1)[-1] for rel in sizes}
    assert {"pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "policy.json"} <= names


def test_form_metadata_comes_from_the_calculator(installed):
    _, calc, data = installed
    from calculator.cli import run

    form = calc["form"]
    for nid, notice in data["notices"].items():
        code, out, _ = run(["groups", "--region", notice["region"], "--year", str(notice["year"]), "--json"], data=data)
        groups = json.loads(out)
        meta = form["notices"][nid]
        assert [g["id"] for g in meta["groups"]] == [g["id"] for g in groups["groups"]]
        assert [t["id"] for t in meta["tiers"]] == groups["tiers"]
        assert [s["id"] for s in meta["situations"]] == groups["situations"]
        assert meta["lapse"] == ("waiting" in notice["figures"])
    assert form["notices"]["411325-2025"]["repaid"] and form["notices"]["411325-2025"]["parent_insured"]
    assert not form["notices"]["430502-2025"]["repaid"]
    codes = [r["code"] for r in form["regions"]]
    assert "140521" in codes and [y["year"] for y in form["regions"][codes.index("140521")]["years"]] == [2025, 2024]


def test_page_json_cannot_end_its_script_block():
    text = ca.page_json({"runtime": {"x": "</script><script>alert(1)</script>"}, "worker": "w", "form": {"a": "<!--&"}})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["runtime"]["x"] == "</script><script>alert(1)</script>"


def test_trimmed_lock_refuses_what_it_cannot_ship():
    full = {"info": {}, "packages": {"calculator": {"depends": ["numpy"], "file_name": "c.whl", "package_type": "package"}}}
    with pytest.raises(ca.AssetError, match="numpy"):
        ca.trimmed_lock(full)
    full["packages"]["numpy"] = {"depends": [], "file_name": "https://cdn/numpy.whl", "package_type": "package"}
    with pytest.raises(ca.AssetError, match="beside the lockfile"):
        ca.trimmed_lock(full)
