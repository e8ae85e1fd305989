"""A notice's metadata as intake finds it wherever it is printed (tests/intake/metadata_cases.yaml),
its window read across sentences (tests/intake/window_cases.yaml),
and the validator's reading of a report that names its issuer by level only (市医保局)."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from calculator.errors import PolicyDataError
from intake.clauses import split
from intake.clutter import declutter, labelled
from intake.metadata import metadata
from validation.validate import validate_notice
from intake.regions import Regions, region_rows

CASES = yaml.safe_load((Path(__file__).parent / "intake" / "metadata_cases.yaml").read_text(encoding="utf-8"))


def _as_file(text, kind, tmp_path):
    """The case's text as a publisher sends it: a saved page (one <p> a line) or a Word file (one
    paragraph a line), read back as `draft` reads it."""
    from intake.read import read_notice

    lines = text.strip().split("\n")
    path = tmp_path / f"notice.{kind}"
    if kind == "html":
        body = "".join(f"<p>{line}</p>" for line in lines)
        path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>",
                        encoding="utf-8")
    else:
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    return read_notice(path)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_metadata(case, tmp_path):
    text, rewrap = case["text"], True
    if case.get("as"):
        text, rewrap = _as_file(text, case["as"], tmp_path)
    clauses, _ = split(declutter(text), rewrap)
    meta = metadata(clauses, labelled(text), case.get("year", 2026))
    for key, want in case["metadata"].items():
        assert meta[key] == want, (key, meta[key])


def _report(issuer, body):
    return {"id": "320600-2026", "source": "320600-2026.txt", "title": "城乡居民医保集中参保启动",
            "document_number": None, "issuer": issuer, "date": dt.date(2025, 11, 20), "date_text": None,
            "level": "city", "region": "320600", "covers": ["320600"], "year": 2026,
            "origin": {"kind": "report", "outlet": "某晚报", "url": "https://example.com/a.htm",
                       "read_on": dt.date(2026, 1, 1), "complete": True, "digest": False},
            "clauses": [{"id": "1", "label": "第1段", "text": body}],
            "figures": {"standard": {"amount": 620, "cite": "1"}, "groups": {"ordinary": {"wording": "普通城乡居民", "subsidy": 0, "cite": "1"}},
                        "collection": {"start": dt.date(2025, 11, 19), "end": dt.date(2025, 12, 28), "cite": "1"}}}


def test_a_report_naming_its_issuer_by_level_passes_when_its_text_names_the_region():
    regions = Regions(region_rows()).by_code
    validate_notice(_report("市医保局", "2026年度南通市城乡居民医保个人缴费620元，集中缴费期2025年11月19日至12月28日。"),
                    "320600-2026.yaml", regions)


def test_a_report_naming_its_issuer_by_level_fails_when_no_text_names_the_region():
    regions = Regions(region_rows()).by_code
    with pytest.raises(PolicyDataError, match="正文里也没有"):
        validate_notice(_report("市医保局", "2026年度城乡居民医保个人缴费620元，集中缴费期2025年11月19日至12月28日。"),
                        "320600-2026.yaml", regions)
    with pytest.raises(PolicyDataError, match="标题和发文机关里都没有"):
        validate_notice(_report("苏州市医保局", "2026年度南通市城乡居民医保个人缴费620元。"), "320600-2026.yaml", regions)


WINDOWS = yaml.safe_load((Path(__file__).parent / "intake" / "window_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", WINDOWS, ids=[c["name"] for c in WINDOWS])
def test_window(case, tmp_path):
    from intake.figures import propose

    if "region" in case:
        # read through `draft`, which first weighs the title's year against the enrolment year
        from intake.draft import draft

        (tmp_path / "notice.txt").write_text(case["text"], encoding="utf-8")
        (tmp_path / "policy").mkdir()
        draft(tmp_path / "notice.txt", case["region"], case["year"], tmp_path / "policy")
        notice = yaml.safe_load((tmp_path / "policy" / f"{case['region']}-{case['year']}.yaml").read_text(encoding="utf-8"))
        got = notice["figures"].get("collection") or {}
        assert {k: got.get(k) for k in ("start", "end")} == case["collection"]
        return
    clauses, _ = split(declutter(case["text"]), True)
    got = propose(clauses, case["year"]).figures.get("collection") or {}
    assert {k: got.get(k) for k in ("start", "end")} == case["collection"]


CUT = yaml.safe_load((Path(__file__).parent / "intake" / "cut_copy_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CUT, ids=[c["name"] for c in CUT])
def test_a_cut_copy_is_drafted_only_when_it_names_itself(case, tmp_path):
    from intake.draft import draft
    from intake.errors import IntakeError

    source = tmp_path / "notice.txt"
    source.write_text(case["text"], encoding="utf-8")
    policy_dir = tmp_path / "policy"
    policy_dir.mkdir()
    if "refused" in case:
        with pytest.raises(IntakeError) as exc:
            draft(source, case["region"], case["year"], policy_dir)
        assert all(word in str(exc.value) for word in case["refused"]), str(exc.value)
        assert not list(policy_dir.glob("*.yaml"))
        return
    draft(source, case["region"], case["year"], policy_dir)
    notice = yaml.safe_load((policy_dir / f"{case['region']}-{case['year']}.yaml").read_text(encoding="utf-8"))
    for key, want in case["drafted"].items():
        assert notice[key] == want, (key, notice[key])
    assert notice["origin"]["complete"] is False
