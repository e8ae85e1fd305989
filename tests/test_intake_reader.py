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
