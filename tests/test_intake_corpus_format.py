"""The intake corpus (tests/intake_corpus) is well formed: every entry loads, has every field, is in
the half its id draws, names files that exist and a region the catalogue knows, and its facts are
of the shapes intake is scored against. The facts themselves were read from the real pages by a
person; nothing here can check them against the web."""

import datetime
import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from validation.divisions import load_catalogue
from calculator.vocabulary import GROUPS

CORPUS = Path(__file__).resolve().parent / "intake_corpus"
NOTICES = CORPUS / "notices"
ENTRIES = sorted(NOTICES.glob("*.yaml"))

KEYS = {"id", "url", "real_title", "region", "year", "level", "excerpt", "ends_at", "kind", "styles",
        "files", "split", "facts"}
OPTIONAL = {"notes", "variants"}
FACT_KEYS = {"title", "document_number", "issuer", "date", "standard", "tiers", "fiscal_subsidy",
             "collection", "cover", "waiting", "late_amount", "groups"}
LEVELS = {"province", "city", "county"}
KINDS = {"official_page", "repost", "report", "wechat", "qa"}
SEED = "medins-corpus-2026:"


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _split(entry_id):
    return "heldout" if hashlib.sha256((SEED + entry_id).encode()).digest()[0] % 2 == 1 else "tuning"


def _style_tags():
    """The tags the README defines: first cell of each row of its style tables."""
    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    section = text.split("## Style tags", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))


def _readme_rows():
    text = (CORPUS / "README.md").read_text(encoding="utf-8")
    section = text.split("## The notices", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and re.fullmatch(r"\d{6}-\d{4}-[a-z0-9-]+", cells[0]):
            rows[cells[0]] = dict(zip(("id", "level", "year", "kind", "split", "url"), cells))
    return rows


def _iso(value):
    return isinstance(value, str) and datetime.date.fromisoformat(value).isoformat() == value


def _amount(value):
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


@pytest.fixture(scope="module")
def catalogue():
    return {row["code"]: row for row in load_catalogue()}


def test_the_corpus_has_entries():
    assert len(ENTRIES) >= 10


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_an_entry_has_every_field_and_its_id_is_its_file_name(path):
    entry = _load(path)
    assert set(entry) >= KEYS, f"{path.name}: missing {sorted(KEYS - set(entry))}"
    assert set(entry) <= KEYS | OPTIONAL, f"{path.name}: unknown {sorted(set(entry) - KEYS - OPTIONAL)}"
    assert entry["id"] == path.stem
    assert re.fullmatch(r"\d{6}-20(23|24|25|26)-[a-z0-9-]+", entry["id"]), entry["id"]
    assert entry["id"].startswith(f"{entry['region']}-{entry['year']}-")
    assert entry["url"].startswith(("http://", "https://"))


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_an_entry_is_in_the_half_its_id_draws(path):
    entry = _load(path)
    assert entry["split"] == _split(entry["id"]), f"{path.name}: split must be {_split(entry['id'])}"


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_an_entry_names_a_catalogue_region_at_its_own_level(path, catalogue):
    entry = _load(path)
    assert isinstance(entry["region"], str), f"{path.name}: quote the region code"
    assert entry["region"] in catalogue, f"{path.name}: region {entry['region']} is not in the catalogue"
    assert entry["level"] in LEVELS
    assert catalogue[entry["region"]]["level"] == entry["level"], (
        f"{path.name}: {entry['region']} is a {catalogue[entry['region']]['level']} in the catalogue")


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_an_entry_says_what_it_is_and_where_its_text_stops(path):
    entry = _load(path)
    assert entry["kind"] in KINDS, entry["kind"]
    assert entry["year"] in (2023, 2024, 2025, 2026)
    assert isinstance(entry["excerpt"], bool)
    if entry["excerpt"]:
        assert entry["ends_at"], f"{path.name}: an excerpt says where it stops"
    else:
        assert entry["ends_at"] is None, f"{path.name}: ends_at only for an excerpt"


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_an_entry_uses_only_style_tags_the_readme_defines(path):
    entry = _load(path)
    tags = _style_tags()
    assert entry["styles"], f"{path.name}: no styles"
    unknown = sorted(set(entry["styles"]) - tags)
    assert not unknown, f"{path.name}: style tags not defined in README.md: {unknown}"


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_the_files_of_an_entry_exist_and_the_text_is_first(path):
    entry = _load(path)
    assert entry["files"][0] == f"{entry['id']}.txt"
    for name in entry["files"]:
        assert name.startswith(entry["id"] + "."), name
        assert (NOTICES / name).is_file(), f"{path.name}: {name} is missing"
        assert (NOTICES / name).stat().st_size > 0, f"{path.name}: {name} is empty"
    assert (NOTICES / f"{entry['id']}.txt").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_the_facts_have_the_shapes_intake_is_scored_against(path):
    facts = _load(path)["facts"]
    assert set(facts) == FACT_KEYS, f"{path.name}: facts keys {sorted(set(facts) ^ FACT_KEYS)}"
    if facts["date"] is not None:
        assert _iso(facts["date"]), f"{path.name}: date {facts['date']!r} is not ISO"
    for key in ("collection", "cover"):
        if facts[key] is not None:
            assert set(facts[key]) == {"start", "end"}, f"{path.name}: {key}"
            for end in ("start", "end"):
                value = facts[key][end]
                assert value is None or _iso(value), f"{path.name}: {key}.{end} {value!r} is not ISO"
            if facts[key]["start"] and facts[key]["end"]:
                assert facts[key]["start"] < facts[key]["end"], f"{path.name}: {key} ends before it starts"
    for key in ("standard", "fiscal_subsidy", "late_amount"):
        assert _amount(facts[key]), f"{path.name}: {key} {facts[key]!r}"
    if facts["tiers"] is not None:
        assert set(facts["tiers"]) == {"high", "low"}
        assert facts["tiers"]["high"] > facts["tiers"]["low"], f"{path.name}: tiers"
    if facts["waiting"] is not None:
        (unit, count), = facts["waiting"].items()
        assert unit in ("months", "days") and isinstance(count, int) and count > 0, f"{path.name}: waiting"
    for group, help_ in (facts["groups"] or {}).items():
        assert group in GROUPS, f"{path.name}: group {group} is not in the shared vocabulary"
        assert set(help_) == {"subsidy", "personal", "percent"}, f"{path.name}: group {group}"
        assert all(_amount(v) for v in help_.values()), f"{path.name}: group {group}"


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.stem)
def test_the_test_notice_prints_the_title_number_and_issuer_it_is_scored_on(path):
    facts = _load(path)["facts"]
    text = (NOTICES / f"{path.stem}.txt").read_text(encoding="utf-8")
    for key in ("title", "document_number", "issuer"):
        if facts[key] is not None:
            # joint issuers are recorded joined with 、 (as the bench compares them); each is printed
            parts = facts[key].split("、") if key == "issuer" else [facts[key]]
            assert all(part in text for part in parts), f"{path.name}: {key} {facts[key]!r} is not in the test notice"


