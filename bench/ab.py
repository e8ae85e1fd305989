#!/usr/bin/env python3
"""A/B of the calculator's load time: two (or more) built sites, visits interleaved, one CPU share.

    cp -a site /tmp/siteA; (change, build); cp -a site /tmp/siteB
    .venv/bin/python bench/ab.py A=/tmp/siteA B=/tmp/siteB --runs 4 --out bench/results/ab-pyc.md

For comparing one change on a shared, noisy machine: each run visits the calculator of every site
in turn (cold, then warm in the same profile, exactly as bench/run.py's `calculator` page:
visits.run_page), alternating the order from run to run, so a burst of load on the host falls on
both sides alike. Every site runs under the same per-thread CPU quota (cpu_quota.py) at a fixed
share — by default the one bench/results/latest.json was calibrated at — since recalibrating
between variants on a busy host would change the slow-down itself. Prints and writes a Markdown
table of medians (ready, first answer, last byte, after the last byte, the worker's marks, bytes)
per site, and the ratio of each to the first; the load average at start and end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cpu_quota  # noqa: E402
from helpers import DEFAULT_OUT, ROOT, loadavg, log, stop  # noqa: E402
from visits import run_page  # noqa: E402

METRICS = ("ready_ms", "first_answer_ms", "last_byte_before_ready_ms", "after_last_byte_ms")
MARKS = ("module", "booted", "installed", "snapshot_restored", "ready")


def default_share() -> float:
    latest = json.loads((DEFAULT_OUT / "latest.json").read_text(encoding="utf-8"))
    return latest["emulation"]["cpu_quota"]["share"]


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values)) if values else None


def table(results: dict[str, list[dict]]) -> list[str]:
    names = list(results)
    rows = []
    for visit in ("cold", "warm"):
        keys = [(m, lambda s, m=m: s.get(m)) for m in METRICS]
        keys += [(f"worker {m}", lambda s, m=m: (s.get("worker_marks") or {}).get(m)) for m in MARKS]
        keys += [("bytes", lambda s: s.get("bytes"))]
        for label, get in keys:
            meds = [median(get(r[visit]["summary"]) for r in results[n] if visit in r and r[visit]["summary"].get("ok"))
                    for n in names]
            if all(m is None for m in meds):
                continue
            cells = [("—" if m is None else f"{m:,}") for m in meds]
            ratio = [(f"{m / meds[0]:.2f}" if m and meds[0] else "—") for m in meds[1:]]
            rows.append(f"| {visit} {label} | " + " | ".join(cells) + " | " + " | ".join(ratio) + " |")
    head = "| median | " + " | ".join(names) + " | " + " | ".join(f"{n} / {names[0]}" for n in names[1:]) + " |"
    return [head, "| --- " * (1 + 2 * len(names) - 1) + "|", *rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sites", nargs="+", help="NAME=DIR of a built site, two or more")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--share", type=float, default=None, help="CPU share per thread (default: latest.json's)")
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--out", type=Path, default=None, help="write the Markdown (and .json beside it) here")
    args = ap.parse_args(argv)
    sites = dict(s.split("=", 1) for s in args.sites)
    if cpu_quota.available():
        log(f"cannot slow the CPU: {cpu_quota.available()}")
        return 2
    share = args.share or default_share()
    from playwright.sync_api import sync_playwright
    from tools.serve import serve_in_thread

    servers, served = [], {}
    results: dict[str, list[dict]] = {n: [] for n in sites}
    load_start = loadavg()
    quota = None
    try:
        for name, d in sites.items():  # served where they are: copies made for the comparison
            srv, url = serve_in_thread(Path(d).resolve(), port=0)
            servers.append(srv)
            served[name] = (url, Path(d).resolve())
        quota = cpu_quota.ThreadQuota(share).start()
        with sync_playwright() as pw:
            for i in range(args.runs):
                order = list(sites) if i % 2 == 0 else list(reversed(sites))
                for name in order:
                    url, root = served[name]
                    log(f"run {i + 1} {name}")
                    s = run_page(pw, "calculator", url, root, throttle=True, timeout_s=args.timeout, run_index=i)
                    for v in ("cold", "warm"):
                        if v in s:
                            s[v] = {"summary": s[v]["summary"]}
                    results[name].append(s)
    finally:
        stop(quota, servers)
    lines = [f"A/B, calculator page, {args.runs} interleaved run(s), CPU share {share:.3f} per renderer thread; "
             f"load average {load_start} → {loadavg()}; {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}", "",
             *table(results), ""]
    lines += [f"- {n}: {sites[n]}" for n in sites]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps({"share": share, "sites": sites, "results": results},
                                                            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
