"""Standards by population (figures.populations, calculator/populations.py): bad data is refused
naming file and field; a group's help stated as the whole standard or a percentage of it is
computed on the resident's own population's standard; `groups` and a household list and name the
populations. The answers for 北京 2025 themselves are in tests/scenarios/110000-2025.yaml."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from calculator.cli import run
from calculator.errors import PolicyDataError
from validation.sources import load_policy_dir
from policy_fixture import policy  # noqa: F401
from scenario_table import _Loader, argv_for, check

ROOT = Path(__file__).resolve().parent.parent
FILE = "110000-2025.yaml"


def _write(tmp_path, change):
    root = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", root)
    path = root / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _fig(**changes):
    def change(data):
        for key, value in changes.items():
            if value is None:
                del data["figures"][key]
            else:
                data["figures"][key] = value
    return change


def _population(index, **changes):
    def change(data):
        entry = data["figures"]["populations"][index]
        for key, value in changes.items():
            if value is None:
                del entry[key]
            else:
                entry[key] = value
    return change


def _group(gid, spec):
    return lambda data: data["figures"]["groups"].__setitem__(gid, spec)


BAD = [
    ("a default population (the resident belongs to one; none is assumed)",
     _fig(default_population="working_age"), "figures.default_population", "不能设默认人群"),
    ("a default tier beside populations", _fig(default_tier="low"), "figures.default_tier", "不能再写"),
    ("a single standard beside populations", _fig(standard={"amount": 430, "cite": "3"}), "figures.standard", "不能再写"),
    ("tiers beside populations", _fig(tiers=[{"id": "high", "name": "高档次", "amount": 750, "cite": "3"}]),
     "figures.tiers", "不能再写"),
    ("a population id outside the vocabulary", _population(0, id="retired"), "figures.populations[0].id", "人群应为"),
    ("a population id written as a list", _population(0, id=["elderly"]), "figures.populations[0].id", "人群应为"),
    ("a population's amount missing", _population(1, amount=None), "figures.populations[1].amount", "缺少必填字段"),
    ("a population's amount not a number", _population(1, amount="四百零五"), "figures.populations[1].amount", "应为整数"),
    ("a population's name missing", _population(2, name=None), "figures.populations[2].name", "缺少必填字段"),
    ("a population cited to a clause that does not exist", _population(2, cite="9"), "figures.populations[2].cite", "不存在"),
    ("a population listed twice", _population(1, id="elderly"), "figures.populations[1].id", "人群重复"),
    ("a population's fiscal subsidy cited nowhere", _population(0, fiscal_subsidy={"amount": 4350}),
     "figures.populations[0].fiscal_subsidy.cite", "缺少必填字段"),
    ("a single fiscal subsidy beside populations that state their own (which one would a late payer add?)",
     _fig(fiscal_subsidy={"amount": 2335, "year": 2025, "cite": "4"}), "figures.fiscal_subsidy", "各人群已写明"),
    ("late payment adding the fiscal subsidy where a population states none",
     lambda d: (d["figures"]["populations"][1].pop("fiscal_subsidy"),
                d["figures"].__setitem__("late", {"add_fiscal_subsidy": True, "cite": "4"})),
     "figures.late.add_fiscal_subsidy", "student_child"),
    ("a cover start without an end and without a note saying the end is not stated",
     _fig(cover={"start": "2025-01-01", "end": None, "cite": "2"}), "figures.cover.note", "只写起始日"),
    ("only one population", lambda d: d["figures"].__setitem__("populations", d["figures"]["populations"][:1]),
     "figures.populations", "至少要有两个"),
    ("a group's help written on a tier", _group("dibao", {"wording": "低保对象", "subsidy": 100, "basis_tier": "low", "cite": "3"}),
     "figures.groups.dibao.basis_tier", "不能写"),
    ("a group's stated personal share (it differs by population)",
     _group("dibao", {"wording": "低保对象", "subsidy": 100, "personal_stated": 330, "cite": "3"}),
     "figures.groups.dibao.personal_stated", "不能写"),
    ("a group with an amount and a percentage", _group("dibao", {"wording": "低保对象", "subsidy": 100, "percent": 50, "cite": "3"}),
     "figures.groups.dibao.percent", "不能再写比例或全额"),
    ("a percentage that is not whole yuan on some population's standard",
     _group("dibao", {"wording": "低保对象", "percent": 33, "cite": "3"}), "figures.groups.dibao.percent", "不是整元"),
    ("a group with no help at all", _group("dibao", {"wording": "低保对象", "cite": "3"}), "figures.groups.dibao", "必须且只能有"),
    ("a group's amount above every population's standard",
     _group("dibao", {"wording": "低保对象", "subsidy": 800, "cite": "3"}), "figures.groups.dibao.subsidy", "高于各人群的缴费标准"),
]


@pytest.mark.parametrize("name,change,field,words", BAD, ids=[b[0] for b in BAD])
def test_bad_population_data_is_refused_naming_file_and_field(tmp_path, name, change, field, words):
    root = _write(tmp_path, change)
    with pytest.raises(PolicyDataError) as err:
        load_policy_dir(root)
    message = str(err.value)
    assert message.startswith(f"{FILE}: {field}"), message
    assert words in message, message


def _help(data):
    """A fixture, not 北京's text: help stated as 80% of the standard and as the whole standard."""
    data["figures"]["groups"]["dibao"] = {"wording": "低保对象（测试用）", "percent": 80, "payer": "医疗救助基金", "cite": "3"}
    data["figures"]["groups"]["tekun"] = {"wording": "特困人员（测试用）", "full": True, "payer": "医疗救助基金", "cite": "3"}
    data["figures"]["groups"]["monitoring"] = {"wording": "监测对象（测试用）", "subsidy": 100, "cite": "3"}


