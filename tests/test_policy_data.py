"""The policy data as a whole, and corrupted copies of it that must be refused by name."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from calculator.errors import PolicyDataError
from validation.sources import load_policy_dir
from calculator.vocabulary import GROUPS
from policy_fixture import policy  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "policy_data"


def test_the_five_seed_notices_load(policy):
    # the library grows (issue 23): the five seeds are there, whatever else is
    assert set(policy["notices"]) >= {"140500-2024", "140521-2025", "411325-2025", "430502-2025", "512022-2025"}


def test_every_group_id_is_in_the_shared_vocabulary(policy):
    for notice in policy["notices"].values():
        assert set(notice["figures"].get("groups", {})) <= set(GROUPS), notice["id"]


def test_every_cited_clause_exists_and_carries_text(policy):
    from calculator.summary import _cited

    for notice in policy["notices"].values():
        clauses = {c["id"]: c for c in notice["clauses"]}
        for clause_id in _cited(notice["figures"]):
            assert clause_id in clauses, f"{notice['id']}: cites missing clause {clause_id}"
            assert clauses[clause_id]["text"].strip(), f"{notice['id']}: cites empty clause {clause_id}"


def test_city_notice_covers_its_six_counties(policy):
    covers = set(policy["notices"]["140500-2024"]["covers"])
    assert {"140502", "140521", "140522", "140524", "140525", "140581"} <= covers


# -- corrupted copies ---------------------------------------------------------------------
def _copy(tmp_path):
    target = tmp_path / "policy_data"
    shutil.copytree(POLICY_DIR, target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _set(*keys, value):
    def change(data):
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return change


def _delete(*keys):
    def change(data):
        node = data
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]
    return change


CORRUPTIONS = [
    ("a subsidy above the standard", "140521-2025.yaml",
     _set("figures", "groups", "dibao", "subsidy", value=480), "figures.groups.dibao", "高于缴费标准"),
    ("a missing citation", "140521-2025.yaml",
     _delete("figures", "groups", "dibao", "cite"), "figures.groups.dibao.cite", "缺少必填字段"),
    ("a citation of a clause that does not exist", "411325-2025.yaml",
     _set("figures", "waiting", "cite", value="9.9.9"), "figures.waiting.cite", "不存在"),
    ("an unknown key", "430502-2025.yaml",
     _set("figures", "groups", "dibao", "amount", value=200), "figures.groups.dibao.amount", "未知字段"),
    ("a percentage that does not match the amount", "140500-2024.yaml",
     _set("figures", "groups", "returned_poverty", "percent", value=80), "figures.groups.returned_poverty.percent", "342"),
    ("a stated personal share that does not add up", "140521-2025.yaml",
     _set("figures", "groups", "monitoring", "personal_stated", value=100), "figures.groups.monitoring.personal_stated", "400"),
    ("a reversed window", "512022-2025.yaml",
     _set("figures", "collection", "end", value="2024-08-01"), "figures.collection.end", "不晚于开始日"),
    ("a wrong type", "430502-2025.yaml",
     _set("figures", "standard", "amount", value="四百"), "figures.standard.amount", "应为整数"),
    ("an attachment total that does not add up", "140521-2025.yaml",
     lambda d: d["attachments"][0]["total"].__setitem__(1, 195312), "attachments[0].total", "195312"),
    ("a group outside the shared vocabulary", "512022-2025.yaml",
     _set("figures", "groups", "veterans", value={"wording": "x", "subsidy": 1, "cite": "2.2"}), "figures.groups.veterans", "未知字段"),
    ("a full subsidy that is not the full standard", "430502-2025.yaml",
     _set("figures", "groups", "tekun", "subsidy", value=300), "figures.groups.tekun.subsidy", "全额资助"),
    ("a payment channel the cited clause does not name", "140521-2025.yaml",
     lambda d: d["figures"]["payment"][0]["channels"].append("云闪付"), "figures.payment[0].channels[4]", "不在所引条款 5.2"),
    ("a payment way cited to a clause that does not exist", "512022-2025.yaml",
     lambda d: d["figures"]["payment"][1].__setitem__("cite", "3.9"), "figures.payment[1].cite", "不存在"),
    ("cover from the day paid starting two days after it", "360000-2026.yaml",
     _set("figures", "cover", "from_payment", "offset_days", value=2), "figures.cover.from_payment.offset_days", "缴费次日"),
    ("cover from the day paid for days after the window", "360000-2026.yaml",
     _set("figures", "cover", "from_payment", "until", value="2026-03-31"), "figures.cover.from_payment", "集中征缴期"),
    ("cover from the day paid beginning before cover starts", "630000-2026.yaml",
     _set("figures", "cover", "from_payment", "after", value="2025-11-30"), "figures.cover.from_payment.after", "早于待遇起始日"),
    ("cover from the day paid with no cover start", "630000-2026.yaml",
     lambda d: d["figures"]["cover"].update(start=None, end=None), "figures.cover", "cover.start"),
    ("cover from the day paid without a citation", "360000-2026.yaml",
     _delete("figures", "cover", "from_payment", "cite"), "figures.cover.from_payment.cite", "缺少必填字段"),
    ("a floor flag on the standard that is not true or false", "130000-2026.yaml",
     _set("figures", "standard", "minimum", value="不低于"), "figures.standard.minimum", "true 或 false"),
    ("a duplicate clause id", "411325-2025.yaml",
     lambda d: d["clauses"].append(dict(d["clauses"][5])), "clauses[", "重复"),
]


@pytest.mark.parametrize("name,file,change,field,words", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_corrupted_notice_is_refused_naming_file_and_field(tmp_path, name, file, change, field, words):
    root = _copy(tmp_path)
    _edit(root / file, change)
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    message = str(err.value)
    assert message.startswith(file), message
    assert field in message and words in message, message


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    root = _copy(tmp_path)
    path = root / "140521-2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("figures:", "figures: [", 1), encoding="utf-8")
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    assert str(err.value).startswith("140521-2025.yaml: 第") and "YAML" in str(err.value)


REGION_MISTAKES = [
    ("a code that is not in the catalogue", "140521-2025.yaml",
     lambda d: d.update(id="140599-2025", region="140599", covers=["140599"]), "140599-2025.yaml",
     "region", "不在全国区划代码表中"),
    ("a code typed for another county (阳城县, not 沁水县)", "140521-2025.yaml",
     lambda d: d.update(id="140522-2025", region="140522", covers=["140522"]), "140522-2025.yaml",
     "region", "阳城县"),
    ("a city notice covering a county of another city", "140500-2024.yaml",
     lambda d: d["covers"].append("411325"), "140500-2024.yaml", "covers[7]", "不在发文地区"),
    ("a covered code that is not in the catalogue", "140500-2024.yaml",
     lambda d: d["covers"].append("140599"), "140500-2024.yaml", "covers[7]", "不在全国区划代码表中"),
]


@pytest.mark.parametrize("name,file,change,renamed,field,words", REGION_MISTAKES, ids=[m[0] for m in REGION_MISTAKES])
def test_region_codes_are_checked_against_the_catalogue_by_code_and_name(tmp_path, name, file, change, renamed, field, words):
    root = _copy(tmp_path)
    _edit(root / file, change)
    (root / file).rename(root / renamed)
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    assert str(err.value).startswith(f"{renamed}: {field}: "), str(err.value)
    assert words in str(err.value), str(err.value)


@pytest.mark.parametrize("damage,words", [
    (lambda d: (d / "areas.json").unlink(), ["areas.json", "不存在"]),
    (lambda d: (d / "cities.json").write_text("[{", encoding="utf-8"), ["cities.json", "已损坏"]),
    (lambda d: (d / "provinces.json").write_text('[{"code": "14"}]', encoding="utf-8"), ["provinces.json", "[0]", "name"]),
], ids=["missing", "not JSON", "a row without its name"])
def test_a_missing_or_corrupt_catalogue_is_named(tmp_path, damage, words):
    from validation.divisions import DEFAULT_DIR

    divisions = tmp_path / "dist"
    shutil.copytree(DEFAULT_DIR, divisions, ignore=shutil.ignore_patterns("villages*", "data.sqlite", "*.csv"))
    damage(divisions)
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(POLICY_DIR, divisions=divisions)
    for word in words:
        assert word in str(err.value), str(err.value)


def test_two_notices_claiming_one_county_and_year_are_refused(tmp_path):
    root = _copy(tmp_path)
    _edit(root / "512022-2025.yaml", _set("covers", value=["512022", "430502"]))
    with pytest.raises(PolicyDataError, match="covers.*430502"):
        load_policy_dir(root)


def test_command_line_refuses_bad_data_without_traceback(tmp_path):
    root = _copy(tmp_path)
    _edit(root / "140521-2025.yaml", _set("figures", "groups", "dibao", "subsidy", value=480))
    result = subprocess.run(
        [sys.executable, "-m", "calculator", "quote", "--region", "140521", "--year", "2025", "--json"],
        cwd=ROOT, env={"POLICY_DATA": str(root), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert result.returncode == 1
    assert "140521-2025.yaml" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


# -- every kind of corruption, in every notice file -----------------------------------------
def _first_amount_path(data):
    fig = data["figures"]
    return ("figures", "standard", "amount") if "standard" in fig else ("figures", "tiers", 0, "amount")


def _walk(data, path):
    for key in path[:-1]:
        data = data[key]
    return data, path[-1]


def _field(path):
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def corrupt_wrong_type(data):
    node, key = _walk(data, _first_amount_path(data))
    node[key] = "四百元"
    return _field(_first_amount_path(data)), "应为整数"


def corrupt_unknown_key(data):
    data["figures"]["collection"]["deadline"] = "2024-12-31"
    return "figures.collection.deadline", "未知字段"


def corrupt_dangling_clause(data):
    data["figures"]["collection"]["cite"] = "8.8.8"
    return "figures.collection.cite", "不存在"


def corrupt_percentage(data):
    group = next((g for g, v in data["figures"]["groups"].items() if "percent" in v), None)
    if group is None:  # no stated percentage in this notice: state a wrong one
        group = next(g for g, v in data["figures"]["groups"].items() if v.get("subsidy"))
        data["figures"]["groups"][group]["percent"] = 33
    else:
        data["figures"]["groups"][group]["percent"] += 5
    return f"figures.groups.{group}.percent", "不符"


def corrupt_reversed_window(data):
    col = data["figures"]["collection"]
    col["start"], col["end"] = col["end"], col["start"]
    return "figures.collection.end", "不晚于开始日"


def corrupt_subsidy_above_standard(data):
    group = next(g for g, v in data["figures"]["groups"].items() if "subsidy" in v and g != "ordinary")
    data["figures"]["groups"][group]["subsidy"] = 9999
    return f"figures.groups.{group}.subsidy", "高于缴费标准"


def corrupt_missing_citation(data):
    del data["figures"]["groups"]["ordinary"]["cite"]
    return "figures.groups.ordinary.cite", "缺少必填字段"


def corrupt_cover_outside_year(data):
    cover = data["figures"]["cover"]
    if cover["start"] is None:  # the notice states none: claim one in the wrong year
        cover.update(start=f"{data['year'] + 1}-01-01", end=f"{data['year'] + 1}-12-31", cite="title")
    else:
        cover["start"] = f"{data['year'] - 1}-01-01"
    return "figures.cover.start", "不在参保年度"


KINDS = [corrupt_wrong_type, corrupt_unknown_key, corrupt_dangling_clause, corrupt_percentage,
         corrupt_reversed_window, corrupt_subsidy_above_standard, corrupt_missing_citation,
         corrupt_cover_outside_year]
FILES = ["140500-2024.yaml", "140521-2025.yaml", "411325-2025.yaml", "430502-2025.yaml", "512022-2025.yaml"]


@pytest.mark.parametrize("kind", KINDS, ids=[k.__name__.removeprefix("corrupt_") for k in KINDS])
@pytest.mark.parametrize("file", FILES)
def test_each_kind_of_corruption_is_refused_in_each_notice(tmp_path, file, kind):
    root = _copy(tmp_path)
    path = root / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    field, words = kind(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    assert str(err.value).startswith(f"{file}: {field}: "), str(err.value)
    assert words in str(err.value), str(err.value)


NAMED_AS = [  # (code, the words a real notice prints in its title or issuer, accepted)
    ("513200", "阿坝州医疗保障局", True),      # 阿坝藏族羌族自治州: the ethnic names dropped
    ("513200", "阿坝自治州医疗保障局", True),
    ("640000", "自治区医疗保障局", True),      # 宁夏回族自治区's own offices
    ("640000", "宁夏医疗保障局", True),
    ("450000", "广西壮族自治区医疗保障局", True),
    ("140521", "沁水县医疗保障局", True),
    ("140521", "阳城县医疗保障局", False),     # another county's office
    ("513200", "自治区医疗保障局", False),     # 自治区 alone names a province-level region only
]


@pytest.mark.parametrize("code,words,accepted", NAMED_AS, ids=[f"{c} {w}" for c, w, _ in NAMED_AS])
def test_a_region_is_named_by_the_catalogue_name_or_the_short_forms_notices_print(code, words, accepted):
    from validation.divisions import load_catalogue, names_of

    region = next(r for r in load_catalogue() if r["code"] == code)
    assert any(n in words for n in names_of(region)) is accepted
