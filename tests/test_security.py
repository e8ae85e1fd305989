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
