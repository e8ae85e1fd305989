"""Which notice answers a county, figure by figure, and what the site holds of it (issue 23):
tests/levels/scenarios.yaml through the command line's entry point, on policy_data/ plus the
test-only province and city notices of tests/levels/policy/."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculator.cli import run
from levels_fixture import levels_policy, levels_policy_dir  # noqa: F401
from scenario_table import _Loader, argv_for, check

HERE = Path(__file__).parent
CASES = yaml.load((HERE / "levels" / "scenarios.yaml").read_text(encoding="utf-8"), Loader=_Loader)["scenarios"]
EXTRA = ("sources", "cited_notices", "notes_lack")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_level_scenario(case, levels_policy):
    code, out, err = run(argv_for(case["input"]), data=levels_policy)
    answer = check({k: v for k, v in case.items() if k not in EXTRA}, code, out, err)
    if answer is None:
        return
    name = case["name"]
    if "sources" in case:
        assert [s["notice"] for s in answer["sources"]] == case["sources"], f"{name}: {answer['sources']}"
    for key, nid in case.get("cited_notices", {}).items():
        got = {c["notice"] for c in answer["citations"].get(key, [])}
        assert got and nid in got, f"{name}: citations[{key}] name {got}, expected {nid}"
    for words in case.get("notes_lack", []):
        assert not any(words in n for n in answer["notes"]), f"{name}: a note says {words!r}: {answer['notes']}"


def test_every_figure_cites_a_clause_of_the_notice_it_names(levels_policy):
    """A borrowed figure's citation names the higher notice and one of its clauses (the anchor
    on that notice's page), never a clause id of the county's notice."""
    for case in CASES:
        if "error" in case:
            continue
        code, out, _ = run(argv_for(case["input"]), data=levels_policy)
        for key, refs in json.loads(out)["citations"].items():
            for ref in refs:
                notice = levels_policy["notices"][ref["notice"]]
                labels = {c["id"]: c["label"] for c in notice["clauses"]}
                assert labels.get(ref["clause"]) == ref["label"], (case["name"], key, ref)
                assert ref["anchor"] == "c-" + ref["clause"].replace(".", "-")


def test_excerpt_wording_on_the_command_line_in_words(levels_policy_dir):
    """The clerk's text (no --json): a date the excerpt does not reach reads 原文摘录未包含此项."""
    result = subprocess.run(
        [sys.executable, "-m", "calculator", "quote", "--region", "510104", "--year", "2025", "--on", "2025-04-10",
         "--policy-dir", str(levels_policy_dir)],
        cwd=HERE.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "待遇享受: 原文摘录未包含此项 起" in result.stdout, result.stdout
    assert "通知未写明" not in result.stdout and "通知未规定" not in result.stdout, result.stdout
    assert "https://example.org/test/510000-2025.html" in result.stdout


def test_excerpt_wording_in_the_household_text(levels_policy_dir):
    """The household command's clerk text says the same as quote's: a date the excerpt does not
    reach reads 原文摘录未包含此项 with the address, and a notice printed without 文号 is named by
    its issuer, never "None"."""
    result = subprocess.run(
        [sys.executable, "-m", "calculator", "household", "--region", "510104", "--year", "2025", "--on", "2025-04-10",
         "--member", "lapse-years=2", "--policy-dir", str(levels_policy_dir)],
        cwd=HERE.parent, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "家庭缴费（依据 四川省医疗保障局（测试用）（所存文字未载文号））" in out, out
    assert "待遇享受: 原文摘录未包含此项 起" in out, out
    assert "通知未写明" not in out and "通知未规定" not in out and "None" not in out, out
    assert "https://example.org/test/510000-2025.html" in out


def test_a_repost_is_named_as_one(tmp_path):
    from levels_fixture import levels_dir
    from validation.sources import load_policy_dir

    root = levels_dir(tmp_path)
    path = root / "512000-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: report", "kind: repost"), encoding="utf-8")
    code, out, _ = run(["quote", "--region", "512021", "--year", "2025", "--on", "2024-10-10", "--json"],
                       data=load_policy_dir(root))
    notes = json.loads(out)["notes"]
    assert any("资阳市2025年度通知的文字是测试用虚构日报转载的" in n and "不是发文机关发布的原件" in n for n in notes), notes
    assert not any("报道" in n for n in notes), notes


def test_a_province_notice_covering_a_region_of_another_province_is_refused(tmp_path):
    from levels_fixture import levels_dir
    from calculator.errors import PolicyDataError
    from validation.sources import load_policy_dir

    root = levels_dir(tmp_path)
    path = root / "510000-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('covers: ["510000"]', 'covers: ["510000", "430502"]'),
                    encoding="utf-8")
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    assert str(err.value).startswith("510000-2025.yaml: covers[1]: "), str(err.value)
    assert "430502" in str(err.value) and "不在发文地区" in str(err.value)
