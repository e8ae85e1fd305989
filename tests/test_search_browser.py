"""The header search in Chromium at a phone's size, over the built site's real Pagefind index.

The terms and what each must find are the same as tests/test_site_browser.py's search test (every
notice whose clauses contain the term, at one of those clauses); here: that nothing of the index
is fetched before the reader searches, what one query costs on the wire, where the results lead,
the keyboard, the page's CSP, and that no text from the index is ever parsed as markup.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from test_site_browser import SEARCH_TERMS, search

pytestmark = pytest.mark.browser

# Pages a reader lands on; none may fetch the index before the search box is used.
PAGES = ["", "notices/140521-2025/", "regions/140521/", "calculator/", "compare/"]
INDEX_REQUEST = re.compile(r"/pagefind/|search_index\.json")
QUERY_BUDGET = 300_000  # bytes on the wire for one query, issue 10
RESULT_TAGS = {"LI", "A", "ARTICLE", "DIV", "H1", "H2", "P", "MARK", "DEL", "DETAILS", "SUMMARY", "BUTTON"}


def wait_done(page, timeout=30_000):
    page.wait_for_function(
        "() => ['done', 'failed'].includes(document.querySelector('.md-search[data-site-search]').dataset.state)",
        timeout=timeout)
    return page.get_attribute(".md-search[data-site-search]", "data-state")


@pytest.mark.parametrize("path", PAGES)
def test_no_page_fetches_the_index_until_the_search_is_opened(phone_page, path):
    phone_page.goto_site(path)
    phone_page.wait_for_load_state("networkidle")
    phone_page.mouse.wheel(0, 600)  # reading, scrolling: still nothing
    phone_page.wait_for_timeout(500)
    early = [u for u in phone_page.requests if INDEX_REQUEST.search(u)]
    assert early == [], f"{path or 'home'} fetched {early} before the search was used"
    phone_page.click('label[for="__search"]')  # the header's magnifier
    assert phone_page.evaluate("document.activeElement.classList.contains('md-search__input')")
    phone_page.wait_for_function("() => document.querySelector('.md-search[data-site-search]').dataset.state === 'ready'")
    loaded = [urllib.parse.urlsplit(u).path for u in phone_page.requests if INDEX_REQUEST.search(u)]
    assert any(p.endswith("/pagefind/pagefind.js") for p in loaded), loaded
    assert not any("/fragment/" in p or "/index/" in p for p in loaded), f"chunks before any query: {loaded}"


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_one_query_stays_within_its_budget_and_leads_to_anchors_that_exist(phone_page, built_site, term):
    phone_page.goto_site("notices/140521-2025/")
    phone_page.wait_for_load_state("networkidle")
    finished = []
    phone_page.on("requestfinished", lambda request: finished.append(request))
    count, hrefs = search(phone_page, term)
    phone_page.wait_for_load_state("networkidle")
    sizes = {r.url: r.sizes() for r in finished}
    on_wire = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes.values())
    fetched = [urllib.parse.urlsplit(u).path.split("/pagefind/")[-1] for u in sizes if "/pagefind/" in u]
    print(f"\nsearch {term}: {count} results, {len(sizes)} requests, {on_wire / 1000:.1f} KB on the wire: {sorted(fetched)}")
    assert on_wire <= QUERY_BUDGET, f"one query for {term} downloaded {on_wire} bytes"
    assert any(f.startswith("index/") for f in fetched) and any(f.startswith("fragment/") for f in fetched)
    assert hrefs and any("#c-" in h for h in hrefs)
    for href in hrefs:
        parts = urllib.parse.urlsplit(href)
        page = built_site / parts.path.lstrip("/") / "index.html"
        assert page.is_file(), f"{href}: no such page"
        if parts.fragment:
            assert f'id="{parts.fragment}"' in page.read_text(encoding="utf-8"), f"{href}: no such anchor"


def test_a_result_opens_its_clause(returning_page):
    returning_page.goto_site("")
    search(returning_page, "新生儿", all_results=True)  # 内乡's page may be past the first screen of results
    link = returning_page.locator('.md-search-result__list a[href*="/notices/411325-2025/#c-"]').first
    anchor = urllib.parse.urlsplit(link.get_attribute("href")).fragment
    link.tap()
    returning_page.wait_for_url(f"**/notices/411325-2025/#{anchor}")
    assert not returning_page.is_checked("#__search"), "the search stayed open over the page"
    top = returning_page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
    assert 0 <= top < 844, f"#{anchor} not scrolled into view (top={top})"
    assert "新生儿" in returning_page.evaluate(f"document.getElementById('{anchor}').parentElement.textContent")


def result_items(page):
    return page.eval_on_selector_all(".md-search-result__item", """els => els.filter(li => li.querySelector('a')).map(li => ({
        page: new URL(li.querySelector('a').href).pathname,
        missing: [...li.querySelectorAll('.md-search-result__terms del')].map(d => d.textContent),
        sections: [...li.querySelectorAll(':scope a ~ a, :scope details a')].map(a => ({
            anchor: new URL(a.href).hash.slice(1), text: a.textContent}))}))""")


def marks(page):
    return set(page.eval_on_selector_all(".md-search-result__list mark", "els => els.map(e => e.textContent)"))


def test_a_term_is_found_as_typed_in_every_section_shown(returning_page):
    """低保 is segmented 低 + 保; a result is a page where 低 is followed by 保, and its sections
    are those where 低保 is written (not 低档次 … 医保)."""
    returning_page.goto_site("")
    search(returning_page, "低保")
    items = result_items(returning_page)
    assert items and all(not i["missing"] and i["sections"] for i in items), items
    for i in items:
        assert all("低保" in s["text"] for s in i["sections"]), f"{i['page']}: a section without 低保: {i['sections']}"
    assert marks(returning_page) == {"低保"}  # the term as typed is marked, not 低 or 保 alone


def test_a_word_still_being_typed_finds_the_words_it_starts(returning_page):
    """低保对 ends inside a word (低保对象): no page has it as a phrase of whole words, so the words
    are searched, each as a prefix; pages that never write 低保对 come last, the term struck through."""
    returning_page.goto_site("")
    count, hrefs = search(returning_page, "低保对")
    items = result_items(returning_page)
    complete = [i for i in items if not i["missing"]]
    assert complete and items[:len(complete)] == complete, "a page without 低保对 ranks above one with it"
    assert all(i["missing"] == ["低保对"] and not i["sections"] for i in items[len(complete):])
    assert all("低保对象" in s["text"] for i in complete for s in i["sections"])
    # the pages that set the groups side by side (one per city) or the notices themselves
    assert any(i["page"].startswith(("/notices/", "/compare/")) for i in complete), [i["page"] for i in items]


@pytest.mark.parametrize("query, first_pages, anchor_from", [
    # a county's name: its own page, then its notice (the build's order: regions, notices, the rest)
    ("沁水", ["/regions/140521/", "/notices/140521-2025/"], None),
    # a county and a term: its notice, at the clause that holds the term
    ("沁水 低保", ["/notices/140521-2025/"], "c-2-3-"),
])
def test_a_county_name_finds_its_own_pages_first(returning_page, query, first_pages, anchor_from):
    returning_page.goto_site("guide/")
    search(returning_page, query)
    items = result_items(returning_page)
    assert [i["page"] for i in items[:len(first_pages)]] == first_pages, [i["page"] for i in items]
    if anchor_from:
        assert items[0]["sections"][0]["anchor"].startswith(anchor_from), items[0]["sections"]


@pytest.mark.parametrize("township, county_pages", [
    # 龙港镇 is the seat of 沁水县 (140521, whose notice the library holds) and a town of 阳新县
    # (420222, in 湖北, none yet): both counties are named, the reader picks theirs
    ("龙港镇", {"/regions/140521/", "/regions/420222/"}),
    # 町店镇 of 阳城县 (140522): a county with no notice in the library is found all the same
    ("町店镇", {"/regions/140522/"}),
])
def test_a_township_name_finds_the_county_it_belongs_to(returning_page, township, county_pages):
    """A resident who knows only their 乡镇 finds their county's page (issue 10)."""
    returning_page.goto_site("")
    search(returning_page, township)
    pages = [i["page"] for i in result_items(returning_page)]
    assert set(pages[:len(county_pages)]) == county_pages, pages


