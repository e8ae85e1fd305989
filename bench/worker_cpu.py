"""CPU time of the browser's worker threads, from /proc (bench/search.py's estimate for Pagefind's worker).

bench/run.py no longer estimates: it slows every renderer thread for real (cpu_quota.py).
"""

from __future__ import annotations

import os
import time

from helpers import descendants

_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_WORKER_THREADS = ("DedicatedWorker", "ServiceWorker")


def worker_cpu_snapshot() -> dict[int, float] | None:
    """{thread id: CPU ms} of the worker threads in processes started by this one (None: no /proc)."""
    if not os.path.isdir("/proc/self/task"):
        return None
    snap: dict[int, float] = {}
    try:
        pids = descendants(os.getpid())
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

