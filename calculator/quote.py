"""One resident's answer: how much, by when, from when — each figure with its clause.

The same function serves the command line, the build's static tables and the browser, so
the JSON it returns is the contract (domain.md, 'The calculator's contract').
"""

import datetime as _dt

from . import season
from . import situations as sit
from .citations import cite
from .contribution import choose_tier, compute, resolve_groups
from . import populations as pop
from .cover import from_payment, waiting_applies, waiting_start
from .dates import date, iso, parse_date
from .drafts import draft_notes
from .holding import finish, unique as _unique
from .errors import InputError
from .collecting import season_note, window_note
from .resolve import choose_notice, full_name, notices_for_region
from .vocabulary import SITUATIONS
from .window import Window


def _count(value, what):
    if value is None or value == "":
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError(f"{what}“{value}”不是整数，请填写 0、1、2 这样的年数。") from None
    if not 0 <= number <= 100:
        raise InputError(f"{what}应在 0 到 100 之间，收到 {number}。")
    return number


def quote(data, region, year=None, on=None, categories=None, tier=None, situation=None,
          born=None, since=None, parent_insured=False, lapse_years=0, repaid_years=0, today=None,
          population=None):
    """`year` None: the year being collected on `on` (collecting.py), or the newest notice the
    library has for the region when it has none for that year (the answer says so)."""
    def day_asked():
        return parse_date(on, "缴费（登记）日期") if on not in (None, "") else (today or _dt.date.today())

    choice = choose_notice(data, region, year, on, day_asked)
    notice = choice.notice
    year = notice["year"]
    figures = notice["figures"]
    on = day_asked()
    situation = (situation or "renewal").strip()
    sit.check_allowed(figures, situation)
    categories = [c.strip() for c in (categories or []) if c and c.strip()] or ["ordinary"]
    lapse_years = _count(lapse_years, "断保年数")
    repaid_years = _count(repaid_years, "补缴年数")
    if repaid_years > lapse_years:
        raise InputError(f"补缴年数（{repaid_years}）不能多于断保年数（{lapse_years}）。")
    born = parse_date(born, "出生日期") if born not in (None, "") else None
    since = parse_date(since, "断保或入院日期") if since not in (None, "") else None
    if situation == "newborn":
        if born is None:
            raise InputError("新生儿参保需要填写出生日期（--born 年-月-日）。")
        if born > on:
            raise InputError(f"出生日期 {born.isoformat()} 晚于缴费（登记）日期 {on.isoformat()}，请检查日期。")
    elif born is not None:
        raise InputError("只有“新生儿”情形需要出生日期；请选择 --situation newborn 或去掉出生日期。")
    if situation in ("employee_lapse", "welfare_child"):
        what = "职工医保断保日期" if situation == "employee_lapse" else "进入儿童福利机构的日期"
        if since is None:
            raise InputError(f"{SITUATIONS[situation]}需要填写{what}（--since 年-月-日）。")
        if since > on:
            raise InputError(f"{what} {since.isoformat()} 晚于缴费（登记）日期 {on.isoformat()}，请检查日期。")
    elif since is not None:
        raise InputError("只有“职工医保断保”和“儿童福利机构儿童”情形需要 --since 日期。")

    by_population = pop.choose(notice, population, tier, situation)  # None unless the notice sets one per population
    if by_population is None:
        tier, standard, standard_clause, tier_note = choose_tier(figures, tier)
        standard_name = "所选档次"
    else:
        population, standard, standard_clause, standard_name = by_population
        tier, tier_note = None, None
    group_ids, notes = resolve_groups(figures, categories)
    # The notice's title names who issued it, for which year and (through its page) which regions.
    citations = {key: [cite(notice, "title")] for key in ("region", "year", "notice")}
    notes = draft_notes(notice) + _year_notes(choice, on) + list(notes)
    if choice.window is not None and choice.window[0] == year:
        citations["collecting_year"] = [cite(notice, figures["collection"]["cite"])]
    if tier_note:
        notes.append(tier_note)

    window = Window(figures["collection"])
    year_end = season.year_end(figures, year)
    # A year that is over is over (season.py): nothing to pay, no window, no cover to compute.
    over = season.is_over(figures, year, on)
    in_window = window.accepts(on) and not over
    next_payable = None if over else window.next_payable(on)
    pay_day = on if in_window else (next_payable or on)
    inside = window.accepts(pay_day) and not over
    not_payable_at = len(notes)  # the "如果…" note goes here once it is known the year is not over
    if window.payable_days:
        notes.append(f"集中征缴期间只有{window.describe_days()}可以办理缴费。")
    for extra in figures["collection"].get("notes", []):
        notes.append(extra["text"])
        citations.setdefault("collection_end", []).append(cite(notice, extra["cite"]))

    # Nobody registers or pays for a year that is over, so no situation's rule is applied to it.
    case = None if over else _situation_case(figures, situation, year, pay_day, inside, born, since, parent_insured)
    general = case is None or case.charge == "general"
    if case is not None:
        notes.extend(case.notes)
    elif situation == "newborn" and not over:
        notes.append("通知未规定新生儿参保的特别办法，按一般规定计算。")
    period, waiting, cover_clauses, closed = (season.NO_COVER, None, {}, None) if over else _cover(
        figures, case, general, inside, pay_day, in_window, year, year_end, lapse_years, repaid_years, notes)
    if closed:  # paying that day buys no cover in the year: the year is over for this person
        over = True
    elif not over and not in_window:
        notes.insert(not_payable_at, _if_paid_note(on, next_payable, year))
    if not over and waiting is not None and waiting["ends"] is None and choice.collecting_year > year:
        # cover cannot be told (a waiting period of unstated length): point to the year being collected
        held = _collecting_notice(data, region, choice.collecting_year, year)
        notes.append(f"{on.isoformat()}正在征缴的是{choice.collecting_year}年度"
                     + (f"，请按{choice.collecting_year}年度的通知（{held}）办理。" if held else
                        f"，可以办理{choice.collecting_year}年度的参保缴费；{choice.collecting_year}年度的缴费通知本站尚未收录，"
                        "请向当地医保经办机构咨询。"))
    if parent_insured and not figures.get("situations", {}).get("newborn", {}).get("parent_insured_free"):
        notes.append("该通知未规定父母参保的新生儿可以免缴费，“父母已参保”不影响计算结果。")

    money = compute(figures, group_ids, standard, standard_clause, standard_name)
    waived = case is not None and case.charge in ("free", "institution")
    if not waived:
        notes.extend(money.notes)
    personal, subsidy, payer = money.personal, money.subsidy, money.payer
    surcharge, surcharge_clauses = None, []
    subsidy_clauses = list(money.clauses["subsidy"])
    personal_clauses = [standard_clause] + subsidy_clauses
    eligible = True
    if case is not None and case.charge == "refused":
        eligible, personal, subsidy, payer = False, None, None, None
    elif case is not None and case.charge in ("free", "institution"):
        subsidy, personal, payer = standard, 0, case.payer
        subsidy_clauses = [case.clause]
        personal_clauses = [case.clause]
    elif general and not inside and not over:
        late = figures.get("late")
        if late and late["add_fiscal_subsidy"]:
            fiscal = pop.fiscal_subsidy(notice, population)
            surcharge = fiscal["amount"]
            if personal is not None:
                personal += surcharge
            surcharge_clauses = [late["cite"], fiscal["cite"]]
            personal_clauses += surcharge_clauses
            notes.append(f"在集中参保缴费期外缴费，按个人缴费标准加财政补助标准之和缴费（另加{surcharge}元）。")
            if fiscal.get("note"):
                notes.append(fiscal["note"])
            if subsidy:
                notes.append("期外缴费时仍按所属类别扣除资助金额，这是本计算器的理解，请以经办机构核定为准。")
        elif personal is not None:
            notes.append(f"通知未规定集中征缴期外缴费的金额，按期内的个人缴费{personal}元计算。")
    floor = (figures.get("standard") or {}).get("minimum") and figures["standard"]["amount"]
    if floor and eligible and not waived:
        # a notice that sets only a floor (河北 2026: 不低于400元) and no notice held for the county
        # states the amount: the floor shown as the amount would be a wrong figure that looks right
        notes.insert(0, f"个人缴费标准：{_floor_words(notice)}只规定不低于{floor}元，当地的具体标准本站尚未收录，"
                        "因此不给出标准和个人缴费金额；请以当地医保部门公布的标准为准。")
        standard, personal = None, None
    for extra in figures.get("subsidy_notes", []):
        if subsidy and not waived:
            notes.append(extra["text"])
            subsidy_clauses.append(extra["cite"])

    if over:
        notes.insert(0, season.over_line(year, year_end, bool(figures["cover"].get("end")), on, choice.collecting_year,
                                         _collecting_notice(data, region, choice.collecting_year, year), closed))
        waiting, cover_clauses = None, {}
    if not eligible or over:
        period, waiting = season.NO_COVER, None
    benefit_start, benefit_end = period.start, period.end
    if lapse_years and "waiting" not in figures:
        notes.append("该通知未规定断保人员的待遇等待期。")
    if repaid_years and "repair_per_year" not in figures.get("waiting", {}):
        notes.append("该通知未规定补缴可以缩短等待期，补缴年数不影响计算结果。")

    window_clause = window.clause
    for key, value, clauses in (
        ("standard", standard, [standard_clause]),
        ("standard_minimum", floor or None, [standard_clause]),
        ("subsidy", subsidy, subsidy_clauses),
        ("personal_contribution", personal, personal_clauses),
        ("late_surcharge", surcharge, surcharge_clauses),
        ("collection_start", window.start, [window_clause]),
        ("collection_end", window.end, [window_clause]),
        ("in_collection_window", in_window, [window_clause]),
        ("next_payable", next_payable, [window_clause]),
        ("benefit_start", benefit_start, cover_clauses.get("benefit_start", [])),
        ("benefit_end", benefit_end, cover_clauses.get("benefit_end", [])),
        ("waiting_period", waiting, cover_clauses.get("waiting_period", [])),
        ("eligible", eligible, [case.clause] if case is not None else [window_clause]),
    ):
        if value is not None and clauses:
            citations.setdefault(key, [])
            for clause_id in clauses:
                entry = cite(notice, clause_id)
                if entry not in citations[key]:
                    citations[key].append(entry)

    answer = {
        "region": str(region).strip(),
        "region_name": full_name(data, str(region).strip()),
        "year": year,
        "collecting_year": choice.collecting_year,
        "current_notice": choice.current,
        "notice": notice["id"],
        "document_number": notice["document_number"],
        "notice_region": notice["region"],
        "on": on.isoformat(),
        "categories": categories,
        "applied_group": money.group,
        "tier": tier,
        "situation": situation,
        "eligible": eligible,
        "year_over": over,
        "personal_contribution": personal,
        "standard": standard,
        "subsidy": subsidy,
        "subsidy_payer": payer,
        "late_surcharge": surcharge,
        "collection_start": iso(window.start),
        "collection_end": iso(window.end),
        "payable_days": window.describe_days(),
        "in_collection_window": in_window,
        "next_payable": iso(next_payable),
        "benefit_start": iso(benefit_start),
        "benefit_end": iso(benefit_end),
        "waiting_period": waiting,
        "citations": citations,
        "notes": _unique(notes),
    }
    if floor:  # only then, so the answers for notices that state the amount stay as they were
        answer["standard_minimum"] = floor
    if by_population is not None:  # likewise: only a notice by population has the key
        answer["population"], answer["population_name"] = population, standard_name
    return finish(data, answer, notice)  # which notices, and how much of them the site holds (holding.py)


