"""The calculator's second visit, offline use, data saving, and what notice pages do not load.

* after one visit the service worker (sw.js) has the calculator: offline, a reload still computes,
  even with the browser's HTTP cache emptied (every file is in the service worker's caches);
* after a rebuild with a changed figure, the next visit shows the new figure, never the old one
  (pages are network-first, every other file is named by its content's hash, and each build's
  cache has a new name), and a notice page kept for reading offline shows it too;
* with Save-Data (or a 2G connection) nothing of the runtime is downloaded until the resident
  presses "下载计算器（约 N MB）"; the static table is there at once;
* (a notice page fetches the calculator's files only ahead of time, after its own content and
  never with Save-Data: tests/test_links_and_years_browser.py).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from conftest import PHONE_CONTEXT, run_build_py

BOOT_TIMEOUT = 120_000
FRAGMENT = "region=140521&year=2025&category=dibao&on=2024-10-10"


def open_calculator(page, base, frag=FRAGMENT):
    page.goto(base + "calculator/" + (f"#{frag}" if frag else ""), wait_until="domcontentloaded")


def wait_answer(page, timeout=BOOT_TIMEOUT):
    page.wait_for_selector('#quote[data-exit-code], #quote[data-state="failed"]', state="attached", timeout=timeout)
    return page.get_attribute("#quote", "data-exit-code"), page.get_attribute("#quote", "data-json")


def personal(page, timeout=BOOT_TIMEOUT):
    code, data_json = wait_answer(page, timeout)
    assert code == "0", page.text_content("#quote")
    return json.loads(data_json)["personal_contribution"]


def wait_service_worker(page):
    """Until sw.js controls the page (installed and activated) and has kept everything the
    calculator loaded (#calc[data-offline="kept"])."""
    page.wait_for_selector('#calc[data-offline="kept"]', state="attached", timeout=60_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(100):
        if page.evaluate("!!navigator.serviceWorker.controller"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control of the page")


@pytest.fixture
def sw_context(chromium_browser):
    """A phone context that lets the service worker run (no request routing: routed requests
    bypass a service worker in Playwright). Only 127.0.0.1 is served, so nothing can leave anyway."""
    context = chromium_browser.new_context(**PHONE_CONTEXT, service_workers="allow")
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


def assert_answers_offline(context, page, amount):
    context.set_offline(True)
    try:
        page.reload(wait_until="domcontentloaded")
        assert personal(page) == amount
        assert page.get_attribute("#calc", "data-state") == "ready"
    finally:
        context.set_offline(False)


def test_second_visit_works_offline(sw_context, served_site):
    page = sw_context.new_page()
    open_calculator(page, served_site)
    assert personal(page) == 80
    wait_service_worker(page)
    names = page.evaluate("caches.keys()")
    # the page's files and data (kept by sw.js once Python is ready) and the runtime
    assert len([n for n in names if n.startswith("calc-rt-")]) == 1
    assert len([n for n in names if n.startswith("calc-") and not n.startswith("calc-rt-")]) == 1
    # an older build's cache (as an old worker still finishing a request can open it again after
    # the new one deleted it) is dropped at the next warm-up, leaving only this build's
    page.evaluate("caches.open('calc-0123456789ab').then(() => true)")
    page.evaluate("navigator.serviceWorker.ready.then((r) => { r.active.postMessage({type: 'warm', urls: []}); return true; })")
    poll(page, "async () => !(await caches.keys()).includes('calc-0123456789ab')")
    assert sorted(page.evaluate("caches.keys()")) == sorted(names)
    assert_answers_offline(sw_context, page, 80)


def sw_state(page):
    """What the registration and each calc- cache hold, for a failure message."""
    return page.evaluate("""async () => {
        const r = await navigator.serviceWorker.getRegistration();
        const w = (x) => x ? x.scriptURL.split("/").pop() + ":" + x.state : null;
        const out = {installing: w(r && r.installing), waiting: w(r && r.waiting), active: w(r && r.active),
                     controller: w(navigator.serviceWorker.controller)};
        for (const n of await caches.keys()) {
            const keys = await (await caches.open(n)).keys();
            out[n] = keys.length + ": " + keys.slice(0, 5).map((k) => new URL(k.url).pathname).join(" ");
        }
        return out;
    }""")


def poll(page, script, timeout=30.0):
    """Until the async function `script` resolves to a true value in the page (wait_for_function
    takes a pending promise for a true value)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {script}")
        page.wait_for_timeout(200)


def clear_http_cache(page):
    """Empty the browser's HTTP cache (as an eviction, or a host's short max-age, would); Cache
    Storage, where the service worker keeps its files, is left alone."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Network.clearBrowserCache")
    finally:
        cdp.detach()


def test_one_visit_is_enough_even_when_the_http_cache_is_emptied(sw_context, served_site):
    """Everything the calculator needs (pyodide.mjs and pyodide.asm.mjs included, which the worker
    imports before the service worker controls it) is in the service worker's caches once the page
    says it is kept for offline use; the browser's HTTP cache plays no part."""
    frag = "region=430502&year=2025&on=2025-01-20&category=dibao"
    page = sw_context.new_page()
    open_calculator(page, served_site, frag)
    assert personal(page) == 870
    wait_service_worker(page)
    clear_http_cache(page)
    assert_answers_offline(sw_context, page, 870)


# --------------------------------------------------------------------------- rebuild
def _build(policy_dir: Path, site_dir: Path, docs_dir: Path, divisions_dir: Path):
    """build.py of policy_dir over divisions_dir (a catalogue cut to the notices' provinces: fewer pages
    to render, index and compress)."""
    run_build_py("--policy-dir", str(policy_dir), "--site-dir", str(site_dir), "--docs-dir", str(docs_dir),
                 env={"DIVISIONS_DIR": str(divisions_dir)})


NOTICE = "notices/140521-2025/"
PAGES_CACHE = "site-pages:/"  # the pages cache of the service worker whose scope is the site at /


def notice_dibao(page):
    """The 低保 personal contribution as the notice page's groups table prints it."""
    return page.locator("table a[href='#c-2-3-3']").first.inner_text().replace("\u00a0", " ")


def test_rebuild_with_a_changed_figure_is_seen_on_the_next_visit(sw_context, built_site, one_province, tmp_path):
    from tools.serve import linked_copy, serve_in_thread

    # 沁水 2025: 低保 subsidy 320 -> 300 (percent and the stated personal share follow, so the
    # data stays valid); the personal contribution becomes 400 - 300 = 100. The new build is of
    # 山西's notices only (conftest.one_province): what this test reads is the calculator and 沁水's notice.
    policy = tmp_path / "policy"
    shutil.copytree(one_province["policy"], policy)
    path = policy / "140521-2025.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      subsidy: 320\n      percent: 80\n      payer: 医疗救助基金\n      personal_stated: 80\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "      subsidy: 300\n      percent: 75\n      payer: 医疗救助基金\n"
                                      "      personal_stated: 100\n"), encoding="utf-8")

    served = tmp_path / "served"
    linked_copy(built_site, served)  # the site as it is now (320)
    server, base = serve_in_thread(served)
    try:
        page = sw_context.new_page()
        open_calculator(page, base)
        assert personal(page) == 80
        wait_service_worker(page)
        # a notice page read while online is kept for reading offline, with the figure of the day
        page.goto(base + NOTICE, wait_until="load")
        assert notice_dibao(page) == "80 元"
        page.close()

        _build(policy, tmp_path / "new-site", tmp_path / "new-docs", one_province["divisions"])
        shutil.rmtree(served)
        shutil.move(str(tmp_path / "new-site"), str(served))  # the host now serves the new build
        new_sw = (served / "sw.js").read_text(encoding="utf-8")

        page = sw_context.new_page()
        open_calculator(page, base)
        assert personal(page) == 100
        table = page.inner_text("section.calc-static-notice[data-notice='140521-2025'] table")
        assert "300" in table.replace("\u00a0", " ")
        page.close()
        # and a third visit, now under the new service worker, still the new figure
        page = sw_context.new_page()
        open_calculator(page, base)
        assert personal(page) == 100
        # the old build's caches are gone: one page cache, one runtime cache, both the new ones
        wait_service_worker(page)
        # the new worker installs (its shell: every page's scripts and style sheets) while the old
        # one still controls this visit; once it activates, only its own caches are left
        new = lambda n: f'"{n}"' in new_sw or n.removeprefix("calc-") in new_sw  # noqa: E731
        for _ in range(600):
            names = sorted(n for n in page.evaluate("caches.keys()") if n.startswith("calc-"))
            if len(names) == 2 and all(new(n) for n in names):
                break
            page.wait_for_timeout(100)
        assert len(names) == 2, (names, sw_state(page))
        assert all(new(n) for n in names), names
        # the notice page kept for offline reading was refreshed by the new build: offline, it
        # shows the new figure, not the one it had when it was read
        poll(page, f"""async () => {{
            const kept = await (await caches.open({json.dumps(PAGES_CACHE)})).match({json.dumps(base + NOTICE)});
            const html = new DOMParser().parseFromString(await kept.text(), "text/html");
            return html.querySelector("table a[href='#c-2-3-3']").textContent.replace(/\\s/g, " ") === "100 元";
        }}""")
        sw_context.set_offline(True)
        try:
            page.goto(base + NOTICE, wait_until="load")
            assert notice_dibao(page) == "100 元"
        finally:
            sw_context.set_offline(False)
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- data saving
SAVE_DATA = """
Object.defineProperty(Navigator.prototype, 'connection', {
  configurable: true,
  get() { return { saveData: true, effectiveType: '4g', addEventListener() {}, removeEventListener() {} }; },
});
"""


def test_save_data_downloads_nothing_until_asked(phone_context, served_site):
    phone_context.add_init_script(SAVE_DATA)
    page = phone_context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_calculator(page, served_site)
    button = page.locator("#calc-download")
    button.wait_for(state="visible", timeout=30_000)
    assert "下载计算器（约" in button.inner_text() and "MB）" in button.inner_text()
    # the static table for the chosen notice is on the page without the runtime
    page.wait_for_selector("section.calc-static-notice[data-notice='140521-2025']", state="visible", timeout=30_000)
    page.wait_for_timeout(1500)
    assert not [u for u in requests if "/assets/pyodide/" in u or "worker.js" in u or "python_stdlib" in u]
    button.click()
    assert personal(page) == 80
    assert any("pyodide.asm.wasm" in u for u in requests)
