#!/usr/bin/env python3
"""Load-time benchmark: the built site and a stock-Pyodide baseline, in Chromium as a cheap phone.

    .venv/bin/python bench/run.py                 # make build, then 3 runs (several minutes)
    .venv/bin/python bench/run.py --quick         # 1 run, a smoke test of the real emulation
    .venv/bin/python bench/run.py --no-build --runs 5 --out bench/results/
    .venv/bin/python bench/run.py --no-throttle --quick --out /tmp/x   # no emulation (tests)

Serves a snapshot of site/ (tools/serve.py, which sends the .br/.gz files beside a file when
there are any) and, on other ports, two baselines: bench/baseline/index.html next to an
unmodified copy of node_modules/pyodide/ (no .br/.gz, so uncompressed, revalidated on every
visit), and the same page and files served the way a CDN serves them (brotli, cacheable for a
year under a versioned path). The `from_notice` flow opens a notice page, stays 20 s (the
notice page fetches the calculator ahead while the resident reads), then taps through to the
calculator in the same tab. Drives /usr/bin/chromium through
Playwright with Chrome DevTools Protocol emulation applied to every page before it navigates:
``Network.emulateNetworkConditions`` (150 ms latency, 1.6 Mbps down, 750 kbps up) and
``Emulation.setCPUThrottlingRate`` 4. Each page is visited cold (a fresh browser profile: empty
HTTP cache, no service worker) and then warm (a second visit in a new tab of the same profile).

Every time is measured inside the page with performance.now() (milliseconds since navigation
start), so no DevTools round trip is counted. Bytes are the ``encodedDataLength`` of every
``Network.loadingFinished`` event, from the page and from its workers. bench/README.md says what
each metric means. Results: OUT/latest.json, OUT/latest.md and a timestamped copy of each.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SITE_DIR = ROOT / "site"
BASELINE_PAGE = BENCH / "baseline" / "index.html"
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
DEFAULT_OUT = BENCH / "results"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT  # noqa: E402

# The emulation the issue measured the stock Pyodide with.
LATENCY_MS = 150
DOWNLOAD_BPS = 1.6e6  # bits per second
UPLOAD_BPS = 750e3
CPU_SLOWDOWN = 4
NETWORK_CONDITIONS = {
    "offline": False,
    "latency": LATENCY_MS,
    "downloadThroughput": DOWNLOAD_BPS / 8,  # bytes per second
    "uploadThroughput": UPLOAD_BPS / 8,
}

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

# Targets from the issue. (metric key, comparison, limit, label)
# The from_notice flow: how long the resident reads the notice page before opening the calculator.
NOTICE_DWELL_S = 20
DWELL = {"s": NOTICE_DWELL_S}  # --dwell changes it (the smoke test reads for a few seconds only)

TARGETS = [
    ("notice.cold.table_visible_ms", "<=", 2000, "answer table visible (cold) within 2 s"),
    ("from_notice.cold.ready_ms", "<=", 6000, f"calculator ready after {NOTICE_DWELL_S} s on a notice page (cold profile) within 6 s"),
    ("calculator.cold.ready_ms", "<=", 20000, "calculator ready (cold) within 20 s"),
    ("calculator.warm.ready_ms", "<=", 6000, "calculator ready (warm, second visit) within 6 s"),
    ("calculator.cold.recalc_ms", "<=", 50, "a recalculation within 50 ms"),
    ("ratio.speedup_cold", ">=", 2.0, "at least 2x faster than the baseline (cold)"),
]

# Runs in every document before its own scripts: records, with performance.now(), the first
# moment each milestone is reached. Milestones are checked on every DOM mutation (exact for
# attribute changes) and on every animation frame (for "visible": the frame that paints it).
INIT_JS = r"""
(() => {
  if (window.top !== window || window.__bench) return;
  const cfg = __CONFIG__;
  const B = window.__bench = { marks: {}, lcp: null, table: null };
  const mark = (k) => { if (!(k in B.marks)) B.marks[k] = performance.now(); };
  function check() {
    const d = document, html = d.documentElement;
    const calc = d.getElementById("calc");
    if ((calc && calc.dataset.state === "ready") || (html && html.dataset.calculator === "ready")) mark("ready");
    if ((calc && calc.dataset.state === "failed") || (html && html.dataset.calculator === "failed")) mark("failed");
    const q = d.getElementById("quote");
    if (q && q.hasAttribute("data-json")) mark("first_answer");
  }
  function tableCheck() {
    if ("table_layout" in B.marks) return true;
    const t = document.querySelector(cfg.table);
    if (!t) return false;
    const r = t.getBoundingClientRect();
    const shown = t.checkVisibility ? t.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : true;
    if (r.width > 0 && r.height > 0 && shown) {
      // This animation frame is the first to lay the table out; the frame's rendering (style,
      // layout, paint) runs right after this callback, and a message posted now is handled
      // after it: that is when the table has been painted.
      mark("table_layout");
      const ch = new MessageChannel();
      ch.port1.onmessage = () => mark("table_visible");
      ch.port2.postMessage(0);
      B.table = { top: r.top + window.scrollY, height: r.height, viewport_height: window.innerHeight,
                  above_fold: r.top + window.scrollY < window.innerHeight };
      return true;
    }
    return false;
  }
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-state", "data-json", "data-calculator"],
  });
  const started = performance.now();
  (function frame() {
    check();
    const done = tableCheck() && ("ready" in B.marks || !document.getElementById("calc"));
    if (!done && performance.now() - started < cfg.frame_ms) requestAnimationFrame(frame);
  })();
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.lcp = e.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch (e) {}
})();
"""

# In the page: change the fragment, time until #quote[data-json] is back (the answer is in the
# DOM), one recalculation after another.
RECALC_JS = r"""
async ([fragments, timeoutMs]) => {
  const q = document.getElementById("quote");
  if (!q) return [{ error: "no #quote on the page" }];
  const out = [];
  for (const frag of fragments) {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
    const res = await new Promise((resolve) => {
      let removed = false;
      const t0 = performance.now();
      const finish = (v) => { mo.disconnect(); clearTimeout(timer); resolve(v); };
      const mo = new MutationObserver(() => {
        if (!q.hasAttribute("data-json")) { removed = true; }
        else if (removed) finish({ ms: performance.now() - t0, worker_ms: Number(q.dataset.ms || NaN) });
        if (q.dataset.state === "error" || q.dataset.state === "failed")
          finish({ error: `quote state ${q.dataset.state}: ${q.dataset.error || ""}` });
      });
      mo.observe(q, { attributes: true, attributeFilter: ["data-json", "data-state"] });
      const timer = setTimeout(() => finish({ error: "timeout" }), timeoutMs);
      location.hash = frag;
    });
    out.push({ fragment: frag, ...res });
  }
  return out;
}
"""

COLLECT_JS = r"""
() => {
  const B = window.__bench || { marks: {} };
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = {};
  for (const e of performance.getEntriesByType("paint")) paint[e.name] = e.startTime;
  const calc = document.getElementById("calc");
  const status = document.getElementById("calc-status-text") || document.getElementById("status");
  return {
    marks: B.marks, table: B.table, lcp_ms: B.lcp,
    fcp_ms: paint["first-contentful-paint"] ?? null,
    time_origin: performance.timeOrigin,
    dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
    load_ms: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
    page_ready_ms: calc && calc.dataset.readyMs ? Number(calc.dataset.readyMs)
                   : (document.documentElement.dataset.readyMs ? Number(document.documentElement.dataset.readyMs) : null),
    status_text: status ? status.textContent.trim().slice(0, 300) : null,
    service_worker_controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
  };
}
"""


# --------------------------------------------------------------------------- small helpers
def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def median(values):
    vals = [v for v in values if isinstance(v, (int, float))]
    return statistics.median(vals) if vals else None


def get_path(d: dict, dotted: str):
    cur = d
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def file_kind(url: str, resource_type: str | None = None) -> str:
    path = urllib.parse.urlsplit(url).path
    name = path.rsplit("/", 1)[-1].lower()
    if name == "python_stdlib.zip":
        return "python_stdlib.zip"
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext == "wasm":
        return "wasm"
    if ext == "whl":
        return "wheel"
    if ext in ("zip", "tar", "gz", "br"):
        return "archive"
    if ext in ("js", "mjs"):
        return "js"
    if ext == "css":
        return "css"
    if ext == "json":
        return "json"
    if ext in ("woff", "woff2", "ttf", "otf"):
        return "font"
    if ext in ("png", "jpg", "jpeg", "gif", "svg", "webp", "ico"):
        return "image"
    if ext in ("html", "htm") or path.endswith("/") or resource_type == "Document":
        return "html"
    return "other"


def git_info() -> dict:
    info: dict = {}
    try:
        info["commit"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True, timeout=10).stdout.strip() or None
        status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout
        info["dirty"] = bool(status.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def chromium_version() -> str | None:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def loadavg():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# --------------------------------------------------------------------------- worker CPU (/proc)
# Emulation.setCPUThrottlingRate only slows a page's main thread: Chromium answers "Operation is
# only supported for pages, not workers" when it is sent to a worker. Pyodide in a Web Worker
# therefore runs at the host's full speed. To say what a 4x slower phone would see, the harness
# reads the CPU time of this browser's worker threads from /proc and reports
# ready + (4 - 1) x worker CPU time as an estimate next to the measured time.
_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_WORKER_THREADS = ("DedicatedWorker", "ServiceWorker")


def _descendants(root_pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = set(), [root_pid]
    while todo:
        pid = todo.pop()
        for c in children.get(pid, ()):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def worker_cpu_snapshot() -> dict[int, float] | None:
    """{thread id: CPU ms} of the worker threads in processes started by this one (None: no /proc)."""
    if not os.path.isdir("/proc/self/task"):
        return None
    snap: dict[int, float] = {}
    try:
        pids = _descendants(os.getpid())
    except OSError:
        return None
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    comm = f.read().strip()
                if not comm.startswith(_WORKER_THREADS):
                    continue
                with open(f"/proc/{pid}/task/{tid}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            snap[int(tid)] = (int(fields[11]) + int(fields[12])) * 1000.0 / _CLK_TCK
    return snap


def worker_cpu_since(before: dict | None, after: dict | None) -> float | None:
    if before is None or after is None:
        return None
    return sum(ms - before.get(tid, 0.0) for tid, ms in after.items())


class WorkerCpuSampler:
    """Samples the worker threads' CPU time every `interval` s in a background thread.

    ``samples`` is a list of (time.monotonic(), worker CPU ms since start). CDP's timestamps are
    on the same clock (CLOCK_MONOTONIC), so CPU time can be looked up for any network event.
    """

    def __init__(self, interval: float = 0.2):
        import threading

        self.interval = interval
        self.before = worker_cpu_snapshot()
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = None
        if self.before is not None:
            self.samples.append((time.monotonic(), 0.0))
            self._thread = threading.Thread(target=self._loop, name="worker-cpu", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> float | None:
        now = worker_cpu_since(self.before, worker_cpu_snapshot())
        if now is not None:
            self.samples.append((time.monotonic(), now))
        return now

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def at(self, mono: float) -> float | None:
        """Worker CPU ms at monotonic time `mono` (linear interpolation between samples)."""
        pts = sorted(self.samples)
        if not pts:
            return None
        if mono <= pts[0][0]:
            return pts[0][1]
        for (t0, c0), (t1, c1) in zip(pts, pts[1:]):
            if t0 <= mono <= t1:
                return c0 if t1 == t0 else c0 + (c1 - c0) * (mono - t0) / (t1 - t0)
        return pts[-1][1]


def cpu_while_network_idle(sampler: WorkerCpuSampler, reqs: dict, start: float, end: float) -> float | None:
    """Worker CPU ms spent between monotonic `start` and `end` while no request was in flight.

    That part of the worker's work is on the critical path (nothing else is being waited for), so
    a 4x slower CPU would lengthen the wait by 3x that. While a download is in flight the worker's
    work overlaps it, and is assumed not to delay anything.
    """
    if not sampler.samples:
        return None
    busy = sorted((r["ts_start"], r["ts_end"]) for r in reqs.values()
                  if r.get("ts_start") is not None and r.get("ts_end") is not None and r["ts_end"] > start)
    merged: list[list[float]] = []
    for a, b in busy:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    idle, cursor = [], start
    for a, b in merged:
        if a > cursor:
            idle.append((cursor, min(a, end)))
        cursor = max(cursor, b)
        if cursor >= end:
            break
    if cursor < end:
        idle.append((cursor, end))
    total = 0.0
    for a, b in idle:
        if b > a:
            total += (sampler.at(b) or 0.0) - (sampler.at(a) or 0.0)
    return total


# --------------------------------------------------------------------------- network log (CDP)
class NetLog:
    """Requests seen through CDP Network events of a page and of the workers attached to it."""

    def __init__(self):
        self.reqs: dict[str, dict] = {}
        self.doc_ts: float | None = None  # monotonic seconds of the first document request
        self.doc_wall: float | None = None

    def event(self, target: str, method: str, p: dict) -> None:
        rid = p.get("requestId")
        if rid is None:
            return
        r = self.reqs.get(rid)
        if method == "Network.requestWillBeSent":
            if r is None:
                r = self.reqs[rid] = {"target": target, "redirects": 0}
            elif p.get("redirectResponse"):
                r["redirects"] += 1
            r["url"] = p["request"]["url"]
            r["type"] = p.get("type")
            r.setdefault("ts_start", p.get("timestamp"))
            if self.doc_ts is None and p.get("type") == "Document":
                self.doc_ts, self.doc_wall = p.get("timestamp"), p.get("wallTime")
            return
        if r is None:
            r = self.reqs[rid] = {"target": target, "redirects": 0}
        if method == "Network.responseReceived":
            resp = p.get("response", {})
            headers = {k.lower(): v for k, v in (resp.get("headers") or {}).items()}
            r.setdefault("url", resp.get("url"))
            r["status"] = resp.get("status")
            r["mime"] = resp.get("mimeType")
            r["content_encoding"] = headers.get("content-encoding")
            r["cache_control"] = headers.get("cache-control")
            r["from_disk_cache"] = bool(resp.get("fromDiskCache"))
            r["from_service_worker"] = bool(resp.get("fromServiceWorker"))
            r["protocol"] = resp.get("protocol")
        elif method == "Network.requestServedFromCache":
            r["from_memory_cache"] = True
        elif method == "Network.loadingFinished":
            r["bytes"] = int(p.get("encodedDataLength") or 0)
            r["ts_end"] = p.get("timestamp")
        elif method == "Network.loadingFailed":
            r["failed"] = p.get("errorText") or "failed"
            r["canceled"] = bool(p.get("canceled"))
            r["ts_end"] = p.get("timestamp")

    def rows(self, time_origin_ms: float | None, site_root: Path | None, base_url: str) -> list[dict]:
        """One row per request, times in ms on the page's performance.now() axis when known."""
        offset = None
        if self.doc_ts is not None and self.doc_wall is not None and time_origin_ms:
            # performance.now() = (monotonic - doc_ts) * 1000 + (doc_wall * 1000 - timeOrigin)
            offset = self.doc_wall * 1000.0 - time_origin_ms
        out = []
        for r in self.reqs.values():
            url = r.get("url") or ""
            if url.startswith("data:"):
                continue
            row = {
                "url": url[len(base_url) - 1:] if url.startswith(base_url) else url,
                "kind": file_kind(url, r.get("type")),
                "target": r["target"],
                "status": r.get("status"),
                "bytes": r.get("bytes", 0),
                "content_encoding": r.get("content_encoding"),
                "cached": bool(r.get("from_disk_cache") or r.get("from_memory_cache")),
                "from_service_worker": bool(r.get("from_service_worker")),
            }
            if site_root is not None and url.startswith(base_url):
                local = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
                f = site_root / local.lstrip("/")
                if f.is_dir():
                    f = f / "index.html"
                if f.is_file():
                    row["file_bytes"] = f.stat().st_size
            if offset is not None and self.doc_ts is not None:
                for key, name in (("ts_start", "start_ms"), ("ts_end", "end_ms")):
                    if r.get(key) is not None:
                        row[name] = round((r[key] - self.doc_ts) * 1000.0 + offset, 1)
            if r.get("failed"):
                row["failed"] = r["failed"]
            elif r.get("ts_end") is None:
                row["incomplete"] = True  # no loadingFinished seen (e.g. a worker's own script)
            out.append(row)
        out.sort(key=lambda x: (x.get("start_ms") is None, x.get("start_ms") or 0))
        return out