def test_the_readme_lists_every_entry_with_its_level_year_kind_split_and_address():
    rows = _readme_rows()
    entries = {p.stem: _load(p) for p in ENTRIES}
    assert set(rows) == set(entries), f"README rows vs entries: {sorted(set(rows) ^ set(entries))}"
    for entry_id, entry in entries.items():
        row = rows[entry_id]
        assert (row["level"], row["year"], row["kind"], row["split"], row["url"]) == (
            entry["level"], str(entry["year"]), entry["kind"], entry["split"], entry["url"]), entry_id


def test_no_entry_models_a_page_kept_for_the_independent_check():
    root = CORPUS.parent.parent
    candidates = [root.parent / "shared" / "intake-holdout.txt", root.parent.parent / "shared" / "intake-holdout.txt"]
    holdout = next((p for p in candidates if p.is_file()), None)
    if holdout is None:
        pytest.skip("the shared hold-out list (../shared/intake-holdout.txt) is not beside this checkout")
    kept = {line.strip() for line in holdout.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("http")}
    used = {_load(p)["url"] for p in ENTRIES}
    assert not used & kept, sorted(used & kept)


VARIANT_ENTRIES = [p for p in ENTRIES if "variants" in _load(p)]


def test_at_least_three_entries_come_as_word_web_page_and_pdf():
    full = [p for p in VARIANT_ENTRIES if {"docx", "html", "pdf"} <= set(_load(p)["variants"]["formats"])]
    assert len(full) >= 3, [p.stem for p in full]


def _make_variants():
    import importlib.util

    from_path = importlib.util.spec_from_file_location("make_variants", CORPUS / "make_variants.py")
    module = importlib.util.module_from_spec(from_path)
    from_path.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", VARIANT_ENTRIES, ids=lambda p: p.stem)
def test_every_paragraph_and_table_cell_is_in_the_docx_html_and_pdf(path):
    """What intake reads from a variant is the notice: each kept paragraph and each table cell is in
    the Word file and the web page, and every character of them is in the PDF's text layer (the
    embedded font subset is complete)."""
    import docx
    from pdfminer.high_level import extract_text

    entry = _load(path)
    parts = _make_variants().blocks(entry, (NOTICES / f"{path.stem}.txt").read_text(encoding="utf-8"))
    paragraphs = [c for k, c in parts if k == "p"]
    cells = [str(cell) for k, rows in parts if k == "table" for row in rows for cell in row]
    formats = entry["variants"]["formats"]
    if "docx" in formats:
        document = docx.Document(str(NOTICES / f"{path.stem}.docx"))
        text = "\n".join(p.text for p in document.paragraphs)
        table_text = {c.text for t in document.tables for row in t.rows for c in row.cells}
        assert all(p in text for p in paragraphs) and set(cells) <= table_text, path.stem
    if "html" in formats:
        import html as html_lib

        page = html_lib.unescape((NOTICES / f"{path.stem}.html").read_text(encoding="utf-8"))
        assert all(p in page for p in paragraphs + cells), path.stem
    if "pdf" in formats:
        layer = set(re.sub(r"\s", "", extract_text(str(NOTICES / f"{path.stem}.pdf"))))
        wanted = set(re.sub(r"\s", "", "".join(paragraphs + cells)))
        # pictographs (👉, ☎) are not in a CJK text font; a PDF made from a post drops them too
        wanted = {c for c in wanted if unicodedata.category(c) != "So"}
        missing = wanted - layer
        assert not missing, f"{path.stem}.pdf lacks {''.join(sorted(missing))}"


@pytest.mark.parametrize("path", VARIANT_ENTRIES, ids=lambda p: p.stem)
def test_the_committed_variants_are_what_make_variants_builds_from_the_text(path, tmp_path):
    """A variant edited by hand, or a .txt edited without rebuilding, would score intake on a file
    whose facts nobody checked: rebuild and compare bytes (the builder is deterministic)."""
    make_variants = _make_variants()
    if not make_variants.NOTO.is_file():
        pytest.skip(f"{make_variants.NOTO} (fonts-noto-cjk) is not installed")
    for name in make_variants.build(path, tmp_path):
        assert (tmp_path / name).read_bytes() == (NOTICES / name).read_bytes(), (
            f"{name} differs from what make_variants.py builds: run it and commit the result")
