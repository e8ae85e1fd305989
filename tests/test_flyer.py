"""The flyer of each notice, as built (no browser): every figure the notices state, each followed
by its clause label linked to that clause on the notice's page; no QR code and a visible note
when the build has no site address. The table is tests/scenarios/pages/flyers.yaml, written from the
notice texts. Printing and the QR code in Chromium: tests/test_flyer_browser.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from clause_links import clause_links, html_of, page, squash

TABLE = yaml.safe_load((Path(__file__).parent / "scenarios" / "pages" / "flyers.yaml").read_text(encoding="utf-8"))["flyers"]
# Without the site's address the flyer has no code and a neutral line; the builder is told at build
# time (sitebuild.qr.warning), never on the printed sheet (issue 19: the old red line
# "未设置网站地址，未生成二维码（构建时用 --site-url…）" was meant for the builder).
NO_QR_NOTE = "通知原文、逐条出处和缴费计算器在本站"
BUILDER_WORDS = ("site_url", "--site-url", "未设置网站地址", "构建")


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def flyer(site, case):
    url = f"notices/{case['notice']}/flyer/"
    return url, page(html_of(site, url)).xpath('//div[contains(@class, "flyer")][h1]')[0]


def assert_cited(site, url, root, text, clause, notice):
    """Some paragraph, list item or row holds `text` and a link, labelled `clause`, to that
    clause on the notice's page."""
    holders = [el for el in root.iter("p", "li", "tr") if squash(text) in squash(el.text_content())]
    assert holders, f"{url}: “{text}” is not on the flyer"
    for el in holders:
        links = clause_links(site, url, el)
        if (f"notices/{notice}/", clause) in links and any(a.text_content() == clause for a in el.iter("a")):
            return
    raise AssertionError(f"{url}: “{text}” is not followed by the clause {clause} of notices/{notice}/")


@pytest.mark.parametrize("case", TABLE, ids=[c["name"] for c in TABLE])
def test_the_flyer_prints_what_the_notice_says_each_figure_with_its_clause(site, case):
    url, root = flyer(site, case)
    nid = case["notice"]
    text = squash(root.text_content())
    assert squash(root.xpath(".//h1")[0].text_content()) == squash(case["heading"])
    assert squash(case["document_number"]) in text
    for name in case.get("covers", []):
        assert name in root.xpath('.//p[@class="flyer-source"]')[0].text_content()
    assert_cited(site, url, root, case["standard"]["text"], case["standard"]["clause"], nid)

    rows = root.xpath('.//div[contains(@class, "flyer-table")]//table')[0]
    header = [squash(th.text_content()) for th in rows.xpath(".//thead//th")]
    assert header[1:-1] == (case.get("tiers") or ["个人缴"]), header
    for want in case["groups"]:
        row = [tr for tr in rows.xpath(".//tbody/tr")
               if want["group"] in [span.text_content() for span in tr.xpath('./td[1]/span[@class="flyer-group"]')]]
        assert len(row) == 1, f"{url}: {want['group']} is in {len(row)} rows"
        cells = row[0].xpath("./td")
        assert [squash(td.text_content()) for td in cells[1:-1]] == want["pays"], want["group"]
        assert clause_links(site, url, cells[-1])[:1] == [(f"notices/{nid}/", want["clause"])], want["group"]

    window = case["window"]
    assert_cited(site, url, root, window["text"], window["clause"], nid)
    if "days" in window:
        assert_cited(site, url, root, window["days"] + "可缴费", window["clause"], nid)
    for key, silent in (("cover", "通知未规定何时开始享受待遇"), ("waiting", "待遇等待期：通知未规定")):
        if case[key] == "silent":
            assert silent in text, f"{url}: the notice is silent on {key}; the flyer must say so"
        else:
            assert_cited(site, url, root, case[key]["text"], case[key]["clause"], nid)
    if "cover_from_payment" in case:  # cover from the day paid for late payers (cover.from_payment)
        assert_cited(site, url, root, case["cover_from_payment"]["text"], case["cover_from_payment"]["clause"], nid)
    for way in case["payment"]:
        for channel in way["channels"]:
            assert_cited(site, url, root, channel, way["clause"], nid)


def test_every_notice_has_a_flyer_and_the_table_names_only_real_notices(site):
    """A new notice gets its flyer without an entry here (issue 23: adding a notice touches no
    test but its own scenario table); the table checks the figures of the notices it names."""
    from validation.sources import load_policy_dir

    ids = set(load_policy_dir(Path(__file__).parent.parent / "policy_data")["notices"])
    assert {c["notice"] for c in TABLE} <= ids
    for nid in ids:
        assert (site / "notices" / nid / "flyer" / "index.html").is_file(), nid


@pytest.mark.parametrize("nid", [c["notice"] for c in TABLE])
def test_the_notice_page_links_to_its_flyer(site, nid):
    links = page(html_of(site, f"notices/{nid}/")).xpath('//p[@class="flyer-link"]/a')
    assert [a.get("href") for a in links] == ["flyer/"] and "打印张贴版" in links[0].text_content()


@pytest.mark.skipif(bool(os.environ.get("SITE_URL")), reason="SITE_URL is set: this build has an address")
@pytest.mark.parametrize("nid", [c["notice"] for c in TABLE])
def test_without_a_site_address_the_flyer_has_no_code_and_no_word_for_the_builder(site, nid):
    url = f"notices/{nid}/flyer/"
    root = page(html_of(site, url))
    assert not root.xpath('//*[contains(@class, "flyer-qr")]') and not root.xpath('//*[@class="flyer"]//svg')
    notes = root.xpath('//p[@class="flyer-no-qr"]')
    assert len(notes) == 1 and NO_QR_NOTE in notes[0].text_content()
    flyer_text = root.xpath('//div[contains(@class, "flyer")][h1]')[0].text_content()
    assert not [w for w in BUILDER_WORDS if w in flyer_text], flyer_text


def test_the_builder_is_warned_at_build_time_without_a_site_address():
    from sitebuild import qr

    assert "--site-url" in qr.warning(None) and "二维码" in qr.warning(None)
    assert qr.warning("https://example.org/yibao/") is None
    build_py = (Path(__file__).parent.parent / "build.py").read_text(encoding="utf-8")
    assert "print(qr.warning(base_url), file=sys.stderr)" in build_py


@pytest.mark.parametrize("nid", [c["notice"] for c in TABLE])
def test_every_flyer_carries_the_year_banner_for_the_readers_clock(site, nid):
    """site.js fills it on the reader's clock when the notice is not for the year being collected."""
    import json

    banners = page(html_of(site, f"notices/{nid}/flyer/")).xpath('//div[@id="year-banner"]')
    assert len(banners) == 1
    info = json.loads(banners[0].get("data-banner"))
    assert info["shown"] == int(nid.split("-")[1]) and info["links"][str(info["shown"])] == "../"


def test_a_site_address_that_is_not_one_stops_the_build(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    proc = subprocess.run([sys.executable, str(root / "build.py"), "--site-url", "example.org/yibao",
                           "--site-dir", str(tmp_path / "site"), "--docs-dir", str(tmp_path / "docs")],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "site_url" in proc.stderr and "example.org/yibao" in proc.stderr, proc.stderr
    assert not (tmp_path / "site").exists()
