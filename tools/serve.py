#!/usr/bin/env python3
"""Small static file server for the built site (stdlib only).

    python tools/serve.py [--root site] [--port 8000] [--quiet]

* binds 127.0.0.1 only;
* correct Content-Type for the files Pyodide and the site need (.wasm is
  application/wasm so WebAssembly.instantiateStreaming works; .mjs/.js are
  text/javascript; .whl/.zip application/zip; text types carry charset=utf-8);
* precompressed variants: if the client's Accept-Encoding allows br (or gzip)
  and ``FILE.br`` (or ``FILE.gz``) exists beside ``FILE``, that file is sent
  with ``Content-Encoding`` (``Vary: Accept-Encoding`` is always sent);
* a directory serves its ``index.html`` (``/dir`` redirects to ``/dir/``);
* Pagefind's search bundle (``pagefind/``): its ``.pf_*`` and ``.pagefind`` files are gzip data that
  Pagefind's script unpacks itself, so they are sent as they are (never with ``Content-Encoding``,
  and the build writes no ``.br``/``.gz`` beside them); ``pagefind.js``, ``pagefind-worker.js``
  and ``pagefind-entry.json`` are ordinary files (precompressed like the rest);
* caching: content-versioned URLs (``assets/pyodide/<version>/``, ``assets/calculator/py-<hash>/``,
  a ``?v=`` query, a hashed file name such as ``bundle.a5f9d56c.min.js``, and Pagefind's chunks and
  metadata, named by their hash: ``pagefind/{index,fragment,filter}/*``,
  ``pagefind/pagefind.<lang>_<hash>.pf_meta``) are sent with
  ``Cache-Control: public, max-age=31536000, immutable``; everything else with ``no-cache`` plus
  ``ETag`` and ``Last-Modified``, and a conditional request (``If-None-Match`` /
  ``If-Modified-Since``) for an unchanged file gets ``304 Not Modified`` — so a rebuilt site is
  picked up at once and an unchanged page costs one small round trip;
* the site's own response headers: the ``/*`` block of ``ROOT/_headers`` (written by the build:
  the Content-Security-Policy with ``frame-ancestors``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy``) on every response, workers' scripts included — so local runs and the tests
  run under the header policy a host sends, not only the pages' meta one.

Importable for tests::

    from tools.serve import serve_in_thread
    server, base_url = serve_in_thread("site")     # port=0 -> a free port
    ...
    server.shutdown(); server.server_close()
"""

from __future__ import annotations

import argparse
import email.utils
import http.server
import os
import posixpath
import re
import shutil
import sys
import threading
import urllib.parse
from pathlib import Path

__all__ = ["CONTENT_TYPES", "cache_control_for", "read_headers_file", "SiteHandler", "make_server", "serve_in_thread", "main"]

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".tar": "application/x-tar",
    ".pdf": "application/pdf",
    # Pagefind's index: gzip data its script unpacks (sent as is, no Content-Encoding)
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Paths whose content never changes under the same URL (the build puts a version or hash in them).
VERSIONED_PATH = re.compile(
    r"(^|/)assets/pyodide/[^/]+/"          # the Pyodide runtime, by version
    r"|(^|/)assets/calculator/(py|stdlib)-[0-9a-f]+/"  # wheel + lockfile, trimmed stdlib, by hash
    r"|\.[0-9a-f]{8,}(\.min)?\.(js|css|mjs|json|wasm|zip|woff2?)$"  # theme bundles: name.<hash>.min.js
    r"|(^|/)pagefind/(index|fragment|filter)/[^/]+\.pf_[a-z]+$"  # search chunks, named by hash
    r"|(^|/)pagefind/pagefind\.[^/]+_[0-9a-f]+\.pf_meta$"  # search metadata, named by hash
)
VERSIONED_QUERY = re.compile(r"(^|&)v=[0-9A-Za-z_-]+")


def cache_control_for(url_path: str, query: str = "") -> str:
    """The Cache-Control a path gets: immutable when its URL names its content, else no-cache."""
    if VERSIONED_QUERY.search(query or "") or VERSIONED_PATH.search(url_path):
        return IMMUTABLE
    return REVALIDATE


def etag_for(st: os.stat_result, encoding: str | None) -> str:
    return f'"{st.st_size:x}-{st.st_mtime_ns:x}{"-" + encoding if encoding else ""}"'


def _not_modified(headers, etag: str, mtime: float) -> bool:
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or etag in tags or ("W/" + etag) in tags
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(mtime) <= since
    return False


# Order of preference when the client accepts several encodings.
ENCODINGS: tuple[tuple[str, str], ...] = (("br", ".br"), ("gzip", ".gz"))
# Compressed data that a page's script unpacks itself (Pagefind's index): always sent as is.
SENT_AS_IS = frozenset({".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind"})


HEADERS_FILE = "_headers"


def read_headers_file(text: str) -> dict[str, str]:
    """The headers of the ``/*`` block of a ``_headers`` file (Netlify's format): what every
    response gets."""
    headers: dict[str, str] = {}
    block = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            block = line.strip()
        elif block == "/*" and ":" in line:
            name, _, value = line.strip().partition(":")
            headers[name.strip()] = value.strip()
    return headers


