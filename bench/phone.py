"""The cheap phone's network, set through the Chrome DevTools Protocol on every tab before it navigates.

Its CPU is slowed by cpu_quota.py (every renderer thread under a CPU quota calibrated against
CDP's ``Emulation.setCPUThrottlingRate`` 4, which itself only reaches a page's main thread);
``Visit(cpu_rate=4)`` still sets CDP's rate, for the calibration and for bench/search.py.
"""

from __future__ import annotations

import itertools
import json

from netlog import NetLog

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


class Visit:
    """One page load in a tab with the emulation set up before it navigates."""

    def __init__(self, page, throttle: bool, cpu_rate: float | None = CPU_SLOWDOWN):
        """`throttle`: the phone's network (and, with `cpu_rate`, CDP's main-thread CPU rate);
        cpu_rate=None when cpu_quota.py slows the CPU instead."""
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
            if cpu_rate:
                self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
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

