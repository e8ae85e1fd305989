"""Issue 23's bad input: where a notice's text came from, its level, its year and the regions it
covers. Each mistake is made in a copy of policy_data/ and must stop loading (and so the build)
naming the file and the field."""

import pytest

from calculator.errors import PolicyDataError
from validation.sources import load_policy_dir
from test_policy_data import _copy, _delete, _edit, _set


def _excerpt_without_end(d):
    d["origin"].update(kind="official_page", outlet="沁水县人民政府网", url="https://example.gov.cn/a.html", complete=False)


def _digest_without_source_at(d):
    d["origin"].update(kind="official_page", outlet="沁水县人民政府网", url="https://example.gov.cn/a.html", digest=True)
    for clause in d["clauses"][1:]:
        clause["source_at"] = "正文"


MISTAKES = [
    ("an address that is not http(s)", "140521-2025.yaml",
     lambda d: d["origin"].update(kind="official_page", outlet="沁水县人民政府网", url="ftp://example.gov.cn/a.txt"),
     "origin.url", "http"),
    ("an address that is not an address at all", "411325-2025.yaml",
     lambda d: d["origin"].update(kind="repost", outlet="内乡县融媒体中心", url="内乡县政府网"), "origin.url", "http"),
    ("a repost without its address", "430502-2025.yaml",
     lambda d: d["origin"].update(kind="repost", outlet="邵阳日报"), "origin.url", "须写明网址"),
    ("a report without the outlet that published it", "512022-2025.yaml",
     lambda d: d["origin"].update(kind="report", url="https://example.com/news.html"), "origin.outlet", "发布者"),
    ("an entry with no source kind", "140521-2025.yaml", _delete("origin", "kind"), "origin.kind", "缺少必填字段"),
    ("an entry with no read date", "140500-2024.yaml", _delete("origin", "read_on"), "origin.read_on", "缺少必填字段"),
    ("an entry with no origin at all", "512022-2025.yaml", _delete("origin"), "origin", "缺少必填字段"),
    ("a source kind that is not one of the four", "140521-2025.yaml",
     _set("origin", "kind", value="wechat"), "origin.kind", "official_file"),
    ("an excerpt that does not say where it ends", "140521-2025.yaml", _excerpt_without_end, "origin.ends_at", "止于何处"),
    ("a digest whose clause does not say where in the page its facts are", "140521-2025.yaml",
     _digest_without_source_at, "clauses[0].source_at", "缺少必填字段"),
    ("a stated year that does not match the file name", "140521-2025.yaml",
     _set("year", value=2026), "year", "与文件名 140521-2025 不符"),
    ("a province level on a county's code", "140521-2025.yaml", _set("level", value="province"), "level", "县级"),
    ("groups and groups_delegated together", "140521-2025.yaml",
     _set("figures", "groups_delegated", value={"cite": "2.3", "note": "由县确定"}), "figures.groups_delegated", "不能再写"),
]


@pytest.mark.parametrize("name,file,change,field,words", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_bad_origin_level_or_year_is_refused_naming_file_and_field(tmp_path, name, file, change, field, words):
    root = _copy(tmp_path)
    _edit(root / file, change)
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    message = str(err.value)
    assert message.startswith(f"{file}: {field}: "), message
    assert words in message, message


def test_document_number_may_be_null(tmp_path):
    root = _copy(tmp_path)
    _edit(root / "140521-2025.yaml", _set("document_number", value=None))
    assert load_policy_dir(root)["notices"]["140521-2025"]["document_number"] is None


def test_two_notices_of_one_rank_for_one_county_and_year_are_refused_naming_both(tmp_path):
    """晋城's 2024 notice relabelled a county-level one (as a city without counties would file it)
    and a 沁水 notice for 2024: both rank as county notices for 沁水 in 2024."""
    root = _copy(tmp_path)
    _edit(root / "140500-2024.yaml", _set("level", value="county"))

    def to_2024(d):
        d.update(id="140521-2024", year=2024)
        d["figures"]["collection"].update(start="2023-09-01", end="2024-02-28")
        d["figures"]["cover"].update(start="2024-01-01", end="2024-12-31")
    _edit(root / "140521-2025.yaml", to_2024)
    (root / "140521-2025.yaml").rename(root / "140521-2024.yaml")
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    message = str(err.value)
    assert "140500-2024.yaml" in message and "140521-2024.yaml" in message, message
    assert "140521" in message and "2024" in message, message


def test_a_notice_without_a_standard_needs_a_higher_one_that_has_it(tmp_path):
    root = _copy(tmp_path)
    _edit(root / "140521-2025.yaml", lambda d: d["figures"].pop("standard") and [
        g.pop(k, None) for g in d["figures"]["groups"].values() for k in ("percent", "full", "personal_stated")])
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    assert str(err.value).startswith("140521-2025.yaml: figures.standard: "), str(err.value)
