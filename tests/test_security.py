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


# -- the header form: made by the build from the pages, sent by tools/serve.py -------------------
def directives(policy):
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def site_headers(built_site):
    from tools.serve import read_headers_file

    return read_headers_file((built_site / "_headers").read_text(encoding="utf-8"))


def test_the_header_policy_is_the_meta_policy_with_every_pages_hashes_and_no_framing(built_site):
    headers = site_headers(built_site)
    header = directives(headers["Content-Security-Policy"])
    assert header.pop("frame-ancestors") == ["'none'"]
    assert "'unsafe-inline'" not in sum(header.values(), [])
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    header_hashes = {s for s in header["script-src"] if s.startswith("'sha256-")}
    seen = set()
    for page in built_site.rglob("*.html"):
        meta = directives(CSP.search(page.read_text(encoding="utf-8")).group(1))
        hashes = {s for s in meta["script-src"] if s.startswith("'sha256-")}
        assert hashes <= header_hashes, page
        seen |= hashes
        meta["script-src"] = [s for s in meta["script-src"] if s not in hashes]
        assert meta == {**header, "script-src": [s for s in header["script-src"] if s not in header_hashes]}, page
    assert seen == header_hashes  # no hash of a script that no page has


def test_hosting_md_takes_the_header_policy_from_the_build():
    text = (ROOT / "HOSTING.md").read_text(encoding="utf-8")
    assert "'unsafe-inline'" not in text
    assert "site/_headers" in text
    # no hand-written copy of the policy that could drift from the pages
    assert not re.search(r"default-src 'self'; script-src", text)


@pytest.mark.parametrize("path", ["", "notices/140521-2025/", "calculator/", "sw.js", "assets/calculator/worker.js",
                                  "pagefind/pagefind-worker.js", "assets/pyodide/314.0.7/pyodide.mjs", "no-such-page/"])
def test_the_server_sends_the_sites_headers_on_pages_and_workers(served_site, built_site, path):
    import urllib.error
    import urllib.request

    try:
        response = urllib.request.urlopen(served_site + path)
    except urllib.error.HTTPError as e:  # the 404 too
        response = e
    for name, value in site_headers(built_site).items():
        assert response.headers[name] == value, (path, name)


def test_the_calculator_and_the_search_run_under_the_header_policy(phone_page, served_site):
    """The Pyodide worker and the Pagefind worker each get the policy from their own response."""
    from test_calculator_browser import open_calculator, wait_answer
    from test_site_browser import search

    worker_policies = {}
    phone_page.on("response", lambda r: worker_policies.update(
        {r.url.split("?")[0].rsplit("/", 1)[-1]: r.headers.get("content-security-policy")})
        if "worker" in r.url else None)
    open_calculator(phone_page, served_site, "region=430502&year=2025&on=2025-01-20&category=dibao")
    code, data_json, error = wait_answer(phone_page)
    assert code == 0 and '"personal_contribution": 870' in data_json, error
    phone_page.goto_site("notices/140521-2025/")
    search(phone_page, "特困")
    assert phone_page.locator(".md-search-result__item").count() > 0
    assert "'wasm-unsafe-eval'" in (worker_policies.get("worker.js") or "")
    assert "'wasm-unsafe-eval'" in (worker_policies.get("pagefind-worker.js") or "")
    violations = [m for m in phone_page.console_messages if "Content Security Policy" in m]
    assert violations == [] and phone_page.page_errors == [], violations + phone_page.page_errors
