#!/usr/bin/env python3
"""The header search on the emulated phone of bench/: what one query downloads, and how long until
its first result is on the screen.

    .venv/bin/python bench/search.py                        # site/ as it is, 3 runs of each term
    .venv/bin/python bench/search.py --site DIR --runs 1 --terms 低保,新生儿 --out /tmp/x
    .venv/bin/python bench/search.py --no-throttle --runs 1 --out /tmp/x      # no emulation

Each run opens the start page (the home page by default) in a fresh browser profile with the
emulation of bench/run.py applied before it navigates (150 ms latency, 1.6 Mbps down, CPU ×4 on the
main thread; the page's workers are attached, so Pagefind's Web Worker shares the page's network
and its downloads are counted). Once the page has loaded and settled, the reader taps the header's
magnifier and types the term at once: nothing of the search has been downloaded before that tap,
so the query pays for the whole of it (pagefind.js, its worker, metadata, wasm, the index chunks
of the query's words and the fragments of the first results). Then the field is cleared and the
next term typed: a second query, with the library loaded. Times are performance.now() in the
page: from the tap (`open`) and from the last keystroke (`typed`) to the frame that paints the
first result (`first_result`); bytes are CDP's encodedDataLength of every response from the tap
on (page and worker, headers included). Pagefind's worker runs at this machine's speed (Chromium
cannot throttle a worker's CPU): `first_result_cpu4_estimate_ms` adds 3 × the worker's CPU time
spent while nothing was downloading, as bench/run.py does for the calculator.

Writes OUT/search.json and OUT/search.md (default bench/results/).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import helpers  # noqa: E402  (bench/: paths and helpers, the phone's emulation, worker CPU)
import phone  # noqa: E402
import worker_cpu  # noqa: E402

ROOT = helpers.ROOT
TERMS = ["低保", "等待期", "特困", "新生儿"]  # the search tests' terms (tests/test_site_browser.py)
TARGET_BYTES = 300_000
TARGET_MS = 2000

# Before the page's own scripts: when the box opens, when the field last changed, when the first
# result is in the DOM and when its frame has been painted, when the query is done.
INIT_JS = r"""
(() => {
  if (window.top !== window) return;
  window.__search = {};
  const mark = (k) => { const B = window.__search; if (!(k in B)) B[k] = performance.now(); };
  document.addEventListener("change", (e) => { if (e.target && e.target.id === "__search" && e.target.checked) mark("open"); }, true);
  document.addEventListener("input", (e) => {
    if (e.target && e.target.classList && e.target.classList.contains("md-search__input")) window.__search.typed = performance.now();
  }, true);
  new MutationObserver(() => {
    const B = window.__search;
    if (!("first_result_dom" in B) && document.querySelector(".md-search-result__item")) {
      mark("first_result_dom");
      requestAnimationFrame(() => {  // this frame lays the result out; a message posted now runs after its paint
        const ch = new MessageChannel();
        ch.port1.onmessage = () => mark("first_result");
        ch.port2.postMessage(0);
      });
    }
    const box = document.querySelector(".md-search[data-site-search]");
    if (box && box.dataset.state === "done") mark("done");
    if (box && box.dataset.state === "failed") mark("failed");
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
})();
"""


def kind(url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    if "/pagefind/" not in path:
        return path.rsplit("/", 1)[-1] or "page"
    name = path.split("/pagefind/", 1)[1]
    if "/" in name:
        return name.split("/", 1)[0]  # index, fragment, filter
    for suffix, label in ((".pf_meta", "metadata"), (".pagefind", "wasm")):
        if name.endswith(suffix):
            return label
    return name


def wire_bytes(r: dict, root: Path, base_url: str, worker_scripts: set) -> int:
    """A response's bytes on the wire: CDP's count, except for a Web Worker's own script, of which
    the page's session often sees only the headers: there, the headers and the file the server sent
    (brotli where the site has it, as Chromium accepts br)."""
    got = int(r.get("bytes") or 0)
    url = r.get("url") or ""
    if url not in worker_scripts or not url.startswith(base_url) or r.get("status") not in (None, 200):
        return got
    local = root / urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
    sent = next((f for f in (Path(f"{local}.br"), local) if f.is_file()), None)
    return max(got, min(got, 400) + sent.stat().st_size) if sent else got


def query(page, visit, sampler, term: str, timeout_s: float, started: float, root: Path, base_url: str) -> dict:
    """Type `term` into the open box and measure until it is done; `started` (time.monotonic()) is
    when the reader began: requests from then on are the query's."""
    page.keyboard.type(term)
    page.wait_for_function("() => 'done' in window.__search || 'failed' in window.__search",
                           polling=100, timeout=timeout_s * 1000)
    page.wait_for_function("() => 'first_result' in window.__search || 'failed' in window.__search",
                           polling=100, timeout=10_000)
    page.wait_for_timeout(600)  # the last loadingFinished events
    marks = page.evaluate("window.__search")
    reqs = [r for r in visit.net.reqs.values() if (r.get("ts_start") or 0) >= started - 0.05 and r.get("url")]
    out = {"term": term, "ok": "failed" not in marks, "marks": {k: round(v, 1) for k, v in marks.items()}}
    if "first_result" in marks:
        out["first_result_from_open_ms"] = round(marks["first_result"] - marks.get("open", marks["typed"]), 1)
        out["first_result_from_typed_ms"] = round(marks["first_result"] - marks["typed"], 1)
    workers = {t["url"] for t in visit.targets if t["type"] == "worker"}
    sizes = [(r["url"], wire_bytes(r, root, base_url, workers)) for r in reqs]
    out["bytes"] = sum(n for _, n in sizes)
    out["requests"] = len(reqs)
    by_kind: dict[str, int] = {}
    for url, n in sizes:
        by_kind[kind(url)] = by_kind.get(kind(url), 0) + n
    out["bytes_by_kind"] = dict(sorted(by_kind.items(), key=lambda kv: -kv[1]))
    out["results"] = page.evaluate("document.querySelectorAll('.md-search-result__item').length")
    net = visit.net
    origin = page.evaluate("performance.timeOrigin")
    idle = None
    if sampler and "first_result" in marks and net.doc_ts is not None and net.doc_wall is not None:
        # page clock (ms since timeOrigin) -> CLOCK_MONOTONIC seconds, via the document request
        first_mono = net.doc_ts + (marks["first_result"] - (net.doc_wall * 1000.0 - origin)) / 1000.0
        idle = worker_cpu.cpu_while_network_idle(sampler, net.reqs, started, first_mono)
    if idle is not None and out.get("first_result_from_open_ms") is not None:
        out["worker_cpu_idle_network_ms"] = round(idle, 1)
        out["first_result_cpu4_estimate_ms"] = round(out["first_result_from_open_ms"] + (phone.CPU_SLOWDOWN - 1) * idle, 1)
    return out


def one_run(pw, base_url: str, root: Path, start: str, term: str, again: str, *, throttle: bool, timeout_s: float) -> dict:
    profile = tempfile.mkdtemp(prefix="bench-search-")
    context = None
    try:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=helpers.CHROMIUM, headless=True, args=helpers.CHROMIUM_ARGS, **helpers.PHONE_CONTEXT)
        context.set_default_timeout(timeout_s * 1000)
        context.add_init_script(INIT_JS)
        page = context.pages[0] if context.pages else context.new_page()
        visit = phone.Visit(page, throttle)
        page.goto(base_url + start, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        before = [r["url"] for r in visit.net.reqs.values() if "/pagefind/" in (r.get("url") or "")]
        sampler = worker_cpu.WorkerCpuSampler()
        started = time.monotonic()
        page.tap('label[for="__search"]')
        first = query(page, visit, sampler, term, timeout_s, started, root, base_url)
        sampler.stop()
        first["index_requests_before_open"] = before
        page.fill("input.md-search__input", "")
        page.evaluate("window.__search = {open: performance.now()}")
        sampler = worker_cpu.WorkerCpuSampler()
        second = query(page, visit, sampler, again, timeout_s, time.monotonic(), root, base_url)
        sampler.stop()
        return {"cold": first, "second": second}
    except Exception as exc:  # one failed run is reported, the others go on
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:500]}
    finally:
        if context is not None:
            context.close()
        shutil.rmtree(profile, ignore_errors=True)


