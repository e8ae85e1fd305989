"""The results: medians over runs, ratios against the baselines, the targets, the Markdown table."""

from __future__ import annotations

import statistics

from helpers import fmt_bytes, fmt_ms, get_path
from visits import NOTICE_DWELL_S

# Targets from the issues (24: the calculator at the phone's own CPU speed). (metric key,
# comparison, limit, label)
TARGETS = [
    ("notice.cold.table_visible_ms", "<=", 2000, "answer table visible (cold) within 2 s"),
    ("calculator.cold.ready_ms", "<=", 22000, "calculator ready (cold) within 22 s"),
    ("calculator.warm.ready_ms", "<=", 2500, "calculator ready (warm, second visit) within 2.5 s"),
    ("calculator.cold.recalc_ms", "<=", 50, "a recalculation within 50 ms"),
    ("ratio.cdn_speedup_cold", ">=", 2.0, "at least 2x faster than the CDN baseline (cold)"),
    ("ratio.cdn_speedup_warm", ">=", 2.0, "at least 2x faster than the CDN baseline (warm)"),
    ("ratio.speedup_cold", ">=", 2.0, "at least 2x faster than the uncompressed baseline (cold)"),
    ("from_notice.cold.ready_ms", "<=", 6000, f"calculator ready after {NOTICE_DWELL_S} s on a notice page (cold profile) within 6 s"),
]

METRICS = {  # page -> metric keys that get medians
    "notice": ["table_visible_ms", "fcp_ms", "lcp_ms", "load_ms", "bytes", "page_bytes", "sw_bytes"],
    "calculator": ["ready_ms", "first_answer_ms", "recalc_ms", "page_ready_ms", "last_byte_before_ready_ms",
                   "after_last_byte_ms", "fcp_ms", "bytes", "unreported_bytes", "bytes_before_ready"],
    "from_notice": ["ready_ms", "first_answer_ms", "last_byte_before_ready_ms", "bytes",
                    "notice_bytes", "notice_table_visible_ms"],
    "baseline": ["ready_ms", "last_byte_before_ready_ms", "after_last_byte_ms", "bytes"],
    "cdn_baseline": ["ready_ms", "last_byte_before_ready_ms", "after_last_byte_ms", "bytes"],
}


def aggregate(samples: list[dict]) -> dict:
    med: dict = {}
    for page, keys in METRICS.items():
        for visit in ("cold", "warm"):
            sums = [s[visit]["summary"] for s in samples if s["page"] == page and visit in s]
            if not sums:
                continue
            entry: dict = {"n": len(sums), "n_ok": sum(1 for x in sums if x.get("ok"))}
            for k in keys:
                vals = [x[k] for x in sums if x.get("ok") and x.get(k) is not None]
                if vals:
                    entry[k] = round(statistics.median(vals), 1)
                    entry[k + "_range"] = [round(min(vals), 1), round(max(vals), 1)]
            boots = [x["boot"] for x in sums if x.get("ok") and x.get("boot")]
            if boots:  # how the calculator's worker booted: "fresh" or "snapshot", per visit
                entry["boots"] = {b: boots.count(b) for b in sorted(set(boots))}
            kinds: dict[str, list[int]] = {}
            for x in sums:
                if x.get("ok"):
                    for kind, b in x.get("bytes_by_kind", {}).items():
                        kinds.setdefault(kind, []).append(b)
            if kinds:
                entry["bytes_by_kind"] = {k: int(statistics.median(v)) for k, v in
                                          sorted(kinds.items(), key=lambda kv: -statistics.median(kv[1]))}
            med.setdefault(page, {})[visit] = entry
    return med


