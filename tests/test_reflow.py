"""Text reflows (WCAG 1.4.4 / 1.4.10): no page scrolls sideways at 180, 320 and 360 CSS pixels
with the browser's default font at 32 px (a reader who doubled the font size: 200% zoom on a
360 px phone is a 180 px wide layout). Tables may scroll inside their own box; the page may not."""

import pytest

WIDTHS = (180, 320, 360)
PAGES = ["", "notices/140521-2025/", "notices/430502-2025/", "regions/140521/", "compare/", "compare/140500/", "guide/"]
ANSWER = "calculator/#region=430502&year=2025&on=2025-01-20&category=dibao"


@pytest.fixture
def big_font_page(chromium_browser, served_site):
    context = chromium_browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 32}})
    page.base = served_site
    yield page
    context.close()


def overflow(page):
    """[(width, scrollWidth, the widest elements)] for each width where the page scrolls sideways."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.wait_for_timeout(100)
        got = page.evaluate("""() => {
            const root = document.scrollingElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
            return [root.scrollWidth, wide.slice(-6)];
        }""")
        if got:
            found.append((width, *got))
    return found


def test_the_default_font_is_really_32px(big_font_page):
    big_font_page.goto(big_font_page.base)
    # Material sets the root to 125% of the reader's default: 40 px when the default is 32 px
    assert big_font_page.evaluate("getComputedStyle(document.documentElement).fontSize") == "40px"


@pytest.mark.parametrize("path", PAGES)
def test_pages_do_not_scroll_sideways(big_font_page, path):
    big_font_page.goto(big_font_page.base + path, wait_until="load")
    found = overflow(big_font_page)
    assert found == [], found


def test_the_calculator_with_an_answer_does_not_scroll_sideways(big_font_page):
    from test_calculator_offline import personal

    big_font_page.goto(big_font_page.base + ANSWER)
    assert personal(big_font_page) == 870
    assert big_font_page.locator("#quote .calc-cite").count() > 0
    found = overflow(big_font_page)
    assert found == [], found
