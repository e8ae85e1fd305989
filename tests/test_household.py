"""Households (issue 13, point 1): every household table, each member against `quote`, the page's
entry point against the command line, the member grammar, and the command line as a clerk uses it."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from calculator import members as m
from calculator.browser import household_answer, household_argv_from_params
from calculator.cli import household_options, quote_options, run
from calculator.errors import InputError
from calculator.household import household
from validation.sources import dump_json
from household_table import argv_for_household, check_household, load_households, member_text, params_for_household
from policy_fixture import policy  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CASES = load_households()
IDS = [f"{stem}: {case['name']}" for stem, case in CASES]
ANSWERED = [(s, c) for s, c in CASES if "error" not in c]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=IDS)
def test_household_scenario(case, policy):
    check_household(case, *run(argv_for_household(case["input"]), data=policy))


def test_every_notice_has_a_household_table(policy):
    tables = {stem for stem, _ in CASES}
    assert set(policy["notices"]) <= tables, f"notices without a household table: {set(policy['notices']) - tables}"


def test_the_tables_mix_members_paying_now_later_outside_the_window_refused_for_a_year_that_is_over_and_of_unknown_cover(policy):
    seen = set()
    for _, case in ANSWERED:
        answer = json.loads(run(argv_for_household(case["input"]), data=policy)[1])
        seen |= {row["payment"] for row in answer["rows"]}
    assert seen == {"now", "later", "outside_window", "not_eligible", "year_over", "cover_unknown"}


def quote_argv(inputs, fields):
    """`quote`'s argv for one member of a household (the member's fields from the grammar)."""
    argv = ["quote", "--region", str(inputs["region"])]
    for key in ("year", "on"):
        if inputs.get(key) is not None:
            argv += ["--" + key, str(inputs[key])]
    for key, value in fields.items():
        for one in (value if isinstance(value, list) else [value]):
            if one is True:
                argv.append("--" + key)
            elif one is not False:
                argv += ["--" + key, one]
    return argv + ["--json"]


@pytest.mark.parametrize("case", [c for _, c in ANSWERED], ids=[f"{s}: {c['name']}" for s, c in ANSWERED])
def test_each_member_is_exactly_what_quote_prints_for_that_person(case, policy):
    answer = json.loads(run(argv_for_household(case["input"]), data=policy)[1])
    texts = [member_text(member) for member in case["input"]["members"]]
    assert len(texts) == answer["member_count"]
    total = 0
    for i, text in enumerate(texts):
        code, out, err = run(quote_argv(case["input"], m.parse_member(text, i + 1)), data=policy)
        assert code == 0, err
        alone = json.loads(out)
        assert answer["members"][i] == alone, f"第{i + 1}位"
        total = None if total is None or alone["personal_contribution"] is None else total + alone["personal_contribution"]
    assert answer["total_personal_contribution"] == total


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=IDS)
def test_the_page_gets_the_command_lines_bytes(case, policy):
    """household_answer (the page's entry point) with the fragment's parameters, members written as
    a link writes them, answers exactly what the command line prints for the same household."""
    shipped = json.loads(dump_json(policy))
    reply = json.loads(household_answer(shipped, json.dumps(params_for_household(case["input"]), ensure_ascii=False)))
    expected = run(argv_for_household(case["input"]), data=policy)
    if "error" in case:
        # the link's spelling of a member (":" ";") is quoted back as the link wrote it
        assert reply["exit_code"] == 2 and reply["stdout"] == "" and reply["stderr"].count("\n") == 1
        check_household(case, reply["exit_code"], reply["stdout"], reply["stderr"])
    else:
        assert [reply["exit_code"], reply["stdout"], reply["stderr"]] == list(expected)


# --------------------------------------------------------------------------- the page's params
def test_household_params_build_the_command_lines_argv():
    argv = household_argv_from_params({"region": "411325", "on": "2025-01-10", "year": "2025",
                                       "member": ["category:tekun", "situation:newborn;born:2025-01-05"]})
    assert argv == ["household", "--region", "411325", "--year", "2025", "--on", "2025-01-10",
                    "--member=category:tekun", "--member=situation:newborn;born:2025-01-05", "--json"]
    assert household_argv_from_params({"region": "411325", "member": "category:dibao"})[-2] == "--member=category:dibao"


@pytest.mark.parametrize("params,words", [
    ({"region": "411325", "members": "category:tekun"}, ["members", "member"]),
    ({"region": "411325", "category": "tekun"}, ["category", "region、year、on、member"]),
    ({"region": ["411325", "140521"], "member": "category:tekun"}, ["region", "411325、140521"]),
    ({"region": "411325"}, ["--member"]),
    ({"region": "411325", "member": ["category:tekun", ""]}, ["第2位"]),
    ({"region": "411325", "member": "-x"}, ["第1位", "-x"]),
    ({"region": "411325", "member": "category:tekun;tier:high"}, ["第1位", "档次"]),
], ids=["plural name", "a quote option", "two regions", "no member", "an empty member", "a dash", "a tier"])
def test_household_params_refused_in_one_line(params, words, policy):
    reply = json.loads(household_answer(policy, json.dumps(params)))
    assert reply["exit_code"] == 2 and reply["stdout"] == "", reply
    assert reply["stderr"].startswith("错误: ") and reply["stderr"].count("\n") == 1
    for word in words:
        assert word in reply["stderr"], (word, reply["stderr"])


# --------------------------------------------------------------------------- the member grammar
def test_member_keys_are_quotes_options_but_the_households_own():
    assert household_options() == {"region": {"flag": False, "repeatable": False}, "year": {"flag": False, "repeatable": False},
                                   "on": {"flag": False, "repeatable": False}, "member": {"flag": False, "repeatable": True}}
    assert list(m.member_keys()) == [k for k in quote_options() if k not in ("region", "year", "on")]
    assert set(m.FIELD_NAMES) == set(m.member_keys())


@pytest.mark.parametrize("text", [
    "category=dibao,category=monitoring,lapse-years=2,repaid-years=1",
    "category:dibao;category:monitoring;lapse_years:2;repaid_years:1",
    " category = dibao ; category:monitoring , lapse-years=2;repaid_years = 1 ,",
    "category=dibao;category:monitoring,lapse_years=2,repaid-years:1,lapse-years=2",
])
def test_both_spellings_and_both_separators_read_the_same(text):
    assert m.parse_member(text, 1) == {"category": ["dibao", "monitoring"], "lapse-years": "2", "repaid-years": "1"}


def test_flags_and_dates_and_mappings():
    assert m.parse_member("situation=newborn,born=2025-01-05,parent-insured=yes", 1) == {
        "situation": "newborn", "born": "2025-01-05", "parent-insured": True}
    assert m.parse_member("parent_insured:0", 1) == {"parent-insured": False}
    import datetime as dt
    assert m.parse_member({"situation": "newborn", "born": dt.date(2025, 1, 5), "parent_insured": True, "tier": None}, 1) == {
        "situation": "newborn", "born": "2025-01-05", "parent-insured": True}
    assert m.quote_arguments({"category": ["tekun"], "parent-insured": True, "lapse-years": "1"}) == {
        "categories": ["tekun"], "parent_insured": True, "lapse_years": "1"}


@pytest.mark.parametrize("fields", [
    {"category": ["dibao", "monitoring"], "tier": "high"},
    {"situation": "newborn", "born": "2025-01-05", "parent-insured": True},
    {"situation": "employee_lapse", "since": "2025-01-20", "lapse-years": "2", "repaid-years": "1"},
])
@pytest.mark.parametrize("style", ["cli", "link"])
def test_format_member_round_trips(fields, style):
    text = m.format_member(fields, style)
    assert (";" in text) == (style == "link") and ("=" in text) == (style == "cli")
    assert m.parse_member(text, 1) == fields


def test_member_format_is_data_a_page_can_use():
    fmt = m.member_format()
    assert fmt["max_members"] == 20 and fmt["styles"]["link"] == {"pair": ";", "key_value": ":"}
    assert json.loads(json.dumps(fmt, ensure_ascii=False)) == fmt


@pytest.mark.parametrize("member,words", [
    ("category", ["第3位", "“category”缺少“="]),
    ("colour=red", ["第3位", "colour", "category、tier、population、situation"]),
    ("category=", ["第3位", "category（人员类别）没有填写值"]),
    ("tier=high;tier=low", ["第3位", "tier（缴费档次）", "high、low"]),
    ("on=2024-10-10", ["第3位", "全户", "--on"]),
    ("", ["第3位", "没有填写任何项"]),
    (",;", ["第3位", "没有填写任何项"]),
    ("parent-insured", ["第3位", "parent-insured", "="]),
    ("parent-insured=2", ["第3位", "parent-insured", "1（是）或 0（否）"]),
    ("born=2024-10-01", ["第3位", "出生日期", "situation=newborn"]),
    ("since=2024-10-01", ["第3位", "since=", "职工医保断保"]),
    ("situation=newborn,born=2024-02-30", ["第3位", "2024-02-30"]),
    ("situation=newborn,born=2024-10-11", ["第3位", "晚于"]),
    ("lapse-years=-1", ["第3位", "断保年数"]),
    ("category=<b>x</b>", ["第3位", "<b>x</b>", "ordinary"]),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_bad_member_names_the_member_and_the_field_and_stops_the_household(member, words, policy):
    code, out, err = run(["household", "--region", "140521", "--year", "2025", "--on", "2024-10-10",
                          "--member", "category=tekun", "--member", "category=ordinary", "--member", member, "--json"], data=policy)
    assert (code, out) == (2, ""), out
    assert err.startswith("错误: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, (word, err)


def test_household_level_errors_name_no_member(policy):
    for argv, word in ((["--region", "999999"], "999999"), (["--region", "140521", "--year", "2031"], "2031"),
                       (["--region", "140521", "--on", "2025-02-30"], "2025-02-30")):
        code, out, err = run(["household", *argv, "--member", "category=nope"], data=policy)
        assert code == 2 and word in err and "家庭成员" not in err, err


def test_the_limit_is_checked_before_anything_else(policy):
    bad = ["--member", "category=ordinary"] * 21
    code, out, err = run(["household", "--region", "999999", *bad], data=policy)
    assert code == 2 and "20" in err and "第21位" in err and "999999" not in err


def test_python_api_takes_mappings_and_strings(policy):
    import datetime as dt

    answer = household(policy, "411325", 2025, on="2025-01-10", today=dt.date(2030, 1, 1),
                       members=[{"situation": "newborn", "born": dt.date(2025, 1, 5), "parent_insured": True},
                                "category:ordinary"])
    assert [a["personal_contribution"] for a in answer["members"]] == [0, 400]
    with pytest.raises(InputError, match="第2位"):
        household(policy, "411325", 2025, on="2025-01-10", members=[{"category": "ordinary"}, "tier=high"])
    with pytest.raises(InputError, match="没有填写家庭成员"):
        household(policy, "411325", 2025, members=[])


def test_without_on_every_member_is_answered_on_the_same_day(policy):
    import datetime as dt

    answer = household(policy, "140521", members=["category=tekun", "category=dibao"], today=dt.date(2024, 10, 10))
    assert {a["on"] for a in answer["members"]} == {"2024-10-10"} and answer["year"] == 2025


# --------------------------------------------------------------------------- the command line
def calc(*args):
    env = {k: v for k, v in os.environ.items() if k != "POLICY_DATA"}
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_clerks_text_lists_every_member_with_clauses_and_what_to_collect():
    result = calc("household", "--region", "140521", "--year", "2025", "--on", "2024-10-26",
                  "--member", "category=tekun", "--member", "category=ordinary",
                  "--member", "category=priority_care")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("山西省晋城市沁水县 2025年度城乡居民医保 家庭缴费（依据 沁政办发〔2024〕32号）\n共3人")
    assert "集中征缴期: 2024-09-01 至 2025-02-28（每月1–25日可缴费）〔三、〕" in text
    assert "第1位  特困人员\n  个人缴费: 0元（标准400元 − 资助400元，资助由医疗救助基金承担）〔二、（二）；二、（三）4〕" in text
    assert "第2位  普通城乡居民\n  个人缴费: 320元（标准400元 − 资助80元，资助由县级财政承担）〔二、（二）；二、（三）7〕" in text
    assert "  个人缴费: 通知未写明" in text
    assert "  缴费: 2024-10-26 不能缴费，2024-11-01 起可以缴费〔三、〕" in text
    assert "  待遇享受: 2025-01-01 起，至 2025-12-31〔三、〕" in text
    assert "全家个人缴费合计: 不能给出（见说明）" in text
    assert "2024-10-26 可缴: 无" in text and "2024-11-01 起可缴: 第1、2、3位，金额不能给出（见说明）" in text
    assert "  · 第3位（重点优抚对象）的个人缴费通知没有写明金额" in text


def test_the_clerks_text_for_a_household_that_can_pay_today():
    result = calc("household", "--region", "411325", "--year", "2025", "--on", "2025-01-10",
                  "--member", "situation=newborn,born=2025-01-05,parent-insured=1", "--member", "category=dibao")
    text = result.stdout
    assert result.returncode == 0, result.stderr
    assert "第1位  新生儿，2025-01-05出生" in text and "  待遇享受: 2025-01-05 起" in text
    assert "  待遇等待期: " in text  # the dibao member pays late: 3 months
    assert "全家个人缴费合计: 320元〔" in text and "2025-01-10 可缴: 第1、2位，共320元〔" in text
    assert "  缴费: 2025-01-10 已过集中征缴期，按当天办理计算〔五、〕" in text


def test_json_on_the_command_line_and_exit_codes():
    result = calc("household", "--region", "140521", "--year", "2025", "--on", "2024-10-10",
                  "--member", "category=tekun", "--member", "category=ordinary", "--member",
                  "situation=newborn,born=2024-10-01", "--json")
    answer = json.loads(result.stdout)
    assert answer["total_personal_contribution"] == 640 and len(answer["members"]) == 3
    for key in ("members", "rows", "total_personal_contribution", "pay_now", "pay_later", "not_eligible",
                "collecting_year", "current_notice", "notes", "citations"):
        assert key in answer, key
    assert answer["citations"]["total_personal_contribution"]
    bad = calc("household", "--region", "140521", "--member", "category=ordinary", "--member", "tier=low,tier=high")
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.count("\n") == 1
    assert calc("household", "--region", "140521").stderr.strip() == "错误: 命令参数有误: 缺少必填参数 --member。用 --help 查看用法。"
    helped = calc("household", "--help")
    assert helped.returncode == 0 and "--member" in helped.stdout


def test_a_household_of_twenty_is_answered_quickly(policy):
    argv = ["household", "--region", "430502", "--year", "2025", "--on", "2025-03-15", "--json"]
    for i in range(20):
        argv += ["--member", ["category=dibao", "situation=newborn,born=2025-01-10", "situation=released",
                              "situation=employee_lapse,since=2025-01-20"][i % 4]]
    run(argv, data=policy)
    started = time.perf_counter()
    for _ in range(5):
        code, out, _ = run(argv, data=policy)
    per_answer = (time.perf_counter() - started) / 5
    assert code == 0 and json.loads(out)["member_count"] == 20
    assert per_answer < 0.5, f"{per_answer * 1000:.0f} ms for 20 members"
