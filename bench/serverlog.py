"""What the bench's local servers sent: every response, with its bytes on the wire (headers and body).

A visit's bytes come from CDP (bench/netlog.py), which sees a Web Worker's requests only once the
harness has attached to the worker and turned its Network domain on. Playwright attaches to new
workers too and may resume one before the harness's messages reach it, so on a loaded host a
worker's first downloads (the wasm among them) are now and then never reported. The server sees
every request: the ones of a visit that CDP did not report are added to the visit from here.
"""

from __future__ import annotations

import threading
from pathlib import Path

from netlog import file_kind
from tools.serve import SiteHandler, SiteServer

SENT: dict[str, list[dict]] = {}  # base URL -> the server's responses, in the order they finished


class _Counted:
    """A handler's wfile that counts what is written through it."""

    def __init__(self, raw):
        self.raw, self.count = raw, 0

    def write(self, data):
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class CountingHandler(SiteHandler):
    def setup(self) -> None:
        super().setup()
        self.wfile = _Counted(self.wfile)

    def send_response(self, code, message=None) -> None:
        self.status = code
        super().send_response(code, message)

    def handle_one_request(self) -> None:
        self.wfile.count, self.status = 0, None
        super().handle_one_request()
        if self.status is not None:
            self.server.sent.append({"path": self.path, "status": self.status, "bytes": self.wfile.count})


def serve(root: Path) -> tuple[SiteServer, str]:
    """tools/serve.py's server for root on a free 127.0.0.1 port, logging into SENT[base_url]."""
    server = SiteServer(("127.0.0.1", 0), CountingHandler, root=Path(root), quiet=True)
    server.sent = []
    threading.Thread(target=server.serve_forever, name="bench-serve", daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    SENT[base_url] = server.sent
    return server, base_url


def mark(base_url: str) -> int:
    """Where the log of base_url's server stands (0 for a server not started here)."""
    return len(SENT.get(base_url, ()))


def unreported(base_url: str, since: int, rows: list[dict]) -> list[dict]:
    """The responses base_url's server sent since `since` to URLs that no CDP row names (rows'
    "url" is the path and query, as the request line has it)."""
    seen = {r.get("url") for r in rows}
    return [{"url": e["path"], "kind": file_kind(e["path"]), "status": e["status"], "bytes": e["bytes"]}
            for e in SENT.get(base_url, ())[since:] if e["path"] not in seen]
