"""Intake on the tuning half of tests/intake_corpus (issue 20): every notice is drafted without a
crash, none that states a standard or a window is refused, and no fact a person read from the
real notice is proposed with another value (a wrong figure that looks right is the worst failure).
The held-out half is never opened here: it is scored only by bench/intake.py, in aggregate."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import intake_corpus  # noqa: E402  (bench/intake_corpus.py: the scorer the benchmark uses)

TUNING = [(meta, name) for meta in intake_corpus.load() if meta["split"] == "tuning"
          for name in meta.get("files") or [f"{meta['id']}.txt"]]


@pytest.mark.parametrize("meta, name", TUNING, ids=[name for _, name in TUNING])
def test_a_tuning_notice_drafts_with_no_wrong_figure(meta, name):
    result = intake_corpus.score_file(meta, intake_corpus.CORPUS / name)
    assert result["crashed"] is None, result["crashed"]
    if intake_corpus._states_figure(meta["facts"]):
        assert result["refused"] is None, result["refused"]
    wrong = [row for row in result["rows"] if row[1] == "wrong"]
    assert not wrong, wrong


def test_the_split_is_the_readmes_rule_and_the_tuning_half_is_not_empty():
    assert TUNING
    for meta in intake_corpus.load():
        assert meta["recorded_split"] == intake_corpus.split_of(meta["id"]), meta["id"]
