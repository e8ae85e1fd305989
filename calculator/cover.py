"""When cover starts and ends: the notice's cover period, or a waiting period (待遇等待期).

Waiting periods count from the later of the payment day and 1 January of the enrolment
year (domain.md decision 5). 内乡 adds a month per year without cover and takes one off per
year paid back, with a floor of 6 months after 4 or more lapsed years; 双清 counts 90 days.
"""

from .dates import add_days, add_period, chinese, date, describe_period, parse_date


def from_payment(cover, pay_day):
    """The first day of cover for a payment inside the window on `pay_day`, and the clause and
    sentence behind it, when the notice dates cover from the payment for late payers inside the
    window (江西: paid 2026-01-01..02-28 → from the next day; 青海: from the day paid), else None.
    `cover.from_payment` (SCHEMA.md): paid after `after` and on or before `until` → cover from the
    day paid plus `offset_days`; paid on or before `after` → `cover.start` as usual."""
    rule = cover.get("from_payment")
    if rule is None:
        return None
    after = parse_date(rule["after"], "cover.from_payment.after")
    until = parse_date(rule["until"], "cover.from_payment.until")
    if not after < pay_day <= until:
        return None
    start = add_days(pay_day, rule["offset_days"])
    return start, rule["cite"], f"{from_payment_text(rule)}：{pay_day.isoformat()}缴费，{start.isoformat()}起享受待遇。"


def from_payment_text(rule):
    """The rule in one phrase, as the notice page, the flyer and every answer it applies to say it."""
    first = add_days(parse_date(rule["after"], "cover.from_payment.after"), 1)
    until = parse_date(rule["until"], "cover.from_payment.until")
    day = "缴费次日" if rule["offset_days"] == 1 else "缴费之日"
    return f"{chinese(first)}至{chinese(until)}缴费的，自{day}起享受待遇"


def waiting_months_or_days(waiting, lapse_years, repaid_years):
    """The waiting period as {months: N} or {days: N}, and a sentence explaining it."""
    fixed = waiting["fixed"]
    if "months" not in fixed:
        return dict(fixed), f"固定待遇等待期{describe_period(fixed)}"
    months = fixed["months"]
    parts = [f"固定待遇等待期{months}个月"]
    per = waiting.get("per_lapse_year")
    if per and lapse_years:
        added = lapse_years * per["months"]
        months += added
        parts.append(f"断保{lapse_years}年加{added}个月")
        repair = waiting.get("repair_per_year")
        if repair and repaid_years:
            removed = min(repaid_years, lapse_years) * repair["months"]
            months -= removed
            parts.append(f"补缴{min(repaid_years, lapse_years)}年减{removed}个月")
    floor = waiting.get("floor_after_lapse")
    if floor and lapse_years >= floor["lapse_years"] and months < floor["months"]:
        months = floor["months"]
        parts.append(f"连续断缴{floor['lapse_years']}年及以上，合计不少于{floor['months']}个月")
    return {"months": months}, "，".join(parts) + f"，共{months}个月"


def waiting_start(pay_day, year, waiting, lapse_years, repaid_years):
    """(first day of cover, period, explanation)."""
    base = max(pay_day, date(year, 1, 1))
    period, explanation = waiting_months_or_days(waiting, lapse_years, repaid_years)
    return add_period(base, period), period, f"{explanation}，自{base.isoformat()}起算"


def waiting_applies(waiting, inside_window, lapse_years):
    if waiting is None:
        return False
    reasons = waiting["applies_to"]
    return ("outside_window" in reasons and not inside_window) or ("lapsed" in reasons and lapse_years > 0)
