"""The clause transcriptions in policy_data/ against the published notices in policy_data/sources/.

* Joining `heading` + `text` of every clause, in order, reproduces the source file once all
  whitespace and `*` (emphasis markers in the sources) are removed. Conversion artefacts that
  are not part of the published text (Word's `[bookmark: _GoBack]`) are dropped from the
  source before comparing.
* Clause ids are unique, follow the id scheme of SCHEMA.md, and give unique HTML anchors.
* Attachment tables match the clause text that holds them and add up as their `checks` say.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "policy_data"
NOTICE_FILES = sorted(p for p in DATA.glob("*.yaml") if re.fullmatch(r"\d{6}-\d{4}\.yaml", p.name))
EXPECTED = {"140500-2024", "140521-2025", "411325-2025", "430502-2025", "512022-2025"}

CLAUSE_ID = re.compile(
    r"^(?:header|title|addressee|letter|letter-date|plan-title|preamble"
    r"|closing(?:\.p\d+)?"
    r"|attachment-\d+(?:\.[a-z0-9]+)*"
    r"|\d+(?:\.\d+)*(?:\.p\d+)?)$"
)
TOP_KEYS = {"id", "source", "title", "document_number", "issuer", "date", "date_text",
            "level", "region", "covers", "year", "clauses"}
OPTIONAL_TOP_KEYS = {"figures", "attachments", "origin"}
CLAUSE_KEYS = {"id", "label", "heading", "text", "source_at"}
ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")


def _squash(text):
    return re.sub(r"[\s*]+", "", text)


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _anchor(clause_id):
    return "c-" + clause_id.replace(".", "-")


@pytest.fixture(scope="module", params=NOTICE_FILES, ids=lambda p: p.stem)
def notice(request):
    return request.param.stem, _load(request.param)


def test_all_notices_present():
    assert {p.stem for p in NOTICE_FILES} >= EXPECTED


def test_top_level(notice):
    stem, data = notice
    keys = set(data)
    assert TOP_KEYS <= keys, f"{stem}: missing top-level keys {sorted(TOP_KEYS - keys)}"
    assert keys <= TOP_KEYS | OPTIONAL_TOP_KEYS, f"{stem}: unknown keys {sorted(keys - TOP_KEYS - OPTIONAL_TOP_KEYS)}"
    assert data["id"] == stem
    assert stem == f"{data['region']}-{data['year']}"
    assert (DATA / "sources" / data["source"]).is_file(), f"{stem}: no sources/{data['source']}"
    assert data["date"] is None or type(data["date"]) is dt.date, f"{stem}: date {data['date']!r}"
    assert isinstance(data["region"], str) and data["region"] in data["covers"]


def test_text_reproduces_source(notice):
    stem, data = notice
    source = (DATA / "sources" / data["source"]).read_text(encoding="utf-8")
    want = _squash(ARTEFACTS.sub("", source))
    got = ""
    owner = []  # clause id for every character of `got`
    for clause in data["clauses"]:
        piece = _squash(clause.get("heading", "") + clause["text"])
        got += piece
        owner += [clause["id"]] * len(piece)
    if got == want:
        return
    i = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    where = f"in clause {owner[i]!r}" if i < len(owner) else "after the last clause"
    pytest.fail(
        f"{stem}: clause text differs from sources/{data['source']} at character {i} "
        f"(whitespace and * removed) {where}\n"
        f"  clauses: …{got[max(0, i - 30):i]}【{got[i:i + 30]}】…\n"
        f"  source:  …{want[max(0, i - 30):i]}【{want[i:i + 30]}】…\n"
        f"  lengths: clauses {len(got)}, source {len(want)}"
    )


def test_clause_ids(notice):
    stem, data = notice
    seen, anchors = {}, {}
    for n, clause in enumerate(data["clauses"]):
        keys = set(clause)
        assert keys <= CLAUSE_KEYS, f"{stem}: clauses[{n}] unknown keys {sorted(keys - CLAUSE_KEYS)}"
        assert {"id", "label", "text"} <= keys, f"{stem}: clauses[{n}] needs id, label and text"
        cid = clause["id"]
        assert isinstance(cid, str), f"{stem}: clauses[{n}].id {cid!r} must be a string (quote it)"
        assert CLAUSE_ID.match(cid), f"{stem}: clauses[{n}].id {cid!r} does not follow the id scheme"
        assert cid not in seen, f"{stem}: clause id {cid!r} at clauses[{n}] repeats clauses[{seen[cid]}]"
        seen[cid] = n
        anchor = _anchor(cid)
        assert anchor not in anchors, f"{stem}: anchor {anchor} of {cid!r} repeats that of {anchors[anchor]!r}"
        anchors[anchor] = cid
        assert isinstance(clause["label"], str) and clause["label"].strip(), f"{stem}: {cid}: empty label"
        assert isinstance(clause["text"], str), f"{stem}: {cid}: text must be a string"
        if "heading" in clause:
            assert isinstance(clause["heading"], str) and clause["heading"].strip(), f"{stem}: {cid}: empty heading"
        else:
            assert clause["text"].strip(), f"{stem}: {cid}: neither heading nor text"


def test_numbering_is_complete(notice):
    """Every numbered clause's parent and previous sibling come before it."""
    stem, data = notice
    seen = set()
    for clause in data["clauses"]:
        cid = clause["id"]
        if re.fullmatch(r"\d+(\.\d+)*(\.p\d+)?", cid):
            *parent, last = cid.split(".")
            if parent:
                assert ".".join(parent) in seen, f"{stem}: {cid!r} comes before its parent"
            if last.startswith("p"):
                prev = int(last[1:]) - 1
                assert prev == 0 or ".".join(parent + [f"p{prev}"]) in seen, f"{stem}: {cid!r} skips a paragraph"
            elif int(last) > 1:
                prev = ".".join(parent + [str(int(last) - 1)])
                assert prev in seen, f"{stem}: {cid!r} comes without (or before) {prev!r}"
        seen.add(cid)