def median(values):
    values = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(values) if values else None


def summarise(samples: list[dict]) -> dict:
    table: dict = {}
    for s in samples:
        for which in ("cold", "second"):
            q = s.get(which)
            if not q:
                continue
            row = table.setdefault(which, {}).setdefault(q["term"], {"runs": []})
            row["runs"].append(q)
    for which in table.values():
        for row in which.values():
            runs = row.pop("runs")
            for key in ("first_result_from_open_ms", "first_result_from_typed_ms", "first_result_cpu4_estimate_ms",
                        "bytes", "requests", "results"):
                row[key] = median([r.get(key) for r in runs])
            row["n_ok"] = sum(1 for r in runs if r.get("ok") and r.get("first_result_from_open_ms") is not None)
            row["bytes_by_kind"] = runs[-1].get("bytes_by_kind")
    return table


def markdown(report: dict) -> str:
    emu = ("150 ms latency, 1.6 Mbps down, CPU ×4 (main thread; Pagefind's worker at full speed, see the ×4 "
           "estimate)") if report["throttle"] else "no emulation"
    lines = [f"# Search on the emulated phone — {report['when']}", "",
             f"Chromium, {emu}. Start page `/{report['start']}`, {report['runs']} run(s) per term in a fresh "
             f"profile, medians. Site: {report['site_pages']} pages, search bundle {report['bundle_bytes'] / 1000:.0f} KB "
             f"on disk ({report['bundle_files']} files). Commit {report.get('commit') or '?'}; load average "
             f"{report['loadavg_start']} → {report['loadavg_end']}.", "",
             "| query | results | first result (from tap) | from last keystroke | worker CPU ×4 (estimate) | bytes | requests |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for which, label in (("cold", "first query (nothing loaded)"), ("second", "next query (library loaded)")):
        for term, row in report["summary"].get(which, {}).items():
            lines.append(f"| {term}: {label} | {row['results']} | {helpers.fmt_ms(row['first_result_from_open_ms'])} | "
                         f"{helpers.fmt_ms(row['first_result_from_typed_ms'])} | {helpers.fmt_ms(row['first_result_cpu4_estimate_ms'])} | "
                         f"{(row['bytes'] or 0) / 1000:.1f} KB | {row['requests']} |")
    lines += ["", "Bytes of a first query by file (last run):", ""]
    for term, row in report["summary"].get("cold", {}).items():
        parts = ", ".join(f"{k} {v / 1000:.1f} KB" for k, v in (row.get("bytes_by_kind") or {}).items())
        lines.append(f"- {term}: {parts}")
    lines += ["", "| target (issue 10) | worst | met |", "| --- | --- | --- |"]
    for t in report["targets"]:
        lines.append(f"| {t['label']} | {t['value']} | {'yes' if t['met'] else 'NO'} |")
    if report.get("errors"):
        lines += ["", "Failures:", ""] + [f"- {e}" for e in report["errors"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=helpers.SITE_DIR, help="built site (default site/)")
    ap.add_argument("--start", default="", help="page the reader searches from (default: the home page)")
    ap.add_argument("--terms", default=",".join(TERMS), help="comma-separated queries")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=helpers.DEFAULT_OUT)
    ap.add_argument("--timeout", type=float, default=60, help="seconds allowed for one query")
    ap.add_argument("--no-throttle", action="store_true")
    args = ap.parse_args(argv)
    site = args.site.resolve()
    if not (site / "pagefind" / "pagefind.js").is_file():
        helpers.log(f"{site}/pagefind/pagefind.js not found: build the site first (python build.py)")
        return 2
    terms = [t.strip() for t in args.terms.split(",") if t.strip()]
    throttle = not args.no_throttle

    from playwright.sync_api import sync_playwright
    from tools.serve import linked_copy, serve_in_thread

    tmp = Path(tempfile.mkdtemp(prefix="bench-search-site-"))
    load_start = helpers.loadavg()
    samples = []
    try:
        snap = tmp / "site"
        linked_copy(site, snap)  # hard links: a rebuild swaps in new files, these stay
        server, base_url = serve_in_thread(snap, port=0)
        try:
            with sync_playwright() as pw:
                for i in range(max(1, args.runs)):
                    for n, term in enumerate(terms):
                        again = terms[(n + 1) % len(terms)]
                        r = one_run(pw, base_url, snap, args.start, term, again, throttle=throttle, timeout_s=args.timeout)
                        r["run"] = i
                        samples.append(r)
                        c = r.get("cold") or {}
                        helpers.log(f"run {i + 1} {term}: " + (r.get("error") or
                                  f"first result {c.get('first_result_from_open_ms')} ms, {c.get('bytes', 0) / 1000:.1f} KB; "
                                  f"then {again}: {(r.get('second') or {}).get('first_result_from_open_ms')} ms, "
                                  f"{(r.get('second') or {}).get('bytes', 0) / 1000:.1f} KB"))
        finally:
            server.shutdown()
            server.server_close()
        bundle = [p.stat().st_size for p in (snap / "pagefind").rglob("*")
                  if p.is_file() and not p.name.endswith((".br", ".gz"))]
        pages = sum(1 for _ in snap.rglob("index.html"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = summarise(samples)
    cold = summary.get("cold", {})
    worst_bytes = max((row["bytes"] or 0 for row in cold.values()), default=None)
    worst_ms = max((row["first_result_from_open_ms"] or 0 for row in cold.values()), default=None)
    errors = [f"run {s['run'] + 1}: {s['error']}" for s in samples if s.get("error")]
    errors += [f"run {s['run'] + 1} {s['cold']['term']}: fetched {s['cold']['index_requests_before_open']} before the search opened"
               for s in samples if s.get("cold", {}).get("index_requests_before_open")]
    report = {
        "when": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "throttle": throttle, "start": args.start, "runs": max(1, args.runs), "terms": terms,
        "site": str(site), "site_pages": pages, "bundle_files": len(bundle),
        "bundle_bytes": sum(bundle),
        "commit": (helpers.git_info().get("commit") or "")[:10], "chromium": helpers.chromium_version(),
        "loadavg_start": load_start, "loadavg_end": helpers.loadavg(),
        "summary": summary,
        "targets": [
            {"label": f"one query downloads ≤ {TARGET_BYTES // 1000} KB", "value": f"{(worst_bytes or 0) / 1000:.1f} KB",
             "met": worst_bytes is not None and worst_bytes <= TARGET_BYTES},
            {"label": f"first result ≤ {TARGET_MS / 1000:g} s (from the tap, nothing loaded before)",
             "value": helpers.fmt_ms(worst_ms), "met": worst_ms is not None and 0 < worst_ms <= TARGET_MS},
        ],
        "errors": errors,
        "samples": samples,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = markdown(report)
    (args.out / "search.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
