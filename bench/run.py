#!/usr/bin/env python3
"""Load-time benchmark: the built site and a stock-Pyodide baseline, in Chromium as a cheap phone.

    .venv/bin/python bench/run.py                 # make build, then 3 runs (several minutes)
    .venv/bin/python bench/run.py --quick         # 1 run, a smoke test of the real emulation
    .venv/bin/python bench/run.py --no-build --runs 5 --out bench/results/
    .venv/bin/python bench/run.py --no-throttle --quick --out /tmp/x   # no emulation (tests)

Serves a snapshot of site/ (tools/serve.py, which sends the .br/.gz files beside a file when
there are any) and, on other ports, two baselines (baselines.py): stock Pyodide uncompressed, and
the same served as a CDN serves it (brotli, cacheable for a year). The `from_notice` flow opens a
notice page, stays 20 s, then taps through to the calculator in the same tab. Chromium is the
phone: its network through CDP (phone.py: 150 ms, 1.6 Mbps down, 750 kbps up) and its CPU by a
cgroup quota on every renderer thread, calibrated against CDP's CPU ×4 (cpu_quota.py). Each page
is visited cold (a fresh profile) and then warm (a second visit in the same profile) (visits.py);
report.py makes the medians, ratios, targets and the Markdown. Results: OUT/latest.json,
OUT/latest.md and a timestamped copy of each.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cpu_quota  # noqa: E402
import visits  # noqa: E402
from baselines import NPM_PYODIDE, build_site, prepare_baseline, prepare_cdn_baseline  # noqa: E402
from helpers import (CHROMIUM, CHROMIUM_ARGS, DEFAULT_OUT, PHONE_CONTEXT, ROOT, SITE_DIR,  # noqa: E402
                     chromium_version, git_info, loadavg, log, stop)
from phone import CPU_SLOWDOWN, DOWNLOAD_BPS, LATENCY_MS, NETWORK_CONDITIONS, UPLOAD_BPS  # noqa: E402
from report import aggregate, check_targets, markdown, ratios  # noqa: E402
from visits import NOTICE_DWELL_S, PAGES, RECALC_FRAGMENTS, TABLE_SELECTOR, run_page  # noqa: E402


def launch(pw):
    """A fresh browser with the phone's screen (for the CPU calibration)."""
    return pw.chromium.launch_persistent_context(tempfile.mkdtemp(prefix="bench-cal-"), executable_path=CHROMIUM,
                                                 headless=True, args=CHROMIUM_ARGS, **PHONE_CONTEXT)


