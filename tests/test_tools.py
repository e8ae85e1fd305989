"""The project's own tooling: tools/serve.py, the phone browser fixture, Pyodide in Chromium."""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import urllib.parse
from pathlib import Path

import pytest

from conftest import PYODIDE_PKG, ROOT
from tools.serve import serve_in_thread


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>首页</title><p>你好</p>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("sub", encoding="utf-8")
    for name, body in {
        "a.wasm": b"\0asm\1\0\0\0", "m.mjs": b"export {}", "s.js": b"1", "d.json": b"{}", "z.zip": b"PK",
        "w-1-py3-none-any.whl": b"PK", "f.woff2": b"wOF2", "i.svg": b"<svg/>", "u.bin": b"\1",
    }.items():
        (tmp_path / name).write_bytes(body)
    big = b"x" * 5000
    (tmp_path / "big.js").write_bytes(big)
    (tmp_path / "big.js.gz").write_bytes(gzip.compress(big))
    (tmp_path / "big.js.br").write_bytes(b"pretend-brotli")
    (tmp_path / "only-gz.json").write_bytes(b"[1]")
    (tmp_path / "only-gz.json.gz").write_bytes(gzip.compress(b"[1]"))
    return tmp_path


@pytest.fixture
def server(tree):
    srv, base = serve_in_thread(tree)
    yield urllib.parse.urlsplit(base)
    srv.shutdown()
    srv.server_close()


