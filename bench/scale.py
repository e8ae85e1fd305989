#!/usr/bin/env python3
"""The site at the size of the country: a synthetic library of N notices, built and measured.

    .venv/bin/python bench/scale.py --notices 300
    .venv/bin/python bench/scale.py --notices 3000 --site-dir /tmp/big-site   # keep the built site
    .venv/bin/python bench/scale.py --notices 5 --no-browser                  # the build only

The library: the five real notices, plus N − 5 clones of them on other real regions of the
division catalogue (never published; everything lives in a temporary directory). A clone is a
real notice with its region's names replaced (province, city, county; in the text, the title, the
issuer and the source file), its id, region, covers and document number changed, its figures
untouched. County notices (沁水, 内乡, 双清, 乐至) are cloned onto county-level regions, 晋城's city
notice onto cities with all their counties; no clone covers a region one of the five covers, so
the five's pages must come out byte for byte as in a build of the five alone (checked).

Measured, in order:
* full build, from cold caches (BUILD_CACHE_DIR points at an empty directory): seconds by step,
  peak memory (the largest single process, and the sum over the build's processes sampled every
  0.2 s), pages, site size on disk with its .br/.gz copies;
* rebuild after one notice's figure changed: seconds, pages rendered again;
* bytes: the home page, the largest province page, the calculator page, a notice page, a county
  page (brotli, as served), and HTML bytes per page by kind (to show growth is linear);
* in Chromium (tools/serve.py, the emulated phone of bench/run.py for search): that no page asks
  for the search index before a search; what one calculator answer downloads of policy data
  (a clone's region asked by URL fragment); bench/search.py for one query's bytes and the time to
  its first result;
* the five real notices: their pages, and every scenario table's answers, identical to a build of
  the five alone.

Writes bench/results/scale-<N>.md and scale.json (one entry per N, the others kept).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from validation.divisions import load_catalogue  # noqa: E402

RESULTS = BENCH / "results"
REAL = ["140500-2024", "140521-2025", "411325-2025", "430502-2025", "512022-2025"]
COUNTY_TEMPLATES = ["140521-2025", "411325-2025", "430502-2025", "512022-2025"]
CITY_TEMPLATE = "140500-2024"
TARGETS = {  # issue 10, at N = 3,000
    "full_build_s": 300, "rebuild_s": 30, "peak_rss_mb": 2048, "site_mb": 1536,
    "home_br": 30_000, "province_br_max": 60_000, "calculator_br": 60_000,
    "search_bytes": 300_000, "search_first_result_ms": 2000, "answer_data_bytes": 30_000,
}


def log(msg):
    print(f"[scale] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the library
def _load(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _names(regions, code):
    """(full, short) names of a region and its parents, the most specific first."""
    out = []
    while code is not None:
        name = regions[code]["name"]
        short = name[:-1] if len(name) > 2 and name[-1] in "省市县区旗盟" else name
        out.append((name, short))
        code = regions[code]["parent"]
    return out


def _rename(text, pairs):
    """Replace the template's names by the target's, longest first, in one pass."""
    table = {}
    for old, new in pairs:
        if old and old not in table:
            table[old] = new
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return pattern.sub(lambda m: table[m.group(0)], text)


def _clone(template, source_text, regions, target, covers, serial):
    tpl_names = _names(regions, template["region"])
    new_names = _names(regions, target)
    pairs = [(o[0], n[0]) for o, n in zip(tpl_names, new_names)] + [(o[1], n[1]) for o, n in zip(tpl_names, new_names)
                                                                      if len(o[1]) >= 2]

    def walk(value):
        if isinstance(value, str):
            return _rename(value, pairs)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    notice = {k: (walk(v) if k in ("title", "issuer", "clauses", "date_text") else v) for k, v in template.items()}
    if "payment" in notice.get("figures", {}):
        # channels are quoted word for word from their clause (山西医保公众号), renamed with it
        notice["figures"] = {**notice["figures"], "payment": walk(notice["figures"]["payment"])}
    year = template["year"]
    notice["id"] = f"{target}-{year}"
    notice["region"] = target
    notice["covers"] = covers
    notice["document_number"] = f"{template['document_number']}（样例{serial}）"
    notice["source"] = f"{target}-clone-{year}.txt"
    return notice, _rename(source_text, pairs)


def make_library(n, out_dir):
    """policy_data for n notices in out_dir: the five real ones and n − 5 clones."""
    src = ROOT / "policy_data"
    out_dir.mkdir(parents=True)
    (out_dir / "sources").mkdir()
    templates = {}
    for nid in REAL:
        shutil.copy2(src / f"{nid}.yaml", out_dir / f"{nid}.yaml")
        notice = _load(src / f"{nid}.yaml")
        shutil.copy2(src / "sources" / notice["source"], out_dir / "sources" / notice["source"])
        templates[nid] = (notice, (src / "sources" / notice["source"]).read_text(encoding="utf-8"))
    rows = load_catalogue()
    regions = {r["code"]: r for r in rows}
    children = {}
    for r in rows:
        children.setdefault(r["parent"], []).append(r["code"])
    taken = {c for nid in REAL for c in templates[nid][0]["covers"]}
    taken_cities = {regions[c]["parent"] for c in taken}
    counties = [r["code"] for r in rows if r["level"] == "county" and r["code"] not in taken]
    cities = [r["code"] for r in rows if r["level"] == "city" and r["code"] not in taken and r["code"] not in taken_cities
              and children.get(r["code"])]
    wanted = max(0, n - len(REAL))
    plan = []
    # a city notice for one city in ten, so the library has city notices covering counties too
    for i, city in enumerate(cities):
        if len(plan) >= wanted or i % 10:
            continue
        plan.append((CITY_TEMPLATE, city, [city] + children[city]))
    for i, county in enumerate(counties):
        if len(plan) >= wanted:
            break
        plan.append((COUNTY_TEMPLATES[i % len(COUNTY_TEMPLATES)], county, [county]))
    if len(plan) < wanted:
        raise SystemExit(f"only {len(plan) + len(REAL)} region-years can be cloned; asked for {n}")
    for serial, (tid, target, covers) in enumerate(plan, 1):
        notice, text = _clone(templates[tid][0], templates[tid][1], regions, target, covers, serial)
        (out_dir / "sources" / notice["source"]).write_text(text, encoding="utf-8")
        with open(out_dir / f"{notice['id']}.yaml", "w", encoding="utf-8") as fh:
            yaml.dump(notice, fh, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    return [notice_id for notice_id in REAL] + [f"{t}-{templates[tid][0]['year']}" for tid, t, _ in plan]


# --------------------------------------------------------------------------- building
def _tree_rss_mb(pid):
    """Resident memory of a process and all its descendants (MB), from /proc."""
    kids = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parts = fh.read().rsplit(")", 1)[1].split()
                kids.setdefault(int(parts[1]), []).append(int(entry))
            except OSError:
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_build(policy, site, docs, cache, extra_env=None):
    env = {**os.environ, "BUILD_CACHE_DIR": str(cache), **(extra_env or {})}
    cmd = ["/usr/bin/time", "-f", "MAXRSS_KB %M", sys.executable, str(ROOT / "build.py"), "--policy-dir", str(policy),
           "--site-dir", str(site), "--docs-dir", str(docs)]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{err[-3000:]}")
    line = next((l for l in err.splitlines() if l.startswith("built ")), "")
    maxrss = next((int(l.split()[1]) for l in err.splitlines() if l.startswith("MAXRSS_KB")), 0)
    steps = dict(re.findall(r"(\w+) ([\d.]+)s", line.split("(", 2)[-1])) if "(" in line else {}
    pages = re.search(r"(\d+) pages \((\d+) rendered, (\d+) from cache\)", line)
    return {"seconds": round(seconds, 1), "line": line, "steps": {k: float(v) for k, v in steps.items()},
            "pages": int(pages.group(1)) if pages else None, "rendered": int(pages.group(2)) if pages else None,
            "peak_rss_mb_largest_process": round(maxrss / 1024), "peak_rss_mb_all_processes": round(peak[0])}


def du(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def br_size(path):
    br = Path(str(path) + ".br")
    return br.stat().st_size if br.is_file() else Path(path).stat().st_size


def page_bytes(site, library):
    """Brotli sizes of the pages the targets name, and raw HTML bytes per page by kind."""
    regions = {r["code"]: r for r in load_catalogue()}
    provinces = [site / "regions" / c / "index.html" for c, r in regions.items() if r["level"] == "province"]
    kinds = {"notice": list((site / "notices").glob("*/index.html")),
             "county": [site / "regions" / c / "index.html" for c, r in regions.items() if r["level"] == "county"],
             "city": [site / "regions" / c / "index.html" for c, r in regions.items() if r["level"] == "city"],
             "province": provinces}
    largest = max(provinces, key=br_size)
    return {
        "home_br": br_size(site / "index.html"),
        "province_br_max": br_size(largest), "province_br_max_page": str(largest.relative_to(site).parent),
        "calculator_br": br_size(site / "calculator" / "index.html"),
        "notice_br_140521": br_size(site / "notices" / "140521-2025" / "index.html"),
        "county_br_110101": br_size(site / "regions" / "110101" / "index.html"),
        "html_bytes_per_page": {k: round(statistics.mean(p.stat().st_size for p in v)) for k, v in kinds.items() if v},
    }


def change_one_notice(policy):
    """沁水 2025: 低保's subsidy 320 → 300 (with its percentage and stated share), as the
    offline test does: one notice's figures change, nothing else."""
    path = policy / "140521-2025.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      subsidy: 320\n      percent: 80\n      payer: 医疗救助基金\n      personal_stated: 80\n"
    new = "      subsidy: 300\n      percent: 75\n      payer: 医疗救助基金\n      personal_stated: 100\n"
    if text.count(old) != 1:
        raise SystemExit("140521-2025.yaml changed: update change_one_notice")
    path.write_text(text.replace(old, new), encoding="utf-8")