def test_typing_fast_shows_the_last_query_only(returning_page):
    returning_page.goto_site("")
    returning_page.click('label[for="__search"]')
    returning_page.keyboard.type("等待期", delay=40)  # each keystroke a query, answers may cross
    returning_page.keyboard.press("Backspace")
    returning_page.keyboard.type("期")
    assert wait_done(returning_page) == "done"
    assert marks(returning_page) == {"等待期"}


def test_pinyin_being_composed_is_not_searched(returning_page):
    """Chinese comes through an input method: the pinyin it composes (dibao) is not a query; the
    characters it gives at the end of the composition (低保) are."""
    returning_page.goto_site("")
    returning_page.click('label[for="__search"]')
    returning_page.evaluate("""() => {
        const input = document.querySelector('input.md-search__input');
        input.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        for (const typed of ['d', 'di', 'dib', 'diba', 'dibao']) {
            input.value = typed;
            input.dispatchEvent(new InputEvent('input', {data: typed, isComposing: true, inputType: 'insertCompositionText'}));
        }
    }""")
    returning_page.wait_for_timeout(500)
    assert returning_page.get_attribute(".md-search[data-site-search]", "data-state") in ("loading", "ready")
    returning_page.evaluate("""() => {
        const input = document.querySelector('input.md-search__input');
        input.value = '低保';
        input.dispatchEvent(new InputEvent('input', {data: '低保', isComposing: true, inputType: 'insertCompositionText'}));
        input.dispatchEvent(new CompositionEvent('compositionend', {data: '低保'}));
    }""")
    assert wait_done(returning_page) == "done"
    assert marks(returning_page) == {"低保"}