def site_headers(root: Path) -> dict[str, str]:
    """``root/_headers``' ``/*`` block, read for every response (a rebuild swaps the file)."""
    try:
        path = root / HEADERS_FILE
        return read_headers_file(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except OSError:
        return {}


def content_type_for(path: str) -> str:
    return CONTENT_TYPES.get(posixpath.splitext(path)[1].lower(), "application/octet-stream")


def _accepted_encodings(header: str | None) -> set[str]:
    """Encodings listed in an Accept-Encoding header with q > 0."""
    accepted: set[str] = set()
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        name = fields[0].lower()
        if not name:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            accepted.add(name)
    return accepted


class SiteHandler(http.server.BaseHTTPRequestHandler):
    """GET/HEAD handler serving files below ``self.server.root``."""

    server_version = "site-serve/1.0"
    protocol_version = "HTTP/1.1"

    # -- helpers ---------------------------------------------------------
    @property
    def root(self) -> Path:
        return self.server.root  # type: ignore[attr-defined]

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)

    def _resolve(self, url_path: str) -> Path | None:
        """Map a URL path to a file/dir under root, refusing escapes."""
        path = urllib.parse.unquote(url_path, errors="surrogatepass")
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if any(p == ".." or "\x00" in p or os.sep in p or (os.altsep and os.altsep in p) for p in parts):
            return None
        candidate = self.root.joinpath(*parts)
        try:
            resolved = candidate.resolve()
            resolved.relative_to(self.root)
        except (ValueError, OSError, RuntimeError):
            return None
        return candidate

    def end_headers(self) -> None:
        for name, value in site_headers(self.root).items():
            self.send_header(name, value)
        super().end_headers()

    def _send_error(self, code: int, message: str) -> None:
        body = f"{code} {message}\n".encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # -- verbs -----------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        target = self._resolve(split.path)
        if target is None:
            self._send_error(404, "Not Found")
            return
        if target.is_dir():
            if not split.path.endswith("/"):
                location = split.path + "/" + (("?" + split.query) if split.query else "")
                self.send_response(301)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            self._send_error(404, "Not Found")
            return

        send_path = target
        encoding = None
        accepted = _accepted_encodings(self.headers.get("Accept-Encoding"))
        if target.suffix.lower() in SENT_AS_IS:
            accepted = set()
        for name, suffix in ENCODINGS:
            if name in accepted:
                alt = target.with_name(target.name + suffix)
                if alt.is_file():
                    send_path, encoding = alt, name
                    break

        try:
            f = open(send_path, "rb")
        except OSError:
            self._send_error(404, "Not Found")
            return
        with f:
            st = os.fstat(f.fileno())
            etag = etag_for(st, encoding)
            cache = cache_control_for(split.path, split.query)
            if _not_modified(self.headers, etag, st.st_mtime):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", cache)
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type_for(target.name))
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", cache)
            self.send_header("Vary", "Accept-Encoding")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            if not head:
                try:
                    while chunk := f.read(256 * 1024):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, handler, root: Path, quiet: bool):
        self.root = Path(root).resolve()
        self.quiet = quiet
        super().__init__(addr, handler)


def make_server(root: str | os.PathLike = "site", port: int = 8000, quiet: bool = False,
                host: str = "127.0.0.1") -> SiteServer:
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"site root {str(root)!r} is not a directory (run `make build` first)")
    return SiteServer((host, port), SiteHandler, root=root, quiet=quiet)


def serve_in_thread(root: str | os.PathLike = "site", port: int = 0, quiet: bool = True):
    """Start a server in a daemon thread; returns ``(server, base_url)``.

    ``base_url`` ends with ``/``. Stop it with ``server.shutdown(); server.server_close()``.
    """
    server = make_server(root, port=port, quiet=quiet)
    thread = threading.Thread(target=server.serve_forever, name="site-serve", daemon=True)
    thread.start()
    server.thread = thread  # type: ignore[attr-defined]
    host, real_port = server.server_address[:2]
    return server, f"http://{host}:{real_port}/"


def linked_copy(src: str | os.PathLike, dst: str | os.PathLike) -> Path:
    """A copy of a built site to serve elsewhere (a snapshot, a sub-path), made of hard links: a
    second instead of the seconds that copying 15,000 files takes. A build never rewrites a file of
    the site it replaces (build.py swaps in new directories), so the copy keeps what it had; whoever
    writes into the copy must replace a file, never write into it. Copies across file systems."""

    def link(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    return Path(shutil.copytree(src, dst, copy_function=link))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default="site", help="directory to serve (default: site)")
    ap.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0 = any free port)")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not log each request")
    args = ap.parse_args(argv)
    try:
        server = make_server(args.root, port=args.port, quiet=args.quiet)
    except FileNotFoundError as e:
        print(f"serve.py: {e}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    print(f"Serving {server.root} at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
