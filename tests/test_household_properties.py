"""Properties of every household a clerk can enter, found by hypothesis: the household is its
members' `quote` answers added up, and never anything else."""

import json

from hypothesis import given
from hypothesis import strategies as st

from calculator.cli import run
from calculator.members import MAX_MEMBERS
from household_table import member_text
from scenario_table import argv_for
from test_properties import ANY_DAY, DATA, NOTICES, SETTINGS, members


@st.composite
def households(draw, valid_only=True, most=5):
    notice = draw(st.sampled_from(NOTICES))
    base = {"region": draw(st.sampled_from(notice["covers"])), "year": notice["year"], "on": draw(ANY_DAY)}
    people = draw(st.lists(members(notice, base["on"], valid_only), min_size=1, max_size=most))
    return base, people


def household_argv(base, people):
    argv = ["household", "--region", base["region"], "--year", str(base["year"]), "--on", base["on"].isoformat()]
    for person in people:
        argv += ["--member", member_text(person)]
    return argv + ["--json"]


def alone(base, person):
    """What `quote` prints for this person alone: (exit status, answer or stderr)."""
    code, out, err = run(argv_for({**base, **person}), data=DATA)
    return code, (json.loads(out) if code == 0 else err)


@SETTINGS
@given(households())
def test_a_household_is_its_members_quote_answers_added_up(household):
    base, people = household
    code, out, err = run(household_argv(base, people), data=DATA)
    answers = [alone(base, person) for person in people]
    refused = [i for i, (c, _) in enumerate(answers, 1) if c != 0]
    if refused:
        assert (code, out) == (2, "") and f"第{refused[0]}位" in err and err.count("\n") == 1, err
        return
    assert code == 0, err
    answer = json.loads(out)
    assert answer["members"] == [a for _, a in answers]
    figures = [a["personal_contribution"] for _, a in answers]
    total = None if None in figures else sum(figures)
    assert answer["total_personal_contribution"] == total
    if len(people) == 1:
        assert answer["members"][0] == answers[0][1] and total == answers[0][1]["personal_contribution"]
    # every member is paid for exactly once: today, on a later day, or not at all (refused, or
    # the year is over for them: calculator.season, or whether paying buys any cover cannot be told)
    groups = [answer["pay_now"]] + answer["pay_later"]
    paid = ([n for g in groups for n in g["members"]] + answer["not_eligible"] + answer["year_over"]
            + answer["cover_unknown"])
    assert sorted(paid) == list(range(1, len(people) + 1))
    for group in groups:
        amounts = [figures[n - 1] for n in group["members"]]
        assert group["personal_contribution"] == (None if None in amounts else sum(amounts))
    if total is not None and not answer["not_eligible"] and not answer["year_over"] and not answer["cover_unknown"]:
        assert sum(g["personal_contribution"] for g in groups) == total


@SETTINGS
@given(households(valid_only=False, most=MAX_MEMBERS + 2))
def test_any_household_gets_an_answer_or_one_clear_line(household):
    base, people = household
    code, out, err = run(household_argv(base, people), data=DATA)
    assert "Traceback" not in out + err
    if code == 2:
        assert out == "" and err.startswith("错误: ") and err.count("\n") == 1, err
    else:
        assert code == 0 and len(json.loads(out)["members"]) == len(people) <= MAX_MEMBERS
