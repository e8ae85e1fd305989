"""Issue 23 on the built site: a site built from policy_data/ plus the test-only province and
city notices (tests/levels/policy/), read as HTML and in Debian's Chromium.

* a notice page says where its text came from (kind, outlet, address, read date, excerpt and where
  it ends) and labels a digest 本站摘要，非通知原文, with each clause's place in the source page;
* a county page lists every notice that covers it; a province page counts counties with figures;
* the calculator page answers a question the excerpt does not reach with 原文摘录未包含此项 and the
  address, byte for byte what the command line answers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from calculator.cli import run
from clause_links import html_of, page, squash
from conftest import run_build_py
from levels_fixture import levels_policy, levels_policy_dir  # noqa: F401
from test_calculator_browser import BOOT_TIMEOUT, open_calculator, text_of, wait_answer, wait_ready

EXCERPT_URL = "https://example.org/test/510000-2025.html"


@pytest.fixture(scope="module")
def levels_site(levels_policy_dir, tmp_path_factory, site_build):
    """Built once per module (LEVELS_SITE_DIR: a site already built from the same data, for development).
    After the session's site/, with the build's own page cache: the pages the test notices do not
    touch (all but a few hundred of 3,400) come from the cache that build filled (cold: minutes)."""
    if os.environ.get("LEVELS_SITE_DIR"):
        return Path(os.environ["LEVELS_SITE_DIR"])
    out = tmp_path_factory.mktemp("levels-site")
    run_build_py("--policy-dir", str(levels_policy_dir), "--site-dir", str(out / "site"), "--docs-dir", str(out / "docs"),
                 timeout=1500)
    return out / "site"


def read(site, url_path):
    return html_of(site, url_path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def levels_url(levels_site):
    from tools.serve import serve_in_thread

    server, base = serve_in_thread(levels_site, port=0)
    yield base
    server.shutdown()
    server.server_close()


def test_a_digest_page_says_where_its_text_came_from_and_that_it_is_ours(levels_site):
    root = page(html_of(levels_site, "notices/510000-2025/"))
    meta = squash(root.xpath('//div[contains(@class, "notice-meta")]')[0].text_content())
    for words in ("发文机关网站发布的通知页面", "测试用虚构网站", EXCERPT_URL, "摘录：所存文字止于“参保缴费时间”一段",
                  "2026年12月6日收录", "本站摘要，非通知原文", "所存文字未载文号"):
        assert squash(words) in meta, words
    assert root.xpath(f'//div[contains(@class, "notice-meta")]//a[@href="{EXCERPT_URL}"]')
    assert squash("本站摘要（非通知原文）") in squash(root.xpath('//h2[@id="text"]')[0].text_content())
    places = [squash(p.text_content()) for p in root.xpath('//p[@class="source-at"]')]
    assert places == [squash("原页面位置：" + w) for w in ("页面标题", "正文第一段", "正文第二段", "正文第三段")], places
    # a clause anchor works on a digest as on a full text
    assert root.xpath('//h3[@id="c-2"]')
    facts = squash(root.xpath('//div[contains(@class, "key-facts")]')[0].text_content())
    assert squash("待遇等待期：原文摘录未包含此项") in facts and "通知未规定" not in facts, facts
    flyer = squash(page(html_of(levels_site, "notices/510000-2025/flyer/")).text_content())
    assert "通知未规定" not in flyer and squash("原文摘录未包含此项") in flyer
    delegated = squash(root.xpath('//p[@class="groups-delegated"]')[0].text_content())
    assert squash("困难群众个人缴费的资助标准由各市（州）、县（市、区）确定") in delegated


def test_a_report_page_names_the_report_and_its_cross_check(levels_site):
    meta = squash(page(html_of(levels_site, "notices/512000-2025/")).xpath('//div[contains(@class, "notice-meta")]')[0].text_content())
    for words in ("新闻报道（数字来自报道，非通知原文）", "测试用虚构日报", "全文", "已与第二来源核对：测试用虚构电视台", "一致"):
        assert squash(words) in meta, words


def test_a_seed_notice_page_says_it_is_the_official_file_whole(levels_site):
    meta = squash(page(html_of(levels_site, "notices/140521-2025/")).xpath('//div[contains(@class, "notice-meta")]')[0].text_content())
    assert squash("本站所存文字的来源：发文机关印发的通知文件；全文；2026年11月25日收录") in meta, meta


def test_a_county_page_lists_every_notice_that_covers_it(levels_site):
    html = read(levels_site, "regions/512022/")
    assert "../../notices/512022-2025/" in html
    assert "../../notices/512000-2025/" in html and "../../notices/510000-2025/" in html
    # 乐至's notice page says which parts the province states for it, and links there
    notice = read(levels_site, "notices/512022-2025/")
    text = squash(page(html_of(levels_site, "notices/512022-2025/")).text_content())
    assert squash("本通知未写明的待遇享受期：按覆盖本地的四川省 2025年度省级通知") in text, text
    assert "../510000-2025/#c-2" in notice


def test_a_county_covered_only_by_its_province_has_figures(levels_site):
    html = read(levels_site, "regions/510104/")
    assert "../../notices/510000-2025/" in html and "本站尚未收录本地的缴费通知" not in html


def test_coverage_on_the_province_page_and_the_home_page_matches_the_command_line(levels_site, levels_policy):
    code, out, err = run(["regions", "--coverage", "--json"], data=levels_policy)
    assert code == 0, err
    cov = json.loads(out)
    sichuan = next(p for p in cov["provinces"] if p["code"] == "510000")
    assert sichuan["by_year"]["2025"] == sichuan["total"]  # the province notice covers every county
    shanxi = next(p for p in cov["provinces"] if p["code"] == "140000")
    assert shanxi["by_year"]["2024"] == 6 and shanxi["by_year"]["2025"] == 1  # 晋城's six; 沁水
    table = squash(page(html_of(levels_site, "regions/510000/")).xpath('//div[@class="coverage-table"]')[0].text_content())
    assert squash(f"2025年度{sichuan['by_year']['2025']}/{sichuan['total']}") in table, table
    shanxi_page = page(html_of(levels_site, "regions/140000/"))
    uncovered = shanxi_page.xpath('//details[@class="uncovered"]//a')
    assert len(uncovered) == len(shanxi["without"]) and "140521" not in [a.get("href") for a in uncovered]
    home = squash(page(html_of(levels_site, "")).xpath('//div[@class="coverage-table"]')[0].text_content())
    assert squash(f"2025年度{cov['by_year']['2025']}/{cov['total']}") in home, home
    assert squash(f"2024年度{cov['by_year']['2024']}/{cov['total']}") in home, home


def test_the_calculator_page_says_what_the_excerpt_does_not_reach(phone_page, levels_url, levels_policy):
    question = "region=510104&year=2025&on=2025-04-10&lapse-years=2"
    open_calculator(phone_page, levels_url, question)
    wait_ready(phone_page, timeout=BOOT_TIMEOUT)
    code, got, _err = wait_answer(phone_page)
    assert code == 0
    _c, want, _e = run(["quote", "--region", "510104", "--year", "2025", "--on", "2025-04-10", "--lapse-years", "2", "--json"],
                       data=levels_policy)
    assert got == want
    shown = text_of(phone_page, "#quote")
    assert "原文摘录未包含此项" in shown and EXCERPT_URL in shown, shown
    assert "通知未规定" not in shown, shown
    # three levels in one answer: 安岳's standard from the province, its window and help from the city
    phone_page.evaluate("(f) => { location.hash = f; }", "region=512021&year=2025&on=2024-10-10&category=dibao")
    phone_page.wait_for_selector('#quote[data-json*="512000-2025"][data-json*="dibao"]', state="attached", timeout=60_000)
    got = phone_page.get_attribute("#quote", "data-json")
    _c, want, _e = run(["quote", "--region", "512021", "--year", "2025", "--on", "2024-10-10", "--category", "dibao", "--json"],
                       data=levels_policy)
    assert json.loads(got) == json.loads(want)
    assert "来自测试用虚构日报的报道" in text_of(phone_page, "#quote")


def test_the_calculator_table_shown_before_python_says_what_the_excerpt_does_not_reach(phone_page, levels_url):
    """The notice's table the page shows from its data file while Python loads (or when it cannot):
    四川's excerpt stops before the waiting rule, so the table says 原文摘录未包含此项 with the
    address as a marked source link, and names the issuer where the original has no 文号."""
    phone_page.context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="not found"))
    open_calculator(phone_page, levels_url, "region=510104&year=2025&on=2024-10-10")
    table = '.calc-static-notice[data-notice="510000-2025"]'
    phone_page.wait_for_selector(table, state="visible", timeout=60_000)
    shown = text_of(phone_page, table)
    assert "（四川省医疗保障局（测试用）（所存文字未载文号））" in shown, shown
    assert squash("待遇等待期：原文摘录未包含此项（原页面见") in squash(shown) and EXCERPT_URL in shown, shown
    assert "通知未规定" not in shown and "null" not in shown, shown
    link = phone_page.locator(f'{table} a.source-link')
    assert link.first.get_attribute("href") == EXCERPT_URL
    assert set(link.first.get_attribute("rel").split()) == {"external", "noopener", "noreferrer"}
