"""The second visit boots from the Python snapshot the first kept, and any trouble with it costs only time.

site_src/calculator/worker.js keeps, after its first boot, a memory snapshot of Python with the
calculator imported (Cache Storage "pyodide-snapshot", under a key made by sitebuild/snapshot_key.py)
and boots from it next time. Here, in Chromium:

* the second visit starts from the snapshot and answers right, a person and a household;
* a snapshot from another build, truncated, corrupted, or one that fails to load (tests/snapshot_damage.yaml)
  is not used: Python starts afresh, the answer is right, and a good snapshot is kept again;
* storage too small for it: no snapshot, every visit answers;
* no Cache Storage at all (an insecure origin, where browsers hide it, as a browser without the API):
  every visit answers.

The figure: 沁水县 2025 (沁政办发〔2024〕32号) — personal standard 400 元, 低保对象 subsidy 320 元: 80 元.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import PHONE_CONTEXT, own_address

pytestmark = [pytest.mark.browser]

BOOT_TIMEOUT = 180_000
FRAGMENT = "region=140521&year=2025&category=dibao&on=2024-10-10"
AMOUNT = 80
HOUSEHOLD = "region=411325&year=2025&on=2025-01-10&member=category:tekun&member=category:ordinary"
DAMAGE = yaml.safe_load((Path(__file__).parent / "snapshot_damage.yaml").read_text(encoding="utf-8"))["cases"]

# The kept snapshot's headers and size, or null (in the page: same origin as the worker).
KEPT_JS = """async () => {
  if (!self.caches) return null;
  const cache = await caches.open("pyodide-snapshot");
  const keys = await cache.keys();
  if (keys.length !== 1) return keys.length ? {count: keys.length} : null;
  const r = await cache.match(keys[0]);
  return {count: 1, url: keys[0].url, key: r.headers.get("X-Snapshot-Key"),
          bytes: Number(r.headers.get("X-Snapshot-Bytes")), size: (await r.arrayBuffer()).byteLength};
}"""

DAMAGE_JS = """async (kind) => {
  const cache = await caches.open("pyodide-snapshot");
  const [request] = await cache.keys();
  const stored = await cache.match(request);
  const bytes = new Uint8Array(await stored.arrayBuffer());
  const headers = new Headers(stored.headers);
  let body = bytes;
  if (kind === "another_build") headers.set("X-Snapshot-Key", "0123456789abcdef");
  else if (kind === "truncated") body = bytes.slice(0, bytes.length >> 1);
  else if (kind === "corrupted") {
    body = bytes.slice();
    for (let i = 1 << 20; i < body.length; i += 4096) body[i] ^= 0xff;
  } else if (kind === "unloadable") {
    // Pyodide's own header (magic number, build id, the table of references) kept, memory zeroed;
    // the worker's trailer (which pages are stored, the memory's length) kept too
    const header = new Uint32Array(bytes.buffer, 0, 2)[1];
    const length = new DataView(bytes.buffer).getUint32(bytes.length - 4, true);
    const trailer = Math.ceil(length / 65536) + 4;
    body = new Uint8Array(bytes.length);
    body.set(bytes.subarray(0, header));
    body.set(bytes.subarray(bytes.length - trailer), bytes.length - trailer);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    headers.set("X-Snapshot-SHA256", Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
  } else throw new Error("unknown damage " + kind);
  await cache.put(request, new Response(body, {headers}));
  return body.length;
}"""


def runtime_key(page) -> str:
    """The snapshot key this build's worker uses (the CALC_RUNTIME its first line carries)."""
    first = page.evaluate("fetch('../assets/calculator/worker.js').then((r) => r.text())").split("\n", 1)[0]
    return json.loads(first.removeprefix("self.CALC_RUNTIME = ").removesuffix(";"))["snapshot"]


def visit(context, base, frag=FRAGMENT):
    """Open the calculator in a new tab; wait for the answer; return (tab, marks of the worker's boot)."""
    page = context.new_page()
    page.goto(base + "calculator/#" + frag, wait_until="domcontentloaded")
    page.wait_for_selector('#quote[data-exit-code], #quote[data-state="failed"], #household[data-exit-code]',
                          state="attached", timeout=BOOT_TIMEOUT)
    assert page.get_attribute("#calc", "data-state") == "ready", page.text_content("#calc-status-text")
    return page, json.loads(page.get_attribute("#calc", "data-ready-marks") or "{}")


def personal(page) -> int:
    assert page.get_attribute("#quote", "data-exit-code") == "0", page.text_content("#quote")
    return json.loads(page.get_attribute("#quote", "data-json"))["personal_contribution"]


def wait_kept(page, key, timeout_s=60):
    """Until the worker has kept a whole snapshot under this build's key."""
    for _ in range(int(timeout_s * 4)):
        kept = page.evaluate(KEPT_JS)
        if kept and kept.get("key") == key and kept["bytes"] == kept["size"]:
            return kept
        page.wait_for_timeout(250)
    raise AssertionError(f"no snapshot kept within {timeout_s} s: {kept}")


@pytest.fixture(scope="module")
def kept_context(chromium_browser, served_site):
    """One phone profile that has visited the calculator once and kept its snapshot."""
    context = chromium_browser.new_context(**PHONE_CONTEXT, service_workers="allow")
    context.set_default_timeout(30_000)
    try:
        page, marks = visit(context, served_site)
        assert "snapshot_restored" not in marks and personal(page) == AMOUNT
        kept = wait_kept(page, runtime_key(page))
        assert kept["url"].endswith(f"/assets/calculator/snapshot-{runtime_key(page)}")
        page.close()
        yield context
    finally:
        context.close()


def test_the_second_visit_starts_python_from_the_snapshot_and_answers_right(kept_context, served_site):
    page, marks = visit(kept_context, served_site)
    assert "snapshot_restored" in marks and "booted" not in marks, marks
    assert personal(page) == AMOUNT
    # a household too: every module of the calculator is in the snapshot, none is imported later
    page.evaluate("(frag) => { location.hash = frag; }", HOUSEHOLD)
    page.wait_for_selector("#household[data-exit-code]", state="attached", timeout=30_000)
    restored = page.get_attribute("#household", "data-json")
    assert page.get_attribute("#household", "data-exit-code") == "0" and restored
    page.close()
    fresh_context = kept_context.browser.new_context(**PHONE_CONTEXT)
    try:
        fresh, marks = visit(fresh_context, served_site, HOUSEHOLD)
        assert "snapshot_restored" not in marks
        assert fresh.get_attribute("#household", "data-json") == restored
    finally:
        fresh_context.close()


@pytest.mark.parametrize("case", DAMAGE, ids=[c["damage"] for c in DAMAGE])
def test_a_damaged_snapshot_is_not_used_and_the_answer_is_right(kept_context, served_site, case):
    page = kept_context.new_page()
    page.goto(served_site + "calculator/", wait_until="domcontentloaded")
    key = runtime_key(page)
    wait_kept(page, key)
    page.evaluate(DAMAGE_JS, case["damage"])
    page.close()
    page, marks = visit(kept_context, served_site)
    assert "snapshot_restored" not in marks and "booted" in marks, (case["name"], marks)
    assert ("snapshot_dropped" in marks) == case["dropped"], (case["name"], marks)
    assert personal(page) == AMOUNT, case["name"]
    wait_kept(page, key)  # and a good one is kept again
    page.close()


def test_storage_too_small_for_a_snapshot_costs_nothing_but_time(chromium_browser, served_site):
    context = chromium_browser.new_context(**PHONE_CONTEXT, service_workers="allow")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        # less room than a snapshot takes (about 12 MB stored, less than the runtime the service
        # worker keeps, about 14 MB: a quota between the two would let whichever is written first in)
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": served_site.rstrip("/"), "quotaSize": 8 * 2**20})
        page.goto(served_site + "calculator/#" + FRAGMENT, wait_until="domcontentloaded")
        page.wait_for_selector("#quote[data-exit-code]", state="attached", timeout=BOOT_TIMEOUT)
        assert personal(page) == AMOUNT
        page.wait_for_timeout(5000)  # time enough for the worker to try
        assert page.evaluate(KEPT_JS) is None
        second, marks = visit(context, served_site)
        assert "snapshot_restored" not in marks and personal(second) == AMOUNT
    finally:
        context.close()


def test_without_cache_storage_every_visit_answers(chromium_browser, built_site):
    from tools.serve import make_server
    import threading

    address = own_address()
    if address is None:
        pytest.skip("no address other than loopback to serve an insecure origin on")
    server = make_server(built_site, port=0, quiet=True, host=address)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://{address}:{server.server_address[1]}/"
    context = chromium_browser.new_context(**PHONE_CONTEXT)
    try:
        for _ in range(2):
            page, marks = visit(context, base)
            assert not page.evaluate("window.isSecureContext") and page.evaluate(KEPT_JS) is None
            assert "snapshot_restored" not in marks and personal(page) == AMOUNT
            page.close()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
