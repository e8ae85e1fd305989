"""The flyers in Chromium: each prints on exactly one A4 page, with and without a QR code; the QR
code, read by a real decoder (zxing-cpp) from a screenshot of the printed rendering, is the
notice page's address under the site's address; the site's header, navigation, footer and search
are not printed; nothing breaks the CSP. The site with an address is conftest.addressed_site
(built once per test run with SITE_URL set); the one without is the session's site/."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from conftest import ADDRESS as SITE_URL  # the address conftest.addressed_site is built for
from conftest import record_outside, shared_tab

ROOT = Path(__file__).resolve().parent.parent
NOTICES = sorted(p.stem for p in (ROOT / "policy_data").glob("[0-9]*-[0-9]*.yaml"))
# what surrounds the flyer on screen (the flyer page hides the navigation sidebar itself; the
# search box is in the header), and what else could be printed around it
ON_SCREEN = (".md-header", ".md-footer", ".flyer-back")
NOT_PRINTED = ON_SCREEN + (".md-tabs", ".md-sidebar", ".md-search", ".md-top")


@pytest.fixture(scope="module")
def addressed_base(addressed_site):
    """Base URL of the site built with an address (conftest.addressed_site: SITE_URL), served locally."""
    from tools.serve import serve_in_thread

    server, base = serve_in_thread(addressed_site, port=0)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def a4_context(chromium_browser):
    """One context for the module's prints, the size of an A4 sheet at 96 dpi, 2 device pixels per
    CSS pixel (a new context per print cost 0.15–0.24 s), listing requests to other hosts (which
    the browser cannot reach: conftest.NOWHERE). Not routed, so the HTTP cache keeps the site's
    styles and scripts from one flyer to the next. (The clock is the context's: a test that needs
    a day fixes it.)"""
    context = chromium_browser.new_context(viewport={"width": 794, "height": 1123}, device_scale_factor=2,
                                           locale="zh-CN")
    context.external_requests = []
    record_outside(context, context.external_requests)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="module")
def _a4_tab(a4_context):
    return {}


@pytest.fixture
def a4_page(a4_context, _a4_tab, request):
    """The module's one tab (conftest.shared_tab): a new tab per flyer cost ~0.65 s of CPU (a
    renderer started, the page set up), against ~0.4 s for the flyer's own load."""
    yield from shared_tab(a4_context, _a4_tab, request)


def open_flyer(page, base, nid):
    page.goto(f"{base}notices/{nid}/flyer/", wait_until="load")
    assert page.locator(".flyer h1").count() == 1


def printed_rendering(page):
    """The page as printed (print media), one pixel per CSS pixel: the QR code's 36 mm are ~136 px,
    3–4 px a module, which zxing reads; twice the pixels cost 0.2 s more to take and 0.1 s more to
    decode, for each of 62 flyers."""
    return Image.open(io.BytesIO(page.screenshot(full_page=True, scale="css")))


def printed_pdf_pages(page) -> tuple[int, tuple[float, float]]:
    """The flyer printed to PDF on A4: its number of pages and the first page's size in points."""
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4"))
    try:
        return len(pdf), pdf[0].get_size()
    finally:
        pdf.close()


def sheets_printed(page) -> int:
    """1 if the page prints on one A4 sheet, else 2 (two or more), without making the PDF: Chromium
    paginates, then refuses to print a second page that is not there ("Page range exceeds page
    count"). Making the whole PDF (embedding the subset of the CJK font) took 0.8-0.9 s of CPU per
    flyer, this 0.11-0.13 s; test_the_quick_sheet_count_agrees_with_the_printed_pdf holds it to the PDF."""
    from playwright.sync_api import Error

    try:
        page.pdf(format="A4", page_ranges="2")
    except Error as e:
        if "Page range exceeds page count" in str(e):
            return 1
        raise
    return 2


def assert_prints_on_one_a4_page(page, nid):
    assert sheets_printed(page) == 1, f"{nid}: the flyer prints on more than one A4 page"


