"""What a visit downloaded: every request CDP reports for a page and its workers, with its bytes."""

from __future__ import annotations

import urllib.parse
from pathlib import Path


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