# (population, group, subsidy, personal): 80% of 430 is 344, of 750 is 600; the whole standard;
# a stated amount whatever the population
HELP = [
    ("elderly", "dibao", 344, 86), ("working_age", "dibao", 600, 150), ("student_child", "dibao", 324, 81),
    ("elderly", "tekun", 430, 0), ("working_age", "tekun", 750, 0),
    ("elderly", "monitoring", 100, 330), ("working_age", "monitoring", 100, 650),
]


@pytest.fixture(scope="module")
def helped(tmp_path_factory):
    return load_policy_dir(_write(tmp_path_factory.mktemp("populations"), _help))


@pytest.mark.parametrize("population,group,subsidy,personal", HELP, ids=[f"{p} {g}" for p, g, _, _ in HELP])
def test_help_stated_as_whole_or_percent_is_computed_on_the_residents_own_standard(helped, population, group, subsidy, personal):
    code, out, err = run(["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10",
                          "--population", population, "--category", group, "--json"], data=helped)
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["subsidy"], answer["personal_contribution"]) == (subsidy, personal)
    assert answer["population"] == population


def test_the_groups_command_lists_the_populations_with_their_standards(policy):
    code, out, err = run(["groups", "--region", "110000", "--year", "2025", "--json"], data=policy)
    assert code == 0, err
    listed = json.loads(out)["populations"]
    assert [(p["id"], p["name"], p["amount"], p["clause"]) for p in listed] == [
        ("elderly", "城乡老年人", 430, "3"), ("student_child", "学生儿童", 405, "3"), ("working_age", "劳动年龄内居民", 750, "3")]
    code, out, _ = run(["groups", "--region", "110000", "--year", "2025"], data=policy)
    assert "按人群分别确定个人缴费标准" in out and "城乡老年人：430元" in out


def test_a_household_names_each_members_population_and_refuses_a_member_without_one(policy):
    base = ["household", "--region", "110105", "--year", "2025", "--on", "2025-01-10"]
    code, out, err = run(base + ["--member", "population=elderly", "--member", "population=student_child", "--json"], data=policy)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["total_personal_contribution"] == 430 + 405, answer
    assert [r["who"] for r in answer["rows"]] == ["城乡老年人", "学生儿童"]
    code, out, err = run(base + ["--member", "population=elderly", "--member", "category=ordinary"], data=policy)
    assert code == 2 and out == ""
    assert err.startswith("错误: 第2位家庭成员“category=ordinary”：") and "请选择本人所属的人群（population）" in err, err
    assert "劳动年龄内居民，750元" in err and err.count("\n") == 1


