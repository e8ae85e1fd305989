"""bench/scale.py's synthetic library is valid policy data, so the benchmark measures a build that
could be published: every clone passes the same validation as a real notice (region and covers
against the catalogue, clause texts against their source), and none touches the five real ones."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402

from validation.sources import load_policy_dir  # noqa: E402


def test_a_synthetic_library_of_forty_notices_passes_validation(tmp_path):
    ids = scale.make_library(40, tmp_path / "policy_data")
    data = load_policy_dir(tmp_path / "policy_data")
    assert sorted(data["notices"]) == sorted(ids) and len(ids) == 40
    real = {nid: data["notices"][nid] for nid in scale.REAL}
    real_covers = {c for n in real.values() for c in n["covers"]}
    clones = [n for nid, n in data["notices"].items() if nid not in real]
    # a city notice among the clones, covering its counties, as 晋城 covers 沁水
    assert any(len(n["covers"]) > 1 for n in clones)
    for n in clones:
        assert not set(n["covers"]) & real_covers, n["id"]
        assert "（样例" in n["document_number"], n["id"]
    # the five real notices are copied as they are
    for nid in scale.REAL:
        assert (tmp_path / "policy_data" / f"{nid}.yaml").read_bytes() == (ROOT / "policy_data" / f"{nid}.yaml").read_bytes()


def test_the_rebuild_changes_exactly_one_figure_of_one_notice(tmp_path):
    scale.make_library(5, tmp_path / "p")
    before = load_policy_dir(tmp_path / "p")["notices"]
    scale.change_one_notice(tmp_path / "p")
    after = load_policy_dir(tmp_path / "p")["notices"]
    changed = [nid for nid in before if before[nid] != after[nid]]
    assert changed == ["140521-2025"]
    assert before["140521-2025"]["figures"]["groups"]["dibao"]["subsidy"] == 320
    assert after["140521-2025"]["figures"]["groups"]["dibao"]["subsidy"] == 300