# --------------------------------------------------------------------------- one visit
class Visit:
    """One page load in a tab with the emulation set up before it navigates."""

    def __init__(self, page, throttle: bool):
        self.page = page
        self.net = NetLog()
        self.targets: list[dict] = []
        self.cdp_errors: list[str] = []
        self._ids = itertools.count(1)
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.on("Target.attachedToTarget", self._attached)
        self.cdp.on("Target.receivedMessageFromTarget", self._from_target)
        for name in ("requestWillBeSent", "responseReceived", "requestServedFromCache",
                     "loadingFinished", "loadingFailed"):
            method = "Network." + name
            self.cdp.on(method, lambda p, m=method: self.net.event("page", m, p))
        self.cdp.send("Network.enable")
        if throttle:
            self.cdp.send("Network.emulateNetworkConditions", NETWORK_CONDITIONS)
            self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self.throttle = throttle
        # Workers start paused so their Network domain is on before their first request.
        # (flatten=False: their messages come back through this session, which Playwright's
        # CDPSession can relay; a page's dedicated workers share its network emulation, a
        # service worker gets its own.)
        self.cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                               "flatten": False})

    def _send_to(self, session_id: str, method: str, params: dict | None = None) -> None:
        msg = json.dumps({"id": next(self._ids), "method": method, "params": params or {}})
        try:
            self.cdp.send("Target.sendMessageToTarget", {"sessionId": session_id, "message": msg})
        except Exception as e:  # the target may be gone already
            self.cdp_errors.append(f"{method}: {e}")

    def _attached(self, ev: dict) -> None:
        sid = ev["sessionId"]
        info = ev.get("targetInfo", {})
        kind = info.get("type", "?")
        self.targets.append({"type": kind, "url": info.get("url"), "session": sid})
        self._send_to(sid, "Network.enable")
        if self.throttle and kind in ("service_worker", "shared_worker"):
            self._send_to(sid, "Network.emulateNetworkConditions", NETWORK_CONDITIONS)
        if ev.get("waitingForDebugger"):
            self._send_to(sid, "Runtime.runIfWaitingForDebugger")

    def _from_target(self, ev: dict) -> None:
        try:
            msg = json.loads(ev.get("message") or "{}")
        except ValueError:
            return
        method = msg.get("method") or ""
        if method.startswith("Network."):
            kind = next((t["type"] for t in self.targets if t["session"] == ev.get("sessionId")), "worker")
            self.net.event(kind, method, msg.get("params") or {})
        elif "error" in msg:
            self.cdp_errors.append(json.dumps(msg["error"], ensure_ascii=False)[:300])


