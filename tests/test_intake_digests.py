"""Drafting the short texts of tests/intake/digest_cases.yaml: proposals known to have gone wrong on
the site's own-words digests of real notices (issue 20), and what must be read instead."""

import datetime as _dt
from pathlib import Path

import pytest
import yaml

from intake.draft import draft

CASES = [case for name in ("digest_cases.yaml", "gate_cases.yaml", "wording_cases.yaml")
         for case in yaml.safe_load((Path(__file__).parent / "intake" / name).read_text(encoding="utf-8"))]


def _drafted(case, tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(case["text"] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    report = draft(source, case["region"], case["year"], out)
    return yaml.safe_load((out / f"{case['region']}-{case['year']}.yaml").read_text(encoding="utf-8")), report


def _at(figures, key):
    node = figures
    for part in key.split("."):
        if isinstance(node, list):  # tiers: the item with that id
            node = {item.get("id"): item for item in node if isinstance(item, dict)}
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_digest(case, tmp_path):
    notice, report = _drafted(case, tmp_path)
    fig = notice["figures"]
    for key, fields in (case.get("proposed") or {}).items():
        got = _at(fig, key)
        assert got is not None and "proposed" in got, (key, fig)
        for field, value in fields.items():
            assert got.get(field) == (value if not isinstance(value, _dt.date) else value), (key, field, got)
    for key in case.get("absent") or []:
        got = _at(fig, key)
        assert got is None or (isinstance(got, dict) and got.get("start") is None and got.get("end") is None
                               and "note" in got), (key, got)
    for key, value in (case.get("metadata") or {}).items():
        assert notice[key] == value, (key, notice[key])
    for words in case.get("reported") or []:
        assert words in report, (words, report)
    if case.get("kind"):
        assert notice["origin"]["kind"] == case["kind"], notice["origin"]
    if case.get("no_note"):
        assert "note" not in fig[case["no_note"]], fig[case["no_note"]]
