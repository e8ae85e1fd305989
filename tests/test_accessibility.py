"""axe-core (from the npm registry) on the built pages: no serious or critical violations."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

PAGES = ["", "notices/140521-2025/", "notices/411325-2025/", "compare/", "guide/", "regions/140521/"]


@pytest.fixture
def axe_page(chromium_browser, served_site):
    # axe is injected as a script, which the site's CSP would (rightly) refuse: bypass it here only.
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                           bypass_csp=True)
    page = context.new_page()
    page.base = served_site
    yield page
    context.close()


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(axe_page, path):
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
