"""`python -m intake` as a clerk uses it: real files, real processes, exit codes, one-line errors.

The notices in tests/intake/ were written for these tests in wordings the five published notices
do not use; every expected figure in tests/intake/cases.yaml was read off their text."""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scenario_table import _Loader as ScenarioLoader  # reads `on:` as a key, not as true
from scenario_table import argv_for, check
from tools import notice_formats

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "intake"
CASES = yaml.load((DATA / "cases.yaml").read_text(encoding="utf-8"), Loader=ScenarioLoader)["notices"]
BAD = yaml.safe_load((DATA / "bad_inputs.yaml").read_text(encoding="utf-8"))["cases"]


def run(module, *args):
    env = {k: v for k, v in os.environ.items() if k != "POLICY_DATA"}
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def iso(value):
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def squash(text):
    return re.sub(r"\s+", "", text)


def tree(path):
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(path).rglob("*")) if p.is_file()}


def figure(figures, key):
    node = figures
    for part in key.split("."):
        node = next(t for t in node if t["id"] == part) if isinstance(node, list) else node[part]
    return node


@pytest.fixture
def policy_dir(tmp_path):
    """A copy of policy_data/ (the five notices, so a published year exists)."""
    target = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", target)
    return target


def draft(case, policy_dir):
    result = run("intake", "draft", DATA / case["file"], "--region", case["region"], "--year", case["year"],
                 "--policy-dir", policy_dir)
    assert result.returncode == 0, result.stderr
    path = policy_dir / f"{case['region']}-{case['year']}.yaml"
    return result, path, yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_draft_reads_metadata_clauses_and_figures_as_printed(case, policy_dir):
    result, path, notice = draft(case, policy_dir)
    for key, value in case["metadata"].items():
        assert notice[key] == value, key
    labels = {c["id"]: c["label"] for c in notice["clauses"]}
    for cid, label in case["clauses"].items():
        assert labels.get(cid) == label, (cid, labels.get(cid))
    source = (policy_dir / "sources" / notice["source"]).read_text(encoding="utf-8")
    assert squash("".join(c.get("heading", "") + c["text"] for c in notice["clauses"])) == squash(source)
    for key, expected in case["figures"].items():
        got = figure(notice["figures"], key)
        assert iso({k: got.get(k) for k in expected}) == iso(expected), key
        assert got["proposed"], f"{key} is not marked proposed"
        assert f"[{key}]" in result.stdout, f"the report does not list {key}"
    for key in case["not_found"]:
        assert key in result.stdout.split("\n没有找到（")[1], f"the report does not say {key} was not found"
        if key != "cover":
            assert key not in notice["figures"], f"{key} was proposed although the notice does not state it"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_draft_accept_then_the_calculator_answers_from_the_notice(case, policy_dir):
    _, path, _ = draft(case, policy_dir)
    ask = ["quote", "--region", case["region"], "--year", case["year"], "--json", "--policy-dir", policy_dir]
    before = json.loads(run("calculator", *ask, "--on", f"{case['year']}-01-05").stdout)
    assert before["notes"][0].startswith("草稿：数字尚未核对"), before["notes"]
    accepted = run("intake", "accept", path)
    assert accepted.returncode == 0, accepted.stderr
    assert "proposed:" not in path.read_text(encoding="utf-8")
    for quote in case["quotes"]:
        argv = argv_for({"region": case["region"], "year": case["year"], **quote["input"]})
        result = run("calculator", *argv, "--policy-dir", policy_dir)
        answer = check(quote, result.returncode, result.stdout, result.stderr)
        assert not any(n.startswith("草稿") for n in answer["notes"]), quote["name"]


def _make(spec, tmp_path):
    path = tmp_path / spec.get("name", "notice.txt")
    if spec.get("missing"):
        return tmp_path / "nowhere.txt"
    if "copy" in spec:
        shutil.copy(DATA / spec["copy"], path)
    elif "corpus" in spec:  # a tuning notice of tests/intake_corpus
        shutil.copy(DATA.parent / "intake_corpus" / "notices" / spec["corpus"], path)
    elif spec.get("scan_pdf"):
        path = tmp_path / "scan.pdf"
        notice_formats.write_scan_pdf(path)
    elif "bytes_hex" in spec:
        path.write_bytes(bytes.fromhex(spec["bytes_hex"]) * 20)
    else:
        path.write_text(spec["text"], encoding="utf-8")
    return path


