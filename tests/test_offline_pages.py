"""Pages a reader has opened stay readable offline (sw.js keeps the 30 most recent), and a page
never opened gets a short offline page that says so and links the ones kept.

(That a rebuild refreshes the kept pages — an offline copy never shows a figure older than the
newest build seen online — is in tests/test_calculator_offline.py, with the rebuild.)
"""

from __future__ import annotations

import json

from test_calculator_offline import PAGES_CACHE, clear_http_cache, poll, sw_context  # noqa: F401 (fixture)

READ = ["", "notices/140521-2025/", "regions/140521/", "compare/", "guide/"]  # home, notice, region, compare, guide


def kept_pages(page, cache=PAGES_CACHE):
    return page.evaluate(f"caches.open({json.dumps(cache)}).then(c => c.keys()).then(k => k.map(r => r.url))")


def wait_kept(page, url, cache=PAGES_CACHE):
    try:
        poll(page, f"async () => !!(await (await caches.open({json.dumps(cache)})).match({json.dumps(url)}))")
    except AssertionError:
        state = page.evaluate("[!!navigator.serviceWorker.controller, sessionStorage.getItem('sw-unkept-pages')]")
        raise AssertionError(f"{url} not kept; kept: {kept_pages(page, cache)}; on {page.url}; "
                             f"controlled, not handed over: {state}") from None


def read_online(page, base, paths, cache=PAGES_CACHE):
    titles = {}
    for path in paths:
        page.goto(base + path, wait_until="load")
        titles[path] = page.inner_text("h1")
        page.wait_for_selector('html[data-offline="registered"]', state="attached", timeout=30_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for path in paths:
        wait_kept(page, base + path, cache)
    return titles


def test_pages_read_once_stay_readable_offline_with_their_style(sw_context, served_site):
    page = sw_context.new_page()
    titles = read_online(page, served_site, READ)
    clear_http_cache(page)
    sw_context.set_offline(True)
    try:
        for path, title in titles.items():
            response = page.goto(served_site + path, wait_until="load")
            assert response.status == 200, path
            assert page.inner_text("h1") == title
            # the theme's style sheet came from the service worker's cache too: the header is laid
            # out as the theme lays it out, not as unstyled HTML
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", path
    finally:
        sw_context.set_offline(False)


def test_a_page_never_opened_gets_a_plain_offline_page_linking_the_kept_ones(sw_context, served_site):
    page = sw_context.new_page()
    read_online(page, served_site, ["notices/140521-2025/", "guide/"])
    sw_context.set_offline(True)
    try:
        page.goto(served_site + "notices/411325-2025/", wait_until="load")
        text = page.inner_text("body")
        assert "没有网络" in text and "没有在这台设备上打开过" in text
        links = page.evaluate("[...document.querySelectorAll('a')].map(a => [a.textContent, a.href])")
        hrefs = [h for _, h in links]
        assert served_site + "notices/140521-2025/" in hrefs and served_site + "guide/" in hrefs
        assert served_site + "notices/411325-2025/" not in hrefs
        # each kept page is named by its title, not its address
        names = dict((h, t) for t, h in links)
        assert "140521" not in names[served_site + "notices/140521-2025/"]
        assert names[served_site + "notices/140521-2025/"]
        # and the links work offline
        page.click(f"a[href='{served_site}guide/']")
        page.wait_for_load_state("load")
        assert page.url == served_site + "guide/" and page.locator(".md-header").count() == 1
    finally:
        sw_context.set_offline(False)


def test_only_the_30_most_recent_pages_are_kept(sw_context, served_site, built_site):
    regions = sorted(p.parent.name for p in built_site.glob("regions/*/index.html"))[:33]
    assert len(regions) == 33
    page = sw_context.new_page()
    read_online(page, served_site, [""])
    for code in regions:
        page.goto(served_site + f"regions/{code}/", wait_until="domcontentloaded")
    wait_kept(page, served_site + f"regions/{regions[-1]}/")
    kept = kept_pages(page)
    assert len(kept) == 30, kept
    assert served_site not in kept and served_site + f"regions/{regions[2]}/" not in kept
    assert kept[-30:] == [served_site + f"regions/{code}/" for code in regions[3:]]
    # reading an older page again makes it the most recent one
    page.goto(served_site + f"regions/{regions[3]}/", wait_until="domcontentloaded")
    poll(page, f"async () => (await (await caches.open({json.dumps(PAGES_CACHE)})).keys()).pop().url"
               f" === {json.dumps(served_site + f'regions/{regions[3]}/')}")


def test_under_a_sub_path_everything_stays_under_it(sw_context, built_site, tmp_path):
    from tools.serve import linked_copy, serve_in_thread

    linked_copy(built_site, tmp_path / "www" / "some" / "path")
    server, root = serve_in_thread(tmp_path / "www")
    base = root + "some/path/"
    try:
        page = sw_context.new_page()
        titles = read_online(page, base, ["", "guide/"], cache="site-pages:/some/path/")
        assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == base
        assert sorted(kept_pages(page, "site-pages:/some/path/")) == [base, base + "guide/"]
        sw_context.set_offline(True)
        try:
            page.goto(base + "guide/", wait_until="load")
            assert page.inner_text("h1") == titles["guide/"]
            page.goto(base + "compare/", wait_until="load")
            assert "没有网络" in page.inner_text("h1")
            hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
            assert set(hrefs) == {base, base + "guide/"}
        finally:
            sw_context.set_offline(False)
    finally:
        server.shutdown()
        server.server_close()