def _floor_words(notice):
    """Who set the floor: the notice answering for the standard (a province's, usually)."""
    source = (notice.get("part_sources") or {}).get("standard", notice["id"])
    held = (notice.get("parts") or {}).get(source, notice)
    return "省级通知" if held["level"] == "province" else "通知"


def _year_notes(choice, on):
    """Which year the answer is for, when the resident did not say or asked about another one."""
    notes = []
    year, collecting = choice.notice["year"], choice.collecting_year
    if not choice.asked:
        notes.append(window_note(on, choice.window) if choice.window else season_note(on, collecting))
        if not choice.current:
            notes.append(f"{collecting}年度的缴费通知本站尚未收录，以下按{year}年度的规定计算，仅供参考。")
    elif not choice.current:
        notes.append(f"{on.isoformat()}正在征缴的是{collecting}年度；以下按所选的{year}年度计算。")
    return notes


def _if_paid_note(on, next_payable, year):
    """The figures below are for a day other than a payable one: say which (issue 19)."""
    if next_payable:
        return (f"{on.isoformat()}不能缴费；下一个可缴费日是{next_payable.isoformat()}，"
                f"以下金额和待遇是如果在{next_payable.isoformat()}缴费的结果。")
    return f"以下金额和待遇是如果{on.isoformat()}在{year}年度集中征缴期外办理的结果。"