def reused_calibration(path: Path) -> dict:
    """The CPU calibration an earlier run measured (`--calibration`), saying where it comes from."""
    earlier = json.loads(path.read_text(encoding="utf-8"))
    cal = (earlier.get("emulation") or {}).get("cpu_quota")
    if not cal:
        raise SystemExit(f"{path}: no emulation.cpu_quota (a run with --cpu quota) to reuse")
    log(f"CPU: reusing the calibration of {path.name} ({earlier.get('created')}): share {cal['share']:.3f}")
    return {**cal, "reused_from": {"file": path.name, "created": earlier.get("created"),
                                   "loadavg_start": (earlier.get("host") or {}).get("loadavg_start")}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="cold+warm visits per page (default 3)")
    ap.add_argument("--quick", action="store_true", help="1 run (a smoke test)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results directory (default bench/results/)")
    ap.add_argument("--no-build", action="store_true", help="benchmark the existing site/ without `make build`")
    ap.add_argument("--site", type=Path, default=SITE_DIR, help="built site to serve (default site/)")
    ap.add_argument("--no-throttle", action="store_true", help="no network/CPU emulation (for tests)")
    ap.add_argument("--cpu", choices=("quota", "cdp"), default="quota",
                    help="how the CPU is slowed: every renderer thread under a calibrated cgroup quota (default), "
                         "or CDP's rate 4 on the main thread only (workers unslowed)")
    ap.add_argument("--calibration", type=Path, default=None,
                    help="reuse the CPU calibration of an earlier results JSON (its emulation.cpu_quota) instead "
                         "of calibrating now: on a busy host the calibration itself is what the load spoils")
    ap.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated subset of: {', '.join(PAGES)}")
    ap.add_argument("--timeout", type=float, default=240, help="seconds allowed for one visit (default 240)")
    ap.add_argument("--dwell", type=float, default=NOTICE_DWELL_S,
                    help=f"seconds on the notice page before the calculator in from_notice (default {NOTICE_DWELL_S})")
    args = ap.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)
    visits.DWELL["s"] = args.dwell
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        ap.error(f"unknown page(s): {', '.join(unknown)}")
    if not os.path.exists(CHROMIUM):
        log(f"{CHROMIUM} not found: run `make setup`")
        return 2
    throttle = not args.no_throttle
    if throttle and args.cpu == "quota" and cpu_quota.available():
        log(f"cannot slow the CPU with a quota: {cpu_quota.available()} (use --cpu cdp to slow the main thread only)")
        return 2
    visits.CPU["cdp_rate"] = CPU_SLOWDOWN if throttle and args.cpu == "cdp" else None
    notes: list[str] = []
    skipped: dict[str, str] = {}

    site = args.site.resolve()
    built = False
    if not args.no_build and site == SITE_DIR.resolve() and (ROOT / "build.py").is_file():
        built = True
        err = build_site()
        if err:
            log(err)
            if not (site / "index.html").is_file():
                return 2
            notes.append("`make build` failed; the site/ that was already there was benchmarked.")
    if any(PAGES[p][0] == "site" for p in pages) and not (site / "index.html").is_file():
        log(f"{site}/index.html not found: run `make build` (or drop --no-build)")
        return 2
    if {"baseline", "cdn_baseline"} & set(pages) and not (NPM_PYODIDE / "pyodide.js").is_file():
        log(f"{NPM_PYODIDE} missing: run `make setup`")
        return 2

    from playwright.sync_api import sync_playwright
    from serverlog import serve
    from tools.serve import linked_copy

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    servers = []
    samples: list[dict] = []
    calibration = quota = None
    started = time.monotonic()
    host = {"cpus": os.cpu_count(), "loadavg_start": loadavg(), "platform": platform.platform()}
    try:
        # A snapshot, so a rebuild while the benchmark runs changes nothing under it.
        served: dict[str, tuple[str, Path]] = {}
        if any(PAGES[p][0] == "site" for p in pages):
            snap = tmp / "site"
            linked_copy(site, snap)  # hard links: a rebuild swaps in new files, these stay
            srv, url = serve(snap)
            servers.append(srv)
            served["site"] = (url, snap)
        for name, prepare in (("baseline", prepare_baseline), ("cdn_baseline", prepare_cdn_baseline)):
            if name in pages:
                broot = prepare(tmp)
                srv, url = serve(broot)
                servers.append(srv)
                served[name] = (url, broot)
        for p in list(pages):
            server, path, _need, _recalc = PAGES[p]
            base_url, root = served[server]
            local = urllib.parse.urlsplit(path).path
            target = root / local / "index.html" if (not local or local.endswith("/")) else root / local
            if not target.is_file():
                skipped[p] = f"{path or '/'} is not in the built site"
                log(f"skipping {p}: {skipped[p]}")
                pages.remove(p)
        log(f"{runs} run(s) of {', '.join(pages)}; emulation {'on' if throttle else 'OFF'}")
        with sync_playwright() as pw:
            if throttle and args.cpu == "quota" and args.calibration:
                calibration = reused_calibration(args.calibration)
                quota = cpu_quota.ThreadQuota(calibration["share"]).start()
            elif throttle and args.cpu == "quota":
                calibration = cpu_quota.calibrate(pw, launch, rate=CPU_SLOWDOWN)
                quota = cpu_quota.ThreadQuota(calibration["share"]).start()
            for i in range(runs):
                for p in pages:
                    base_url, root = served[PAGES[p][0]]
                    samples.append(run_page(pw, p, base_url, root, throttle=throttle,
                                            timeout_s=args.timeout, run_index=i))
    finally:
        stop(quota, servers)
        shutil.rmtree(tmp, ignore_errors=True)

    host["loadavg_end"] = loadavg()
    med = aggregate(samples)
    rat = ratios(med)
    if throttle and calibration:
        notes.append("The CPU is slowed for every thread of the page's renderer, Web Workers included (bench/README.md, "
                     "“The emulation”): each renderer thread runs in a cgroup of its own with a CPU quota calibrated "
                     "against CDP's ×4. On a busy host the quota is a ceiling, not a floor: the load average above says "
                     "how much the host itself slowed everything.")
    elif throttle:
        notes.append("CPU ×4 by CDP (--cpu cdp) applies to a page's main thread only; Chromium refuses it for workers, "
                     "so Python in a Web Worker ran at this machine's full speed.")
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    report = {
        "schema": 2,
        "created": now.isoformat().replace("+00:00", "Z"),
        "git": git_info(),
        "chromium": chromium_version(),
        "host": host,
        "emulation": {"latency_ms": LATENCY_MS, "download_kbps": DOWNLOAD_BPS / 1000,
                      "upload_kbps": UPLOAD_BPS / 1000, "cpu_slowdown": CPU_SLOWDOWN,
                      "cdp_cpu_rate": visits.CPU["cdp_rate"], "cpu_quota": calibration,
                      "quota_errors": quota.errors if quota is not None else None,
                      "cdp": {"Network.emulateNetworkConditions": NETWORK_CONDITIONS}} if throttle else None,
        "runs": runs,
        "wall_s": round(time.monotonic() - started, 1),
        "site": {"dir": str(site), "built_by_this_run": built,
                 "index_mtime": (_dt.datetime.fromtimestamp((site / "index.html").stat().st_mtime, _dt.timezone.utc)
                                 .replace(microsecond=0).isoformat().replace("+00:00", "Z")
                                 if (site / "index.html").is_file() else None)},
        "pages": {p: PAGES[p][1] for p in PAGES},
        "table_selector": TABLE_SELECTOR,
        "recalc_fragments": RECALC_FRAGMENTS,
        "medians": med,
        "ratios": rat,
        "targets": [],
        "skipped": skipped,
        "notes": notes,
        "samples": [],
    }
    report["targets"] = check_targets(med, rat)
    # Samples: summaries, and the per-URL breakdown of each visit (no Page objects).
    for s in samples:
        clean = {k: v for k, v in s.items() if k not in ("cold", "warm")}
        for v in ("cold", "warm"):
            if v in s:
                d = s[v]["detail"]
                clean[v] = {"summary": s[v]["summary"],
                            "requests": d.get("requests", []),
                            "attached_targets": d.get("attached_targets", []),
                            **({"unreported": d["unreported"]} if d.get("unreported") else {}),
                            **({"cdp_errors": d["cdp_errors"]} if d.get("cdp_errors") else {}),
                            **({"recalcs": d["recalcs"]} if d.get("recalcs") else {})}
        report["samples"].append(clean)

    md = markdown(report)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    for name in ("latest", stamp):
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        (out / f"{name}.md").write_text(md, encoding="utf-8")
    print(md)
    log(f"wrote {out / 'latest.json'}, {out / 'latest.md'} (and {stamp}.*) in {report['wall_s']} s")
    ok = all(s[v]["summary"].get("ok") for s in samples for v in ("cold", "warm") if v in s) \
        and not any(s.get("error") for s in samples)
    return 0 if ok and samples else 1


if __name__ == "__main__":
    sys.exit(main())
