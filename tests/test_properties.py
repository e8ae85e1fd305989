"""Properties that must hold for every question a resident can ask, found by hypothesis."""

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.cli import run
from validation.sources import load_policy_dir
from calculator.vocabulary import GROUPS, SITUATIONS
from scenario_table import argv_for

DATA = load_policy_dir()
NOTICES = sorted(DATA["notices"].values(), key=lambda n: n["id"])
ANY_DAY = st.dates(dt.date(2022, 6, 1), dt.date(2027, 6, 30))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ask(inputs):
    code, out, err = run(argv_for(inputs), data=DATA)
    assert "Traceback" not in out + err
    if code == 2:
        assert out == "" and err.startswith("错误: ") and err.count("\n") == 1, err
        return None
    assert code == 0, err
    return json.loads(out)


@st.composite
def questions(draw, valid_only=False):
    notice = draw(st.sampled_from(NOTICES))
    region = draw(st.sampled_from(notice["covers"]))
    inputs = {
        "region": region if valid_only or draw(st.booleans()) else draw(st.sampled_from([region, "000000", "14052", "abc"])),
        "year": notice["year"] if valid_only or draw(st.booleans()) else draw(st.integers(2020, 2030)),
        "on": draw(ANY_DAY),
    }
    inputs.update(draw(members(notice, inputs["on"], valid_only)))
    return notice, inputs


@st.composite
def members(draw, notice, on, valid_only=False):
    """One resident's own inputs (all but region, year and on) for `notice` on the day `on`:
    also a household member (tests/test_household_properties.py)."""
    fig = notice["figures"]
    groups = list(fig["groups"])
    pool = groups if valid_only else groups + list(GROUPS) + ["<b>x</b>", ""]
    situations = ["renewal", "newborn"] + list(fig.get("situations", {}))
    inputs = {
        "category": draw(st.lists(st.sampled_from(pool), min_size=0, max_size=3)),
        "situation": draw(st.sampled_from(situations if valid_only else situations + list(SITUATIONS) + ["x"])),
        "lapse_years": draw(st.integers(0, 6)),
    }
    inputs["repaid_years"] = draw(st.integers(0, inputs["lapse_years"] if valid_only else 7))
    tiers = [t["id"] for t in fig.get("tiers", [])]
    inputs["tier"] = draw(st.sampled_from([None] + tiers if valid_only else [None, "high", "low", "mid"]))
    if inputs["situation"] == "newborn":
        inputs["born"] = draw(st.dates(on - dt.timedelta(days=400), on)) if valid_only else draw(ANY_DAY)
        inputs["parent_insured"] = draw(st.booleans())
    if inputs["situation"] in ("employee_lapse", "welfare_child"):
        inputs["since"] = draw(st.dates(on - dt.timedelta(days=400), on)) if valid_only else draw(ANY_DAY)
    if valid_only and inputs["situation"] == "newborn" and inputs["born"].year > notice["year"]:
        inputs["born"] = dt.date(notice["year"], 12, 31) if on >= dt.date(notice["year"], 12, 31) else on
    # a notice by population (北京 2025) answers nobody who does not say which one they are in: without
    # one every question about it would be refused and none of these properties would reach it
    pops = [p["id"] for p in fig.get("populations", [])]
    if valid_only and pops:
        newborn = inputs["situation"] == "newborn" and "student_child" in pops  # a newborn is a child
        inputs["population"] = "student_child" if newborn else draw(st.sampled_from(pops))
    elif not valid_only:
        inputs["population"] = draw(st.sampled_from([None, None, "retired", ""] + (pops or ["elderly"])))
    return inputs


def _ceiling(notice):
    fig = notice["figures"]
    pops = fig.get("populations", [])
    top = max([t["amount"] for t in fig.get("tiers", []) + pops] or [fig.get("standard", {}).get("amount", 0)])
    late = 0
    if fig.get("late", {}).get("add_fiscal_subsidy"):  # each population's own, where it has one
        late = max([p["fiscal_subsidy"]["amount"] for p in pops if "fiscal_subsidy" in p] or [fig["fiscal_subsidy"]["amount"]])
    return top + late


