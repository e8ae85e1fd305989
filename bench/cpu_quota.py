"""The phone's slow CPU, for every thread of the page: each renderer thread under a CPU quota.

CDP's ``Emulation.setCPUThrottlingRate`` slows only a page's main thread (Chromium refuses it for
workers), so Python in a Web Worker would boot at this machine's full speed. Instead, every thread
of Chromium's renderer processes (``--type=renderer``: the page's main thread, its Web Workers,
its service worker, V8's compile threads) is put into a cgroup of its own whose ``cpu`` controller
lets it run `share` of one CPU: ``cpu.cfs_quota_us`` = share × ``cpu.cfs_period_us`` (10 ms). One
group per thread, so every thread is slowed alike, as on a phone whose cores are all slower; one
group for the whole process would instead slow threads that run at the same time more.

A background thread places new renderer threads as they appear (every 20 ms; a thread starts in
its creator's group, so it is never unslowed for long). The browser process, the GPU process and
the network service are not slowed (CDP's rate does not slow them either).

`calibrate` picks `share` so that a main-thread task takes as long under the quota as under CDP's
rate 4 without it, both measured in this browser on this machine just before the runs.

Needs root and cgroup v1's ``cpu`` controller mounted at /sys/fs/cgroup/cpu (cgroup v2 can only
put threads of one process into "threaded" subgroups of that process's own group; not done here).
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from pathlib import Path

from helpers import descendants, log

CGROUP_CPU = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 10_000
MIN_QUOTA_US = 1_000  # the kernel's floor for cfs_quota_us


def available() -> str | None:
    """None when per-thread quotas can be set here; else why not."""
    if not (CGROUP_CPU / "cpu.cfs_quota_us").is_file() or not (CGROUP_CPU / "tasks").is_file():
        return f"no cgroup v1 cpu controller at {CGROUP_CPU} (cpu.cfs_quota_us)"
    if not os.access(CGROUP_CPU, os.W_OK):
        return f"{CGROUP_CPU} is not writable (run as root)"
    return None


def _renderer(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"--type=renderer" in f.read()
    except OSError:
        return False


class ThreadQuota:
    """Every thread of the renderers this process's browsers start, in its own cgroup at `share`."""

    def __init__(self, share: float, interval: float = 0.02):
        self.share = share
        self.interval = interval
        self.base = CGROUP_CPU / f"bench-cpu-{os.getpid()}"
        self.placed: dict[int, Path] = {}  # thread id -> its group
        self.renderers: set[int] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.errors: list[str] = []
        self._lock = threading.Lock()

    def set_share(self, share: float) -> None:
        with self._lock:
            self.share = share
            for group in self.placed.values():
                self._write_quota(group)

    def _write_quota(self, group: Path) -> None:
        quota = max(MIN_QUOTA_US, round(self.share * PERIOD_US))
        try:
            (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (group / "cpu.cfs_quota_us").write_text(str(quota))
        except OSError as e:
            self._error(f"{group.name}: {e}")

    def start(self) -> "ThreadQuota":
        self.base.mkdir(exist_ok=True)
        self._thread = threading.Thread(target=self._loop, name="cpu-quota", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        tick = 0
        while not self._stop.is_set():
            if tick % 10 == 0:  # new renderer processes: a scan of /proc every 200 ms
                try:
                    self.renderers = {p for p in descendants(os.getpid()) if _renderer(p)}
                except OSError:
                    pass
            with self._lock:
                self.place()
            tick += 1
            self._stop.wait(self.interval)

    def place(self) -> None:
        for pid in list(self.renderers):
            try:
                tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
            except OSError:
                self.renderers.discard(pid)
                continue
            for tid in tids:
                if tid in self.placed:
                    continue
                group = self.base / f"t{tid}"
                try:
                    group.mkdir(exist_ok=True)
                    self._write_quota(group)
                    (group / "tasks").write_text(str(tid))
                    self.placed[tid] = group
                except OSError as e:  # the thread ended meanwhile
                    self._error(f"t{tid}: {e}")
                    self._remove(group)
        if len(self.placed) > 200:
            self._sweep()

    def _sweep(self) -> None:
        """Groups whose thread has ended go."""
        for tid, group in list(self.placed.items()):
            try:
                empty = not (group / "tasks").read_text().strip()
            except OSError:
                empty = True
            if empty:
                self._remove(group)
                del self.placed[tid]

    def _error(self, msg: str) -> None:
        if len(self.errors) < 20:
            self.errors.append(msg)

    @staticmethod
    def _remove(group: Path) -> None:
        try:
            group.rmdir()
        except OSError:
            pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        # threads still alive go back to the root group, then every group is removed
        for tid, group in self.placed.items():
            try:
                for t in (group / "tasks").read_text().split():
                    (CGROUP_CPU / "tasks").write_text(t)
            except OSError:
                pass
            self._remove(group)
        self.placed.clear()
        self._remove(self.base)


# A main-thread task: integer arithmetic V8 cannot optimise away, n iterations.
TASK_JS = """(n) => { const t0 = performance.now(); let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  return [performance.now() - t0, x]; }"""


def _task_ms(page, n: int, repeats: int) -> float:
    return statistics.median(page.evaluate(TASK_JS, n)[0] for _ in range(repeats))


def calibrate(pw, launch, rate: float = 4, repeats: int = 7, target_ms: float = 150) -> dict:
    """The share of one CPU at which a main-thread task takes as long as under CDP's `rate`.

    `launch(pw)` returns a new browser context. In one tab: the task unslowed (t1), under CDP's
    rate (t_cdp), then under quotas at t1 / t_cdp, corrected by what each measured until within 5 %."""
    context = launch(pw)
    quota = None
    try:
        page = context.new_page()
        page.goto("about:blank")
        _task_ms(page, 100_000, 3)  # warm up the JIT
        n = 1_000_000
        n = max(100_000, int(n * target_ms / max(1.0, _task_ms(page, n, 1))))
        t1 = _task_ms(page, n, repeats)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        t_cdp = _task_ms(page, n, repeats)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        share = min(1.0, t1 / t_cdp)
        quota = ThreadQuota(share).start()
        time.sleep(0.3)  # the tab's threads placed
        steps = [{"share": round(share, 4), "ms": round(_task_ms(page, n, repeats), 1)}]
        # corrected by what the quota measured, until within 5 % of CDP's time (three times at most)
        while abs(steps[-1]["ms"] / t_cdp - 1) > 0.05 and len(steps) < 4:
            share = min(1.0, share * steps[-1]["ms"] / t_cdp)
            quota.set_share(share)
            steps.append({"share": round(share, 4), "ms": round(_task_ms(page, n, repeats), 1)})
    finally:
        if quota is not None:
            quota.stop()
        context.close()
    result = {"task_iterations": n, "unslowed_ms": round(t1, 1), "cdp_rate": rate, "cdp_ms": round(t_cdp, 1),
              "steps": steps, "share": round(share, 4), "period_us": PERIOD_US,
              "quota_us": max(MIN_QUOTA_US, round(share * PERIOD_US)),
              "quota_vs_cdp": round(steps[-1]["ms"] / t_cdp, 3)}
    log(f"CPU calibration: task {t1:.0f} ms, CDP x{rate} {t_cdp:.0f} ms; quota {share:.3f} of a CPU "
        f"-> {steps[-1]['ms']:.0f} ms ({result['quota_vs_cdp']:.2f} of CDP's)")
    return result