def fetch(base, path, method="GET", headers=None):
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    conn.request(method, path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def test_binds_loopback_on_a_free_port(server):
    assert server.hostname == "127.0.0.1" and server.port > 0


@pytest.mark.parametrize("path, ctype", [
    ("/a.wasm", "application/wasm"),
    ("/m.mjs", "text/javascript"),
    ("/s.js", "text/javascript"),
    ("/d.json", "application/json"),
    ("/z.zip", "application/zip"),
    ("/w-1-py3-none-any.whl", "application/zip"),
    ("/f.woff2", "font/woff2"),
    ("/i.svg", "image/svg+xml"),
    ("/u.bin", "application/octet-stream"),
])
def test_content_types(server, path, ctype):
    resp, _ = fetch(server, path)
    assert resp.status == 200
    assert resp.headers["Content-Type"].split(";")[0] == ctype


def test_html_is_utf8_and_directories_serve_index(server):
    resp, body = fetch(server, "/")
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "你好" in body.decode("utf-8")
    resp, body = fetch(server, "/sub/")
    assert body == b"sub"
    resp, _ = fetch(server, "/sub")
    assert resp.status == 301 and resp.headers["Location"] == "/sub/"


def test_precompressed_variants(server):
    resp, body = fetch(server, "/big.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert resp.headers["Content-Encoding"] == "br" and body == b"pretend-brotli"
    assert resp.headers["Vary"] == "Accept-Encoding"
    assert resp.headers["Content-Type"].startswith("text/javascript")
    resp, body = fetch(server, "/big.js", headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == b"x" * 5000
    resp, body = fetch(server, "/big.js", headers={"Accept-Encoding": "br;q=0, gzip;q=0.5"})
    assert resp.headers["Content-Encoding"] == "gzip"
    resp, body = fetch(server, "/big.js")
    assert "Content-Encoding" not in resp.headers and body == b"x" * 5000
    assert resp.headers["Vary"] == "Accept-Encoding"
    resp, body = fetch(server, "/only-gz.json", headers={"Accept-Encoding": "br, gzip"})
    assert resp.headers["Content-Encoding"] == "gzip" and resp.headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("path, immutable", [
    ("/assets/pyodide/314.0.7/pyodide.asm.wasm", True),
    ("/assets/calculator/py-0123456789ab/calculator-0.1.0-py3-none-any.whl", True),
    ("/assets/calculator/stdlib-0123456789ab/python_stdlib.zip", True),
    ("/assets/calculator/calculator.js?v=0123456789ab", True),
    ("/assets/data/n/140521-2025.0123456789ab.json", True),
    ("/assets/javascripts/bundle.a5f9d56c.min.js", True),
    ("/assets/stylesheets/main.57a0d79d.min.css", True),
    ("/", False),
    ("/calculator/", False),
    ("/sw.js", False),
    ("/assets/site.css", False),
    ("/assets/data/r/140521.json", False),
    ("/assets/data/p/14.json", False),
    # Pagefind: chunks and metadata are named by their hash; the library, its entry file (which
    # names the current metadata) and the wasm (named by language only) are not
    ("/pagefind/fragment/zh_1c3a819.pf_fragment", True),
    ("/pagefind/index/zh_11708d6.pf_index", True),
    ("/some/path/pagefind/filter/zh_0a1b2c3.pf_filter", True),
    ("/pagefind/pagefind.zh_9b8e4dbb5b.pf_meta", True),
    ("/pagefind/pagefind.js", False),
    ("/pagefind/pagefind-worker.js", False),
    ("/pagefind/pagefind-entry.json", False),
    ("/pagefind/wasm.unknown.pagefind", False),
])
def test_cache_control_by_path(path, immutable):
    from tools.serve import cache_control_for

    split = urllib.parse.urlsplit(path)
    got = cache_control_for(split.path, split.query)
    assert got == ("public, max-age=31536000, immutable" if immutable else "no-cache")


def test_pagefind_data_is_sent_as_it_is(server, tree):
    """Pagefind's .pf_* / .pagefind files are gzip data its script unpacks: never re-encoded, even
    with a stray .gz beside them, and never written by precompress."""
    from tools.precompress import compressible

    bundle = tree / "pagefind" / "fragment"
    bundle.mkdir(parents=True)
    data = gzip.compress(b"pagefind_dcd" + b"{}" * 2000)
    for name in ("zh_1c3a819.pf_fragment", "zh_1c3a819.pf_fragment.gz"):
        (bundle / name).write_bytes(data)
    resp, body = fetch(server, "/pagefind/fragment/zh_1c3a819.pf_fragment", headers={"Accept-Encoding": "br, gzip"})
    assert resp.status == 200 and body == data and "Content-Encoding" not in resp.headers
    assert resp.headers["Content-Type"] == "application/octet-stream"
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for name in ("a.pf_index", "a.pf_meta", "a.pf_fragment", "a.pf_filter", "wasm.zh.pagefind"):
        (tree / name).write_bytes(b"\x1f\x8b" + b"x" * 5000)
        assert not compressible(tree / name), name
    assert compressible(tree / "big.js")


def test_etag_and_304(server, tree):
    resp, body = fetch(server, "/big.js", headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Cache-Control"] == "no-cache"
    etag, modified = resp.headers["ETag"], resp.headers["Last-Modified"]
    resp, body = fetch(server, "/big.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert resp.status == 304 and body == b"" and resp.headers["ETag"] == etag
    # another encoding is another representation: another ETag, so no 304 for it
    resp, body = fetch(server, "/big.js", headers={"If-None-Match": etag})
    assert resp.status == 200 and body == b"x" * 5000
    resp, _ = fetch(server, "/big.js", headers={"Accept-Encoding": "gzip", "If-Modified-Since": modified})
    assert resp.status == 304
    # a changed file is sent again
    import os
    import time

    (tree / "big.js.gz").write_bytes(gzip.compress(b"y" * 5000))
    later = time.time() + 5
    os.utime(tree / "big.js.gz", (later, later))
    resp, body = fetch(server, "/big.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert resp.status == 200 and gzip.decompress(body) == b"y" * 5000 and resp.headers["ETag"] != etag
    # versioned URLs are immutable
    (tree / "assets" / "pyodide" / "9").mkdir(parents=True)
    (tree / "assets" / "pyodide" / "9" / "a.wasm").write_bytes(b"\0asm")
    resp, _ = fetch(server, "/assets/pyodide/9/a.wasm")
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert resp.headers["Content-Type"] == "application/wasm"


def test_precompress_writes_br_and_gz_beside_files(tmp_path):
    import brotli

    from tools.precompress import precompress

    big = ("城乡居民医保 " * 400).encode()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_bytes(big)
    (tmp_path / "a" / "x.wasm").write_bytes(big)
    (tmp_path / "small.js").write_bytes(b"1;")          # under 1 KB: left alone
    (tmp_path / "photo.png").write_bytes(big)          # not a compressible type
    result = precompress(tmp_path, cache_dir=tmp_path.parent / "cache")
    assert set(result) == {"a/page.html", "a/x.wasm"}
    for rel in result:
        f = tmp_path / rel
        assert brotli.decompress(Path(f"{f}.br").read_bytes()) == big
        assert gzip.decompress(Path(f"{f}.gz").read_bytes()) == big
        assert Path(f"{f}.br").stat().st_size < Path(f"{f}.gz").stat().st_size < len(big)
    assert not (tmp_path / "small.js.br").exists() and not (tmp_path / "photo.png.gz").exists()
    # deterministic, and the cache gives the same bytes
    first = (tmp_path / "a" / "page.html.gz").read_bytes()
    precompress(tmp_path, cache_dir=tmp_path.parent / "cache")
    assert (tmp_path / "a" / "page.html.gz").read_bytes() == first


def test_built_site_is_precompressed(built_site):
    from tools.precompress import compressible

    missing = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*")
               if compressible(p) and not Path(f"{p}.br").is_file()]
    assert missing == []
    wasm = next(built_site.glob("assets/pyodide/*/pyodide.asm.wasm"))
    assert Path(f"{wasm}.br").stat().st_size < 0.35 * wasm.stat().st_size
    sw = (built_site / "sw.js").read_text(encoding="utf-8")
    assert "__VERSION__" not in sw and "__PRECACHE__" not in sw and '"calculator/"' in sw
    assert "__SHELL__" not in sw and "__PAGES_VERSION__" not in sw and '"assets/site.css"' in sw


def test_head_404_and_no_escape(server):
    resp, body = fetch(server, "/big.js", method="HEAD")
    assert resp.status == 200 and body == b"" and resp.headers["Content-Length"] == "5000"
    for path in ("/nope.html", "/../conftest.py", "/%2e%2e/etc/passwd", "/sub/../../x"):
        resp, _ = fetch(server, path)
        assert resp.status == 404, path


def test_phone_page_blocks_and_reports_external_requests(phone_page, tree, server):
    """A request to another host — by name or by number, from the page or its Web Worker — is
    recorded and never answered (the browser's proxy is not there: conftest.NOWHERE); the local
    server is reached directly."""
    (tree / "ext.html").write_text(
        '<!doctype html><meta name="viewport" content="width=device-width">'
        '<img src="http://example.invalid/x.png"><p id="w"></p>'
        "<script>document.getElementById('w').textContent = innerWidth + 'x' + devicePixelRatio</script>",
        encoding="utf-8")
    (tree / "ext-worker.js").write_text(
        "fetch('http://203.0.113.7/from-worker').then(() => postMessage('answered'), () => postMessage('failed'))",
        encoding="utf-8")
    phone_page.goto(f"http://127.0.0.1:{server.port}/ext.html")
    assert phone_page.text_content("#w") == "390x2"
    assert phone_page.evaluate("navigator.language") == "zh-CN"
    outcomes = phone_page.evaluate("""async () => [
        await fetch('http://198.51.100.9/by-number').then(() => 'answered', () => 'failed'),
        await fetch('https://example.org/by-name').then(() => 'answered', () => 'failed'),
        await fetch('/sub/').then((r) => r.status, () => 'failed'),
        await new Promise((done) => { new Worker('ext-worker.js').onmessage = (e) => done(e.data); }),
    ]""")
    assert outcomes == ["failed", "failed", 200, "failed"]
    assert sorted(phone_page.external_requests) == sorted([
        "http://example.invalid/x.png", "http://198.51.100.9/by-number", "https://example.org/by-name",
        "http://203.0.113.7/from-worker"])
    phone_page.external_requests.clear()  # expected here; the fixture fails any test that leaves some


@pytest.mark.slow
@pytest.mark.pyodide
def test_pyodide_runs_in_chromium_from_the_local_server(phone_page, tmp_path):
    """The browser path: Pyodide core files + our pyodide-lock.json + a wheel, served locally.

    Uses a tiny dummy wheel so it checks the mechanism, whatever state calculator/ is in.
    The .wasm and the stdlib are also offered gzip-compressed, so Content-Encoding is exercised.
    """
    from test_pyodide_smoke import _make_dummy_wheel
    from tools.build_wheel import build_lockfile

    wheel = _make_dummy_wheel(tmp_path / "w")
    site = tmp_path / "site"
    pyo = site / "assets" / "pyodide"
    pyo.mkdir(parents=True)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        shutil.copy2(PYODIDE_PKG / name, pyo / name)
    for name in ("pyodide.asm.wasm", "python_stdlib.zip"):
        (pyo / (name + ".gz")).write_bytes(gzip.compress((pyo / name).read_bytes(), 6))
    shutil.copy2(wheel, pyo / wheel.name)
    build_lockfile(pyo / wheel.name, output=pyo / "pyodide-lock.json")
    (site / "index.html").write_text("""<!doctype html><meta charset="utf-8"><body><script type="module">
import { loadPyodide } from "./assets/pyodide/pyodide.mjs";
try {
  const t0 = performance.now();
  const py = await loadPyodide({ indexURL: new URL("./assets/pyodide/", location).href });
  await py.loadPackage("calcdummy");
  const r = py.runPython(`import calcdummy.cli, json; json.dumps(calcdummy.cli.run(["ok"], data={"区": 1}), ensure_ascii=False)`);
  document.body.dataset.ms = String(Math.round(performance.now() - t0));
  document.body.dataset.result = r;
} catch (e) { document.body.dataset.result = "ERROR " + e; }
</script>""", encoding="utf-8")
    srv, base = serve_in_thread(site)
    try:
        encodings = {}
        phone_page.on("response", lambda r: encodings.__setitem__(r.url.rsplit("/", 1)[-1],
                                                                   r.headers.get("content-encoding")))
        phone_page.goto(base)
        phone_page.wait_for_selector("body[data-result]", state="attached", timeout=90_000)
        result = phone_page.get_attribute("body", "data-result")
        assert not result.startswith("ERROR"), (result, phone_page.console_messages)
        code, out, err = json.loads(result)
        assert code == 0 and json.loads(out)["data"] == {"区": 1} and err == "说明：stderr\n"
        assert encodings.get("pyodide.asm.wasm") == "gzip"
        print(f"Pyodide boot + loadPackage in Chromium: {phone_page.get_attribute('body', 'data-ms')} ms")
        assert phone_page.external_requests == []
    finally:
        srv.shutdown()
        srv.server_close()