def test_the_quick_sheet_count_agrees_with_the_printed_pdf(addressed_base, served_site, a4_page):
    """On both sites (with a QR code; without one, out of season, with the year banner): the PDF
    has one A4 page and sheets_printed says 1; made a sheet longer, the PDF has two pages or more and
    sheets_printed says 2."""
    import datetime as dt

    a4_page.clock.set_fixed_time(dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    for base in (addressed_base, served_site):
        open_flyer(a4_page, base, "140521-2025")
        count, (width, height) = printed_pdf_pages(a4_page)
        assert count == 1 and sheets_printed(a4_page) == 1, (base, count)
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, (width, height)  # A4 portrait, in points
        a4_page.evaluate("document.querySelector('.flyer').append(Object.assign(document.createElement('div'),"
                         " {style: 'height: 300mm'}))")
        assert printed_pdf_pages(a4_page)[0] >= 2 and sheets_printed(a4_page) == 2


# One page load per flyer and site: it prints on one A4 page, and its printed rendering carries the
# QR code (or says there is none). (These were two tests each, printing and reading the code.)
@pytest.mark.parametrize("nid", NOTICES)
def test_with_a_site_address_the_flyer_prints_on_one_a4_page_and_its_qr_code_is_the_notice_page_address(
        addressed_base, a4_page, nid):
    open_flyer(a4_page, addressed_base, nid)
    assert a4_page.locator(".flyer-qr svg").count() == 1
    assert_prints_on_one_a4_page(a4_page, nid)
    a4_page.emulate_media(media="print")
    shot = printed_rendering(a4_page)
    found = [code.text for code in zxingcpp.read_barcodes(shot) if code.format == zxingcpp.BarcodeFormat.QRCode]
    assert found == [f"{SITE_URL}notices/{nid}/"], found
    # the same path on the built site is the notice's page
    local = addressed_base + found[0].removeprefix(SITE_URL)
    with urllib.request.urlopen(local, timeout=30) as resp:
        assert resp.status == 200 and nid.encode() in resp.read()
    assert SITE_URL + f"notices/{nid}/" in a4_page.locator(".flyer-address").inner_text()


def test_printing_leaves_out_the_site_around_the_flyer_and_keeps_to_the_csp(addressed_base, a4_page):
    open_flyer(a4_page, addressed_base, "140521-2025")
    for selector in ON_SCREEN:
        assert a4_page.locator(selector).first.is_visible(), f"{selector} should show on screen"
    a4_page.emulate_media(media="print")
    for selector in NOT_PRINTED:
        assert not a4_page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert a4_page.locator(".flyer-qr svg").is_visible()
    refused = [m for m in a4_page.console_messages if "Content Security Policy" in m or "Refused" in m]
    assert refused == [] and not [m for m in a4_page.console_messages if m.startswith("error")], a4_page.console_messages


# One page load per flyer of the site without an address, on a day no notice is collecting for
# (these were two tests each: the flyer without a code, and the out-of-season banner it prints).
@pytest.mark.parametrize("nid", NOTICES)
def test_without_a_site_address_the_flyer_says_there_is_no_code_and_out_of_season_says_so_on_one_a4_page(
        served_site, a4_page, nid):
    """Without a site address the flyer has no QR code and says where to find the rest instead.
    On 2026-12-06 residents pay for 2027 and no notice of the library is for 2027: the printed
    flyer says so above its figures, and still prints on one page. In its own window it says nothing."""
    import datetime as dt

    china = dt.timezone(dt.timedelta(hours=8))
    a4_page.clock.set_fixed_time(dt.datetime(2026, 12, 6, 10, 0, tzinfo=china))
    open_flyer(a4_page, served_site, nid)
    assert a4_page.locator(".flyer-qr svg").count() == 0
    a4_page.emulate_media(media="print")
    banner = a4_page.locator(".flyer #year-banner")
    banner.wait_for(state="visible", timeout=15000)
    text = banner.inner_text()
    assert "正在征缴2027年度" in text and f"{nid.split('-')[1]}年度" in text, text
    assert_prints_on_one_a4_page(a4_page, nid)  # with the banner
    note = a4_page.locator(".flyer-no-qr")
    assert note.is_visible() and "通知原文、逐条出处和缴费计算器在本站" in note.inner_text()
    assert "site_url" not in a4_page.locator(".flyer").inner_text()
    assert a4_page.locator("svg.flyer-qr-code").count() == 0
    assert zxingcpp.read_barcodes(printed_rendering(a4_page)) == []


def test_a_flyer_printed_in_its_own_window_has_no_year_banner(served_site, a4_page):
    import datetime as dt

    china = dt.timezone(dt.timedelta(hours=8))
    a4_page.clock.set_fixed_time(dt.datetime(2024, 10, 10, 10, 0, tzinfo=china))
    open_flyer(a4_page, served_site, "411325-2025")
    a4_page.wait_for_load_state("networkidle", timeout=15000)
    assert a4_page.locator(".flyer #year-banner").is_hidden()