def test_the_search_works_by_keyboard_alone(returning_page):
    returning_page.goto_site("guide/")
    returning_page.wait_for_load_state("networkidle")
    returning_page.keyboard.press("/")  # as in Material: / (or s, f) opens the search
    assert returning_page.is_checked("#__search")
    assert returning_page.evaluate("document.activeElement.classList.contains('md-search__input')")
    returning_page.keyboard.type("特困")
    assert wait_done(returning_page) == "done"
    returning_page.keyboard.press("ArrowDown")
    first = returning_page.evaluate("document.activeElement.getAttribute('href')")
    assert first == returning_page.get_attribute(".md-search-result__list a", "href")
    returning_page.keyboard.press("ArrowDown")
    returning_page.keyboard.press("ArrowUp")
    assert returning_page.evaluate("document.activeElement.getAttribute('href')") == first
    returning_page.keyboard.press("Escape")
    assert not returning_page.is_checked("#__search")
    returning_page.keyboard.press("s")
    assert returning_page.is_checked("#__search")
    returning_page.keyboard.press("Enter")  # Enter in the field opens the first result
    returning_page.wait_for_url(re.compile(re.escape(urllib.parse.urljoin(returning_page.url, first).split("#")[0])))


def test_search_runs_under_the_csp_and_writes_no_markup_from_the_index(returning_page):
    returning_page.goto_site("notices/140521-2025/")
    search(returning_page, "特困")
    tags = set(returning_page.eval_on_selector_all(".md-search-result__list *", "els => els.map(e => e.tagName)"))
    assert tags <= RESULT_TAGS, tags - RESULT_TAGS
    violations = [m for m in returning_page.console_messages if "Content Security Policy" in m]
    assert violations == [] and returning_page.page_errors == [], violations + returning_page.page_errors
    # The excerpt builder takes text, never markup: what looks like a tag stays text.
    html = returning_page.evaluate("""async () => {
        const src = document.querySelector('script[src*="assets/search.js"]').src;
        const { marked } = await import(src);
        const p = document.createElement('p');
        marked(p, '<img src=x onerror="window.__pwned=1">低保 &amp; <mark>x</mark>', ['低保']);
        return [p.innerHTML, p.children.length, window.__pwned ?? null];
    }""")
    assert html == ['&lt;img src=x onerror="window.__pwned=1"&gt;<mark>低保</mark> &amp;amp; &lt;mark&gt;x&lt;/mark&gt;', 1, None]


def test_a_missing_index_is_said_plainly(phone_page):
    phone_page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    phone_page.goto_site("")
    phone_page.click('label[for="__search"]')
    phone_page.fill("input.md-search__input", "低保")
    assert wait_done(phone_page) == "failed"
    assert "搜索暂时用不了" in phone_page.inner_text(".md-search-result__meta")
    assert phone_page.page_errors == []


def test_the_search_box_is_where_material_puts_it(phone_page, chromium_browser, served_site):
    """In the header: a magnifier on a phone that opens a full-screen field; on a wide screen the
    field itself, in the header bar."""
    phone_page.goto_site("notices/140521-2025/")
    header = phone_page.locator(".md-header")
    button = header.locator('label.md-header__button[for="__search"]')
    inner = phone_page.locator(".md-search__inner")
    assert button.is_visible() and inner.bounding_box()["width"] == 0  # closed: just the magnifier
    button.tap()
    phone_page.wait_for_timeout(400)  # Material's opening transition
    box = inner.bounding_box()
    assert box["width"] >= 390 and box["height"] >= 800, box  # open: the whole screen
    wide = chromium_browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        wide.goto(served_site + "notices/140521-2025/")
        field = wide.locator(".md-header input.md-search__input")
        assert field.is_visible() and not wide.locator('label.md-header__button[for="__search"]').is_visible()
        field.click()
        field.fill("特困")
        wait_done(wide)
        assert wide.locator(".md-search-result__list a").first.is_visible()
    finally:
        wide.close()
