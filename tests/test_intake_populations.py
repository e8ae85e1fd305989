"""Intake drafting standards set by population (figures.populations; issue 20): the short notices
of tests/intake/population_cases.yaml, and the whole path draft → accept → `calculator quote
--population` on notices in our own words modelled on 北京's, 南通's and 济南's
(tests/intake/populations/, facts in end_to_end.yaml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from intake.draft import draft
from test_intake_digests import _at, _drafted  # a short case drafted whole; a figure by dotted key

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).parent / "intake"
CASES = yaml.safe_load((HERE / "population_cases.yaml").read_text(encoding="utf-8"))
NOTICES = yaml.safe_load((HERE / "populations" / "end_to_end.yaml").read_text(encoding="utf-8"))


def _check(entry, want, where):
    assert entry is not None and "proposed" in entry, where
    for field, value in want.items():
        if isinstance(value, dict):
            _check(entry.get(field), value, f"{where}.{field}")
        else:
            assert entry.get(field) == value, (where, field, entry)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_populations(case, tmp_path):
    notice, report = _drafted(case, tmp_path)
    fig = notice["figures"]
    if case.get("no_populations"):
        assert "populations" not in fig, fig.get("populations")
    for pid, want in (case.get("populations") or {}).items():
        _check(_at(fig, f"populations.{pid}"), want, pid)
    if case.get("populations"):
        assert {p["id"] for p in fig["populations"]} == set(case["populations"]), fig["populations"]
        assert not {"standard", "tiers", "default_tier"} & set(fig), "never a standard beside populations"
    if case.get("no_population_fiscal"):
        assert not any("fiscal_subsidy" in p for p in fig["populations"]), fig["populations"]
    for key, fields in (case.get("proposed") or {}).items():
        _check(_at(fig, key), fields, key)
    for key in case.get("no_subsidy_amount") or []:
        assert "subsidy" not in _at(fig, key), _at(fig, key)
    for key in case.get("absent") or []:
        assert _at(fig, key) is None, (key, _at(fig, key))
    for words in case.get("reported") or []:
        assert words in report, (words, report)


def _run(*args):
    return subprocess.run([sys.executable, "-m", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120)


# where each fill goes: the line the draft writes when the text does not state it
EMPTY = {"issuer": ("\nissuer: null\n", "\nissuer: {}\n"),
         "figures.cover.note": ("\n    end: null\n", "\n    end: null\n    note: {}\n"),
         "figures.collection.start": ("\n  collection:\n    start: null\n", "\n  collection:\n    start: {}\n")}


def _complete(path, fills):
    """What a person fills that the text does not state (an issuer a report does not print, why a
    cover has no end), each where the draft left it empty; the rest of the file as drafted."""
    text = path.read_text(encoding="utf-8")
    for key, value in (fills or {}).items():
        empty, filled = EMPTY[key]
        assert empty in text, f"{key} was read from the text: not the person's to fill"
        text = text.replace(empty, filled.format(value), 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("notice", NOTICES, ids=[n["name"] for n in NOTICES])
def test_draft_accept_and_quote_by_population(notice, tmp_path):
    policy = tmp_path / "policy"
    policy.mkdir()
    source = HERE / "populations" / notice["file"]
    clerk = [x for key, value in (notice.get("clerk") or {}).items() for x in (f"--{key}", value)]
    drafted = _run("intake", "draft", source, "--region", notice["region"], "--year", notice["year"], "--policy-dir", policy,
                   *clerk)
    assert drafted.returncode == 0, drafted.stderr
    path = policy / f"{notice['region']}-{notice['year']}.yaml"
    _complete(path, notice.get("fills"))
    accepted = _run("intake", "accept", path)
    assert accepted.returncode == 0, accepted.stderr
    assert "全部核对完毕" in accepted.stdout, accepted.stdout
    base = ["calculator", "quote", "--region", notice["region"], "--year", notice["year"], "--on", notice["paid_on"],
            "--policy-dir", policy]
    refused = _run(*base)
    assert refused.returncode == 2, refused.stdout
    for pid, want in notice["populations"].items():
        assert f"{pid}（{want['name']}，{want['amount']}元" in refused.stderr, refused.stderr
        answer = _run(*base, "--population", pid, "--json")
        assert answer.returncode == 0, answer.stderr
        quote = yaml.safe_load(answer.stdout)
        assert (quote["standard"], quote["personal_contribution"]) == (want["amount"], want["amount"]), (pid, quote)
        assert quote["in_collection_window"] is True, quote
    for gid, pays in (notice.get("groups") or {}).items():
        pid, amount = next(iter(pays.items()))
        answer = _run(*base, "--population", pid, "--category", gid, "--json")
        assert answer.returncode == 0, answer.stderr
        assert yaml.safe_load(answer.stdout)["personal_contribution"] == amount, answer.stdout


def test_the_review_desk_shows_each_population_and_its_fiscal_subsidy_and_a_person_finishes_on_them(tmp_path):
    """The desk (intake/review) on a drafted notice by population: one field a population with its
    name and amount, its own fiscal subsidy a field apart (not a leaf twice), no standard asked
    for; a person confirms what was read, explains the cover's missing end, marks what the text
    does not state, and saves a notice the calculator answers by population."""
    from intake.review.server import Review

    notice = NOTICES[0]
    policy = tmp_path / "policy"
    policy.mkdir()
    draft(HERE / "populations" / notice["file"], notice["region"], notice["year"], policy)
    review = Review(policy / f"{notice['region']}-{notice['year']}.yaml", policy)
    fields = {f["key"]: f for f in review.view()["fields"]}
    assert "standard" not in fields and "fiscal_subsidy" not in fields
    for pid, want in notice["populations"].items():
        leaves = {path: value for path, _, value in fields[f"populations.{pid}"]["leaves"]}
        assert leaves == {"name": want["name"], "amount": str(want["amount"])}, leaves
        assert fields[f"populations.{pid}"]["status"] == "proposed"
        assert fields[f"populations.{pid}.fiscal_subsidy"]["status"] == "proposed"
    review.act({"op": "edit", "key": "cover", "path": "note", "value": notice["fills"]["figures.cover.note"]})
    for f in review.view()["fields"]:
        if f["status"] == "missing":
            review.act({"op": "absent", "key": f["key"]})
        elif not f["checked"]:
            review.act({"op": "confirm", "key": f["key"]})
    assert "全部核对完毕" in review.accept()
    base = ["calculator", "quote", "--region", notice["region"], "--year", notice["year"], "--on", notice["paid_on"],
            "--policy-dir", policy, "--json"]
    for pid, want in notice["populations"].items():
        answer = _run(*base, "--population", pid)
        assert answer.returncode == 0, answer.stderr
        assert yaml.safe_load(answer.stdout)["personal_contribution"] == want["amount"]


def test_the_review_desk_page_shows_an_accepted_notice_by_population_as_one_field(tmp_path):
    """北京 2025 as published (nothing proposed): one field for the populations, summarised with each
    population's name and amounts, its leaves named by population, and an edit lands on the one."""
    from intake.review.server import Review

    shutil.copy(ROOT / "policy_data" / "110000-2025.yaml", tmp_path)
    (tmp_path / "sources").mkdir()
    shutil.copy(ROOT / "policy_data" / "sources" / "110000-beijing-2025.txt", tmp_path / "sources")
    review = Review(tmp_path / "110000-2025.yaml", tmp_path)
    field = next(f for f in review.view()["fields"] if f["key"] == "populations")
    assert field["summary"].startswith("城乡老年人 430元（财政补助4350元）；学生儿童 405元"), field["summary"]
    leaves = {path: (label, value) for path, label, value in field["leaves"]}
    assert leaves["working_age.amount"] == ("劳动年龄内居民（成年居民）：金额（元）", "750"), leaves
    review.act({"op": "edit", "key": "populations", "path": "working_age.amount", "value": "751"})
    assert review.desk.state["figures"]["populations"][2]["amount"] == 751