def test_the_pages_tables_give_each_population_its_own_share(helped):
    """What the notice page, the flyer and the calculator's static table show (calculator.summary):
    every population as a column of the standard, each group's share per population, and help
    stated as the whole or a percentage shown as such, not as one amount."""
    from calculator.summary import notice_summary

    s = notice_summary(helped, "110000-2025")
    assert s["standard"]["by_population"] is True and s["standard"]["amount"] is None
    assert [(t["id"], t["name"], t["amount"], t["fiscal_subsidy"]["amount"]) for t in s["standard"]["tiers"]] == [
        ("elderly", "城乡老年人", 430, 4350), ("student_child", "学生儿童", 405, 1725), ("working_age", "劳动年龄内居民", 750, 2335)]
    rows = {g["id"]: g for g in s["groups"]}
    assert rows["ordinary"]["personal"] == {"elderly": 430, "student_child": 405, "working_age": 750}
    assert rows["dibao"]["personal"] == {"elderly": 86, "student_child": 81, "working_age": 150}
    assert (rows["dibao"]["subsidy"], rows["dibao"]["percent"]) == (None, 80)
    assert (rows["tekun"]["subsidy"], rows["tekun"]["full"]) == (None, True)
    assert rows["monitoring"]["subsidy"] == 100


# --- a notice by population under a higher notice that states each group's help as a share ---------
LEVELS = ROOT / "tests" / "levels" / "populations"
LEVEL_CASES = yaml.load((LEVELS / "scenarios.yaml").read_text(encoding="utf-8"), Loader=_Loader)["scenarios"]


@pytest.fixture(scope="module")
def district_by_population(tmp_path_factory):
    """policy_data/ plus the test-only 芙蓉区 2026 notice (tests/levels/populations/)."""
    root = tmp_path_factory.mktemp("district") / "policy_data"
    shutil.copytree(ROOT / "policy_data", root)
    shutil.copy(LEVELS / "430102-2026.yaml", root)
    for file in (LEVELS / "sources").iterdir():
        shutil.copy(file, root / "sources" / file.name)
    return load_policy_dir(root)


@pytest.mark.parametrize("case", LEVEL_CASES, ids=[c["name"] for c in LEVEL_CASES])
def test_a_higher_notices_whole_or_percent_help_is_computed_on_the_residents_own_population(case, district_by_population):
    code, out, err = run(argv_for(case["input"]), data=district_by_population)
    check(case, code, out, err)


def test_a_higher_notices_percentage_that_is_not_whole_yuan_on_a_population_is_left_open_not_rounded(tmp_path):
    """湖南's 50% on a 劳动年龄内居民 standard of 425 would be 212.5: no figure, and the note says why."""
    root = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", root)
    text = (LEVELS / "430102-2026.yaml").read_text(encoding="utf-8")
    (root / "430102-2026.yaml").write_text(text.replace("amount: 420", "amount: 425"), encoding="utf-8")
    source = (LEVELS / "sources" / "430102-furong-2026-test.txt").read_text(encoding="utf-8")
    (root / "sources" / "430102-furong-2026-test.txt").write_text(source.replace("420元", "425元"), encoding="utf-8")
    data = load_policy_dir(root)
    code, out, err = run(["quote", "--region", "430102", "--year", "2026", "--on", "2025-10-10", "--population", "elderly",
                          "--category", "dibao", "--json"], data=data)
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["standard"], answer["subsidy"], answer["personal_contribution"]) == (300, None, None)
    assert any("资助50%" in n and "不是整元" in n for n in answer["notes"]), answer["notes"]


def test_a_change_in_one_populations_fiscal_subsidy_is_listed_between_years(policy):
    """The box 与上一年度相比 (calculator.changes): a population's fiscal subsidy is one of its figures;
    a new year that raises only 城乡老年人's (4350 → 4500 here, a made-up next year) is a change."""
    import copy

    from calculator.changes import diff

    old = policy["notices"]["110000-2025"]
    new = copy.deepcopy(old)
    new["id"], new["year"] = "110000-2026", 2026
    new["figures"]["populations"][0]["fiscal_subsidy"]["amount"] = 4500
    changed = diff(old, new)["changes"]
    assert [c["key"] for c in changed] == ["populations.elderly"], changed
    # intake's diff for a clerk says what changed, not "430元 → 430元"
    from intake.report import describe

    assert (describe("populations.elderly", changed[0]["old"]), describe("populations.elderly", changed[0]["new"])) == (
        "430元（财政补助4350元）", "430元（财政补助4500元）")


