"""Calendar arithmetic as the notices count it (domain.md, decision 5)."""

import calendar
import datetime as _dt

date = _dt.date


def parse_date(text, what):
    """An ISO date from user input or data, or an InputError naming the field."""
    from .errors import InputError

    if isinstance(text, _dt.date):
        return text
    try:
        return _dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{what}“{text}”不是有效日期，请按 年-月-日 填写，例如 2024-10-10。") from None


def add_months(day, months):
    """Same day-of-month N months on, clamped to the month's end (01-31 + 1 month = 02-28)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return _dt.date(year, month, min(day.day, last))


def add_days(day, days):
    return day + _dt.timedelta(days=days)


def add_period(day, period):
    """`period` is a data mapping {months: N} or {days: N}."""
    if "months" in period:
        return add_months(day, period["months"])
    return add_days(day, period["days"])


def describe_period(period):
    if "months" in period:
        return f"{period['months']}个月"
    return f"{period['days']}天"


def iso(day):
    return day.isoformat() if day is not None else None


def chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"
