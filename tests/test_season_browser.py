"""Out of season, in Chromium on a 390 px phone (issue 19): an answer not for the year being
collected opens with that fact and carries its year in the headline's own line; a year that is
over is shown as over; links carry `year` and `on` only when the person set them; a county with
no notice gets the calculator's message from the form, and no request for a file that does not
exist. Every answer is the command line's JSON byte for byte."""

from __future__ import annotations

import json
import urllib.parse

from test_calculator_browser import BOOT_TIMEOUT, choose_region, open_calculator, wait_answer, wait_ready
from test_links_and_years_browser import at, cli_json


def _answer_on(page, site, day, frag, box="quote"):
    """The page's answer (data-json) to the link `frag` with the page's clock on `day`."""
    at(page, day)
    open_calculator(page, site, frag)
    code, data_json, error = wait_answer(page, timeout=BOOT_TIMEOUT, box=box)
    assert code == 0, error
    return data_json


def _same_line(page, first, second):
    """Whether two elements share a line, measured at one moment (the page may be scrolling)."""
    return page.evaluate("""([a, b]) => {
        const r = document.querySelector(a).getBoundingClientRect(), s = document.querySelector(b).getBoundingClientRect();
        return r.top < s.bottom && s.top < r.bottom;
    }""", [first, second])


def test_an_answer_for_a_year_that_is_over_says_so_with_its_year_in_the_headline_line(clocked_page, served_site):
    data_json = _answer_on(clocked_page, served_site, "2026-12-06", "region=140521&category=dibao")
    assert data_json == cli_json(["quote", "--region", "140521", "--on", "2026-12-06", "--category", "dibao"])
    answer = json.loads(data_json)
    assert (answer["year"], answer["collecting_year"], answer["year_over"]) == (2025, 2027, True)
    assert clocked_page.viewport_size["width"] == 390
    # the answer opens with the fact: 2027's notice is not held, 2025 is over
    first = clocked_page.locator("#quote > :not(h2):not(.calc-asked)").first
    assert "calc-year-fact" in first.get_attribute("class")
    fact = first.inner_text()
    assert "2027年度的缴费通知本站尚未收录" in fact and "不能再为2025年度缴费" in fact, fact
    # the headline: "2025年度：个人缴费 80 元（仅供参考…）", the year on the same line as the figure
    headline = clocked_page.inner_text("#quote .calc-amount").replace("\u00a0", " ")
    assert headline.startswith("2025年度：个人缴费 80 元（仅供参考"), headline
    assert _same_line(clocked_page, "#quote .calc-amount-year", "#quote .calc-amount-number"), "the year is not on the figure's line"
    # the window line names its year; nothing is payable and no cover is computed
    assert "2025年度集中征缴期" in clocked_page.inner_text("#quote [data-key=collection_start]")
    assert "不能再为2025年度缴费" in clocked_page.inner_text("#quote [data-key=in_collection_window]")
    assert "2025年度已不能享受待遇" in clocked_page.inner_text("#quote")
    # the page's own link carries only what the link asked: no year, no day
    shared = urllib.parse.urlsplit(clocked_page.input_value("#calc-share-url")).fragment
    assert [k for k, _ in urllib.parse.parse_qsl(shared)] == ["region", "category"], shared


def test_an_answer_for_the_year_being_collected_has_no_year_fact(clocked_page, served_site):
    data_json = _answer_on(clocked_page, served_site, "2024-10-10", "region=140521&category=dibao")
    assert data_json == cli_json(["quote", "--region", "140521", "--on", "2024-10-10", "--category", "dibao"])
    assert clocked_page.locator("#quote .calc-year-fact").count() == 0
    assert clocked_page.locator("#quote .calc-amount-year").count() == 0
    assert clocked_page.inner_text("#quote .calc-amount-label") == "个人缴费"


