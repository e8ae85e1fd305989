"""A notice that sets the standard by population (北京 2025, policy_data/110000-2025.yaml: 城乡老年人
430元, 学生儿童405元, 劳动年龄内居民750元, 三、) in Debian's Chromium: the form offers the notice's
own names with none chosen, asks for one before computing, the chosen one goes into the link and
gives the command line's JSON; a household's cards do the same per member; the static table lists
every population. (Every scenario of tests/scenarios/110000-2025.yaml also runs through the page
in test_calculator_browser.py.)"""

import json

from test_calculator_browser import (  # noqa: F401  (fixtures and helpers)
    ANSWER_TIMEOUT, BOOT_TIMEOUT, choose_region, cli, open_calculator, shipped_policy, site_url, text_of,
    wait_answer, wait_ready,
)


def test_the_population_is_asked_never_assumed_and_goes_into_the_link(returning_page, site_url, shipped_policy):
    page = returning_page
    open_calculator(page, site_url)
    choose_region(page, "110105")
    page.select_option("#f-year", "2025")
    assert page.is_visible("#f-populations") and not page.is_visible("#f-tiers")
    labels = page.locator("#f-populations-list label").all_inner_texts()
    assert [t.split("\n")[0] for t in labels] == ["城乡老年人", "学生儿童", "劳动年龄内居民"], labels
    assert "430 元" in labels[0].replace("\u00a0", " ")
    assert page.locator('input[name="population"]:checked').count() == 0  # no default
    # the static table (no Python needed) lists every population's standard
    table = text_of(page, "#calc-table")
    assert "城乡老年人 430" in table and "劳动年龄内居民 750" in table and "按人群分别规定" in table
    page.fill("#f-on", "2025-01-10")
    wait_ready(page)
    page.tap("#f-submit")
    page.wait_for_selector("#quote .calc-error", timeout=ANSWER_TIMEOUT)
    message = text_of(page, "#quote")
    assert "请选择本人所属的人群" in message and "学生儿童（405元）" in message, message
    assert "430 元" not in message.split("请选择")[0]  # no amount shown as the answer
    assert page.evaluate("document.activeElement.name") == "population"
    page.tap('label[for="f-population-student_child"]')
    page.tap("#f-submit")
    code, data_json, error = wait_answer(page)
    assert code == 0, error
    argv = ["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10", "--population", "student_child", "--json"]
    assert data_json == cli(argv, shipped_policy)[1]
    assert json.loads(data_json)["personal_contribution"] == 405
    assert "population=student_child" in page.evaluate("location.hash")
    assert "学生儿童" in text_of(page, "#quote .calc-asked")


def test_a_link_with_a_population_ticks_it_and_a_link_without_one_lists_them_all(returning_page, site_url, shipped_policy):
    page = returning_page
    open_calculator(page, site_url, "region=110108&year=2025&on=2025-03-31&population=working_age")
    code, data_json, error = wait_answer(page, timeout=BOOT_TIMEOUT)
    assert code == 0, error
    argv = ["quote", "--region", "110108", "--year", "2025", "--on", "2025-03-31", "--population", "working_age", "--json"]
    assert data_json == cli(argv, shipped_policy)[1]
    page.wait_for_selector("#f-population-working_age", state="attached")
    assert page.is_checked("#f-population-working_age")
    # the same link without a population: the calculator's own refusal, every population with its clause
    page.evaluate("""() => { const q = document.getElementById('quote');
        for (const a of ['data-exit-code', 'data-json', 'data-error']) q.removeAttribute(a);
        location.hash = 'region=110108&year=2025&on=2025-03-31'; }""")
    code, data_json, error = wait_answer(page)
    assert code == 2 and data_json is None
    want = cli(["quote", "--region", "110108", "--year", "2025", "--on", "2025-03-31"], shipped_policy)[2]
    assert error == want.strip().removeprefix("错误:").strip()
    assert "elderly（城乡老年人，430元，见三、）" in error


def test_each_household_member_says_their_population(returning_page, site_url, shipped_policy):
    page = returning_page
    open_calculator(page, site_url, "region=110105&year=2025&on=2025-01-10&member=population:elderly&member=population:working_age")
    code, data_json, error = wait_answer(page, timeout=BOOT_TIMEOUT, box="household")
    assert code == 0, error
    argv = ["household", "--region", "110105", "--year", "2025", "--on", "2025-01-10",
            "--member", "population=elderly", "--member", "population=working_age", "--json"]
    assert data_json == cli(argv, shipped_policy)[1]
    assert json.loads(data_json)["total_personal_contribution"] == 430 + 750
    cards = page.locator("#hh-members .hh-member")
    assert cards.count() == 2
    assert cards.nth(0).locator('[data-part="population"] input[value="elderly"]').is_checked()
    assert cards.nth(1).locator('[data-part="population"] input[value="working_age"]').is_checked()
    # a member added by touch has no population until one is chosen: the page asks, naming the member
    page.tap("#hh-add")
    assert cards.nth(2).locator('[data-part="population"] input:checked').count() == 0
    page.tap("#f-submit")
    page.wait_for_selector("#household .calc-error, #quote .calc-error", timeout=ANSWER_TIMEOUT)
    text = page.inner_text("#calc")
    assert "第3位家庭成员：请选择所属人群" in text, text


# links whose population the calculator refuses: the page says what the command line says, and no amount
REFUSED_LINKS = [
    ("region=110108&year=2025&on=2025-01-10&population=retired",
     ["quote", "--region", "110108", "--year", "2025", "--on", "2025-01-10", "--population", "retired"]),
    ("region=140521&year=2025&on=2024-10-10&population=elderly",
     ["quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--population", "elderly"]),
    ("region=110105&year=2025&on=2025-01-10&population=elderly&situation=newborn&born=2025-01-02",
     ["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10", "--population", "elderly",
      "--situation", "newborn", "--born", "2025-01-02"]),
]


def test_a_link_with_a_population_the_notice_refuses_gets_the_command_lines_line(returning_page, site_url, shipped_policy):
    page = returning_page
    open_calculator(page, site_url, REFUSED_LINKS[0][0])
    for index, (fragment, argv) in enumerate(REFUSED_LINKS):
        if index:
            page.evaluate("""(hash) => { const q = document.getElementById('quote');
                for (const a of ['data-exit-code', 'data-json', 'data-error']) q.removeAttribute(a);
                location.hash = hash; }""", fragment)
        code, data_json, error = wait_answer(page, timeout=BOOT_TIMEOUT)
        want = cli(argv, shipped_policy)
        assert want[0] == 2 and code == 2 and data_json is None, (fragment, code, error)
        assert error == want[2].strip().removeprefix("错误:").strip(), fragment
