"""``site/sw.js``, the service worker, written from site_src/calculator/sw.js after MkDocs.

It lists every page's shell (the home page's style sheets and scripts), the calculator page and
all it loads, and the runtime's files the calculator's worker keeps; its version is a hash of
those files' contents, and its pages version a hash of every built page (sitebuild/built_pages.py),
so any change reaches a phone that kept the old ones.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path

from . import built_pages
from .errors import AssetError

ROOT = Path(__file__).resolve().parent.parent
SW_SOURCE = ROOT / "site_src" / "calculator" / "sw.js"
SW_NAME = "sw.js"  # at the site root, so its scope covers calculator/


class _PageRefs(HTMLParser):
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


def write_service_worker(site_dir: Path, calc: dict, page: str = "calculator/",
                         pages: built_pages.BuiltPages | None = None) -> dict:
    """Write ``site_dir/sw.js``: every page's shell, the calculator page and all it loads, cached
    under a name made from a hash of those files' contents. `pages`: the build's one pass over the
    built pages, or None to read them here. Returns {"version", "pages_version", "shell",
    "precache", "runtime", "runtime_cache"}."""
    site_dir = Path(site_dir)
    pages = pages or built_pages.scan(site_dir)

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
        rel = path + "index.html" if path.endswith("/") else path
        file = site_dir / rel
        if not file.is_file():
            raise AssetError(f"service worker: {url} is not in the built site")
        # a page's hash comes from the one pass; the files it loads are read here
        content = pages.digests.get(rel) or hashlib.sha256(file.read_bytes()).digest()
        digest.update(url.encode() + b"\0" + content)
    version = digest.hexdigest()[:12]
    pages_version = pages.version()
    text = SW_SOURCE.read_text(encoding="utf-8")
    text = text.replace('"__VERSION__"', json.dumps(version), 1)
    text = text.replace('"__PAGES_VERSION__"', json.dumps(pages_version), 1)
    text = text.replace("__SHELL__", json.dumps(shell, indent=1), 1)
    text = text.replace("__PRECACHE__", json.dumps(urls, indent=1), 1)
    text = text.replace('"__RUNTIME_CACHE__"', json.dumps(runtime["cache"]), 1)
    text = text.replace("__RUNTIME_URLS__", json.dumps(runtime_urls, indent=1), 1)
    (site_dir / SW_NAME).write_text(text, encoding="utf-8")
    return {"version": version, "pages_version": pages_version, "shell": shell, "precache": urls,
            "runtime": runtime_urls, "runtime_cache": runtime["cache"]}