def _late(data):
    """A fixture, not 北京's text: paying outside the window costs the standard plus the fiscal subsidy."""
    data["figures"]["late"] = {"add_fiscal_subsidy": True, "cite": "4"}


# (population, surcharge, personal): each population's own fiscal subsidy (四、: 4350, 1725, 2335)
# added to its own standard (三、: 430, 405, 750)
LATE = [("elderly", 4350, 430 + 4350), ("student_child", 1725, 405 + 1725), ("working_age", 2335, 750 + 2335)]


@pytest.fixture(scope="module")
def late(tmp_path_factory):
    return load_policy_dir(_write(tmp_path_factory.mktemp("late"), _late))


@pytest.mark.parametrize("population,surcharge,personal", LATE, ids=[p for p, _, _ in LATE])
def test_paying_late_adds_the_residents_own_populations_fiscal_subsidy(late, population, surcharge, personal):
    code, out, err = run(["quote", "--region", "110105", "--year", "2025", "--on", "2025-04-10",
                          "--population", population, "--json"], data=late)
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["late_surcharge"], answer["personal_contribution"]) == (surcharge, personal)
    assert {c["clause"] for c in answer["citations"]["late_surcharge"]} == {"4"}


def test_the_pages_late_line_names_each_populations_fiscal_subsidy(late):
    from calculator.summary import notice_summary

    text = notice_summary(late, "110000-2025")["late"]["text"]
    assert "本人所属人群的财政补助标准" in text and "城乡老年人4350元" in text and "劳动年龄内居民2335元" in text, text


def test_the_review_desk_keeps_the_populations_and_names_them_when_confirming(tmp_path):
    """intake's review desk on 北京 2025: saved unchanged, and the field is named in words."""
    from intake.review.state import Desk

    shutil.copy(ROOT / "policy_data" / FILE, tmp_path / FILE)
    desk = Desk(tmp_path / FILE, tmp_path)
    original = yaml.safe_load((ROOT / "policy_data" / FILE).read_text(encoding="utf-8"))
    assert desk.check() is None
    assert desk.act({"op": "confirm", "key": "populations"}) == "已确认：各人群的缴费标准。"
    assert yaml.safe_load(desk.yaml_text())["figures"] == original["figures"]
    assert desk.key_of("figures.populations[1].amount") == "populations"
    # the standard is the populations' (SCHEMA.md: never beside them): not a field left to check
    # that can be neither confirmed nor marked absent
    assert "standard" not in desk.state["fields"], list(desk.state["fields"])
    # nor a single fiscal subsidy, where every population states its own (四、)
    assert "fiscal_subsidy" not in desk.state["fields"], list(desk.state["fields"])


def test_the_groups_command_says_help_stated_as_whole_or_percent_not_that_it_is_unstated(helped):
    """The fixture's 低保 80% and 特困 全额 (no amount: each population's own standard) are stated."""
    code, out, err = run(["groups", "--region", "110000", "--year", "2025"], data=helped)
    assert code == 0, err
    assert "低保对象：资助本人缴费标准的80%" in out and "特困人员：按本人缴费标准全额资助" in out, out
    assert "监测对象" not in out or "防止返贫监测对象：资助100元" in out, out
    code, out, err = run(["groups", "--region", "110000", "--year", "2025", "--json"], data=helped)
    rows = {r["id"]: r for r in json.loads(out)["groups"]}
    assert (rows["dibao"]["subsidy"], rows["dibao"]["percent"]) == (None, 80)
    assert (rows["tekun"]["subsidy"], rows["tekun"]["full"]) == (None, True)


@pytest.fixture(scope="module")
def district_with_one_standard(tmp_path_factory):
    """北京 2025 with the test-only help of _help, and the test-only 朝阳区 2025 (standard 433元)."""
    root = _write(tmp_path_factory.mktemp("chaoyang"), _help)
    shutil.copy(LEVELS / "110105-2025.yaml", root)
    shutil.copy(LEVELS / "sources" / "110105-chaoyang-2025-test.txt", root / "sources")
    return load_policy_dir(root)


