"""The site's Content-Security-Policy: only its own scripts (plus Pyodide's wasm) may run."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_page_carries_the_policy_before_any_script(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        match = CSP.search(html)
        assert match, f"{page} has no CSP meta"
        assert match.start() < html.find("<script"), f"{page}: CSP must come before the first script"
        policy = match.group(1)
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy
        assert "object-src 'none'" in policy and "default-src 'self'" in policy
        assert not re.search(r"\son[a-z]+=", html), f"{page} has an inline event handler"
        assert 'style="' not in html, f"{page} has an inline style attribute the policy would refuse"


@pytest.mark.parametrize("path", ["", "notices/140521-2025/", "compare/", "guide/"])
def test_pages_run_under_the_policy_without_violations(phone_page, path):
    phone_page.goto_site(path)
    phone_page.wait_for_load_state("networkidle")
    violations = [m for m in phone_page.console_messages if "Content Security Policy" in m]
    assert not violations, violations
    assert not phone_page.page_errors, phone_page.page_errors
    # The theme's own script ran (it sets up the search dialog and the header).
    assert phone_page.evaluate("typeof __md_get") == "function"


def test_injected_markup_cannot_run_script(phone_page):
    phone_page.goto_site("notices/140521-2025/")
    phone_page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__pwned = 1">');
        const s = document.createElement('script'); s.textContent = 'window.__pwned2 = 1';
        document.body.appendChild(s);
    }""")
    phone_page.wait_for_timeout(300)
    assert phone_page.evaluate("[window.__pwned, window.__pwned2]") == [None, None]
    assert any("Content Security Policy" in m for m in phone_page.console_messages)


# -- the calculator once loaded: nothing leaves the phone ---------------------------------
def test_with_the_network_cut_the_calculator_still_answers_and_sends_nothing(phone_page, served_site):
    from test_calculator_browser import ask_by_fragment, open_calculator, wait_answer, wait_ready

    open_calculator(phone_page, served_site, "region=140521&year=2025&category=dibao&on=2024-10-10")
    wait_ready(phone_page)
    code, data_json, _ = wait_answer(phone_page)
    assert code == 0 and '"personal_contribution": 80' in data_json
    # online, one question about each region: the page loads those regions' data (public files of
    # the site; what the resident enters is never in a request)
    for frag in ("region=411325&year=2025&on=2024-10-10", "region=430502&year=2025&on=2024-10-10",
                 "region=512022&year=2025&on=2024-10-10"):
        assert ask_by_fragment(phone_page, frag)[0] == 0
    phone_page.context.set_offline(True)
    sent = []
    phone_page.on("request", lambda r: sent.append(r.url))
    phone_page.context.on("request", lambda r: sent.append(r.url))  # the worker's too
    for frag, amount in (("region=411325&year=2025&category=tekun&on=2024-10-10", 0),
                         ("region=430502&year=2025&on=2025-03-15", 1070),
                         ("region=512022&year=2025&tier=high&category=dibao&on=2024-10-10", 240),
                         ("region=140521&year=2025&category=tekun&on=2024-11-10", 0)):
        code, data_json, error = ask_by_fragment(phone_page, frag)
        assert code == 0, error
        assert f'"personal_contribution": {amount},' in data_json
    # Chromium itself asks for the tab's favicon again on each same-page navigation; that is the
    # browser chrome, not the page or its worker, and carries nothing the resident entered.
    assert [u for u in sent if not u.endswith("/assets/images/favicon.png")] == [], sent