WAIT_JS = r"""
(need) => {
  const B = window.__bench;
  if (!B) return false;
  if ("failed" in B.marks) return "failed";
  return need.every((k) => k in B.marks);
}
"""


def run_visit(context, url: str, *, throttle: bool, need: list[str], timeout_s: float,
              recalc: bool, site_root: Path | None, base_url: str, close_page=None, page=None) -> dict:
    """Open url in a new tab of context (or navigate `page`, as a tap on a link does); wait for
    the marks in need; collect everything."""
    t_wall = time.monotonic()
    page = page or context.new_page()
    if close_page is not None:
        try:
            close_page.close()
        except Exception:
            pass
    result: dict = {"url": url}
    visit = sampler = None
    try:
        visit = Visit(page, throttle)
        sampler = WorkerCpuSampler()
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
            if marks == ["ready"]:
                result["worker_cpu_ms"] = sampler.sample()
        sampler.stop()
        if recalc:
            left_ms = max(5000.0, (deadline - time.monotonic()) * 1000)
            result["recalcs"] = page.evaluate(RECALC_JS, [RECALC_FRAGMENTS, min(60_000, left_ms)])
        if "table_visible" in need:
            try:  # the notice page's bytes: everything up to the load event
                page.wait_for_load_state("load", timeout=max(1000.0, (deadline - time.monotonic()) * 1000))
            except Exception:
                pass
        page.wait_for_timeout(300)  # let the last loadingFinished events arrive
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:500]
    if sampler is not None:
        sampler.stop()
    try:
        result.update(page.evaluate(COLLECT_JS))
    except Exception as e:
        result.setdefault("error", f"collect failed: {e}"[:500])
    net = visit.net if visit is not None else None
    ready = (result.get("marks") or {}).get("ready")
    if (sampler is not None and net is not None and ready is not None and net.doc_ts is not None
            and net.doc_wall is not None and result.get("time_origin")):
        # page clock (ms since timeOrigin) -> CLOCK_MONOTONIC seconds, via the document request
        offset_ms = net.doc_wall * 1000.0 - result["time_origin"]
        ready_mono = net.doc_ts + (ready - offset_ms) / 1000.0
        at_ready = sampler.at(ready_mono)
        if at_ready is not None:
            result["worker_cpu_ms"] = at_ready
        idle = cpu_while_network_idle(sampler, net.reqs, net.doc_ts, ready_mono)
        if idle is not None:
            result["worker_cpu_idle_network_ms"] = idle
    if visit is not None:
        result["requests"] = visit.net.rows(result.get("time_origin"), site_root, base_url)
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
    for k in ("fcp_ms", "lcp_ms", "load_ms", "page_ready_ms", "worker_cpu_ms", "worker_cpu_idle_network_ms"):
        if r.get(k) is not None:
            s[k] = round(r[k], 1)
    if r.get("table"):
        s["table_above_fold"] = r["table"].get("above_fold")
    if s.get("ready_ms") is not None and throttle and s.get("worker_cpu_ms"):
        # Worker CPU x4 too: + 3 x the worker CPU time spent while nothing was downloading
        # (estimate), and + 3 x all of the worker's CPU time (upper bound).
        if s.get("worker_cpu_idle_network_ms") is not None:
            s["ready_cpu4_estimate_ms"] = round(s["ready_ms"] + (CPU_SLOWDOWN - 1) * s["worker_cpu_idle_network_ms"], 1)
        s["ready_cpu4_upper_ms"] = round(s["ready_ms"] + (CPU_SLOWDOWN - 1) * s["worker_cpu_ms"], 1)
    recs = [x for x in (r.get("recalcs") or []) if "ms" in x]
    if r.get("recalcs"):
        s["recalcs"] = [round(x["ms"], 1) if "ms" in x else x.get("error") for x in r["recalcs"]]
    if recs:
        s["recalc_ms"] = round(statistics.median(x["ms"] for x in recs), 1)
        wms = [x["worker_ms"] for x in recs if isinstance(x.get("worker_ms"), (int, float))]
        if wms and throttle:
            s["recalc_cpu4_estimate_ms"] = round(statistics.median(
                x["ms"] + (CPU_SLOWDOWN - 1) * x["worker_ms"] for x in recs
                if isinstance(x.get("worker_ms"), (int, float))), 1)
    s["bytes"] = sum(q.get("bytes", 0) for q in reqs)
    s["requests"] = len(reqs)
    by_kind: dict[str, int] = {}
    for q in reqs:
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
                          recalc=recalc, site_root=served_root, base_url=base_url, close_page=prev)
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
    for k in ("table_visible_ms", "ready_ms", "ready_cpu4_estimate_ms", "first_answer_ms", "recalc_ms"):
        if s.get(k) is not None:
            parts.append(f"{k}={s[k]:.0f}")
    parts.append(f"bytes={s.get('bytes', 0) / 1e6:.2f}MB")
    if not s.get("ok"):
        parts.append(f"ERROR {s.get('error')}")
    return " ".join(parts)


