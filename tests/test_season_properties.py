"""A year that is over is over (issue 19), for every notice and every day from the year before
its enrolment year to the year after, found by hypothesis: a cover period never ends before it
starts, nothing is payable after the year's cover has ended, and a household's total is its
members' figures added up, with no one collected from for a year that is over."""

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from calculator.cli import run
from test_household_properties import household_argv
from test_properties import DATA, NOTICES, SETTINGS, ask, members


def _grid(notice):
    """Every third day from 1 January of the year before to 31 December of the year after,
    and both sides of the window's ends and of the enrolment year's last day."""
    year = notice["year"]
    first, last = dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)
    days = {first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1, 3)}
    collection = notice["figures"]["collection"]
    for edge in (dt.date.fromisoformat(str(collection["start"])), dt.date.fromisoformat(str(collection["end"])),
                 dt.date(year, 12, 31)):
        days |= {edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1)}
    return sorted(days)


GRID = [(notice, day) for notice in NOTICES for day in _grid(notice)]


def _year_end(notice):
    end = notice["figures"]["cover"]["end"]
    return dt.date.fromisoformat(str(end)) if end else dt.date(notice["year"], 12, 31)


@st.composite
def dated_questions(draw):
    notice, day = draw(st.sampled_from(GRID))
    inputs = {"region": draw(st.sampled_from(notice["covers"])), "year": notice["year"], "on": day}
    inputs.update(draw(members(notice, day, valid_only=True)))
    return notice, inputs


@SETTINGS
@given(dated_questions())
def test_a_cover_period_never_ends_before_it_starts(question):
    notice, inputs = question
    answer = ask(inputs)
    if answer is None:
        return
    start, end = answer["benefit_start"], answer["benefit_end"]
    if start is not None:
        assert start <= (end or _year_end(notice).isoformat()), (inputs, start, end)


@SETTINGS
@given(dated_questions())
def test_nothing_is_payable_for_a_year_that_is_over(question):
    notice, inputs = question
    answer = ask(inputs)
    if answer is None:
        return
    if inputs["on"] > _year_end(notice):
        assert answer["year_over"] is True, inputs
    if answer["year_over"]:
        assert answer["in_collection_window"] is False and answer["next_payable"] is None, inputs
        assert answer["benefit_start"] is None and answer["benefit_end"] is None, inputs
        assert answer["waiting_period"] is None and answer["late_surcharge"] is None, inputs
        first = answer["notes"][0]  # the answer opens with it
        assert f"{notice['year']}年度" in first and ("不能再为" in first or "不必为" in first), first


def test_every_notice_is_open_on_a_window_day_and_over_the_day_after_its_year():
    """The rule is not "always over": on the window's first day an ordinary renewal pays; the day
    after the year's cover has ended, it does not."""
    for notice in NOTICES:
        start = str(notice["figures"]["collection"]["start"])
        region = notice["covers"][0]
        # a notice by population answers only a resident who says which one (calculator/populations.py)
        who = {"population": notice["figures"]["populations"][0]["id"]} if "populations" in notice["figures"] else {}
        opened = ask({"region": region, "year": notice["year"], "on": start, **who})
        assert opened["year_over"] is False and opened["in_collection_window"] is True, notice["id"]
        after = ask({"region": region, "year": notice["year"], "on": _year_end(notice) + dt.timedelta(days=1), **who})
        assert after["year_over"] is True and after["in_collection_window"] is False, notice["id"]


@st.composite
def dated_households(draw):
    notice, day = draw(st.sampled_from(GRID))
    base = {"region": draw(st.sampled_from(notice["covers"])), "year": notice["year"], "on": day}
    people = draw(st.lists(members(notice, day, valid_only=True), min_size=1, max_size=4))
    return notice, base, people


@SETTINGS
@given(dated_households())
def test_a_household_total_is_its_members_and_a_year_that_is_over_collects_nothing(household):
    notice, base, people = household
    code, out, err = run(household_argv(base, people), data=DATA)
    if code == 2:
        return
    assert code == 0, err
    answer = json.loads(out)
    figures = [m["personal_contribution"] for m in answer["members"]]
    assert answer["total_personal_contribution"] == (None if None in figures else sum(figures))
    over = [i for i, m in enumerate(answer["members"], 1) if m["year_over"]]
    assert answer["year_over"] == over
    collected = answer["pay_now"]["members"] + [n for g in answer["pay_later"] for n in g["members"]]
    assert not set(collected) & set(over), (base, people)
    if base["on"] > _year_end(notice):
        assert over == list(range(1, len(people) + 1)) and collected == [] and answer["pay_later"] == []
        assert answer["pay_now"]["personal_contribution"] == 0


def test_the_clerks_text_for_a_year_that_is_over_collects_nothing():
    """The issue's 内乡 household on 2026-12-06 asking for 2025 (a link that set the year), as the
    command line prints it for a clerk: no amount to collect, no cover start, the year's figures
    only as that year's standard."""
    argv = ["household", "--region", "411325", "--year", "2025", "--on", "2026-12-06", "--member", "category=tekun",
            "--member", "category=ordinary", "--member", "situation=newborn,born=2025-01-05"]
    code, out, err = run(argv, data=DATA)
    assert code == 0, err
    assert "2026-12-06 可缴: 无" in out and "可缴: 第" not in out
    assert out.count("待遇享受: 无，2025年度已不能享受待遇") == 3 and "起，至" not in out
    assert "全家2025年度个人缴费标准合计（该年度已结束，不收取）: 800元" in out
    code, out, err = run(["quote", "--region", "140521", "--on", "2026-12-06", "--category", "dibao"], data=DATA)
    assert code == 0, err
    assert "2026-12-06 可以缴费: 否（2025年度已结束）" in out and "待遇享受: 无" in out
    assert "2025年度集中征缴期: 2024-09-01 至 2025-02-28" in out


def test_the_clerks_text_when_a_waiting_period_of_unstated_length_applies_collects_nothing():
    """The same household on 2026-12-06 with no year: 河南's 2026 digest answers (四（二）: a waiting
    period after paying outside the window, its length not in the report), so no cover start and
    nothing shown as due, and 特困人员's help is open, not an error."""
    argv = ["household", "--region", "411325", "--on", "2026-12-06", "--member", "category=tekun",
            "--member", "category=ordinary", "--member", "situation=newborn,born=2025-01-05"]
    code, out, err = run(argv, data=DATA)
    assert code == 0, err
    assert "2026-12-06 可缴: 无" in out and "可缴: 第" not in out
    assert out.count("待遇享受: 无法算出（等待期长度未写明） 起") == 3
    assert "全家个人缴费合计: 不能给出（见说明）" in out and "2027年度" in out


def test_a_cover_period_that_ends_before_it_starts_cannot_be_made():
    import pytest

    from calculator.season import NO_COVER, Cover, cover_bought

    new_year, last_day = dt.date(2026, 1, 1), dt.date(2025, 12, 31)
    assert cover_bought(new_year, last_day, last_day) is NO_COVER
    assert cover_bought(new_year, None, last_day) is NO_COVER  # a notice without an end: its year's
    assert cover_bought(last_day, last_day, last_day).start == last_day
    with pytest.raises(TypeError):
        Cover(new_year, last_day)