def ratios(med: dict) -> dict:
    """Ours against each baseline: `…_baseline_…` the stock files uncompressed, `…_cdn_…` the
    stock files served as a CDN serves them."""
    out: dict = {}
    for visit in ("cold", "warm"):
        ours = get_path(med, f"calculator.{visit}.ready_ms")
        ob = get_path(med, f"calculator.{visit}.bytes")
        for page, tag in (("baseline", ""), ("cdn_baseline", "cdn_")):
            base = get_path(med, f"{page}.{visit}.ready_ms")
            if ours and base:
                out[f"ready_vs_{tag}baseline_{visit}"] = round(ours / base, 3)
                out[f"{tag}speedup_{visit}"] = round(base / ours, 2)
            bb = get_path(med, f"{page}.{visit}.bytes")
            if ob is not None and bb:
                out[f"bytes_vs_{tag}baseline_{visit}"] = round(ob / bb, 3)
    return out


def check_targets(med: dict, rat: dict) -> list[dict]:
    out = []
    for key, op, limit, label in TARGETS:
        value = rat.get(key.split(".", 1)[1]) if key.startswith("ratio.") else get_path(med, key)
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        out.append({"metric": key, "target": f"{op} {limit}", "label": label, "value": value, "met": met})
    return out


def fmt_ms(v) -> str:
    return "—" if v is None else (f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.0f} ms")


def fmt_bytes(v) -> str:
    return "—" if v is None else f"{v / 1e6:.2f} MB"


def cpu_words(emu: dict) -> str:
    """How the CPU was slowed, in one sentence."""
    cal = emu.get("cpu_quota")
    if cal:
        return (f"CPU: every renderer thread (page, workers, service worker) under a cgroup quota of "
                f"{cal['share']:.3f} of one CPU ({cal['quota_us']} µs per {cal['period_us']} µs), calibrated "
                + (f"in an earlier run ({cal['reused_from']['created']}, load average "
                   f"{cal['reused_from']['loadavg_start']}) and reused, " if cal.get("reused_from") else "just before the runs ")
                + f"so that a main-thread task took as long as under CDP's ×{cal['cdp_rate']:g} "
                f"({cal['unslowed_ms']:.0f} ms unslowed, {cal['cdp_ms']:.0f} ms under CDP ×{cal['cdp_rate']:g}, "
                f"{cal['steps'][-1]['ms']:.0f} ms under the quota).")
    if emu.get("cdp_cpu_rate"):
        return f"CPU ×{emu['cdp_cpu_rate']:g} by CDP (the page's main thread only: workers run at full speed)."
    return "CPU not slowed."


