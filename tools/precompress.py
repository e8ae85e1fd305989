"""Write FILE.br and FILE.gz beside every compressible file of a built site.

    python tools/precompress.py site/            # what build.py does after MkDocs

Static hosts that honour precompressed files (tools/serve.py, nginx ``brotli_static`` /
``gzip_static``, Caddy ``precompressed``; see HOSTING.md) then send them with
``Content-Encoding`` and no compression work per request.

* which files: html, css, js, mjs, json, wasm, zip, whl, svg, xml, txt, map, webmanifest,
  at least MIN_BYTES long; a variant is only written when it is smaller than the file; never
  Pagefind's index files (``.pf_*``, ``.pagefind``: gzip already, unpacked by Pagefind's script,
  and a server must send them as they are);
* brotli (the PyPI ``brotli`` package pinned in requirements.txt) at quality 11, gzip -9 with a
  zero mtime, so the output is the same for the same input (deterministic); pages (.html, .xml)
  at brotli quality 7: a site with a page for every county has thousands of them, quality 11
  takes 39 ms for a 43 KB notice page and quality 7 1.8 ms, for 8 % more bytes (9,866 instead of
  9,156: 4 ms at 1.6 Mbps), measured with `python tools/precompress.py --measure FILE`;
* quality 11 on the 9.6 MB ``pyodide.asm.wasm`` takes ~25 s on one core; each result is cached
  under ``build/.precompress-cache/`` by the input's sha256, so only a changed file costs anything
  (the runtime never changes between builds); entries unused for two weeks are pruned.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("BUILD_CACHE_DIR") or ROOT / "build") / ".precompress-cache"
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".whl", ".svg", ".xml", ".txt",
            ".map", ".webmanifest"}
# Already compressed by Pagefind (sitebuild/search.py); tools/serve.py sends them as they are.
ALREADY_COMPRESSED = frozenset({".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind"})
MIN_BYTES = 1024
BROTLI_QUALITY = 11
PAGE_QUALITY = 7  # .html / .xml: see the module's docstring
PAGE_SUFFIXES = {".html", ".xml"}
GZIP_LEVEL = 9


def compressible(path: Path) -> bool:
    suffix = path.suffix.lower()
    return (path.is_file() and suffix in SUFFIXES and suffix not in ALREADY_COMPRESSED
            and path.stat().st_size >= MIN_BYTES)


def _brotli(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    import brotli

    return brotli.compress(data, quality=quality)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _cached(kind: str, digest: str, data: bytes, fn, cache_dir: Path | None) -> bytes:
    if cache_dir is None:
        return fn(data)
    path = cache_dir / f"{digest}.{kind}"
    if path.is_file():
        os.utime(path)  # recently used: kept by prune_cache
        return path.read_bytes()
    out = fn(data)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}-{threading.get_ident()}")
    tmp.write_bytes(out)
    os.replace(tmp, path)
    return out


def compress_file(path: Path, cache_dir: Path | None = CACHE_DIR) -> dict:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    sizes = {"file": len(data)}
    quality = PAGE_QUALITY if path.suffix.lower() in PAGE_SUFFIXES else BROTLI_QUALITY
    for kind, fn in (("br", lambda d: _brotli(d, quality)), ("gz", _gzip)):
        out = _cached(f"q{quality}.br" if kind == "br" else f"{GZIP_LEVEL}.gz", digest, data, fn, cache_dir)
        target = path.with_name(f"{path.name}.{kind}")
        if len(out) < len(data):
            target.write_bytes(out)
            st = path.stat()
            os.utime(target, (st.st_atime, st.st_mtime))  # same Last-Modified as the file itself
            sizes[kind] = len(out)
        elif target.exists():
            target.unlink()
    return sizes


def prune_cache(cache_dir: Path | None = CACHE_DIR, max_age_days: float = 14) -> None:
    """Drop cached results not used for `max_age_days` (the cache would otherwise only grow)."""
    if cache_dir is None or not cache_dir.is_dir():
        return
    limit = time.time() - max_age_days * 86400
    for path in cache_dir.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def precompress(site_dir: Path, cache_dir: Path | None = CACHE_DIR, workers: int | None = None) -> dict:
    """Compress every eligible file below site_dir; returns {relative path: sizes}."""
    site_dir = Path(site_dir)
    files = sorted(p for p in site_dir.rglob("*") if compressible(p))
    # biggest first, so the wasm does not start last on a 2-core machine
    files.sort(key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda p: compress_file(p, cache_dir), files))
    prune_cache(cache_dir)
    return {str(p.relative_to(site_dir)): r for p, r in zip(files, results)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site_dir")
    ap.add_argument("--no-cache", action="store_true", help="do not read or write build/.precompress-cache")
    ap.add_argument("--measure", action="store_true",
                    help="SITE_DIR is one file: print its brotli size and time at each quality, write nothing")
    args = ap.parse_args(argv)
    if args.measure:
        data = Path(args.site_dir).read_bytes()
        for quality in range(5, 12):
            t = time.perf_counter()
            out = _brotli(data, quality)
            print(f"quality {quality:2d}: {len(out):8d} bytes, {1000 * (time.perf_counter() - t):6.1f} ms")
        return 0
    started = time.monotonic()
    result = precompress(Path(args.site_dir), None if args.no_cache else CACHE_DIR)
    total = sum(r["file"] for r in result.values())
    br = sum(r.get("br", r["file"]) for r in result.values())
    print(f"precompressed {len(result)} files: {total / 1e6:.2f} MB -> {br / 1e6:.2f} MB brotli "
          f"in {time.monotonic() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
