"""What the benchmark serves besides the site: the two stock-Pyodide baselines; and the site's build."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from helpers import BENCH, ROOT, log

BASELINE_PAGE = BENCH / "baseline" / "index.html"
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"


def build_site() -> str | None:
    log("make build …")
    try:
        proc = subprocess.run(["make", "build"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.SubprocessError) as e:
        return f"make build could not run: {e}"
    if proc.returncode != 0:
        return "make build failed:\n" + "\n".join((proc.stdout + proc.stderr).splitlines()[-20:])
    return None


def prepare_baseline(tmp: Path) -> Path:
    root = tmp / "baseline"
    (root / "pyodide").mkdir(parents=True)
    shutil.copy2(BASELINE_PAGE, root / "index.html")
    for f in NPM_PYODIDE.iterdir():
        if f.is_file() and not f.name.endswith((".br", ".gz")):
            shutil.copy2(f, root / "pyodide" / f.name)
    return root


def prepare_cdn_baseline(tmp: Path) -> Path:
    """The same page and stock files, served as a CDN serves them: under a versioned path (so
    tools/serve.py sends `immutable, max-age` a year, as jsDelivr does for /pyodide/vX/full/) and
    brotli-compressed (quality 11, as the site's own files)."""
    from tools.precompress import precompress

    root = tmp / "cdn_baseline"
    version = json.loads((NPM_PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    runtime = root / "assets" / "pyodide" / version
    runtime.mkdir(parents=True)
    page = BASELINE_PAGE.read_text(encoding="utf-8")
    if page.count('src="pyodide/pyodide.js"') != 1:
        raise RuntimeError(f"{BASELINE_PAGE} no longer loads pyodide/pyodide.js once")
    (root / "index.html").write_text(page.replace('src="pyodide/pyodide.js"', f'src="assets/pyodide/{version}/pyodide.js"'),
                                     encoding="utf-8")
    for f in NPM_PYODIDE.iterdir():
        if f.is_file() and not f.name.endswith((".br", ".gz")):
            shutil.copy2(f, runtime / f.name)
    precompress(root)
    return root
