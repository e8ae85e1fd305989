"""Links that never lose part of a question, and pages that know the year being collected (issue 11).

In Chromium, with the page's clock set (Playwright's page.clock) to days in and out of collection
seasons:
* every option of `python -m calculator quote` goes through a share link and back to the same
  JSON the command line prints; the link the page makes uses the command line's names, and the
  fragment takes both spellings (lapse-years / lapse_years);
* an unknown, misspelt, repeated or unreadable part of a fragment is named on the page and no
  answer is shown; the form stays usable;
* region and notice pages, and the calculator's year selector, follow the reader's clock;
* a notice page fetches the calculator's files ahead, after its own content, and not with
  Save-Data.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import pytest

from calculator.cli import quote_options, run
from validation.sources import load_policy_dir
from test_calculator_browser import BOOT_TIMEOUT, ask_by_fragment, choose_region, open_calculator, wait_answer, wait_ready
from test_calculator_offline import SAVE_DATA, sw_context  # noqa: F401

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DATA = load_policy_dir()


def at(page, day):
    """The page's clock reads `day` (10:00 in China), timers still running."""
    y, m, d = map(int, day.split("-"))
    page.clock.set_fixed_time(dt.datetime(y, m, d, 10, 0, tzinfo=SHANGHAI))


def cli_json(argv):
    code, out, err = run(list(argv) + ["--json"], data=DATA)
    assert code == 0, err
    return out


# Every option of `quote`, in a question that uses it, written the way a link might carry it
# (the underscore spelling where the command line has a dash, for half of them). Figures are
# checked against the command line, whose answers the scenario tables check against the notices.
ROUND_TRIPS = [
    ("region+year+on", "region=140521&year=2025&on=2024-10-10",
     ["quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10"]),
    ("category, twice", "region=411325&year=2025&on=2024-10-10&category=dibao&category=severe_disability",
     ["quote", "--region", "411325", "--year", "2025", "--on", "2024-10-10", "--category", "dibao", "--category", "severe_disability"]),
    ("tier", "region=512022&year=2025&on=2024-10-10&tier=high&category=dibao",
     ["quote", "--region", "512022", "--year", "2025", "--on", "2024-10-10", "--tier", "high", "--category", "dibao"]),
    ("population", "region=110105&year=2025&on=2025-01-10&population=student_child",
     ["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10", "--population", "student_child"]),
    ("situation+born+parent_insured", "region=411325&year=2025&on=2025-05-30&situation=newborn&born=2025-03-01&parent_insured=1",
     ["quote", "--region", "411325", "--year", "2025", "--on", "2025-05-30", "--situation", "newborn", "--born", "2025-03-01", "--parent-insured"]),
    ("parent-insured", "region=411325&year=2025&on=2025-05-30&situation=newborn&born=2025-03-01&parent-insured=1",
     ["quote", "--region", "411325", "--year", "2025", "--on", "2025-05-30", "--situation", "newborn", "--born", "2025-03-01", "--parent-insured"]),
    ("since", "region=430502&year=2025&on=2025-03-10&situation=employee_lapse&since=2025-03-01",
     ["quote", "--region", "430502", "--year", "2025", "--on", "2025-03-10", "--situation", "employee_lapse", "--since", "2025-03-01"]),
    ("lapse-years", "region=411325&year=2025&on=2025-03-15&lapse-years=2",
     ["quote", "--region", "411325", "--year", "2025", "--on", "2025-03-15", "--lapse-years", "2"]),
    ("lapse_years+repaid_years", "region=411325&year=2025&on=2025-03-15&lapse_years=5&repaid_years=5",
     ["quote", "--region", "411325", "--year", "2025", "--on", "2025-03-15", "--lapse-years", "5", "--repaid-years", "5"]),
    ("repaid-years", "region=411325&year=2025&on=2025-03-15&lapse-years=3&repaid-years=1",
     ["quote", "--region", "411325", "--year", "2025", "--on", "2025-03-15", "--lapse-years", "3", "--repaid-years", "1"]),
    ("no year", "region=140521&on=2026-12-01&category=dibao",
     ["quote", "--region", "140521", "--on", "2026-12-01", "--category", "dibao"]),
]


def ask_afresh(page, frag):
    """Ask by fragment even when `frag` is already in the address bar (setting the same hash
    again fires nothing): go through a plain anchor first."""
    page.evaluate("location.hash = 'tables'")
    return ask_by_fragment(page, frag)


def test_the_round_trips_cover_every_option_of_the_command_line():
    used = set()
    for _, _, argv in ROUND_TRIPS:
        used |= {a[2:] for a in argv if a.startswith("--")}
    assert used == set(quote_options())


