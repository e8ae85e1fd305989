"""Households on the calculator page, in Debian's Chromium (issue 13, the browser half).

* every household scenario table (tests/scenarios/households/*.yaml) through the page's fragment:
  #household[data-json] is byte for byte what `python -m calculator household … --json` prints,
  and a refused household shows the command line's message;
* members added and removed by touch give the command line's answer, and the share link the page
  makes gives it again (tests/household_page.yaml: by_touch);
* more than 20 members, a bad member or a part of the link the page cannot read: one plain message,
  no table (bad_links);
* the table reflows at 320 px with nothing wider than the screen, has no axe violations, and prints
  on one A4 sheet (print).

The page runs under its own Content-Security-Policy here (only axe's page bypasses it).
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from pathlib import Path

import pypdfium2
import pytest
import yaml

from calculator.browser import household_answer
from calculator.cli import run
from calculator.members import MAX_MEMBERS
from validation.sources import load_policy_dir
from scenario_table import _Loader
from household_table import argv_for_household, load_households, member_text, params_for_household
from test_calculator_browser import (BOOT_TIMEOUT, ask_all_by_fragment, choose_region, fragment, open_calculator, plain_error,
                                     wait_answer, wait_ready)

ANSWER_TIMEOUT = 30_000
DATA = load_policy_dir()
PAGE = yaml.load((Path(__file__).parent / "household_page.yaml").read_text(encoding="utf-8"), Loader=_Loader)
HOUSEHOLDS = load_households()
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def wait_household(page, timeout=ANSWER_TIMEOUT):
    """Wait for the household last asked; return (exit code, data-json, data-error)."""
    return wait_answer(page, timeout, box="household")


def ask_household(page, frag):
    """Ask by fragment, even when `frag` is already in the address bar (a plain anchor first)."""
    page.evaluate("""(frag) => {
        const box = document.getElementById('household');
        for (const a of ['data-exit-code', 'data-json', 'data-error']) box.removeAttribute(a);
        location.hash = 'tables';
        location.hash = frag;
    }""", frag)
    return wait_household(page)


def cli(argv):
    return run(list(argv), data=DATA)


def no_csp_errors(page):
    blocked = [m for m in page.console_messages if "Content Security Policy" in m]
    assert not blocked, blocked


# --------------------------------------------------------------------------- the contract
def test_every_household_table_gives_the_command_line_json(returning_page, served_site):
    """All household scenario rows in one page load: same JSON byte for byte, same messages."""
    open_calculator(returning_page, served_site)
    wait_ready(returning_page)
    # "today" could differ between this process and the browser at midnight: only dated rows
    cases = [(stem, case) for stem, case in HOUSEHOLDS if "on" in case["input"]]
    answers = ask_all_by_fragment(returning_page, [fragment(params_for_household(case["input"])) for _, case in cases],
                                  "household", anchor_first=True, rows="table.hh-table tbody tr")
    ran = len(answers)
    timings = [a["seconds"] for a in answers]
    computed = [int(a["ms"] or 0) for a in answers]
    failures = []
    for (stem, case), answer in zip(cases, answers, strict=True):
        inputs = case["input"]
        code, data_json, error = answer["code"], answer["json"], answer["error"]
        want_code, want_out, want_err = cli(argv_for_household(inputs))
        if want_code != 0:
            # a message quotes the member as written: the link's spelling (tier:high) this time
            linked = {**inputs, "members": [member_text(m, ";", ":") for m in inputs["members"]]}
            want_code, want_out, want_err = cli(argv_for_household(linked))
        name = f"{stem}: {case['name']}"
        if code != want_code:
            failures.append(f"{name}: exit {code} != {want_code} ({error})")
        elif code == 0 and data_json != want_out:
            failures.append(f"{name}: data-json differs from the command line")
        elif code == 0 and answer["rows"] != len(inputs["members"]):
            failures.append(f"{name}: the table does not have one row per member")
        elif code != 0 and error != plain_error(want_err):
            failures.append(f"{name}: message {error!r} != {plain_error(want_err)!r}")
    assert not failures, "\n".join(failures)
    assert ran >= 40, f"only {ran} household rows ran"
    no_csp_errors(returning_page)
    print(f"\n[household] {ran} household rows through the fragment, {1000 * sum(timings) / ran:.0f} ms per answer "
          f"on the page (max {1000 * max(timings):.0f} ms), {sum(computed) / ran:.0f} ms in Python (max {max(computed)} ms)")


def test_every_figure_in_the_table_cites_its_clause(returning_page, served_site):
    frag = PAGE["print"][1]["fragment"]
    open_calculator(returning_page, served_site, frag)
    code, data_json, error = wait_household(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 0, error
    answer = json.loads(data_json)
    rows = returning_page.locator("#household table.hh-table tbody tr")
    assert rows.count() == answer["member_count"] == 5
    for i, member in enumerate(answer["members"]):
        row = rows.nth(i)
        assert row.locator("th[scope=row]").inner_text().startswith(f"第{i + 1}位")
        for key, column in (("personal_contribution", 2), ("subsidy", 3), ("benefit_start", 6)):
            if member[key] is not None and member["citations"].get(key):
                hrefs = row.locator(f"td:nth-child({column}) a.calc-cite").evaluate_all("els => els.map(e => e.getAttribute('href'))")
                want = [f"../notices/{c['notice']}/#{c['anchor']}" for c in member["citations"][key]]
                assert hrefs == want, (i + 1, key)
    assert returning_page.locator("#household thead th[scope=col]").count() == 6
    total = returning_page.locator('#household [data-key="total_personal_contribution"] a.calc-cite').count()
    assert total == len(answer["citations"].get("total_personal_contribution", []))


def test_a_figure_the_notice_leaves_open_leaves_the_total_open_and_says_whose(returning_page, served_site):
    open_calculator(returning_page, served_site, PAGE["print"][0]["fragment"])
    code, data_json, error = wait_household(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 0, error
    answer = json.loads(data_json)
    assert answer["total_personal_contribution"] is None
    total = returning_page.inner_text('#household [data-key="total_personal_contribution"]')
    assert "无法算出" in total and "第2位（重点优抚对象）" in total
    assert "第2位（重点优抚对象）" in answer["notes"][0] and answer["notes"][0] in returning_page.inner_text("#household .calc-notes")


# --------------------------------------------------------------------------- by touch, and back by link
def fill_member(page, box, member):
    for category in member.get("category", []):
        box.locator(f'[data-part="category"] input[value="{category}"]').check()
    if member.get("tier"):
        box.locator(f'[data-part="tier"] input[value="{member["tier"]}"]').check()
    if member.get("situation"):
        box.locator('[data-part="situation"]').select_option(member["situation"])
    if member.get("born"):
        box.locator('[data-part="born"]').fill(str(member["born"]))
    if member.get("parent_insured"):
        box.locator('[data-part="parent-insured"]').check()


@pytest.mark.parametrize("case", PAGE["by_touch"], ids=[c["name"] for c in PAGE["by_touch"]])
def test_members_added_and_removed_by_touch_and_the_share_link_agree_with_the_command_line(returning_page, served_site, case):
    open_calculator(returning_page, served_site)
    wait_ready(returning_page)
    choose_region(returning_page, case["region"])
    returning_page.select_option("#f-year", str(case["year"]))
    returning_page.fill("#f-on", str(case["on"]))
    returning_page.tap('label[for="f-mode-household"]')
    cards = returning_page.locator("#hh-members .hh-member")
    assert cards.count() == 1 and returning_page.is_hidden("#f-person")
    for i, member in enumerate(case["members"]):
        if i:
            returning_page.tap("#hh-add")
        assert cards.count() == i + 1
        assert cards.nth(i).locator("legend").first.inner_text() == f"第{i + 1}位家庭成员"
        fill_member(returning_page, cards.nth(i), member)
    for number in sorted(case["remove"], reverse=True):
        cards.nth(number - 1).locator(".hh-remove").tap()
    kept = [m for i, m in enumerate(case["members"], 1) if i not in case["remove"]]
    assert [cards.nth(i).locator("legend").first.inner_text() for i in range(cards.count())] == \
        [f"第{i}位家庭成员" for i in range(1, len(kept) + 1)]
    returning_page.tap("#f-submit")
    code, data_json, error = wait_household(returning_page)
    assert code == 0, error
    inputs = {"region": case["region"], "year": case["year"], "on": case["on"], "members": kept}
    want_code, want_out, want_err = cli(argv_for_household(inputs))
    assert want_code == 0, want_err
    assert data_json == want_out
    assert returning_page.get_attribute("#quote", "data-json") is None  # the one-person answer is not there
    # the address bar and the share link hold the question; opened afresh it gives the same JSON
    link = returning_page.input_value("#hh-share-url")
    shared = urllib.parse.urlsplit(link).fragment
    assert urllib.parse.urlsplit(returning_page.url).fragment == shared
    assert [k for k, _ in urllib.parse.parse_qsl(shared)] == ["region", "year", "on"] + ["member"] * len(kept)
    returning_page.goto("about:blank")
    returning_page.goto(link, wait_until="domcontentloaded")
    code, again, error = wait_household(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 0 and again == want_out, error
    # the form shows the household of the link, ready to change
    assert returning_page.is_checked("#f-mode-household")
    assert cards.count() == len(kept)
    for i, member in enumerate(kept):
        for category in member.get("category", ["ordinary"]):
            assert cards.nth(i).locator(f'[data-part="category"] input[value="{category}"]').is_checked()
    no_csp_errors(returning_page)


def test_the_form_stops_at_twenty_members_and_says_why(returning_page, served_site):
    open_calculator(returning_page, served_site)
    choose_region(returning_page, "411325")
    returning_page.tap('label[for="f-mode-household"]')
    for _ in range(MAX_MEMBERS - 1):
        returning_page.tap("#hh-add")
    assert returning_page.locator("#hh-members .hh-member").count() == MAX_MEMBERS
    assert returning_page.is_disabled("#hh-add")
    assert f"最多{MAX_MEMBERS}位" in returning_page.inner_text("#hh-limit")
    returning_page.locator("#hh-members .hh-member").nth(4).locator(".hh-remove").tap()
    assert returning_page.is_enabled("#hh-add")


def test_a_member_left_half_filled_is_named_and_nothing_is_computed(returning_page, served_site):
    """A newborn without a birth date: the form names the member and the field, and asks nothing."""
    open_calculator(returning_page, served_site)
    wait_ready(returning_page)
    choose_region(returning_page, "411325")
    returning_page.tap('label[for="f-mode-household"]')
    returning_page.tap("#hh-add")
    second = returning_page.locator("#hh-members .hh-member").nth(1)
    second.locator('[data-part="situation"]').select_option("newborn")
    returning_page.tap("#f-submit")
    returning_page.wait_for_selector('#household[data-state="error"]', state="attached")
    error = returning_page.get_attribute("#household", "data-error")
    assert "第2位" in error and "出生日期" in error
    assert returning_page.evaluate("document.activeElement.dataset.part") == "born"
    assert returning_page.get_attribute("#household", "data-json") is None
    assert returning_page.locator("#household table").count() == 0


def test_a_link_with_twenty_one_members_is_refused_by_name(returning_page, served_site):
    members = "&".join(["member=category:ordinary"] * (MAX_MEMBERS + 1))
    open_calculator(returning_page, served_site, f"region=411325&year=2025&on=2025-01-10&{members}")
    code, data_json, error = wait_household(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 2 and data_json is None
    assert f"最多计算{MAX_MEMBERS}位" in error and f"第{MAX_MEMBERS + 1}位" in error
    assert error in returning_page.inner_text("#household")
    assert returning_page.locator("#household table").count() == 0
    # twenty are a household
    members = "&".join(["member=category:ordinary"] * MAX_MEMBERS)
    code, data_json, error = ask_household(returning_page, f"region=411325&year=2025&on=2025-01-10&{members}")
    assert code == 0, error
    assert json.loads(data_json)["member_count"] == MAX_MEMBERS


@pytest.mark.parametrize("case", PAGE["bad_links"], ids=[c["name"] for c in PAGE["bad_links"]])
def test_a_bad_member_or_part_of_a_link_is_named_and_nothing_is_computed(returning_page, served_site, case):
    open_calculator(returning_page, served_site, case["fragment"])
    code, data_json, error = wait_household(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 2 and data_json is None, data_json
    shown = returning_page.inner_text("#household")
    for word in case["words"]:
        assert word in error and word in shown, (word, shown)
    assert returning_page.locator("#household table, #household .calc-amount-number").count() == 0
    assert returning_page.get_attribute("#quote", "data-json") is None
    params = {}
    for key, value in urllib.parse.parse_qsl(case["fragment"], keep_blank_values=True):
        params.setdefault(key, []).append(value)
    if case["by"] == "calculator":
        # the command line's own message, word for word
        reply = json.loads(household_answer(DATA, {k: v if k == "member" else v[0] for k, v in params.items()}))
        assert reply["exit_code"] == 2 and error == plain_error(reply["stderr"])
        assert returning_page.get_attribute("#household", "data-state") == "error"
    else:
        assert returning_page.get_attribute("#household", "data-state") == "refused"


def test_the_service_worker_keeps_the_household_files(built_site):
    """household.js and household-answer.js are modules of the page's graph, so the page preloads
    them: sw.js, which precaches what the page's HTML names, then keeps them for offline use like
    the rest — as it keeps every script of the calculator's directory."""
    html = (built_site / "calculator" / "index.html").read_text(encoding="utf-8")
    sw = (built_site / "sw.js").read_text(encoding="utf-8")
    for name in ("household.js", "household-answer.js", "household.css"):
        url = re.search(rf"assets/calculator/{re.escape(name)}\?v=\w+", html).group(0)
        assert f'"{url}"' in sw, name
    calculator_dir = built_site / "assets" / "calculator"
    for path in calculator_dir.glob("*.js"):  # worker.js too: boot.js names it, not the HTML
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        assert f'"assets/calculator/{path.name}?v={version}"' in sw, path.name