# 朝阳区's own 433元 answers; 北京's (test-only) help: 特困 the whole standard, 低保 80% — 346.4元, not
# whole yuan, so no figure (never 346); 监测对象 a stated 100元
CHAOYANG = [("tekun", 433, 0), ("dibao", None, None), ("monitoring", 100, 333)]


@pytest.mark.parametrize("group,subsidy,personal", CHAOYANG, ids=[g for g, _, _ in CHAOYANG])
def test_a_provinces_share_of_the_standard_on_a_districts_own_standard_is_never_rounded(
        district_with_one_standard, group, subsidy, personal):
    code, out, err = run(["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10", "--category", group,
                          "--json"], data=district_with_one_standard)
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["standard"], answer["subsidy"], answer["personal_contribution"]) == (433, subsidy, personal)
    if subsidy is None:
        assert any("资助80%" in n and "不是整元" in n for n in answer["notes"]), answer["notes"]


def test_two_different_populations_on_the_command_line_are_refused_not_the_last_one_taken(policy):
    """As a link (fragment.js) and a household member (members.py) refuse them: argparse would keep
    the last, answering for 劳动年龄内居民 a question that also said 城乡老年人."""
    base = ["quote", "--region", "110105", "--year", "2025", "--on", "2025-01-10"]
    code, out, err = run(base + ["--population", "elderly", "--population", "working_age", "--json"], data=policy)
    assert code == 2 and out == "", out
    assert "--population" in err and "elderly" in err and "working_age" in err and err.count("\n") == 1, err
    code, out, err = run(base + ["--population", "elderly", "--population", "elderly", "--json"], data=policy)
    assert code == 0 and json.loads(out)["standard"] == 430, err
    code, out, err = run(base + ["--tier", "low", "--tier", "high", "--population", "elderly"], data=policy)
    assert code == 2 and "--tier" in err, err


def test_a_districts_own_fiscal_subsidy_is_what_its_late_payers_add_not_the_provinces_per_population(tmp_path):
    """海淀区 (test-only) states 2000元 and that a late payer adds it; 北京 (四、) states 2335元 for 劳动年龄内
    居民. The most local notice stating the figure answers: 750 (北京 三、) + 2000 (海淀 一、)."""
    root = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", root)
    shutil.copy(LEVELS / "110108-2025.yaml", root)
    shutil.copy(LEVELS / "sources" / "110108-haidian-2025-test.txt", root / "sources")
    data = load_policy_dir(root)
    code, out, err = run(["quote", "--region", "110108", "--year", "2025", "--on", "2025-04-10", "--population", "working_age",
                          "--json"], data=data)
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["standard"], answer["late_surcharge"], answer["personal_contribution"]) == (750, 2000, 2750)
    assert {(c["notice"], c["clause"]) for c in answer["citations"]["late_surcharge"]} == {("110108-2025", "1"), ("110108-2025", "2")}
    from calculator.summary import notice_summary

    assert "2000元" in notice_summary(data, "110108-2025")["late"]["text"]


def test_a_districts_per_population_fiscal_subsidy_is_shown_not_the_provinces_single_one(tmp_path):
    """芙蓉区 (test-only) given its own fiscal subsidy per population (1000/900/800元 here) under 湖南
    2026's single 不低于700元: the page's line lists the district's, the more local figures."""
    root = tmp_path / "policy_data"
    shutil.copytree(ROOT / "policy_data", root)
    text = (LEVELS / "430102-2026.yaml").read_text(encoding="utf-8")
    for name, amount in (("elderly", 1000), ("student_child", 900), ("working_age", 800)):
        text = text.replace(f'{{id: {name}, ', f'{{fiscal_subsidy: {{amount: {amount}, cite: "1"}}, id: {name}, ')
    (root / "430102-2026.yaml").write_text(text, encoding="utf-8")
    shutil.copy(LEVELS / "sources" / "430102-furong-2026-test.txt", root / "sources")
    from calculator.summary import notice_summary

    s = notice_summary(load_policy_dir(root), "430102-2026")
    assert s["fiscal_subsidy"] is None, s["fiscal_subsidy"]
    assert [t["fiscal_subsidy"]["amount"] for t in s["standard"]["tiers"]] == [1000, 900, 800]
