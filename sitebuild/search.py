"""Site search: a chunked static index (Pagefind), loaded only when the reader searches.

Two roles, one module:

* **MkDocs hook** (listed under `hooks:` in mkdocs.yml). Every page's article gets
  `data-pagefind-body`, so Pagefind indexes the article and nothing around it (header, navigation,
  table of contents, footer); inside it, `data-pagefind-ignore` in the templates leaves out what
  is not text to search (the groups table, the calculator's form and tables). A page whose front
  matter says `search: {exclude: true}` is not indexed, and `search: {boost: 0.5}` (the overview
  pages) weighs its words at half (`data-pagefind-weight`), so a notice ranks above a page that
  only lists notices. The header's search box (site_src/overrides/partials/search.html) loads
  `assets/search.js` and, once the reader opens it, `assets/search.css`; `on_config` names both
  by their content's hash (`config.extra.search_js`, `search_css`) so they can be cached for ever.
* **Build step** (`index_site`, called by build.py after MkDocs has written the new site and
  before tools/precompress.py runs): Pagefind's extended binary (npm `pagefind`, pinned in
  package-lock.json; the extended build segments Chinese) writes `pagefind/` into the site:
  `pagefind.js` and `pagefind-worker.js` (the search library, run in a Web Worker),
  `pagefind-entry.json`, `wasm.<lang>.pagefind`, `pagefind.<lang>_<hash>.pf_meta` and the chunks
  `index/*.pf_index` (words → pages) and `fragment/*.pf_fragment` (one page's text and anchors).
  A query downloads the library, the metadata, the wasm, the index chunks its words fall in and
  the fragments of the results it shows: nothing grows with the whole site but the metadata.
  Pagefind's own UI bundles are removed (the site has its own: site_src/assets/search.js).

The `.pf_*` and `.pagefind` files are gzip data that Pagefind's script unpacks itself: a server must
send them as they are (no Content-Encoding; tools/precompress.py does not touch them), and those
named by a hash never change (HOSTING.md, tools/serve.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = "pagefind"  # the bundle's directory in the site
# Pagefind writes these UI bundles too; the site has its own search box, so they are not shipped.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
TIMEOUT_S = 900

ARTICLE = '<article class="md-content__inner md-typeset">'


class SearchIndexError(Exception):
    """Indexing failed; the message is one line (build.py turns it into a BuildError)."""


# -- MkDocs hook ------------------------------------------------------------------------------
def _tag(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def on_config(config):
    from mkdocs.exceptions import PluginError

    assets = Path(config.docs_dir) / "assets"
    for name in ("search.js", "search.css"):
        path = assets / name
        if not path.is_file():
            raise PluginError(f"search: {path} not found (build.py copies it from site_src/assets/)")
        config.extra[f"search_{name.split('.')[1]}"] = f"assets/{name}?v={_tag(path)}"
    return config


def _search_meta(page) -> dict:
    meta = (page.meta or {}).get("search")
    return meta if isinstance(meta, dict) else {}


def sort_key(page_name: str) -> str:
    """Where a page stands among results that match equally (Pagefind's `sort`, ascending): region
    pages first (a name search finds the county), then notices, newest year first, then the rest.
    Zero-padded, so it sorts the same as text and as a number."""
    if page_name.startswith("regions/"):
        return "10000"
    notice = re.match(r"notices/.*-(\d{4})\.md$", page_name)
    if notice:
        return f"{20000 + 9999 - int(notice.group(1)):05d}"
    return "90000"


def mark_article(output: str, page_name: str, meta: dict) -> str:
    """The page's article marked for Pagefind (or the page unchanged when it is excluded)."""
    if meta.get("exclude"):
        return output
    if output.count(ARTICLE) != 1:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"search: {page_name} has {output.count(ARTICLE)} articles {ARTICLE!r}, expected one")
    attrs = f' data-pagefind-body data-pagefind-sort="rank:{sort_key(page_name)}"'
    boost = meta.get("boost")
    if isinstance(boost, (int, float)) and boost != 1:
        attrs += f' data-pagefind-weight="{max(0.0, min(10.0, float(boost))):g}"'
    return output.replace(ARTICLE, ARTICLE[:-1] + attrs + ">", 1)


def on_post_page(output, page, config):
    return mark_article(output, page.file.src_uri, _search_meta(page))


# -- build step -------------------------------------------------------------------------------
def binary(root: Path = ROOT) -> Path:
    """Pagefind's extended binary for this machine, as `npm ci` installs it."""
    system = {"Linux": "linux", "Darwin": "darwin", "Windows": "windows", "FreeBSD": "freebsd"}.get(
        platform.system(), platform.system().lower())
    machine = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower())
    exe = "pagefind_extended.exe" if system == "windows" else "pagefind_extended"
    return root / "node_modules" / "@pagefind" / f"{system}-{machine}" / "bin" / exe


def pinned_version(root: Path = ROOT) -> str:
    """The pagefind version package-lock.json pins."""
    try:
        lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
        return lock["packages"]["node_modules/pagefind"]["version"]
    except (OSError, ValueError, KeyError, TypeError):
        raise SearchIndexError(f"{root / 'package-lock.json'}: no pinned version of pagefind") from None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    errors = [line for line in lines if re.search(r"error|failed|panic", line, re.I)]
    return (errors or lines or ["no output"])[-1][:300]


def index_site(site_dir, root: Path = ROOT, exe: Path | None = None) -> dict:
    """Write the search bundle into site_dir/pagefind/; returns what was indexed.

    Raises SearchIndexError (one line) when the binary is missing, fails, or writes an index the
    site's search cannot use (another Pagefind version than the pinned one, or pages in more than
    one language: a page only searches the index of its own language)."""
    site_dir = Path(site_dir)
    exe = Path(exe) if exe else binary(root)
    if not exe.is_file():
        raise SearchIndexError(f"{exe} not found: run `make setup` (npm ci installs Pagefind)")
    # No pagefind.yml from the working directory and no PAGEFIND_* variables: the same site gives
    # the same index wherever the build runs.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [str(exe), "--site", str(site_dir), "--output-subdir", BUNDLE],
            cwd=site_dir, env=env, capture_output=True, text=True, timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"{exe.name} did not finish within {TIMEOUT_S} s") from None
    except OSError as exc:
        raise SearchIndexError(f"{exe}: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        raise SearchIndexError(f"{exe.name} exited {proc.returncode}: {_last_line(proc.stderr + proc.stdout)}")
    bundle = site_dir / BUNDLE
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        raise SearchIndexError(f"{exe.name} wrote no readable {BUNDLE}/pagefind-entry.json") from None
    pinned = pinned_version(root)
    if entry.get("version") != pinned:
        raise SearchIndexError(f"{exe} is Pagefind {entry.get('version')}, package-lock.json pins {pinned}: "
                               "run `make setup` (npm ci)")
    pages = sum(lang.get("page_count", 0) for lang in languages.values())
    if pages == 0:
        raise SearchIndexError("no page was indexed (no element with data-pagefind-body)")
    if len(languages) != 1:
        raise SearchIndexError(f"pages in {len(languages)} languages ({', '.join(sorted(languages))}): "
                               "each page would only search its own language's index")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return {
        "pages": pages,
        "language": next(iter(languages)),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "seconds": round(time.monotonic() - started, 2),
    }