@pytest.mark.parametrize("case", BAD, ids=[c["name"] for c in BAD])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(case, policy_dir, tmp_path):
    before = tree(policy_dir)
    file = _make(case["file"], tmp_path)
    result = run("intake", "draft", file, "--region", case.get("region", "140522"),
                 "--year", case.get("year", 2026), "--policy-dir", policy_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误: ") and "Traceback" not in result.stderr, result.stderr
    for word in case["words"]:
        assert word in lines[0], (word, lines[0])
    assert result.stdout == ""
    assert tree(policy_dir) == before


def test_replace_redrafts_a_published_year(policy_dir):
    result = run("intake", "draft", policy_dir / "sources" / "140521-qinshui-2025.txt", "--region", "140521",
                 "--year", "2025", "--policy-dir", policy_dir, "--replace")
    assert result.returncode == 0, result.stderr
    assert "proposed:" in (policy_dir / "140521-2025.yaml").read_text(encoding="utf-8")


# -- the same notice in the formats publishers use ------------------------------------------------
def _paragraphs(name):
    from intake.paragraphs import paragraphs
    from intake.read import read_notice

    text, rewrap = read_notice(DATA / name)
    return [(p.text, p.table) for p in paragraphs(text, rewrap)]


def _clauses(path, policy_dir, region="140522", year=2026):
    result = run("intake", "draft", path, "--region", region, "--year", year, "--policy-dir", policy_dir, "--replace")
    assert result.returncode == 0, result.stderr
    notice = yaml.safe_load((policy_dir / f"{region}-{year}.yaml").read_text(encoding="utf-8"))
    return [(c["id"], c["label"], c.get("heading"), squash(c["text"])) for c in notice["clauses"]], notice


@pytest.mark.parametrize("kind", ["html page as saved from the county site", "docx with a table and Word's _GoBack bookmark",
                                  "pdf with a text layer"])
def test_every_format_gives_the_clauses_of_the_text_file(kind, policy_dir, tmp_path):
    reference, _ = _clauses(DATA / "yangcheng-2026.txt", policy_dir)
    rows = _paragraphs("yangcheng-2026.txt")
    if kind.startswith("html"):
        path = DATA / "yangcheng-2026.html"
    elif kind.startswith("docx"):
        rows += [("附件", False), ("乡镇\t2026年参保目标", True), ("凤城镇\t51234", True)]
        path = tmp_path / "notice.docx"
        notice_formats.write_docx(rows, path)
    else:
        path = tmp_path / "notice.pdf"
        notice_formats.write_pdf(rows, path)
    got, notice = _clauses(path, policy_dir)
    assert got[:len(reference)] == reference
    if kind.startswith("docx"):
        assert got[-1][:2] == ("attachment-1", "附件")
        assert "凤城镇\t51234" in notice["clauses"][-1]["text"]
        assert "GoBack" not in (policy_dir / "sources" / notice["source"]).read_text(encoding="utf-8")
    else:
        assert len(got) == len(reference)


def test_a_docx_with_automatic_word_numbering_is_refused_rather_than_read_without_numbers(policy_dir, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("城乡居民医疗保险参保缴费通知")
    document.add_paragraph("缴费标准", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    result = run("intake", "draft", path, "--region", "140522", "--year", "2026", "--policy-dir", policy_dir)
    assert result.returncode == 2 and "自动编号" in result.stderr, result.stderr


# -- accept ------------------------------------------------------------------------------------------
def test_accept_one_figure_takes_off_only_its_mark(policy_dir):
    _, path, _ = draft(CASES[0], policy_dir)
    before = path.read_text(encoding="utf-8").split("\n")
    result = run("intake", "accept", path, "--figure", "groups.dibao")
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8").split("\n")
    removed = [line for line in before if line not in after]
    assert len(removed) == 1 and removed[0].strip().startswith("proposed:"), removed
    notice = yaml.safe_load("\n".join(after))
    assert "proposed" not in notice["figures"]["groups"]["dibao"]
    assert "proposed" in notice["figures"]["groups"]["tekun"]


def test_accept_keeps_the_clerks_edits_and_comments(policy_dir):
    _, path, _ = draft(CASES[0], policy_dir)
    text = path.read_text(encoding="utf-8").replace("figures:\n", "figures:  # 已与原文核对 2025-09-12\n", 1)
    path.write_text(text, encoding="utf-8")
    assert run("intake", "accept", path).returncode == 0
    assert "# 已与原文核对 2025-09-12" in path.read_text(encoding="utf-8")


def test_accept_refuses_a_figure_that_is_not_waiting_for_review(policy_dir):
    _, path, _ = draft(CASES[0], policy_dir)
    before = path.read_bytes()
    result = run("intake", "accept", path, "--figure", "groups.dibao_edge")
    assert result.returncode == 2 and "groups.dibao_edge" in result.stderr and "groups.dibao" in result.stderr
    assert path.read_bytes() == before


def test_accept_still_validates_a_wrongly_edited_figure_and_writes_nothing(policy_dir):
    _, path, _ = draft(CASES[0], policy_dir)
    text = path.read_text(encoding="utf-8")
    assert text.count("subsidy: 294") == 1  # 低保对象: 70% of 420
    edited = text.replace("subsidy: 294", "subsidy: 500")
    path.write_text(edited, encoding="utf-8")
    result = run("intake", "accept", path)
    assert result.returncode == 1, result.stderr
    assert "figures.groups.dibao" in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == edited


def test_report_lists_what_still_waits_for_review(policy_dir):
    _, path, _ = draft(CASES[0], policy_dir)
    run("intake", "accept", path, "--figure", "standard")
    result = run("intake", "report", path)
    assert result.returncode == 0, result.stderr
    assert "[groups.dibao]" in result.stdout and "[standard]" not in result.stdout


# -- diff ---------------------------------------------------------------------------------------------
def test_diff_names_each_change_with_its_clause_in_both_notices():
    """晋城 2024 (晋市医保发〔2023〕10号) against 沁水 2025 (沁政办发〔2024〕32号), read from the notices."""
    result = run("intake", "diff", ROOT / "policy_data" / "140500-2024.yaml", ROOT / "policy_data" / "140521-2025.yaml",
                 "--json")
    assert result.returncode == 0, result.stderr
    changes = {c["key"]: c for c in json.loads(result.stdout)["changes"]}
    standard = changes["standard"]
    assert (standard["old"]["amount"], standard["new"]["amount"]) == (380, 400)
    assert (standard["old_cite"]["label"], standard["new_cite"]["label"]) == ("一、", "二、（二）")
    assert (changes["groups.dibao"]["old"]["subsidy"], changes["groups.dibao"]["new"]["subsidy"]) == (304, 320)
    assert changes["groups.dibao"]["new_cite"]["document"] == "沁政办发〔2024〕32号"
    assert changes["groups.stable_out_of_poverty"]["kind"] == "added"
    assert changes["groups.stable_out_of_poverty"]["old_cite"] is None
    assert (changes["collection"]["old"]["end"], changes["collection"]["new"]["end"]) == ("2023-12-25", "2025-02-28")
    # the subsidy is 280 in both, but under a standard of 380 → 400 the share is 100 → 120 (沁水 二（三）1)
    monitoring = changes["groups.monitoring"]
    assert (monitoring["old"]["subsidy"], monitoring["new"]["subsidy"]) == (280, 280)
    assert (monitoring["old"]["personal"], monitoring["new"]["personal"]) == (100, 120)
    text = run("intake", "diff", ROOT / "policy_data" / "140500-2024.yaml", ROOT / "policy_data" / "140521-2025.yaml")
    assert "个人缴费标准：380元 → 400元（晋市医保发〔2023〕10号 一、 → 沁政办发〔2024〕32号 二、（二））" in text.stdout


def test_diff_of_a_file_that_is_not_a_notice_is_bad_input(tmp_path):
    other = tmp_path / "x.yaml"
    other.write_text("regions: []\n", encoding="utf-8")
    result = run("intake", "diff", other, ROOT / "policy_data" / "140521-2025.yaml")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr


def test_unknown_command_is_one_chinese_line():
    result = run("intake", "publish")
    assert result.returncode == 2 and "draft、accept" in result.stderr and result.stderr.count("\n") == 1
