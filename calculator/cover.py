"""When cover starts and ends: the notice's cover period, or a waiting period (待遇等待期).

Waiting periods count from the later of the payment day and 1 January of the enrolment
year (domain.md decision 5). 内乡 adds a month per year without cover and takes one off per
year paid back, with a floor of 6 months after 4 or more lapsed years; 双清 counts 90 days.
"""

from .dates import add_period, date, describe_period


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