def test_every_option_round_trips_through_a_share_link(returning_page, served_site):
    open_calculator(returning_page, served_site)
    wait_ready(returning_page)
    for name, frag, argv in ROUND_TRIPS:
        want = cli_json(argv)
        code, data_json, error = ask_afresh(returning_page, frag)
        assert code == 0 and data_json == want, f"{name}: {error}"
        link = returning_page.input_value("#calc-share-url")
        shared = urllib.parse.urlsplit(link).fragment
        keys = [k for k, _ in urllib.parse.parse_qsl(shared)]
        assert all("_" not in k for k in keys), f"{name}: the link uses the command line's names: {shared}"
        # the same question, back through the link the page made
        code, data_json, error = ask_afresh(returning_page, shared)
        assert code == 0 and data_json == want, f"{name}: the share link {shared} gave another answer ({error})"


def test_a_dash_in_a_link_is_read_not_dropped(returning_page, served_site):
    """The issue's example: 内乡, paid 2025-03-15 with 2 lapse years → cover from 2025-08-15
    (domain.md decision 5), not 2025-06-15 as if the lapse were not there."""
    open_calculator(returning_page, served_site, "region=411325&year=2025&on=2025-03-15&lapse-years=2")
    code, data_json, error = wait_answer(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 0, error
    assert json.loads(data_json)["benefit_start"] == "2025-08-15"
    assert returning_page.input_value("#f-lapse") == "2"


BAD_LINKS = [
    ("lapse-yaers=2", ["lapse-yaers"]),
    ("Region=140521", ["Region"]),
    ("year=2025&year=2024", ["year", "2025、2024"]),
    ("parent-insured=maybe", ["parent-insured", "maybe"]),
    ("born=", ["born"]),
    ("situation=newborn&born=2025-03-01&parentinsured=1", ["parentinsured"]),
]


@pytest.mark.parametrize("extra,words", BAD_LINKS, ids=[b for b, _ in BAD_LINKS])
def test_a_part_the_page_cannot_read_is_named_and_nothing_is_answered(returning_page, served_site, extra, words):
    frag = "region=411325&year=2025&on=2025-03-15&" + extra
    if extra.startswith(("Region", "year=")):
        frag = "on=2025-03-15&" + extra + ("&region=411325" if extra.startswith("year=") else "")
    open_calculator(returning_page, served_site, frag)
    code, data_json, error = wait_answer(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 2 and data_json is None, data_json
    assert returning_page.get_attribute("#quote", "data-state") == "refused"
    shown = returning_page.inner_text("#quote")
    for word in words:
        assert word in error and word in shown, (word, shown)
    assert returning_page.locator("#quote .calc-amount-number").count() == 0
    # the form still works: the reader fixes the question there
    wait_ready(returning_page)
    choose_region(returning_page, "411325")
    returning_page.select_option("#f-year", "2025")
    returning_page.select_option("#f-situation", "renewal")
    returning_page.fill("#f-on", "2024-10-10")
    returning_page.tap("#f-submit")
    returning_page.wait_for_selector("#quote[data-json]", state="attached", timeout=30_000)
    assert json.loads(returning_page.get_attribute("#quote", "data-json"))["personal_contribution"] == 400


# --------------------------------------------------------------------------- the reader's clock
def banner(page):
    box = page.locator("#year-banner")
    if box.count() == 0 or box.get_attribute("hidden") is not None:
        return None
    return box.inner_text()


PAGE_BANNERS = [
    # (reader's day, page, words the banner has, or None for no banner)
    ("2026-12-01", "notices/140521-2025/", ["正在征缴2027年度", "本站尚未收录沁水县2027年度的缴费通知", "下面是2025年度的规定"]),
    ("2026-12-01", "regions/140521/", ["正在征缴2027年度", "本站尚未收录沁水县2027年度", "下面是2025年度的规定"]),
    ("2026-12-01", "notices/512022-2025/", ["正在征缴2027年度", "乐至县"]),
    ("2024-10-10", "notices/140521-2025/", None),
    ("2024-10-10", "regions/140521/", None),
    ("2024-10-10", "notices/140500-2024/", ["正在征缴2025年度", "本站尚未收录晋城市2025年度"]),
    ("2025-02-28", "notices/140521-2025/", None),
    ("2025-09-01", "notices/140521-2025/", ["正在征缴2026年度", "下面是2025年度的规定"]),
    ("2023-10-10", "notices/140500-2024/", None),
    ("2023-10-10", "notices/140521-2025/", ["正在征缴2024年度", "本页是2025年度的规定"]),
    ("2023-10-10", "regions/140521/", ["正在征缴2024年度"]),
]


@pytest.mark.parametrize("day,path,words", PAGE_BANNERS, ids=[f"{d} {p}" for d, p, _ in PAGE_BANNERS])
def test_pages_know_the_year_being_collected_on_the_readers_clock(clocked_page, day, path, words):
    at(clocked_page, day)
    clocked_page.goto_site(path, wait_until="load")
    clocked_page.wait_for_selector("#year-banner[data-collecting]", state="attached", timeout=10_000)
    text = banner(clocked_page)
    if words is None:
        assert text is None, text
    else:
        assert text is not None, f"no banner on {path} on {day}"
        for word in words:
            assert word in text, (word, text)


def test_a_banner_links_the_year_being_collected_when_the_library_has_it(clocked_page):
    at(clocked_page, "2023-10-10")
    clocked_page.goto_site("notices/140521-2025/", wait_until="load")
    clocked_page.wait_for_selector("#year-banner:not([hidden]) a", timeout=10_000)
    clocked_page.click("#year-banner a")
    clocked_page.wait_for_url("**/notices/140500-2024/")
    assert banner(clocked_page) is None


def test_calculator_preselects_the_year_being_collected_and_says_when_it_is_missing(clocked_page, served_site):
    at(clocked_page, "2026-12-01")
    open_calculator(clocked_page, served_site)
    choose_region(clocked_page, "140521")
    assert clocked_page.input_value("#f-year") == "2025"  # 2027 is not in the library: the newest
    text = clocked_page.inner_text("#calc-year-banner")
    assert "正在征缴2027年度" in text and "下面按2025年度的规定计算" in text
    clocked_page.close()


def test_calculator_preselects_a_year_the_library_has(clocked_page, served_site):
    at(clocked_page, "2023-10-10")
    open_calculator(clocked_page, served_site)
    choose_region(clocked_page, "140521")
    assert clocked_page.input_value("#f-year") == "2024"  # 晋城's 2024 notice, being collected
    assert not clocked_page.is_visible("#calc-year-banner")
    clocked_page.select_option("#f-year", "2025")
    assert "你选的是2025年度" in clocked_page.inner_text("#calc-year-banner")


def test_a_link_without_a_year_or_a_day_is_about_today_on_the_readers_clock(clocked_page, served_site):
    at(clocked_page, "2026-12-01")
    open_calculator(clocked_page, served_site, "region=140521&category=dibao")
    code, data_json, error = wait_answer(clocked_page, timeout=BOOT_TIMEOUT)
    assert code == 0, error
    assert data_json == cli_json(["quote", "--region", "140521", "--on", "2026-12-01", "--category", "dibao"])
    answer = json.loads(data_json)
    assert (answer["year"], answer["collecting_year"], answer["current_notice"]) == (2025, 2027, False)
    assert clocked_page.input_value("#f-year") == "2025"
    assert "2027年度的缴费通知本站尚未收录" in clocked_page.inner_text("#quote")


# --------------------------------------------------------------------------- warm-up
def runtime_urls(site_dir):
    """What sw.js keeps in its runtime cache (the build writes the list into it)."""
    text = (site_dir / "sw.js").read_text(encoding="utf-8")
    block = text.split("const RUNTIME_URLS = ", 1)[1].split(";", 1)[0]
    return json.loads(block)


def test_a_notice_page_warms_the_calculator_which_then_works_offline(sw_context, served_site, built_site):
    page = sw_context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    loaded = []
    page.on("load", lambda: loaded.append(len(requests)))
    page.goto(served_site + "notices/140521-2025/", wait_until="load")
    page.wait_for_selector('html[data-warmed="asked"]', state="attached", timeout=15_000)
    before_load = requests[: loaded[0]]
    assert not [u for u in before_load if "/assets/pyodide/" in u or "python_stdlib" in u], "the runtime came before the page's own content"
    want = runtime_urls(built_site)
    for _ in range(300):
        have = page.evaluate("""async () => {
            const out = [];
            for (const name of await caches.keys()) {
              for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname + new URL(r.url).search);
            }
            return out;
        }""")
        missing = [u for u in want if "/" + u not in have]
        if not missing:
            break
        page.wait_for_timeout(200)
    assert not missing, missing
    # the resident goes offline and opens the calculator: it works from what the notice page warmed
    sw_context.set_offline(True)
    try:
        page.goto(served_site + "calculator/#region=140521&year=2025&category=dibao&on=2024-10-10",
                  wait_until="domcontentloaded")
        code, data_json, error = wait_answer(page, timeout=BOOT_TIMEOUT)
        assert code == 0, error
        assert json.loads(data_json)["personal_contribution"] == 80
    finally:
        sw_context.set_offline(False)


def test_with_save_data_a_notice_page_fetches_nothing_ahead(phone_context, served_site):
    phone_context.add_init_script(SAVE_DATA)
    page = phone_context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_site + "notices/140521-2025/", wait_until="load")
    page.wait_for_timeout(3500)  # past the warm-up's idle timeout
    assert page.get_attribute("html", "data-warmed") is None
    assert not [u for u in requests if "/assets/pyodide/" in u or "/assets/calculator/" in u or "sw.js" in u]