CITED = {  # ids other people cite: id -> words its heading or text must contain
    "140521-2025": {"2.3.3": "低保对象", "3": "参保缴费时间", "2.2": "400", "2.1.6": "新生儿"},
    "411325-2025": {"3.2.2": "低保对象", "3.2.p1": "上述特殊群体", "4.2.2": "待遇等待期",
                    "4.2.3": "新生儿", "5": "征缴工作安排", "5.2": "重点突击阶段",
                    "4.1.1": "各乡镇负责"},
    "430502-2025": {"3.4.2": "集中参保缴费期", "3.4.3.1": "新生儿", "3.5.1.1": "区民政部门",
                    "3.6": "激励约束机制", "3.3": "财政补助标准"},
    "512022-2025": {"2.2": "筹资标准", "2.3.3": "城镇低保", "2.3.p1": "花名册", "2.4": "集中筹资期"},
    "140500-2024": {"2": "参保缴费时间", "4.3": "特困人员", "1": "个人缴费标准"},
}


def test_cited_ids_point_at_the_right_clause(notice):
    stem, data = notice
    by_id = {c["id"]: c for c in data["clauses"]}
    for cid, words in CITED.get(stem, {}).items():
        assert cid in by_id, f"{stem}: no clause {cid!r}"
        clause = by_id[cid]
        body = clause.get("heading", "") + clause["text"]
        assert words in body, f"{stem}: clause {cid!r} should mention {words!r}: {body[:60]!r}…"


def test_figure_citations_exist(notice):
    stem, data = notice
    ids = {c["id"] for c in data["clauses"]}

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "cite":
                    assert value in ids, f"{stem}: {path}.cite = {value!r} is not a clause id"
                else:
                    walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for k, value in enumerate(node):
                walk(value, f"{path}[{k}]")

    walk(data.get("figures"), "figures")


def test_attachments(notice):
    stem, data = notice
    texts = {c["id"]: c["text"] for c in data["clauses"]}
    for a, att in enumerate(data.get("attachments") or []):
        name = f"{stem}: attachments[{a}] ({att.get('id')})"
        assert set(att) <= {"id", "title", "columns", "rows", "total", "checks"}, f"{name}: unknown keys"
        assert att["id"] in texts, f"{name}: no clause with this id"
        width = len(att["columns"])
        lines = att["rows"] + ([att["total"]] if "total" in att else [])
        for r, row in enumerate(lines):
            assert len(row) == width, f"{name}: row {row} has {len(row)} cells, columns has {width}"
            printed = re.compile(r"(?m)^" + r"\s+".join(re.escape(str(x)) for x in row) + r"\s*$")
            assert printed.search(texts[att["id"]]), f"{name}: row {row} is not printed in clause {att['id']}"
        for check in att.get("checks", []):
            if check["kind"] == "row_difference":
                res, a_, b_ = check["result"], check["minuend"], check["subtrahend"]
                for row in lines:
                    assert row[a_] - row[b_] == row[res], (
                        f"{name}: {row[0]}: {att['columns'][a_]} {row[a_]} − {att['columns'][b_]} {row[b_]}"
                        f" = {row[a_] - row[b_]}, table says {att['columns'][res]} {row[res]}")
            elif check["kind"] == "column_sums":
                total = att["total"]
                for j in range(width):
                    if all(isinstance(row[j], int) for row in att["rows"]):
                        s = sum(row[j] for row in att["rows"])
                        assert s == total[j], f"{name}: column {att['columns'][j]} sums to {s}, 合计 says {total[j]}"
            else:
                pytest.fail(f"{name}: unknown check kind {check['kind']!r}")
        assert att.get("checks"), f"{name}: no checks"


def test_regions_come_from_the_national_catalogue():
    """The site's regions are the package's, read as validation/divisions.py says: every province,
    the prefecture-level cities, and the county-level areas (2,978 in the 2023 codes, counting
    东莞、中山、儋州, which have no counties and stand for themselves)."""
    from validation.divisions import load_catalogue

    rows = load_catalogue()
    codes = {}
    for n, row in enumerate(rows):
        assert set(row) == {"code", "name", "level", "parent"}, f"regions[{n}] keys {sorted(row)}"
        assert re.fullmatch(r"\d{6}", row["code"]) and row["code"] not in codes, row
        assert row["level"] in ("province", "city", "county"), row
        codes[row["code"]] = row
    for code, row in codes.items():
        if row["level"] == "province":
            assert row["parent"] is None
        else:
            assert codes[row["parent"]]["level"] in ("province", "city") and code[:2] == row["parent"][:2], row
    levels = [r["level"] for r in rows]
    childless_cities = {r["code"] for r in rows if r["level"] == "city"} - {r["parent"] for r in rows}
    assert levels.count("province") == 31
    assert levels.count("county") + len(childless_cities) == 2978
    assert childless_cities == {"441900", "442000", "460400"}
    assert codes["140521"]["name"] == "沁水县" and codes["140521"]["parent"] == "140500"
    assert codes["110101"]["parent"] == "110000"  # 北京市东城区: no 市辖区 level in between
    for path in NOTICE_FILES:
        data = _load(path)
        for code in [data["region"], *data["covers"]]:
            assert code in codes, f"{path.name}: region {code!r} not in the catalogue"
