"""Numbers as notices print them: 400, ４００, 四百, 二〇二四, 百分之八十, 六个月.

Chinese numerals go through cn2an; full-width digits are ordinary digits to int(). Patterns
here match the printed text itself (not a converted copy), so every figure keeps its place in
the sentence and the review report can mark it.
"""

import datetime as _dt
import re

DIGITS = r"[0-9０-９]+"
CN_DIGITS = "零〇一二两三四五六七八九十百千万"
# a Chinese numeral starts with a digit word (not 万 of 30万), and no number runs on from a figure
NUM = rf"(?<![0-9０-９.])(?:{DIGITS}(?:\.[0-9]+)?|[零〇一二两三四五六七八九十][{CN_DIGITS}]*)"
S = r"\s*"

# 400元, 400 元/人, 每人400元, 四百元/人/年; 每人交400块钱 (块 as people say 元: see amount_of)
AMOUNT = re.compile(rf"(?P<n>{NUM}){S}(?:元|(?P<kuai>(?<=[0-9０-９十百千])块钱?)(?=[\s，,。；;、/）)每左以的]|$))"
                    rf"(?:{S}/{S}人)?(?:{S}/{S}年)?(?:{S}/{S}人{S}年|{S}每人{S}每年|{S}每人)?")
# 每人每年380块, 一年交400块钱, 400块/人: the sums a 块 is read in are a person's yearly money; the
# 块 ends the phrase (not 一块一, 一块儿, 30块蛋糕: a price's 角, together, a measure word)
PER_PERSON_YEAR = re.compile(r"每人|每年|一年|人均|个人|/\s*人|/\s*年")
PERCENT = re.compile(rf"(?:(?P<n>{NUM}){S}[%％]|百分之(?P<cn>[{CN_DIGITS}0-9０-９]+))")


def to_number(token):
    """400, ４００, 四百, 二〇二四 → int (a decimal stays a float); None when it is not a number."""
    token = token.strip()
    if not token:
        return None
    if re.fullmatch(r"[0-9０-９]+", token):
        return int(token)
    if re.fullmatch(r"[0-9０-９]+\.[0-9０-９]+", token):
        return float(token)
    if re.fullmatch(r"[〇零一二三四五六七八九]{4}", token):  # a year, digit by digit
        return int("".join(str("〇一二三四五六七八九".index(ch) if ch != "零" else 0) for ch in token))
    import cn2an

    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else value


def amount_of(match):
    """The amount in yuan; None for a number that is not one. A number then 块 / 块钱 is yuan only
    where the words around it say a person's money for the year (每人交400块钱): 一块 (together),
    一块儿, 一块一 (one yuan ten) and a 块 of land or cake never are."""
    if match.group("kuai"):
        around = match.string[max(0, match.start() - 10):match.end() + 4]
        if not PER_PERSON_YEAR.search(around):
            return None
    value = to_number(match.group("n"))
    return value if isinstance(value, int) else None


def percent_of(match):
    value = to_number(match.group("n") or match.group("cn"))
    return value if isinstance(value, int) and 0 < value <= 100 else None


# -- dates ------------------------------------------------------------------------------------------
_Y = r"(?:(?P<y>[0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:的\s*)?)"  # 2026年的1月1日
_M = r"(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
_D = r"(?:\s*(?P<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]|\s*(?P<end>底|末))?"
DATE = re.compile(_Y + "?" + _M + _D)
# a signature's date as a web page may print it (2025-09-01, 2025.9.1, 2025/9/1): clutter.py keeps
# such a line only under an office's name, where it signs the notice
NUMERIC_DATE = re.compile(r"\s*(?P<ny>20[0-9]{2})\s*[-./]\s*(?P<nm>[0-9]{1,2})\s*[-./]\s*(?P<nd>[0-9]{1,2})\s*")
DATE_LINE = re.compile(r"^\s*" + _Y + r"[0-9０-９一二三四五六七八九十]{0,3}\s*月\s*[0-9０-９一二三四五六七八九十]{0,3}\s*日\s*$"
                       r"|^" + NUMERIC_DATE.pattern + r"$")


def date_parts(match, year=None):
    """(year, month, day or None, month_end) of a DATE match; the year defaults to `year`."""
    y = to_number(match.group("y")) if match.group("y") else year
    m = to_number(match.group("m"))
    d = to_number(match.group("d")) if match.group("d") else None
    return y, m, d, bool(match.group("end"))


def make_date(y, m, d):
    try:
        return _dt.date(y, m, d)
    except (TypeError, ValueError):
        return None


def month_end(y, m):
    import calendar

    try:
        return _dt.date(y, m, calendar.monthrange(y, m)[1])
    except (TypeError, ValueError):
        return None


def full_date(text):
    """A complete printed date (2024年11月6日, 二〇二四年十一月六日) → date, else None."""
    numeric = NUMERIC_DATE.fullmatch(text.strip())
    if numeric:
        return make_date(int(numeric.group("ny")), int(numeric.group("nm")), int(numeric.group("nd")))
    match = DATE.fullmatch(text.strip())
    if not match or not match.group("y") or not match.group("d"):
        return None
    y, m, d, _ = date_parts(match)
    return make_date(y, m, d)


# -- periods --------------------------------------------------------------------------------------
PERIOD = re.compile(rf"(?P<n>{NUM}){S}(?P<unit>个月|个自然月|天|日|年)")


def period_of(match):
    """{months: N} / {days: N} / {years: N} of a PERIOD match, or None."""
    n = to_number(match.group("n"))
    if not isinstance(n, int) or n <= 0:
        return None
    unit = match.group("unit")
    if unit.endswith("月"):
        return {"months": n}
    if unit in ("天", "日"):
        return {"days": n}
    return {"years": n}