# --------------------------------------------------------------------------- aggregate + report
METRICS = {  # page -> metric keys that get medians
    "notice": ["table_visible_ms", "fcp_ms", "lcp_ms", "load_ms", "bytes"],
    "calculator": ["ready_ms", "ready_cpu4_estimate_ms", "ready_cpu4_upper_ms", "first_answer_ms", "recalc_ms",
                   "recalc_cpu4_estimate_ms", "worker_cpu_ms", "worker_cpu_idle_network_ms", "page_ready_ms", "last_byte_before_ready_ms",
                   "after_last_byte_ms", "fcp_ms", "bytes", "bytes_before_ready"],
    "from_notice": ["ready_ms", "ready_cpu4_estimate_ms", "first_answer_ms", "last_byte_before_ready_ms", "bytes",
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
        est = get_path(med, f"calculator.{visit}.ready_cpu4_estimate_ms")
        ob = get_path(med, f"calculator.{visit}.bytes")
        for page, tag in (("baseline", ""), ("cdn_baseline", "cdn_")):
            base = get_path(med, f"{page}.{visit}.ready_ms")
            if ours and base:
                out[f"ready_vs_{tag}baseline_{visit}"] = round(ours / base, 3)
                out[f"{tag}speedup_{visit}"] = round(base / ours, 2)
            if est and base:
                out[f"{tag}speedup_cpu4_estimate_{visit}"] = round(base / est, 2)
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
    # The same targets with the worker's CPU slowed too (estimate), where one exists.
    extra = [
        ("calculator.cold.ready_cpu4_estimate_ms", "<=", 20000, "calculator ready (cold) within 20 s, worker CPU x4 (estimate)"),
        ("calculator.warm.ready_cpu4_estimate_ms", "<=", 6000, "ready (warm) within 6 s, worker CPU x4 (estimate)"),
        ("calculator.cold.recalc_cpu4_estimate_ms", "<=", 50, "recalculation within 50 ms, worker CPU x4 (estimate)"),
        ("ratio.speedup_cpu4_estimate_cold", ">=", 2.0, "2x faster than the baseline (cold), worker CPU x4 (estimate)"),
    ]
    for key, op, limit, label in extra:
        value = rat.get(key.split(".", 1)[1]) if key.startswith("ratio.") else get_path(med, key)
        if value is not None:
            met = value <= limit if op == "<=" else value >= limit
            out.append({"metric": key, "target": f"{op} {limit}", "label": label, "value": value,
                        "met": met, "estimate": True})
    return out


def fmt_ms(v) -> str:
    return "—" if v is None else (f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.0f} ms")


def fmt_bytes(v) -> str:
    return "—" if v is None else f"{v / 1e6:.2f} MB"


def markdown(report: dict) -> str:
    med, rat = report["medians"], report["ratios"]
    emu = report["emulation"]
    lines = [f"# Load-time benchmark — {report['created']}", ""]
    if emu:
        lines.append(f"Chromium ({report.get('chromium') or '?'}), CDP emulation: {emu['latency_ms']} ms latency, "
                     f"{emu['download_kbps']:.0f} kbps down / {emu['upload_kbps']:.0f} kbps up, "
                     f"CPU {emu['cpu_slowdown']}x slower (main thread only: see bench/README.md). "
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
    row("notice: bytes", "notice", "bytes", fmt_bytes)
    row("calculator: ready", "calculator", "ready_ms")
    row("calculator: ready, worker CPU ×4 (estimate)", "calculator", "ready_cpu4_estimate_ms")
    row("calculator: ready, worker CPU ×4 (upper bound)", "calculator", "ready_cpu4_upper_ms")
    row("calculator: first answer in #quote", "calculator", "first_answer_ms")
    row("calculator: recalculation", "calculator", "recalc_ms")
    row("calculator: recalculation, worker CPU ×4 (estimate)", "calculator", "recalc_cpu4_estimate_ms")
    row("calculator: last byte before ready", "calculator", "last_byte_before_ready_ms")
    row("calculator: bytes", "calculator", "bytes", fmt_bytes)
    row(f"calculator after {NOTICE_DWELL_S} s on a notice page (cold profile): ready", "from_notice", "ready_ms")
    row(f"calculator after {NOTICE_DWELL_S} s on a notice page: ready, worker CPU ×4 (estimate)", "from_notice", "ready_cpu4_estimate_ms")
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
                            ("speed-up, worker CPU ×4 (estimate)", "speedup_cpu4_estimate", lambda v: f"{v:.2f}×"),
                            ("bytes, ours / baseline", "bytes_vs_baseline", lambda v: f"{v:.2f}"),
                            ("ready time, ours / CDN baseline", "ready_vs_cdn_baseline", lambda v: f"{v:.2f}"),
                            ("speed-up over the CDN baseline", "cdn_speedup", lambda v: f"{v:.2f}×"),
                            ("speed-up over the CDN baseline, worker CPU ×4 (estimate)", "cdn_speedup_cpu4_estimate", lambda v: f"{v:.2f}×"),
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


# --------------------------------------------------------------------------- set-up
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="cold+warm visits per page (default 3)")
    ap.add_argument("--quick", action="store_true", help="1 run (a smoke test)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results directory (default bench/results/)")
    ap.add_argument("--no-build", action="store_true", help="benchmark the existing site/ without `make build`")
    ap.add_argument("--site", type=Path, default=SITE_DIR, help="built site to serve (default site/)")
    ap.add_argument("--no-throttle", action="store_true", help="no network/CPU emulation (for tests)")
    ap.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated subset of: {', '.join(PAGES)}")
    ap.add_argument("--timeout", type=float, default=240, help="seconds allowed for one visit (default 240)")
    ap.add_argument("--dwell", type=float, default=NOTICE_DWELL_S,
                    help=f"seconds on the notice page before the calculator in from_notice (default {NOTICE_DWELL_S})")
    args = ap.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)
    DWELL["s"] = args.dwell
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        ap.error(f"unknown page(s): {', '.join(unknown)}")
    if not os.path.exists(CHROMIUM):
        log(f"{CHROMIUM} not found: run `make setup`")
        return 2
    throttle = not args.no_throttle
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
    from tools.serve import serve_in_thread

    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    servers = []
    samples: list[dict] = []
    started = time.monotonic()
    host = {"cpus": os.cpu_count(), "loadavg_start": loadavg(), "platform": platform.platform()}
    try:
        # A snapshot, so a rebuild while the benchmark runs changes nothing under it.
        served: dict[str, tuple[str, Path]] = {}
        if any(PAGES[p][0] == "site" for p in pages):
            snap = tmp / "site"
            shutil.copytree(site, snap)
            srv, url = serve_in_thread(snap, port=0)
            servers.append(srv)
            served["site"] = (url, snap)
        for name, prepare in (("baseline", prepare_baseline), ("cdn_baseline", prepare_cdn_baseline)):
            if name in pages:
                broot = prepare(tmp)
                srv, url = serve_in_thread(broot, port=0)
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
            for i in range(runs):
                for p in pages:
                    base_url, root = served[PAGES[p][0]]
                    samples.append(run_page(pw, p, base_url, root, throttle=throttle,
                                            timeout_s=args.timeout, run_index=i))
    finally:
        for srv in servers:
            srv.shutdown()
            srv.server_close()
        shutil.rmtree(tmp, ignore_errors=True)

    host["loadavg_end"] = loadavg()
    med = aggregate(samples)
    rat = ratios(med)
    if throttle:
        notes.append("CPU ×4 (Emulation.setCPUThrottlingRate) applies to a page's main thread only; Chromium refuses "
                     "it for workers, so Python in a Web Worker runs at this machine's full speed. The “worker CPU ×4 "
                     "(estimate)” rows add 3 × the worker threads' CPU time (from /proc) spent while no download was "
                     "in flight; the upper bound adds 3 × all of it.")
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    report = {
        "schema": 1,
        "created": now.isoformat().replace("+00:00", "Z"),
        "git": git_info(),
        "chromium": chromium_version(),
        "host": host,
        "emulation": {"latency_ms": LATENCY_MS, "download_kbps": DOWNLOAD_BPS / 1000,
                      "upload_kbps": UPLOAD_BPS / 1000, "cpu_slowdown": CPU_SLOWDOWN,
                      "cdp": {"Network.emulateNetworkConditions": NETWORK_CONDITIONS,
                              "Emulation.setCPUThrottlingRate": {"rate": CPU_SLOWDOWN}}} if throttle else None,
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
