"""axe-core (from the npm registry) on the built pages: no violations of any impact (minor and
moderate included), and headings that never skip a level."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

PAGES = ["", "notices/140521-2025/", "notices/411325-2025/", "notices/430502-2025/", "compare/", "compare/140500/",
         "guide/", "regions/140521/", "regions/140000/"]


@pytest.fixture(scope="module")
def _axe_tab(chromium_browser, served_site):
    # axe is injected as a script, which the site's CSP would (rightly) refuse: bypass it here only.
    # One tab for the module's pages: a new context and tab per page cost ~1.2 s of CPU
    # (bench/results/test-time.md), and each test opens its page afresh.
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                           bypass_csp=True)
    page = context.new_page()
    page.base = served_site
    yield page
    context.close()


@pytest.fixture
def axe_page(_axe_tab):
    """The module's tab, on a blank page (no page of the last test, no axe of its own yet)."""
    _axe_tab.goto("about:blank")
    return _axe_tab


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return result


@pytest.mark.parametrize("path", PAGES)
def test_no_violations_of_any_impact(axe_page, path):
    axe_page.goto(axe_page.base + path)
    axe_page.wait_for_load_state("networkidle")
    bad = run_axe(axe_page)
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_text_reflows_at_200_percent_zoom_on_a_360px_screen(chromium_browser, served_site):
    # 200% zoom on a 360px screen is a 180 CSS-pixel-wide layout viewport.
    context = chromium_browser.new_context(viewport={"width": 180, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(served_site + "notices/140521-2025/")
    overflow = page.evaluate("""() => [...document.querySelectorAll('.md-content p, .md-content li')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).length""")
    context.close()
    assert overflow == 0


def test_calculator_with_an_answer_has_no_violations_and_announces_it(axe_page):
    from test_calculator_browser import wait_answer

    axe_page.goto(axe_page.base + "calculator/#region=430502&year=2025&category=dibao&on=2025-03-15")
    code, _, _ = wait_answer(axe_page, timeout=120_000)
    assert code == 0
    assert axe_page.get_attribute("#quote", "aria-live") == "polite"
    bad = run_axe(axe_page)
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    unlabelled = axe_page.evaluate("""() => [...document.querySelectorAll('#calc-form input, #calc-form select')]
        .filter(e => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                     && !e.getAttribute('aria-labelledby')).map(e => e.id || e.name)""")
    assert unlabelled == []


def test_the_calculator_works_by_keyboard_alone(phone_page):
    from test_calculator_browser import wait_answer, wait_ready

    phone_page.goto_site("calculator/")
    wait_ready(phone_page)
    # the province, then a county with a notice, by arrow keys as a keyboard user would
    phone_page.focus("#f-province")
    for _ in range(40):
        if phone_page.input_value("#f-province") == "140000":
            break
        phone_page.keyboard.press("ArrowDown")
    phone_page.wait_for_selector("#calc:not([data-loading])", state="attached")
    phone_page.keyboard.press("Tab")
    assert phone_page.evaluate("document.activeElement.id") == "f-region"
    for _ in range(200):
        if phone_page.input_value("#f-region") in ("140500", "140502", "140521", "140522"):
            break
        phone_page.keyboard.press("ArrowDown")
    phone_page.wait_for_selector("#calc:not([data-loading])", state="attached")
    region = phone_page.input_value("#f-region")
    # Tab through the form to the button without touching the mouse, then press Enter.
    for _ in range(80):
        if phone_page.evaluate("document.activeElement.id") == "f-submit":
            break
        phone_page.keyboard.press("Tab")
    assert phone_page.evaluate("document.activeElement.id") == "f-submit"
    phone_page.keyboard.press("Enter")
    code, data_json, error = wait_answer(phone_page)
    assert code == 0, error
    assert json.loads(data_json)["region"] == region


@pytest.mark.parametrize("width", [390, 1280])
def test_the_open_search_with_results_has_no_violations(chromium_browser, served_site, width):
    """The header search opened, a query answered: axe finds nothing at all, of any impact, in the
    page and in the header and its search."""
    context = chromium_browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(served_site + "notices/140521-2025/")
        if width < 960:
            page.click('label[for="__search"]')  # the phone's magnifier
        page.fill("input.md-search__input", "特困")
        page.wait_for_function("() => document.querySelector('.md-search[data-site-search]').dataset.state === 'done'")
        page.wait_for_timeout(400)  # Material's opening transition
        assert not run_axe(page)
        found = page.evaluate("""async () => (await axe.run({include: [['.md-header']]}, {resultTypes: ['violations']}))
            .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        assert found == [], json.dumps(found, ensure_ascii=False, indent=1)
        assert page.locator(".md-header .md-search-result__item").count() > 0  # axe saw the results
        name = page.evaluate("""() => { const i = document.querySelector('input.md-search__input');
            return [i.getAttribute('aria-label'), document.querySelector('.md-search-result__meta').getAttribute('role')]; }""")
        assert name == ["搜索", "status"]  # named field; the count is announced
    finally:
        context.close()


HEADING = re.compile(r"<h([1-6])[\s>]")


def test_headings_never_skip_a_level(built_site):
    """h2 → h4 (axe's heading-order) on every notice page, region page and comparison page."""
    pages = [built_site / "index.html", built_site / "guide/index.html", *built_site.glob("notices/*/index.html"),
             *built_site.glob("compare/**/index.html"), *sorted(built_site.glob("regions/*/index.html"))[:200]]
    bad = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        levels = [int(n) for n in HEADING.findall(article)]
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if skips or not levels or levels[0] != 1:
            bad.append((page.relative_to(built_site).as_posix(), levels[:1], skips[:3]))
    assert bad == []