def _collecting_notice(data, region, collecting, year):
    """The document number of the notice for the year to pay for instead, when the library has it."""
    after = collecting if collecting > year else year + 1
    for held, notice_id in notices_for_region(data, str(region).strip()):
        if held == after:
            return data["notices"][notice_id]["document_number"]
    return None


def _situation_case(figures, situation, year, pay_day, inside, born, since, parent_insured):
    spec = figures.get("situations", {}).get(situation)
    if spec is None:
        return None
    if situation == "newborn":
        return sit.newborn(spec, year, pay_day, inside, born, parent_insured)
    if situation == "employee_lapse":
        return sit.employee_lapse(spec, year, pay_day, since)
    if situation == "welfare_child":
        return sit.welfare_child(spec, year, inside, since)
    if situation == "released":
        return sit.released(spec, year, inside, pay_day)
    if situation == "freshman":
        return sit.freshman(spec, inside)
    return None


def _cover(figures, case, general, inside, pay_day, in_window, year, year_end, lapse_years, repaid_years, notes):
    """(cover period, waiting description or None, {key: clause ids}, why paying on `pay_day`
    buys no cover in the year or None). The period comes from season.cover_bought only."""
    cover = figures["cover"]
    end = parse_date(cover["end"], "cover.end") if cover["end"] else None
    cover_clauses = [cover["cite"]] if cover.get("cite") else []
    waiting = figures.get("waiting")
    # a day that is not a payable day is computed "as if paid" on it: say so (issue 19)
    if_paid = "" if in_window else f"如果{pay_day.isoformat()}缴费，"
    if case is not None and not general:
        start = case.cover_from
        start_clauses = [case.clause]
        end_clauses = cover_clauses
        if case.cover_end is not None:
            end, end_clauses = case.cover_end, [case.clause]
        if start is None:
            start = parse_date(cover["start"], "cover.start") if cover["start"] else None
            start_clauses = [case.clause] + cover_clauses
            late = from_payment(cover, pay_day) if inside else None
            if late is not None:
                start, start_clauses = late[0], [case.clause, late[1]]
                notes.append(late[2])
            if start is None:
                notes.append(cover["note"])
        if lapse_years and waiting is not None:
            notes.append("该情形不设待遇等待期，断保年数不影响待遇起始日。")
        if end is None and start is not None:
            notes.append("通知未规定待遇享受期的结束日。")
        period = season.cover_bought(start, end, year_end)
        if period.empty:
            return period, None, {}, f"{if_paid}待遇自{start.isoformat()}起，已在{year}年度待遇享受期之后"
        return period, None, {"benefit_start": start_clauses, "benefit_end": end_clauses}, None
    if waiting_applies(waiting, inside, lapse_years) and waiting["fixed"] is None:
        # a waiting period whose length the text held does not give: no cover start, and whether
        # any cover is left in the year cannot be told (the household collects nothing: household.py)
        reason = "未在集中参保缴费期内参保" if not inside else "未连续参保"
        described = {"text": f"{reason}，设待遇等待期；所存文字没有写明等待期的长度", "ends": None}
        notes.append(f"{if_paid}{reason}，缴费后享受待遇前有待遇等待期，但所存文字没有写明等待期的长度，"
                     f"无法算出待遇起始日，也无法判断{year}年度是否还能享受待遇。")
        return (season.cover_bought(None, end, year_end), described,
                {"benefit_end": cover_clauses, "waiting_period": [waiting["cite"]]}, None)
    if waiting_applies(waiting, inside, lapse_years):
        start, period_length, explanation = waiting_start(pay_day, year, waiting, lapse_years, repaid_years)
        reason = "未在集中参保缴费期内参保" if not inside else "未连续参保"
        described = {**period_length, "text": explanation, "ends": start.isoformat()}
        period = season.cover_bought(start, end, year_end)
        if period.empty:
            return period, None, {}, (f"{if_paid}{reason}，设待遇等待期：{explanation}，到{start.isoformat()}才期满，"
                                      f"已过{year}年度待遇享受期（至{(end or year_end).isoformat()}）")
        notes.append(f"{if_paid}{reason}，设待遇等待期：{explanation}，{start.isoformat()}起享受待遇。")
        return period, described, {"benefit_start": [waiting["cite"]], "benefit_end": cover_clauses}, None
    if inside:
        if cover["start"] is None:
            notes.append(cover["note"])
            return season.cover_bought(None, None, year_end), None, {}, None
        if cover.get("note"):
            notes.append(cover["note"])
        late = from_payment(cover, pay_day)
        if late is not None:  # paid late inside the window: cover from the day paid (江西, 青海)
            notes.append(late[2])
            return (season.cover_bought(late[0], end, year_end), None,
                    {"benefit_start": [late[1]], "benefit_end": cover_clauses}, None)
        start = parse_date(cover["start"], "cover.start")
        return (season.cover_bought(start, end, year_end), None,
                {"benefit_start": cover_clauses, "benefit_end": cover_clauses}, None)
    notes.append("通知未规定集中征缴期外参保缴费的待遇起始日。")
    if cover["start"] is None:
        notes.append(cover["note"])
    return season.cover_bought(None, end, year_end), None, {"benefit_end": cover_clauses}, None
