"""The built site in headless Chromium at a 390px phone viewport (fixtures in conftest.py).

Every test runs with the phone_page fixture, which blocks and fails on any request to a host
other than 127.0.0.1.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from validation.sources import load_policy_dir  # noqa: E402

pytestmark = pytest.mark.browser

SEARCH_TERMS = ("低保", "等待期", "特困", "新生儿")
RESULTS = re.compile(r"(\d+) 个符合条件的结果|找到 1 个符合条件的结果")


@pytest.fixture(scope="module")
def policy():
    return load_policy_dir(ROOT / "policy_data")


def clauses_with(notice, term):
    return {"c-" + c["id"].replace(".", "-") for c in notice["clauses"] if term in (c.get("heading") or "") + c["text"]}


def search(page, term, all_results=False):
    """Type `term` into the header search on the current page; return (count, result hrefs).
    `all_results`: press 显示更多结果 until every result is listed, as a reader would (the box
    shows a few pages at a time, site_src/assets/search.js)."""
    page.click('label[for="__search"]')
    box = page.locator("input.md-search__input")
    box.fill(term)
    box.press("End")  # Material reads the query on keyup; fill() alone sends none
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "() => /符合条件的结果/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=20_000,
    )
    count = RESULTS.search(meta.inner_text())
    while all_results and page.locator(".site-search-more__button").count():
        shown = page.locator(".md-search-result__list a").count()
        page.locator(".site-search-more__button").first.click()
        page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__list a').length > {shown}",
                               timeout=20_000)
    hrefs = page.eval_on_selector_all(".md-search-result__list a", "els => els.map(e => e.href)")
    return (int(count.group(1)) if count and count.group(1) else 1), hrefs


def test_home_leads_to_each_notice(phone_page, policy):
    """Home → the province → the notice's year chip beside its county (or city): two taps. The
    home page is opened once per province (the first tap is the same for all its notices), and
    the province page is gone back to for its next notice, as a reader would."""
    by_province = {}
    for notice_id, notice in policy["notices"].items():
        by_province.setdefault(notice["region"][:2] + "0000", []).append((notice_id, notice))
    for province, notices in by_province.items():
        phone_page.goto_site("")
        phone_page.locator(f'.province-list a[href$="regions/{province}/"]').first.tap()
        phone_page.wait_for_url(f"**/regions/{province}/")
        for i, (notice_id, notice) in enumerate(notices):
            if i:
                phone_page.go_back(wait_until="load")
                phone_page.wait_for_url(f"**/regions/{province}/")
            chip = phone_page.locator(f'.region-list a[href$="notices/{notice_id}/"]').first
            chip.scroll_into_view_if_needed()
            box = chip.bounding_box()
            assert box and box["width"] >= 40 and box["height"] >= 20, f"{notice_id}: link too small to tap: {box}"
            chip.tap()
            phone_page.wait_for_url(f"**/notices/{notice_id}/")
            heading = phone_page.locator("h1").inner_text()
            region = next(r["name"] for r in policy["regions"] if r["code"] == notice["region"])
            assert region in heading and str(notice["year"]) in heading
            assert phone_page.locator("#c-title").count() == 1
    assert phone_page.external_requests == []


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_finds_the_clauses_in_every_notice_that_has_them(phone_page, policy, term):
    phone_page.goto_site("")
    count, hrefs = search(phone_page, term, all_results=True)
    found = {}
    for href in hrefs:
        parts = urllib.parse.urlsplit(href)
        match = re.search(r"/notices/([^/]+)/$", parts.path)
        if match:
            found.setdefault(match.group(1), set()).add(parts.fragment)
    expected = {nid: clauses_with(n, term) for nid, n in policy["notices"].items() if clauses_with(n, term)}
    assert expected, f"no notice contains {term}?"
    for notice_id, anchors in expected.items():
        assert notice_id in found, f"search {term}: no result on {notice_id} ({count} results: {hrefs})"
        assert found[notice_id] & anchors, (
            f"search {term}: results on {notice_id} point at {sorted(found[notice_id])}, "
            f"none of the clauses containing it {sorted(anchors)}"
        )
    print(f"\nsearch {term}: {count} pages, {len(hrefs)} links; notices with the term: {sorted(expected)}")
    assert phone_page.external_requests == []


def test_notice_page_fits_a_phone_and_figures_jump_to_clauses(phone_page, tmp_path):
    phone_page.goto_site("notices/140521-2025/")
    phone_page.wait_for_load_state("networkidle")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide at a 390px viewport"
    phone_page.screenshot(path=str(tmp_path / "notice-140521-2025.png"), full_page=True)

    link = phone_page.locator('.groups-table a[title^="依据"]').first
    anchor = link.get_attribute("href")
    assert anchor.startswith("#c-")
    link.tap()
    phone_page.wait_for_function(f"location.hash === '{anchor}'")
    top = phone_page.evaluate(f"document.getElementById('{anchor[1:]}').getBoundingClientRect().top")
    assert 0 <= top < 844, f"{anchor} not scrolled into view (top={top})"
    assert phone_page.external_requests == []


def test_site_works_under_a_sub_path(phone_context, built_site, tmp_path):
    from tools.serve import linked_copy, serve_in_thread

    mounted = tmp_path / "www" / "some" / "path"
    linked_copy(built_site, mounted)
    server, base = serve_in_thread(tmp_path / "www", port=0)
    try:
        page = phone_context.new_page()
        page.goto(base + "some/path/")
        page.locator('.province-list a[href$="regions/140000/"]').first.tap()  # home → 山西 → 沁水's notice
        page.wait_for_url("**/some/path/regions/140000/")
        page.locator('a[href$="notices/140521-2025/"]').first.tap()
        page.wait_for_url("**/some/path/notices/140521-2025/")
        color = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert color not in ("rgba(0, 0, 0, 0)", "transparent"), "theme stylesheet did not load"
        requests = []
        page.on("request", lambda r: requests.append(urllib.parse.urlsplit(r.url).path))
        count, hrefs = search(page, "特困")
        assert count > 0 and all("/some/path/" in h for h in hrefs)
        index = [p for p in requests if "pagefind" in p]
        assert index and all(p.startswith("/some/path/pagefind/") for p in index), index
        clause = urllib.parse.urlsplit(next(h for h in hrefs if "/notices/" in h and "#c-" in h))
        page.locator(f'.md-search-result__list a[href="{clause.path}#{clause.fragment}"]').first.tap()
        page.wait_for_url(f"**{clause.path}#{clause.fragment}")
        assert page.evaluate(f"!!document.getElementById('{clause.fragment}')")
    finally:
        server.shutdown()
        server.server_close()
    assert phone_context.external_requests == []