# --------------------------------------------------------------------------- phone, print, axe
def test_the_household_reflows_at_320_pixels(chromium_browser, served_site):
    context = chromium_browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                           device_scale_factor=2, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(served_site + "calculator/#" + PAGE["print"][1]["fragment"], wait_until="domcontentloaded")
        code, _, error = wait_household(page, timeout=BOOT_TIMEOUT)
        assert code == 0, error
        assert page.locator("#hh-members .hh-member").count() == 5
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        wide = page.evaluate("""() => [...document.querySelectorAll('#calc *')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > 320.5)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert wide == []
        for box in page.locator("#hh-members select, #hh-members input[type=date], #hh-add, #hh-members .hh-remove").all():
            if box.is_visible():
                assert box.bounding_box()["height"] >= 44, box.evaluate("e => e.outerHTML.slice(0, 80)")
    finally:
        context.close()


@pytest.mark.parametrize("case", PAGE["print"], ids=[c["name"] for c in PAGE["print"]])
def test_a_household_prints_on_one_sheet(returning_page, served_site, case):
    open_calculator(returning_page, served_site, case["fragment"])
    code, _, error = wait_household(returning_page, timeout=BOOT_TIMEOUT)
    assert code == 0, error
    returning_page.emulate_media(media="print")
    assert not returning_page.is_visible("#calc-form") and not returning_page.is_visible(".md-header")
    assert returning_page.is_visible("#household table.hh-table")
    assert returning_page.is_visible("#household .calc-print-url")
    pdf = returning_page.pdf(format="A4")
    pages = len(pypdfium2.PdfDocument(pdf))
    assert pages == case["pages"], f"the household prints on {pages} pages"


def test_the_household_has_no_axe_violations(chromium_browser, served_site):
    if not AXE.exists():
        pytest.skip("node_modules/axe-core missing: run `make setup`")
    # axe is injected as a script, which the page's CSP refuses: bypassed here only.
    context = chromium_browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                           locale="zh-CN", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(served_site + "calculator/#" + PAGE["print"][1]["fragment"], wait_until="domcontentloaded")
        code, _, error = wait_household(page, timeout=BOOT_TIMEOUT)
        assert code == 0, error
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        assert found == [], json.dumps(found, ensure_ascii=False, indent=1)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('#hh input, #hh select, #hh button, #f-mode input')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.textContent || '').trim())
            .map(e => e.id || e.outerHTML.slice(0, 60))""")
        assert unlabelled == []
    finally:
        context.close()