TABLE = next(c for c in CASES if c["name"].startswith("A table of populations with the personal part"))


@pytest.mark.parametrize("suffix", ["docx", "html", "pdf"])
def test_a_table_of_populations_is_read_alike_from_word_and_a_web_page_and_never_guessed_from_a_pdf(suffix, tmp_path):
    """The table case as a publisher sends it (tools/notice_formats.py): the same populations from
    .docx and .html. A PDF's text layer gives the rows as cells spaced apart with the header run
    into the first row (no 元, no column names): nothing is read by population, and no standard."""
    from tools import notice_formats

    lines = TABLE["text"].split("\n")
    path = tmp_path / f"notice.{suffix}"
    getattr(notice_formats, f"write_{suffix}")([(line, "\t" in line) for line in lines], path)
    out = tmp_path / "out"
    out.mkdir()
    draft(path, TABLE["region"], TABLE["year"], out)
    fig = yaml.safe_load((out / f"{TABLE['region']}-{TABLE['year']}.yaml").read_text(encoding="utf-8"))["figures"]
    if suffix == "pdf":
        assert not {"populations", "standard", "tiers"} & set(fig), fig
        return
    got = {p["id"]: (p["amount"], p["fiscal_subsidy"]["amount"]) for p in fig["populations"]}
    assert got == {pid: (want["amount"], want["fiscal_subsidy"]["amount"]) for pid, want in TABLE["populations"].items()}