def test_a_household_for_a_year_that_is_over_collects_nothing(clocked_page, served_site):
    """The 内乡 household of the issue, on 2026-12-06 by a link that set the year 2025: no one pays,
    no cover start, the year's figures only as reference; the table is the command line's JSON."""
    members = ["category:tekun", "category:ordinary", "situation:newborn;born:2025-01-05"]
    frag = "region=411325&year=2025&on=2026-12-06&" + "&".join(f"member={urllib.parse.quote(m)}" for m in members)
    data_json = _answer_on(clocked_page, served_site, "2026-12-06", frag, box="household")
    argv = ["household", "--region", "411325", "--year", "2025", "--on", "2026-12-06"]
    for m in members:
        argv += ["--member", m]
    assert data_json == cli_json(argv)
    h = json.loads(data_json)
    assert h["pay_now"]["members"] == [] and h["year_over"] == [1, 2, 3]
    text = clocked_page.inner_text("#household")
    assert "没有：2025年度已结束" in text and text.count("不能再为2025年度缴费") >= 3, text
    assert "2025年度个人缴费标准合计" in text


def test_a_household_with_no_year_answered_by_the_province_collects_nothing_while_cover_is_unknown(clocked_page, served_site):
    """The same household with no year on 2026-12-06: 河南's 2026 digest answers (四（二）: a waiting
    period of unstated length after paying outside the window), so no one is shown as paying, no
    cover start, and 特困人员's open help is a note, not an error."""
    members = ["category:tekun", "category:ordinary", "situation:newborn;born:2025-01-05"]
    frag = "region=411325&on=2026-12-06&" + "&".join(f"member={urllib.parse.quote(m)}" for m in members)
    data_json = _answer_on(clocked_page, served_site, "2026-12-06", frag, box="household")
    argv = ["household", "--region", "411325", "--on", "2026-12-06"]
    for m in members:
        argv += ["--member", m]
    assert data_json == cli_json(argv)
    h = json.loads(data_json)
    assert h["year"] == 2026 and h["pay_now"]["members"] == [] and h["cover_unknown"] == [1, 2, 3]
    text = clocked_page.inner_text("#household")
    assert text.count("等待期长度未写明") >= 3 and "原文摘录未包含此项" in text, text


def test_the_form_links_carry_year_and_day_only_when_the_person_set_them(clocked_page, served_site):
    at(clocked_page, "2024-10-10")
    open_calculator(clocked_page, served_site)
    wait_ready(clocked_page)
    choose_region(clocked_page, "411325")
    clocked_page.tap("#f-submit")
    code, data_json, error = wait_answer(clocked_page)
    assert code == 0, error
    shared = urllib.parse.urlsplit(clocked_page.input_value("#calc-share-url")).fragment
    assert [k for k, _ in urllib.parse.parse_qsl(shared)] == ["region"], shared
    # the person sets the year and the day: both go into the link
    clocked_page.evaluate("document.getElementById('quote').removeAttribute('data-exit-code')")
    clocked_page.select_option("#f-year", "2025")
    clocked_page.fill("#f-on", "2024-11-02")
    clocked_page.dispatch_event("#f-on", "change")
    clocked_page.tap("#f-submit")
    code, data_json, error = wait_answer(clocked_page)
    assert code == 0, error
    shared = urllib.parse.urlsplit(clocked_page.input_value("#calc-share-url")).fragment
    assert dict(urllib.parse.parse_qsl(shared)) == {"region": "411325", "year": "2025", "on": "2024-11-02"}, shared


def test_a_county_without_a_notice_gets_the_right_message_and_no_missing_file_is_asked_for(phone_page, served_site):
    responses = []
    phone_page.on("response", lambda r: responses.append((r.status, r.url)))
    open_calculator(phone_page, served_site)
    wait_ready(phone_page)
    choose_region(phone_page, "140105")  # 太原市小店区: the library has no notice for it
    phone_page.tap("#f-submit")
    code, data_json, error = wait_answer(phone_page)
    assert code == 2 and data_json is None
    assert "本站尚未收录本地的城乡居民医保缴费通知" in error and "请选择参保年度" not in phone_page.inner_text("#calc")
    assert not [u for s, u in responses if s == 404], responses
    assert not [u for u in phone_page.requests if "/data/r/140105" in u]
