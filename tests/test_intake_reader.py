"""The sentence reader (intake/reader.py): sentences in real notices' wordings, and the gate."""

from pathlib import Path

import pytest
import yaml

from intake.reader import read_selection

CASES = yaml.safe_load((Path(__file__).parent / "intake" / "reader_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reader(case):
    got = read_selection(case["text"], "1", case["year"], case.get("basis"))
    proposed = {p["key"]: p for p in got if p["status"] == "proposed"}
    inconsistent = {p["key"] for p in got if p["status"] == "inconsistent"}
    for key, fields in (case.get("proposed") or {}).items():
        assert key in proposed, (key, got)
        for field, value in fields.items():
            assert proposed[key]["value"].get(field) == value, (key, field, proposed[key])
        for a, b in proposed[key]["spans"]:
            assert 0 <= a < b <= len(case["text"])
    for key in case.get("inconsistent") or []:
        assert key in inconsistent and key not in proposed, (key, got)
    for key in case.get("absent") or []:
        assert key not in proposed, (key, got)


def test_a_repeated_number_is_kept_as_its_own_clause_with_its_printed_label_and_reported():
    from intake.clauses import split

    text = ("关于做好2026年度城乡居民医保参保缴费工作的通知\n一、缴费标准\n个人缴费标准为每人每年400元。\n"
            "二、缴费时间\n2025年9月1日至12月31日。\n二、待遇\n待遇享受期为2026年1月1日至12月31日。\n")
    clauses, problems = split(text, False)
    body = [(c["id"], c["label"]) for c in clauses if c["id"][:1].isdigit()]
    assert body == [("1", "一、"), ("2", "二、"), ("3", "二、")]
    assert any("重复" in p and "单独" in p for p in problems)


def test_an_unnumbered_text_is_read_paragraph_by_paragraph_under_its_headline():
    from intake.clauses import split

    text = ("提醒！2026年度城乡居民医保集中缴费开始啦\n"
            "记者从市医保局获悉，2026年度城乡居民医保个人缴费标准为每人每年400元。\n"
            "集中缴费时间为2025年9月1日至12月31日。\n")
    clauses, problems = split(text, True)
    assert [(c["id"], c["label"]) for c in clauses] == [("title", "标题"), ("1", "第1段"), ("2", "第2段")]