def markdown(report: dict) -> str:
    med, rat = report["medians"], report["ratios"]
    emu = report["emulation"]
    lines = [f"# Load-time benchmark — {report['created']}", ""]
    if emu:
        lines.append(f"Chromium ({report.get('chromium') or '?'}), CDP network emulation: {emu['latency_ms']} ms latency, "
                     f"{emu['download_kbps']:.0f} kbps down / {emu['upload_kbps']:.0f} kbps up; {cpu_words(emu)} "
                     f"Medians of {report['runs']} run(s); commit {(report['git'].get('commit') or '?')[:10]}"
                     f"{' (dirty tree)' if report['git'].get('dirty') else ''}; load average "
                     f"{report['host'].get('loadavg_start')} → {report['host'].get('loadavg_end')}.")
    else:
        lines.append(f"**No emulation** (--no-throttle). Medians of {report['runs']} run(s).")
    lines += ["", "| metric | cold | warm (2nd visit) |", "| --- | --- | --- |"]

    def row(label, page, key, fmt=fmt_ms):
        c, w = get_path(med, f"{page}.cold.{key}"), get_path(med, f"{page}.warm.{key}")
        if c is None and w is None:
            return
        lines.append(f"| {label} | {fmt(c)} | {fmt(w)} |")

    row("notice: answer table visible", "notice", "table_visible_ms")
    row("notice: first contentful paint", "notice", "fcp_ms")
    row("notice: bytes of the page itself", "notice", "page_bytes", fmt_bytes)
    row("calculator: ready", "calculator", "ready_ms")
    row("calculator: how Python started (visits)", "calculator", "boots",
        lambda v: "—" if not v else ", ".join(f"{n}× {'from the snapshot' if b == 'snapshot' else 'afresh'}" for b, n in v.items()))
    row("calculator: first answer in #quote", "calculator", "first_answer_ms")
    row("calculator: recalculation", "calculator", "recalc_ms")
    row("calculator: last byte before ready", "calculator", "last_byte_before_ready_ms")
    row("calculator: bytes", "calculator", "bytes", fmt_bytes)
    row(f"calculator after {NOTICE_DWELL_S} s on a notice page (cold profile): ready", "from_notice", "ready_ms")
    row("calculator after a notice page: bytes still downloaded", "from_notice", "bytes", fmt_bytes)
    row("notice page, fetching the calculator ahead: bytes", "from_notice", "notice_bytes", fmt_bytes)
    row("notice page, fetching the calculator ahead: answer table visible", "from_notice", "notice_table_visible_ms")
    row("baseline (stock Pyodide, main thread, uncompressed): ready", "baseline", "ready_ms")
    row("baseline: bytes", "baseline", "bytes", fmt_bytes)
    row("CDN baseline (stock Pyodide, main thread, brotli, cacheable): ready", "cdn_baseline", "ready_ms")
    row("CDN baseline: bytes", "cdn_baseline", "bytes", fmt_bytes)
    lines += ["", "| ratio (ours / baseline; speed-up = baseline / ours) | cold | warm |", "| --- | --- | --- |"]
    for label, key, fmt in (("ready time, ours / baseline", "ready_vs_baseline", lambda v: f"{v:.2f}"),
                            ("speed-up", "speedup", lambda v: f"{v:.2f}×"),
                            ("bytes, ours / baseline", "bytes_vs_baseline", lambda v: f"{v:.2f}"),
                            ("ready time, ours / CDN baseline", "ready_vs_cdn_baseline", lambda v: f"{v:.2f}"),
                            ("speed-up over the CDN baseline", "cdn_speedup", lambda v: f"{v:.2f}×"),
                            ("bytes, ours / CDN baseline", "bytes_vs_cdn_baseline", lambda v: f"{v:.2f}")):
        c, w = rat.get(f"{key}_cold"), rat.get(f"{key}_warm")
        if c is None and w is None:
            continue
        lines.append(f"| {label} | {'—' if c is None else fmt(c)} | {'—' if w is None else fmt(w)} |")
    lines += ["", "| target | value | met |", "| --- | --- | --- |"]
    for t in report["targets"]:
        v = t["value"]
        shown = "—" if v is None else (f"{v:.2f}×" if t["metric"].startswith("ratio.") else fmt_ms(v))
        met = "not measured" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['label']} | {shown} | {met} |")
    kinds = get_path(med, "calculator.cold.bytes_by_kind")
    bkinds = get_path(med, "baseline.cold.bytes_by_kind")
    if kinds or bkinds:
        lines += ["", "| bytes by file type (cold, median) | calculator | baseline |", "| --- | --- | --- |"]
        for k in sorted(set(kinds or {}) | set(bkinds or {}),
                        key=lambda k: -max((kinds or {}).get(k, 0), (bkinds or {}).get(k, 0))):
            lines.append(f"| {k} | {fmt_bytes((kinds or {}).get(k))} | {fmt_bytes((bkinds or {}).get(k))} |")
    errors = [f"run {s['run'] + 1} {s['page']} {v}: {s[v]['summary'].get('error')}"
              for s in report["samples"] for v in ("cold", "warm") if v in s and not s[v]["summary"].get("ok")]
    errors += [f"run {s['run'] + 1} {s['page']}: {s['error']}" for s in report["samples"] if s.get("error")]
    errors += [f"{p}: {msg}" for p, msg in report.get("skipped", {}).items()]
    if errors:
        lines += ["", "Failures and skips:", ""] + [f"- {e}" for e in errors]
    for n in report.get("notes", []):
        lines += ["", n]
    return "\n".join(lines) + "\n"