# --------------------------------------------------------------------------- the five, unchanged
def five_pages(site):
    out = {}
    for nid in REAL:
        out[f"notices/{nid}/index.html"] = hashlib.sha256((site / "notices" / nid / "index.html").read_bytes()).hexdigest()
    return out


def five_answers(policy):
    """Every scenario table's answer (JSON, byte for byte) from this library."""
    sys.path.insert(0, str(ROOT / "tests"))
    from scenario_table import argv_for, load_scenarios

    from calculator.cli import run
    from validation.sources import load_policy_dir

    data = load_policy_dir(policy)
    digest = hashlib.sha256()
    count = 0
    for _stem, case in load_scenarios():
        if "on" not in case["input"]:
            continue
        digest.update(json.dumps(run(argv_for(case["input"]), data=data), ensure_ascii=False).encode())
        count += 1
    return {"scenarios": count, "sha256": digest.hexdigest()}


# --------------------------------------------------------------------------- the browser
def browser_checks(site, clone_region):
    """No page asks for the search index before a search; the policy data one answer downloads."""
    from playwright.sync_api import sync_playwright

    from tools.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT
    from tools.serve import serve_in_thread

    server, base = serve_in_thread(site, port=0)
    out = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            ctx = browser.new_context(**PHONE_CONTEXT)
            page = ctx.new_page()
            seen = []
            page.on("request", lambda r: seen.append(r.url))
            for path in ("", "regions/140000/", "regions/140521/", "notices/140521-2025/", "compare/", "guide/"):
                page.goto(base + path, wait_until="load")
                page.wait_for_timeout(500)
            out["search_requests_before_a_search"] = [u for u in seen if "/pagefind/" in u or "search_index" in u]
            ctx.close()
            # a fresh profile: the pages above warmed the calculator's files into the caches
            ctx = browser.new_context(**PHONE_CONTEXT)
            page = ctx.new_page()
            # Bytes on the wire as DevTools counts them (encodedDataLength: headers and the brotli
            # body), as bench/run.py does; Playwright's request sizes read 0 for fetch() responses.
            cdp = ctx.new_cdp_session(page)
            cdp.send("Network.enable")
            urls, sizes = {}, []

            def sent(p):
                if "/assets/data/" in p["request"]["url"]:
                    urls[p["requestId"]] = p["request"]["url"].split("/assets/", 1)[1]

            def finished(p):
                if p["requestId"] in urls:
                    sizes.append((urls[p["requestId"]], int(p.get("encodedDataLength") or 0)))

            cdp.on("Network.requestWillBeSent", sent)
            cdp.on("Network.loadingFinished", finished)
            page.goto(f"{base}calculator/#region={clone_region}&on=2024-10-10", wait_until="domcontentloaded")
            page.wait_for_selector("#quote[data-exit-code]", state="attached", timeout=180_000)
            out["answer_exit_code"] = page.get_attribute("#quote", "data-exit-code")
            page.wait_for_timeout(500)
            if len(sizes) != len(urls):
                raise RuntimeError(f"policy data: {len(urls)} requests, {len(sizes)} finished")
            out["answer_data_requests"] = sizes
            out["answer_data_bytes"] = sum(s for _, s in sizes)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def search_bench(site, out_dir, runs):
    proc = subprocess.run([sys.executable, str(BENCH / "search.py"), "--site", str(site), "--runs", str(runs),
                           "--out", str(out_dir)], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    path = out_dir / "search.json"
    if not path.is_file():
        return {"error": proc.stderr[-2000:]}
    report = json.loads(path.read_text(encoding="utf-8"))
    cold = report["summary"].get("cold", {})
    return {
        "bytes_worst": max((row["bytes"] or 0 for row in cold.values()), default=None),
        "first_result_ms_worst": max((row["first_result_from_open_ms"] or 0 for row in cold.values()), default=None),
        "by_term": {t: {"bytes": row["bytes"], "first_result_ms": row["first_result_from_open_ms"],
                        "cpu4_estimate_ms": row.get("first_result_cpu4_estimate_ms")} for t, row in cold.items()},
        "index_files": report.get("bundle_files"), "index_bytes": report.get("bundle_bytes"),
        "errors": report.get("errors"),
    }


# --------------------------------------------------------------------------- report
def markdown(r):
    def mb(v):
        return f"{v / 1048576:.0f} MB"

    def kb(v):
        return f"{v / 1000:.1f} KB"

    t = r.get("targets", {})
    lines = [f"# Scale benchmark — {r['notices']} notices ({r['when']})", "",
             f"This machine: {os.cpu_count()} cores; load average {r['loadavg_start']} → {r['loadavg_end']}; commit {r['commit']}.", "",
             "| measure | value | target (N = 3,000) | met |", "| --- | --- | --- | --- |"]

    def row(label, value, target=None, ok=None):
        lines.append(f"| {label} | {value} | {target or '—'} | {'—' if ok is None else ('yes' if ok else '**no**')} |")

    full, re_ = r["full_build"], r["rebuild"]
    row("pages", f"{full['pages']:,}")
    row("full build, cold caches", f"{full['seconds']} s ({', '.join(f'{k} {v:g} s' for k, v in full['steps'].items())})",
        "≤ 5 min", t.get("full_build_s"))
    row("rebuild after one notice changed", f"{re_['seconds']} s ({re_['rendered']} pages rendered; "
        f"{', '.join(f'{k} {v:g} s' for k, v in re_['steps'].items())})", "≤ 30 s", t.get("rebuild_s"))
    row("peak memory, largest process", f"{full['peak_rss_mb_largest_process']} MB", "≤ 2 GB", t.get("peak_rss_mb"))
    row("peak memory, all build processes together", f"{full['peak_rss_mb_all_processes']} MB")
    row("site on disk, with .br/.gz", mb(r["site_bytes"]), "≤ 1.5 GB", t.get("site_mb"))
    b = r["bytes"]
    row("home page (brotli)", kb(b["home_br"]), "≤ 30 KB", t.get("home_br"))
    row(f"largest province page (brotli; {b['province_br_max_page']})", kb(b["province_br_max"]), "≤ 60 KB", t.get("province_br_max"))
    row("calculator page (brotli)", kb(b["calculator_br"]), "≤ 60 KB", t.get("calculator_br"))
    row("沁水 2025 notice page (brotli)", kb(b["notice_br_140521"]))
    row("a county page without a notice (brotli; 北京市东城区)", kb(b["county_br_110101"]))
    row("HTML bytes per page, by kind", ", ".join(f"{k} {v:,}" for k, v in b["html_bytes_per_page"].items()))
    if "browser" in r:
        br = r["browser"]
        row("requests for the search index before any search", str(len(br["search_requests_before_a_search"])), "none",
            not br["search_requests_before_a_search"])
        row(f"policy data for one answer ({r['clone_region']}, by fragment)",
            f"{kb(br['answer_data_bytes'])} in {len(br['answer_data_requests'])} files", "≤ 30 KB", t.get("answer_data_bytes"))
    if "search" in r and "error" not in r["search"]:
        s = r["search"]
        row("one search query, bytes (worst term)", kb(s["bytes_worst"] or 0), "≤ 300 KB", t.get("search_bytes"))
        row("first search result on the emulated phone (worst term)", f"{(s['first_result_ms_worst'] or 0) / 1000:.2f} s",
            "≤ 2 s", t.get("search_first_result_ms"))
        row("search index", f"{s['index_files']:,} files, {mb(s['index_bytes'] or 0)}")
    if "five" in r:
        f = r["five"]
        row("the five real notices' pages, as in a build of the five alone", "identical" if f["pages_identical"] else
            f"differ: {', '.join(f['pages_differ'])}", "identical", f["pages_identical"])
        row("every scenario's answer, as with the five alone", f"identical ({f['scenarios']} scenarios)" if f["answers_identical"]
            else "differ", "identical", f["answers_identical"])
    if r.get("notes"):
        lines += [""] + [f"- {n}" for n in r["notes"]]
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--notices", type=int, required=True)
    ap.add_argument("--site-dir", type=Path, help="leave the built synthetic site here")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    ap.add_argument("--search-runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if args.notices < len(REAL):
        ap.error(f"--notices is at least {len(REAL)} (the real ones)")
    tmp = Path(tempfile.mkdtemp(prefix=f"scale-{args.notices}-"))
    report = {"notices": args.notices, "when": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "loadavg_start": list(os.getloadavg()), "commit": subprocess.run(
                  ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
              "notes": []}
    try:
        policy = tmp / "policy_data"
        ids = make_library(args.notices, policy)
        report["clone_region"] = ids[-1].split("-")[0] if len(ids) > len(REAL) else "140521"
        log(f"{len(ids)} notices in {policy}")
        site = args.site_dir.resolve() if args.site_dir else tmp / "site"
        cache = tmp / "cache"
        report["full_build"] = run_build(policy, site, tmp / "docs", cache)
        log(f"full build: {report['full_build']['line']}")
        report["site_bytes"] = du(site)
        report["bytes"] = page_bytes(site, ids)
        five_here = five_pages(site)
        answers_here = five_answers(policy)
        if args.notices > len(REAL):
            alone = tmp / "five"
            make_library(len(REAL), alone)
            run_build(alone, tmp / "five-site", tmp / "five-docs", tmp / "five-cache")
            five_alone = five_pages(tmp / "five-site")
            differ = [p for p in five_alone if five_alone[p] != five_here[p]]
            answers_alone = five_answers(alone)
            report["five"] = {"pages_identical": not differ, "pages_differ": differ, "scenarios": answers_here["scenarios"],
                              "answers_identical": answers_alone == answers_here}
            shutil.rmtree(tmp / "five-site", ignore_errors=True)
        if not args.no_browser:
            report["browser"] = browser_checks(site, report["clone_region"])
            report["search"] = search_bench(site, tmp / "search", args.search_runs)
        change_one_notice(policy)
        report["rebuild"] = run_build(policy, site, tmp / "docs", cache)
        log(f"rebuild: {report['rebuild']['line']}")
    finally:
        report["loadavg_end"] = list(os.getloadavg())
        shutil.rmtree(tmp, ignore_errors=True) if not args.site_dir else shutil.rmtree(tmp / "cache", ignore_errors=True)
    n = args.notices
    full, b = report["full_build"], report["bytes"]
    checks = {"full_build_s": full["seconds"] <= TARGETS["full_build_s"], "rebuild_s": report["rebuild"]["seconds"] <= TARGETS["rebuild_s"],
              "peak_rss_mb": full["peak_rss_mb_largest_process"] <= TARGETS["peak_rss_mb"],
              "site_mb": report["site_bytes"] / 1048576 <= TARGETS["site_mb"],
              "home_br": b["home_br"] <= TARGETS["home_br"], "province_br_max": b["province_br_max"] <= TARGETS["province_br_max"],
              "calculator_br": b["calculator_br"] <= TARGETS["calculator_br"]}
    if "browser" in report:
        checks["answer_data_bytes"] = report["browser"]["answer_data_bytes"] <= TARGETS["answer_data_bytes"]
    if "search" in report and "error" not in report["search"]:
        checks["search_bytes"] = (report["search"]["bytes_worst"] or 0) <= TARGETS["search_bytes"]
        checks["search_first_result_ms"] = 0 < (report["search"]["first_result_ms_worst"] or 0) <= TARGETS["search_first_result_ms"]
    report["targets"] = checks
    args.out.mkdir(parents=True, exist_ok=True)
    all_path = args.out / "scale.json"
    everything = json.loads(all_path.read_text(encoding="utf-8")) if all_path.is_file() else {}
    everything[str(n)] = report
    all_path.write_text(json.dumps(everything, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = markdown(report)
    (args.out / f"scale-{n}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
