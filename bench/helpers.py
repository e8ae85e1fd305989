"""Paths and small helpers the benchmarks share: logging, medians, the host's state, formatting."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SITE_DIR = ROOT / "site"
DEFAULT_OUT = BENCH / "results"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT  # noqa: E402,F401  (re-exported)


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



def fmt_ms(v) -> str:
    return "—" if v is None else (f"{v / 1000:.2f} s" if v >= 1000 else f"{v:.0f} ms")


def fmt_bytes(v) -> str:
    return "—" if v is None else f"{v / 1e6:.2f} MB"


def descendants(root_pid: int) -> set[int]:
    """Every process started by `root_pid`, directly or not (from /proc)."""
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


def stop(quota, servers) -> None:
    """The end of a benchmark: every renderer thread back unslowed (`quota` may be None), the
    servers closed."""
    if quota is not None:
        quota.stop()
    for srv in servers:
        srv.shutdown()
        srv.server_close()
