"""One visit and one page's cold and warm visits: what the reader waits for, measured in the page.

Each (run, page) gets a new browser profile; cold is its first visit, warm a second visit in a new
tab of the same profile. bench/README.md says what each metric means.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
import traceback
from pathlib import Path

from helpers import CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT, log
from pagejs import COLLECT_JS, INIT_JS, RECALC_JS, SNAPSHOT_KEPT_JS, WAIT_JS
from phone import Visit
import serverlog

NOTICE_PATH = "notices/140521-2025/"
CALC_FRAGMENT = "region=140521&year=2025&category=dibao&on=2024-10-10"
CALC_PATH = "calculator/#" + CALC_FRAGMENT
# Recalculations: each one changes the fragment (as editing the form and pressing 计算 does).
RECALC_FRAGMENTS = [
    "region=140521&year=2025&category=ordinary&on=2024-10-10",
    "region=140521&year=2025&category=dibao&on=2024-12-01",
    "region=140521&year=2025&category=ordinary&on=2025-01-10",
    "region=140521&year=2025&category=dibao&on=2024-10-20",
    "region=140521&year=2025&category=ordinary&on=2024-11-15",
]
TABLE_SELECTOR = ".groups-table table"

# The from_notice flow: how long the resident reads the notice page before opening the calculator.
NOTICE_DWELL_S = 20
DWELL = {"s": NOTICE_DWELL_S}  # --dwell changes it (the smoke test reads for a few seconds only)
# CDP's main-thread CPU rate for every tab: None when cpu_quota.py slows every renderer thread
# (bench/run.py's default), 4 with --cpu cdp.
CPU = {"cdp_rate": None}
# How long a cold calculator visit waits, after its recalculations, for the worker's snapshot.
SNAPSHOT_WAIT_S = 60

def run_visit(context, url: str, *, throttle: bool, need: list[str], timeout_s: float,
              recalc: bool, site_root: Path | None, base_url: str, close_page=None, page=None,
              snapshot_wait_s: float = 0) -> dict:
    """Open url in a new tab of context (or navigate `page`, as a tap on a link does); wait for
    the marks in need; collect everything."""
    t_wall = time.monotonic()
    page = page or context.new_page()
    if close_page is not None:
        try:
            close_page.close()
        except Exception:
            pass
    result: dict = {"url": url, "server_from": serverlog.mark(base_url)}
    visit = None
    try:
        visit = Visit(page, throttle, cpu_rate=CPU["cdp_rate"])
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        deadline = t_wall + timeout_s
        steps = [["ready"]] if "ready" in need else []
        steps.append(need)
        for marks in steps:
            left_ms = max(1000.0, (deadline - time.monotonic()) * 1000)
            try:
                state = page.wait_for_function(WAIT_JS, arg=marks, polling=200, timeout=left_ms).json_value()
            except Exception as e:
                if "Timeout" not in type(e).__name__:
                    raise
                raise TimeoutError(f"{' + '.join(marks)} not reached within {timeout_s:.0f} s") from None
            if state == "failed":
                raise RuntimeError("the page reported a failure")
        if recalc:
            left_ms = max(5000.0, (deadline - time.monotonic()) * 1000)
            result["recalcs"] = page.evaluate(RECALC_JS, [RECALC_FRAGMENTS, min(60_000, left_ms)])
        if "table_visible" in need:
            try:  # the notice page's bytes: everything up to the load event
                page.wait_for_load_state("load", timeout=max(1000.0, (deadline - time.monotonic()) * 1000))
            except Exception:
                pass
        if "ready" in need and snapshot_wait_s:
            # A second visit comes later than this harness opens it: wait until the worker has kept
            # its snapshot of Python (as it has long done when a reader comes back), up to a limit.
            t0 = time.monotonic()
            result["snapshot_kept"] = page.evaluate(SNAPSHOT_KEPT_JS, snapshot_wait_s * 1000)
            result["snapshot_wait_ms"] = round((time.monotonic() - t0) * 1000)
        page.wait_for_timeout(300)  # let the last loadingFinished events arrive
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:500]
    try:
        result.update(page.evaluate(COLLECT_JS))
    except Exception as e:
        result.setdefault("error", f"collect failed: {e}"[:500])
    if visit is not None:
        result["requests"] = visit.net.rows(result.get("time_origin"), site_root, base_url)
        result["unreported"] = serverlog.unreported(base_url, result["server_from"], result["requests"])
        result["attached_targets"] = [{"type": t["type"], "url": t["url"]} for t in visit.targets]
        if visit.cdp_errors:
            result["cdp_errors"] = sorted(set(visit.cdp_errors))[:10]
    result["page"] = page
    result["visit"] = visit  # its NetLog goes on recording (the from_notice flow reads it later)
    return result


def summarise_visit(r: dict, throttle: bool) -> dict:
    """The numbers a visit contributes to the medians."""
    marks = r.get("marks") or {}
    reqs = r.get("requests") or []
    s: dict = {"ok": "error" not in r}
    if "error" in r:
        s["error"] = r["error"]
        if r.get("status_text"):
            s["status_text"] = r["status_text"]
    for k in ("table_visible", "ready", "first_answer"):
        if k in marks:
            s[k + "_ms"] = round(marks[k], 1)
    if s.get("table_visible_ms") is not None and r.get("fcp_ms") is not None:
        # Nothing is on the screen before First Contentful Paint (a presentation time, a little
        # after the main thread has painted): the table is visible at the later of the two.
        s["table_visible_ms"] = round(max(s["table_visible_ms"], r["fcp_ms"]), 1)
    for k in ("fcp_ms", "lcp_ms", "load_ms", "page_ready_ms"):
        if r.get(k) is not None:
            s[k] = round(r[k], 1)
    if r.get("table"):
        s["table_above_fold"] = r["table"].get("above_fold")
    marks = r.get("ready_marks") or {}
    if marks:
        # how the worker booted: from the snapshot a first visit kept, or Python started afresh
        s["boot"] = "snapshot" if "snapshot_restored" in marks else "fresh"
        s["worker_marks"] = marks
    for k in ("snapshot_kept", "snapshot_wait_ms"):
        if r.get(k) is not None:
            s[k] = r[k]
    recs = [x for x in (r.get("recalcs") or []) if "ms" in x]
    if r.get("recalcs"):
        s["recalcs"] = [round(x["ms"], 1) if "ms" in x else x.get("error") for x in r["recalcs"]]
    if recs:
        s["recalc_ms"] = round(statistics.median(x["ms"] for x in recs), 1)
    # requests CDP never reported (a worker's, before the harness reached it): the server's bytes
    unseen = r.get("unreported") or []
    s["unreported_bytes"] = sum(q["bytes"] for q in unseen)
    s["bytes"] = sum(q.get("bytes", 0) for q in reqs) + s["unreported_bytes"]
    # what the service worker fetched (the warm-up a notice page asks for) apart from the page's own
    s["sw_bytes"] = sum(q.get("bytes", 0) for q in reqs if q.get("target") == "service_worker")
    # the page's own bytes: what CDP saw the page fetch; requests only the server's log saw are a
    # worker's or the service worker's (on a notice page, the calculator's warm-up), not the page's
    s["page_bytes"] = s["bytes"] - s["sw_bytes"] - s["unreported_bytes"]
    s["requests"] = len(reqs)
    by_kind: dict[str, int] = {}
    for q in reqs + unseen:
        by_kind[q["kind"]] = by_kind.get(q["kind"], 0) + q.get("bytes", 0)
    s["bytes_by_kind"] = dict(sorted(by_kind.items(), key=lambda kv: -kv[1]))
    if s.get("ready_ms") is not None:
        before = [q for q in reqs if q.get("end_ms") is not None and q["end_ms"] <= s["ready_ms"]]
        if before:
            s["bytes_before_ready"] = sum(q.get("bytes", 0) for q in before)
            s["last_byte_before_ready_ms"] = round(max(q["end_ms"] for q in before), 1)
            s["after_last_byte_ms"] = round(s["ready_ms"] - s["last_byte_before_ready_ms"], 1)
    s["service_worker_controlled"] = r.get("service_worker_controlled")
    external = [q["url"] for q in reqs if q["url"].startswith("http") and "//127.0.0.1" not in q["url"]]
    if external:
        s["external_requests"] = external
    return s


# --------------------------------------------------------------------------- pages
PAGES = {
    # name: (server, path, marks to wait for, recalc?)
    "notice": ("site", NOTICE_PATH, ["table_visible"], False),
    "calculator": ("site", CALC_PATH, ["ready", "first_answer"], True),
    # a notice page read for NOTICE_DWELL_S, then the calculator in the same tab (cold profile only)
    "from_notice": ("site", CALC_PATH, ["ready", "first_answer"], False),
    "baseline": ("baseline", "", ["ready"], False),
    "cdn_baseline": ("cdn_baseline", "", ["ready"], False),
}


def run_page(pw, name: str, base_url: str, served_root: Path, *, throttle: bool, timeout_s: float,
             run_index: int) -> dict:
    _server, path, need, recalc = PAGES[name]
    url = base_url + path
    out: dict = {"page": name, "run": run_index}
    profile = tempfile.mkdtemp(prefix=f"bench-{name}-")
    context = None
    try:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **PHONE_CONTEXT)
        context.set_default_timeout(timeout_s * 1000)
        context.add_init_script(INIT_JS.replace("__CONFIG__", json.dumps(
            {"table": TABLE_SELECTOR, "frame_ms": timeout_s * 1000})))
        blank = context.pages[0] if context.pages else None
        prev = blank
        if name == "from_notice":
            out["cold"] = notice_then_calculator(context, base_url, url, served_root, throttle=throttle,
                                                 timeout_s=timeout_s, close_page=prev)
            log(f"  run {run_index + 1} {name:10s} cold: " + brief(out["cold"]["summary"]))
            return out
        for visit_name in ("cold", "warm"):
            t = time.monotonic()
            r = run_visit(context, url, throttle=throttle, need=need, timeout_s=timeout_s,
                          recalc=recalc, site_root=served_root, base_url=base_url, close_page=prev,
                          snapshot_wait_s=SNAPSHOT_WAIT_S if (name == "calculator" and visit_name == "cold") else 0)
            prev = r.pop("page")
            r.pop("visit")
            summary = summarise_visit(r, throttle)
            summary["wall_s"] = round(time.monotonic() - t, 1)
            out[visit_name] = {"summary": summary, "detail": r}
            log(f"  run {run_index + 1} {name:10s} {visit_name}: " + brief(summary))
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"[:1000]
        log(f"  run {run_index + 1} {name}: FAILED {out['error']}")
        log(traceback.format_exc(limit=3))
    finally:
        if context is not None:
            try:
                context.close()
            except Exception:
                pass
        shutil.rmtree(profile, ignore_errors=True)
    return out


def notice_then_calculator(context, base_url: str, calc_url: str, served_root: Path, *, throttle: bool,
                           timeout_s: float, close_page) -> dict:
    """A resident reads a notice page for NOTICE_DWELL_S, then taps through to the calculator."""
    t = time.monotonic()
    first = run_visit(context, base_url + NOTICE_PATH, throttle=throttle, need=["table_visible"],
                      timeout_s=timeout_s, recalc=False, site_root=served_root, base_url=base_url,
                      close_page=close_page)
    page, notice_visit = first.pop("page"), first.pop("visit")
    left = DWELL["s"] - (time.monotonic() - t)
    if left > 0:
        page.wait_for_timeout(left * 1000)
    if notice_visit is not None:  # everything the notice page loaded while it was read, warm-up included
        first["requests"] = notice_visit.net.rows(first.get("time_origin"), served_root, base_url)
        first["unreported"] = serverlog.unreported(base_url, first["server_from"], first["requests"])
    r = run_visit(context, calc_url, throttle=throttle, need=["ready", "first_answer"], timeout_s=timeout_s,
                  recalc=False, site_root=served_root, base_url=base_url, page=page)
    r.pop("visit")
    r.pop("page").close()
    summary = summarise_visit(r, throttle)
    notice = summarise_visit(first, throttle)
    summary["notice_bytes"] = notice["bytes"]  # the page itself and what it fetched ahead
    summary["notice_table_visible_ms"] = notice.get("table_visible_ms")
    summary["wall_s"] = round(time.monotonic() - t, 1)
    return {"summary": summary, "detail": r}


def brief(s: dict) -> str:
    parts = []
    for k in ("table_visible_ms", "ready_ms", "first_answer_ms", "recalc_ms"):
        if s.get(k) is not None:
            parts.append(f"{k}={s[k]:.0f}")
    parts.append(f"bytes={s.get('bytes', 0) / 1e6:.2f}MB")
    if not s.get("ok"):
        parts.append(f"ERROR {s.get('error')}")
    return " ".join(parts)

