#!/usr/bin/env python3
"""Build the static site from policy_data/.

    python build.py [--policy-dir DIR] [--site-dir DIR] [--docs-dir DIR] [--site-url URL] [--drafts] [--jobs N]

1. Load and validate policy_data/ against the national division catalogue
   (validation.sources.load_policy_dir). A data error prints one line naming the file and the
   field, and the build stops with status 1; so does a notice whose figures are still marked
   proposed (python -m intake draft), unless --drafts is given.
2. Write the calculator's data (one file per notice, one index per province: sitebuild/calc_data.py)
   and the calculator page's files (sitebuild/calculator_page.py: the Pyodide runtime, the wheel
   and the page's scripts), then render the Markdown pages
   (sitebuild/markdown.py, site_src/templates/*.md.j2): every province, city and county, every
   notice and its one-page flyer (with a QR code of the notice page's address when the site's
   address is known: --site-url, or site_url / SITE_URL in mkdocs.yml), the comparison per city.
   Every figure a page shows comes from the calculator
   (calculator.summary); templates only lay out what they are given.
3. Run MkDocs (Material), strict, into a fresh site directory (sitebuild/mkdocs_run.py: pages whose
   inputs did not change come from a cache, the rest are rendered in parallel), read the built
   pages once (sitebuild/built_pages.py) for the service worker (sitebuild/service_worker.py) and
   the response headers (site/_headers: sitebuild/headers.py), write the search index (Pagefind,
   sitebuild/search.py), then brotli and gzip variants beside every compressible file
   (tools/precompress.py).
4. Only when all of that succeeded, swap the new docs and site directories in place of the old
   ones. A failed build leaves the previous site/ exactly as it was.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculator.drafts import DRAFT_BANNER, proposed_keys  # noqa: E402
from calculator.errors import PolicyDataError  # noqa: E402
from validation.sources import load_policy_dir  # noqa: E402
from sitebuild import built_pages, calc_data, calculator_page, headers, mkdocs_run, qr, search  # noqa: E402
from sitebuild.errors import AssetError, BuildError  # noqa: E402
from sitebuild.service_worker import write_service_worker  # noqa: E402
from sitebuild.versioned import link_modules, versioned  # noqa: E402
from sitebuild.markdown import render_pages  # noqa: E402
from sitebuild.views import Site  # noqa: E402

SRC = ROOT / "site_src"

__all__ = ["BuildError", "build", "main"]


def site_script(assets):
    """assets/site.js (every page's module: the year banner, the calculator's warm-up) with its
    import versioned; returns its own versioned URL."""
    path = assets / "site.js"
    try:
        text = link_modules(path.read_text(encoding="utf-8"), {"./collecting.js": "./" + versioned(assets, "collecting.js")})
    except AssetError as exc:
        raise BuildError(f"site.js: {exc}") from None
    path.write_text(text, encoding="utf-8")
    return versioned(assets, "site.js")


def render_docs(data, docs_dir, base_url=None):
    """Everything MkDocs reads, under docs_dir; returns the calculator page's context.
    `base_url`: the site's public address, for the flyers' QR codes (None: no codes)."""
    from validation.divisions import load_townships, source_note

    docs_dir = Path(docs_dir)
    try:
        townships, note = load_townships(), source_note()
    except PolicyDataError as exc:
        raise BuildError(f"division catalogue: {exc.file}: {exc.field}: {exc.problem}") from None
    site = Site(data, townships)
    assets = docs_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for path in (SRC / "assets").iterdir():
        if path.is_file():
            shutil.copy2(path, assets / path.name)
    written = calc_data.write(site, assets)
    try:
        calc = calculator_page.install(written, assets)
    except AssetError as exc:
        raise BuildError(f"calculator: {exc}") from None
    calc["page_json"] = calculator_page.page_json(calc)
    calc["site_js"] = site_script(assets)
    calc["pages"] = render_pages(site, docs_dir, calc, written, note, base_url)
    return calc


def _replace_dir(new, target):
    """Put `new` where `target` is; the old `target` is removed only after the move (by a process
    of its own: a site of the whole country has tens of thousands of files, and the new one is
    already in place)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        target.rename(old)
    shutil.move(str(new), str(target))
    if old is not None:
        subprocess.Popen(["rm", "-rf", "--", str(old)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def review_gate(data, policy_dir, drafts=False):
    """A notice whose figures are still marked proposed (python -m intake draft) is published
    only by a build with --drafts, and then under a banner; otherwise the build stops here."""
    pending = {nid: proposed_keys(n) for nid, n in sorted(data["notices"].items()) if proposed_keys(n)}
    if pending and not drafts:
        named = "; ".join(f"{Path(policy_dir) / (nid + '.yaml')}: {', '.join(keys)}" for nid, keys in pending.items())
        raise BuildError(f"figures not yet reviewed (check them, then python -m intake accept FILE; "
                         f"or build with --drafts): {named}")
    return pending


def build(policy_dir=None, site_dir=None, docs_dir=None, site_url=None, drafts=False, jobs=None, timings=None):
    """Validate, render and build; replace docs_dir and site_dir only when all of it worked.
    `timings`, a dict, gets the seconds each step took."""
    timings = {} if timings is None else timings
    clock = time.monotonic()

    def lap(step):
        nonlocal clock
        now = time.monotonic()
        timings[step] = round(now - clock, 2)
        clock = now

    policy_dir = Path(policy_dir or ROOT / "policy_data")
    site_dir = Path(site_dir or ROOT / "site").resolve()
    docs_dir = Path(docs_dir or ROOT / "build" / "docs").resolve()
    try:
        data = load_policy_dir(policy_dir)
    except PolicyDataError as exc:
        where = exc.file if Path(exc.file).is_absolute() else policy_dir / exc.file
        raise BuildError(f"policy data error: {where}: {exc.field}: {exc.problem}") from None
    review_gate(data, policy_dir, drafts)
    base_url = qr.site_url(site_url)  # checked before anything is written
    lap("load")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        new_docs = work / "docs"
        new_site = work / "site"
        calc = render_docs(data, new_docs, base_url)
        lap("render")
        stats = mkdocs_run.build(new_docs, new_site, site_url, jobs=jobs, extra={
            "site_js": "assets/" + calc["site_js"],
            "collecting_js": "assets/" + versioned(new_docs / "assets", "collecting.js"),
        })
        timings["pages"] = stats
        lap("mkdocs")
        if not (new_site / "index.html").is_file():
            raise BuildError("mkdocs produced no index.html")
        # every built page read once, for what depends on them all (the service worker's pages
        # version, the header policy's script hashes): a whole country's site has tens of thousands
        pages = built_pages.scan(new_site)
        # sw.js at the site root: the calculator page and its files, for a second visit and offline
        try:
            write_service_worker(new_site, calc, pages=pages)
        except AssetError as exc:
            raise BuildError(f"calculator: {exc}") from None
        try:  # the search index (pagefind/), before precompression: sitebuild/search.py
            search.index_site(new_site)
        except search.SearchIndexError as exc:
            raise BuildError(f"search: {exc}") from None
        lap("search")
        # site/_headers: the header policy from the built pages, so it cannot drift from them
        headers.write(new_site, pages)
        # FILE.br / FILE.gz beside every compressible file (cached by content: see tools/precompress.py)
        from tools.precompress import precompress

        precompress(new_site)
        lap("precompress")
        _replace_dir(new_docs, docs_dir)
        _replace_dir(new_site, site_dir)
        lap("swap")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy-dir", default=str(ROOT / "policy_data"))
    parser.add_argument("--site-dir", default=str(ROOT / "site"))
    parser.add_argument("--docs-dir", default=str(ROOT / "build" / "docs"))
    parser.add_argument("--site-url", default=None, help="overrides SITE_URL / mkdocs.yml site_url")
    parser.add_argument("--drafts", action="store_true",
                        help=f"publish notices with unreviewed figures, under a “{DRAFT_BANNER}” banner")
    parser.add_argument("--jobs", type=int, default=None, help="processes that render pages (default: one per core)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    timings = {}
    try:
        data = build(args.policy_dir, args.site_dir, args.docs_dir, args.site_url, args.drafts, args.jobs, timings)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    pages = timings.pop("pages", {})
    steps = ", ".join(f"{k} {v}s" for k, v in timings.items())
    print(f"built {len(data['notices'])} notices, {pages.get('pages', '?')} pages ({pages.get('rendered', '?')} rendered, "
          f"{pages.get('cached', '?')} from cache) into {args.site_dir} in {time.monotonic() - started:.1f}s ({steps})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
