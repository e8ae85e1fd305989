"""Intake on second paraphrases of tuning-half corpus notices (tests/intake/paraphrases/README.md):
the same facts in other words must draft as the original does — never refused where the original
states a standard or a window, never a wrong figure. Facts the paraphrase loses that the original's
draft got are reported (printed, shown with -s), not failed: a paraphrase may state a fact in
words no rule reads yet, which is a miss, not a wrong figure."""

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import intake_corpus  # noqa: E402  (bench/intake_corpus.py: the scorer the benchmark uses)

HERE = ROOT / "tests" / "intake" / "paraphrases"
ENTRIES = yaml.safe_load((HERE / "paraphrases.yaml").read_text(encoding="utf-8"))


def _meta(notice_id):
    # only the tuning entry named is read: a paraphrase is never made of a held-out notice
    assert intake_corpus.split_of(notice_id) == "tuning", notice_id
    meta = yaml.safe_load((intake_corpus.CORPUS / f"{notice_id}.yaml").read_text(encoding="utf-8"))
    assert meta["id"] == notice_id
    return meta


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_a_paraphrase_drafts_with_no_wrong_figure_and_is_refused_only_where_its_original_states_nothing(entry):
    meta = _meta(entry["of"])
    result = intake_corpus.score_file(meta, HERE / entry["file"])
    assert result["crashed"] is None, result["crashed"]
    if intake_corpus._states_figure(meta["facts"]):
        assert result["refused"] is None, result["refused"]
    wrong = [row for row in result["rows"] if row[1] == "wrong"]
    assert not wrong, wrong
    original = intake_corpus.score_file(meta, intake_corpus.CORPUS / f"{entry['of']}.txt")
    got = {row[0] for row in original["rows"] if row[1] == "right"}
    kept = {row[0] for row in result["rows"] if row[1] == "right"}
    lost = sorted(got - kept)
    # a report, not a failure: what this wording loses that the original's wording is read for
    print(f"{entry['file']}: loses {lost or 'nothing'}; accepted {original['accepted']} -> {result['accepted']}")


def test_every_paraphrase_file_is_listed_and_every_listed_file_exists():
    listed = {e["file"] for e in ENTRIES}
    on_disk = {p.name for p in HERE.glob("*.txt")}
    assert listed == on_disk
    assert len(ENTRIES) >= 12


SEEDS = sorted((HERE / "seeds").glob("*.txt"))


def _bench():
    """bench/intake.py, under another name (the module's own name is the intake package's)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("intake_bench", ROOT / "bench" / "intake.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_a_seed_paraphrase_proposes_no_figure_its_original_does_not(path, tmp_path):
    """A seed notice reworded (tests/intake/paraphrases/seeds/) is scored against the curated YAML
    the seed's own draft is scored against (bench/intake.py): no figure proposed that the original's
    draft does not propose right, the same metadata; what it loses is printed."""
    from intake.draft import draft

    bench = _bench()
    code, year = path.stem.split("-")[0], path.stem.split("-")[-1]
    curated = yaml.safe_load((ROOT / "policy_data" / f"{code}-{year}.yaml").read_text(encoding="utf-8"))
    scores = {}
    for label, source in (("original", ROOT / "policy_data" / "sources" / curated["source"]), ("paraphrase", path)):
        out = tmp_path / label
        draft(source, code, int(year), out)
        drafted = yaml.safe_load((out / f"{code}-{year}.yaml").read_text(encoding="utf-8"))
        scores[label] = bench.score(curated["figures"], drafted["figures"])
        if label == "paraphrase":
            differs = [k for k in bench.META if drafted[k] != curated[k]]
            assert not differs, differs
    new_wrong = {k for k, _, _ in scores["paraphrase"]["wrong"]} - {k for k, _, _ in scores["original"]["wrong"]}
    assert not new_wrong, scores["paraphrase"]["wrong"]
    lost = sorted({k for k, _ in scores["paraphrase"]["missed"]} - {k for k, _ in scores["original"]["missed"]})
    print(f"{path.name}: {scores['paraphrase']['correct']} of {scores['paraphrase']['curated']} right; loses {lost or 'nothing'}")


EXCERPTS = yaml.safe_load((HERE / "excerpts.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", EXCERPTS, ids=[e["file"] for e in EXCERPTS])
def test_an_excerpt_is_read_for_what_it_states_and_proposes_nothing_wrong(entry):
    """A cut copy (tests/intake/paraphrases/excerpts/): never refused where it states a standard or
    a window, no figure it does not state (or states otherwise), and the facts in `reads` read."""
    if not entry["of"].startswith("seed "):
        _meta(entry["of"])  # a tuning entry, never a held-out one
    facts = {key: None for key in ("title", "document_number", "issuer", "date", "standard", "tiers",
                                   "fiscal_subsidy", "collection", "cover", "waiting", "late_amount", "groups")}
    facts.update(entry["facts"])
    meta = {"id": entry["file"], "region": entry["region"], "year": entry["year"], "url": None, "facts": facts}
    result = intake_corpus.score_file(meta, HERE / "excerpts" / entry["file"])
    assert result["crashed"] is None, result["crashed"]
    if intake_corpus._states_figure(facts):
        assert result["refused"] is None, result["refused"]
    wrong = [row for row in result["rows"] if row[1] == "wrong"]
    assert not wrong, wrong
    right = {row[0] for row in result["rows"] if row[1] == "right"}
    unread = [key for key in entry["reads"] if key not in right]
    assert not unread, [row for row in result["rows"] if row[0] in unread]
    print(f"{entry['file']}: missed {[row[0] for row in result['rows'] if row[1] == 'missed'] or 'nothing'}")


def test_every_excerpt_file_is_listed():
    assert {e["file"] for e in EXCERPTS} == {p.name for p in (HERE / "excerpts").glob("*.txt")}
    assert len(EXCERPTS) >= 6