@SETTINGS
@given(questions())
def test_any_question_gets_an_answer_or_one_clear_line(question):
    ask(question[1])


@SETTINGS
@given(questions(valid_only=True))
def test_contribution_stays_between_zero_and_the_notice_ceiling(question):
    notice, inputs = question
    answer = ask(inputs)
    if answer is None:
        return
    personal = answer["personal_contribution"]
    if personal is not None:
        assert 0 <= personal <= _ceiling(notice), (inputs, personal)
        assert answer["subsidy"] is not None and 0 <= answer["subsidy"] <= answer["standard"]


@SETTINGS
@given(questions(valid_only=True))
def test_cover_never_starts_before_the_rule_allows(question):
    notice, inputs = question
    answer = ask(inputs)
    if answer is None or answer["benefit_start"] is None:
        return
    start = dt.date.fromisoformat(answer["benefit_start"])
    situation = inputs["situation"]
    if situation == "freshman":
        floor = dt.date.fromisoformat(notice["figures"]["situations"]["freshman"]["cover"]["start"])
    else:
        floor = dt.date(notice["year"], 1, 1)
    assert start >= floor, (inputs, start)
    if situation == "newborn":
        assert start >= inputs["born"], (inputs, start)
    if situation in ("employee_lapse", "welfare_child"):
        assert start >= inputs["since"], (inputs, start)
    if situation == "renewal" and not answer["in_collection_window"] and answer["next_payable"] is None:
        assert start > dt.date.fromisoformat(answer["on"]), "a late payer never has cover from before paying"
    if answer["benefit_end"]:
        assert answer["benefit_end"] == f"{notice['year']}-12-31", answer["benefit_end"]


@SETTINGS
@given(questions(valid_only=True), st.data())
def test_a_group_with_a_larger_subsidy_never_pays_more(question, data):
    notice, inputs = question
    groups = {g: v["subsidy"] for g, v in notice["figures"]["groups"].items() if "subsidy" in v}
    a, b = data.draw(st.sampled_from(sorted(groups))), data.draw(st.sampled_from(sorted(groups)))
    if groups[a] < groups[b]:
        a, b = b, a
    richer = ask({**inputs, "category": [a]})
    poorer = ask({**inputs, "category": [b]})
    if richer is None or poorer is None or None in (richer["personal_contribution"], poorer["personal_contribution"]):
        return
    assert richer["personal_contribution"] <= poorer["personal_contribution"], (inputs, a, b)
    both = ask({**inputs, "category": [b, a]})
    assert both["personal_contribution"] == richer["personal_contribution"], "就高不就低"


@SETTINGS
@given(questions())
def test_the_same_question_always_gets_the_same_answer(question):
    argv = argv_for(question[1])
    assert run(argv, data=DATA) == run(argv, data=DATA)


CONTRACT_FIGURES = ("region", "year", "notice", "eligible", "personal_contribution", "standard", "subsidy",
                    "collection_start", "collection_end", "in_collection_window", "next_payable",
                    "benefit_start", "benefit_end")


@SETTINGS
@given(questions(valid_only=True))
def test_every_figure_given_carries_the_clause_it_comes_from(question):
    notice, inputs = question
    answer = ask(inputs)
    if answer is None:
        return
    clause_ids = {c["id"] for c in notice["clauses"]}
    for key in CONTRACT_FIGURES:
        if answer[key] is not None:
            refs = answer["citations"].get(key)
            assert refs, (key, inputs)
            for ref in refs:
                assert ref["notice"] == notice["id"] and ref["clause"] in clause_ids, ref
                assert ref["anchor"] == "c-" + ref["clause"].replace(".", "-")
