"""The command line as a resident's helper uses it: real processes, exit codes, one-line errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def calc(*args):
    env = {k: v for k, v in os.environ.items() if k != "POLICY_DATA"}
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


BAD = [
    (["quote", "--region", "999999", "--year", "2025"], ["999999", "140521"]),
    (["quote", "--region", "140521", "--year", "2031"], ["2031", "2025", "2024"]),
    (["quote", "--region", "140000", "--year", "2025"], ["山西省", "省级"]),
    (["quote", "--region", "120101", "--year", "2025"], ["天津市和平区", "尚未收录"]),
    (["quote", "--region", "140521", "--year", "二零二五"], ["二零二五"]),
    (["quote", "--region", "140521", "--year", "2025", "--category", "dibao_edge"], ["dibao_edge", "dibao（低保对象）"]),
    (["quote", "--region", "140521", "--year", "2025", "--category", "<script>"], ["<script>", "ordinary"]),
    (["quote", "--region", "140521", "--year", "2025", "--tier", "high"], ["档次"]),
    (["quote", "--region", "512022", "--year", "2025", "--tier", "middle"], ["middle", "high", "low"]),
    (["quote", "--region", "140521", "--year", "2025", "--on", "2025-02-30"], ["2025-02-30"]),
    (["quote", "--region", "140521", "--year", "2025", "--on", "tomorrow"], ["tomorrow"]),
    (["quote", "--region", "411325", "--year", "2025", "--on", "2025-03-01", "--situation", "newborn",
      "--born", "2025-03-02"], ["出生日期", "晚于"]),
    (["quote", "--region", "411325", "--year", "2025", "--situation", "newborn"], ["出生日期"]),
    (["quote", "--region", "430502", "--year", "2025", "--situation", "employee_lapse"], ["--since"]),
    (["quote", "--region", "140521", "--year", "2025", "--situation", "released"], ["released", "newborn"]),
    (["quote", "--region", "140521", "--year", "2025", "--situation", "holiday"], ["holiday", "renewal"]),
    (["quote", "--region", "411325", "--year", "2025", "--lapse-years", "1", "--repaid-years", "2"], ["补缴年数"]),
    (["quote", "--region", "411325", "--year", "2025", "--lapse-years", "-1"], ["断保年数"]),
    (["quote", "--year", "2025"], ["--region"]),
    (["groups", "--region", "140521", "--year", "2030"], ["2030"]),
    (["bogus"], ["命令参数有误"]),
]


@pytest.mark.parametrize("argv,words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_clear_line(argv, words):
    result = calc(*argv)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_human_readable_answer_is_chinese_and_cites_clauses():
    result = calc("quote", "--region", "140521", "--year", "2025", "--on", "2024-10-10", "--category", "dibao")
    assert result.returncode == 0, result.stderr
    assert "个人缴费: 80元（标准400元 − 资助320元）" in result.stdout
    assert "资助: 沁政办发〔2024〕32号 二、（三）3" in result.stdout


def test_json_answer_has_every_contract_key():
    result = calc("quote", "--region", "140521", "--year", "2024", "--on", "2023-10-10", "--json")
    answer = json.loads(result.stdout)
    for key in ("region", "year", "notice", "eligible", "personal_contribution", "standard", "subsidy",
                "collection_start", "collection_end", "in_collection_window", "next_payable",
                "benefit_start", "benefit_end", "citations", "notes"):
        assert key in answer, key
    assert answer["notice"] == "140500-2024" and answer["region"] == "140521"
    for key in ("personal_contribution", "standard", "collection_start", "collection_end", "next_payable"):
        assert answer["citations"][key], key
    assert answer["benefit_start"] is None and any("未规定待遇享受期" in n for n in answer["notes"])


def test_regions_and_groups_listings():
    regions = json.loads(calc("regions", "--json").stdout)
    qinshui = next(r for r in regions if r["code"] == "140521")
    assert [n["notice"] for n in qinshui["notices"]] == ["140521-2025", "140500-2024"]
    groups = json.loads(calc("groups", "--region", "512022", "--year", "2025", "--json").stdout)
    assert groups["tiers"] == ["high", "low"]
    assert {g["id"] for g in groups["groups"]} >= {"land_expropriated_elderly", "general_disability", "civil_disabled_worker"}
    text = calc("groups", "--region", "140521", "--year", "2025").stdout
    assert "priority_care" in text and "资助金额未写明" in text


def test_help_exits_zero():
    result = calc("quote", "--help")
    assert result.returncode == 0 and "--region" in result.stdout
