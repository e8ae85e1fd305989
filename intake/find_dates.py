"""Dates: the collection window, the days of the month payment is taken, the cover period.

A window is a date range in a phrase that names it (集中缴费期, 缴费时间, 集中筹资期 …); ranges
in other phrases (宣传动员阶段（9月1日—9月30日）) are not windows. An end without a day is the
month's end (2月底); a second date without a year is in the first date's year, or the next
year when its month comes earlier (9月至次年2月).
"""

import datetime as _dt
import re

from .numbers import DATE, date_parts, make_date, month_end, to_number
from . import gate
from .pay_words import COLLECTING, PAYING
from .sentences import Found, phrases

WINDOW_WORD = re.compile(r"(?:集中)?(?:参保)?(?:" + COLLECTING[3:-1] + r"|参保)(?:期|时间|时段)(?!间)")
COVER_WORD = re.compile(r"待遇享受期|享受待遇期|待遇期")
STUDENT = re.compile(r"新入学|大中专|大学生|在校学生|新生入学")
RANGE_SEP = re.compile(r"\s*(?:至|到|—+|–|-|～|~)\s*(?:次年|翌年)?\s*")
PAYABLE = re.compile(r"每月\s*(?P<a>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]?\s*(?:至|到|—|–|-|～|~)\s*"
                     r"(?P<b>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")
CALENDAR_YEAR = re.compile(r"(?:按|实行按?)自然年度")
END_ONLY = re.compile(r"(?:截止|截至|截止到|至)\s*")


def whole_days_or_months(start_day, end_day, end_of_month, year_printed):
    """A window's days are read only as printed: both days (2025年10月20日至2026年2月28日, 12月底 is a
    day), or whole
    months with the year (从2024年9月至2025年2月底: the first and last days of those months). A month
    beside a day (2025年10月至2026年2月28日: the campaign began on some day in 10月) or months with no
    year (9月至12月, often the usual season) give no first day to read."""
    return bool(start_day and (end_day or end_of_month) or (not start_day and not end_day and year_printed))


def ranges(text, days=False):
    """(start date, end date, span) for each DATE–DATE range in the text; with `days`, only the
    ranges whose days are printed (whole_days_or_months)."""
    out = []
    matches = list(DATE.finditer(text))
    for first, second in zip(matches, matches[1:]):
        between = text[first.end():second.start()]
        if not RANGE_SEP.fullmatch(between):
            continue
        y1, m1, d1, _ = date_parts(first)
        if y1 is None or days and not whole_days_or_months(bool(d1), *date_parts(second, year=y1)[2:],
                                                             bool(first.group("y"))):
            continue
        start = make_date(y1, m1, d1 or 1)
        y2, m2, d2, _ = date_parts(second, year=y1)
        if second.group("y") is None and ("次年" in between or "翌年" in between or (m2 and m1 and m2 < m1)):
            y2 = y1 + 1
        end = make_date(y2, m2, d2) if d2 else month_end(y2, m2)
        if start and end and start < end:
            out.append((start, end, (first.start(), second.end())))
    return out


def _ranges_after(sentence, word, days=False):
    """Ranges in phrases of the sentence where `word` comes before the range."""
    for start, ph in phrases(sentence.text):
        named = word.search(ph)
        if not named:
            continue
        for a, b, (x, y) in ranges(ph, days):
            if x >= named.end() - 1:
                yield a, b, (start + x, start + y), ph


def window(sentences, year, problems):
    found = []
    for s in sentences:
        for start, end, span, ph in _ranges_after(s, WINDOW_WORD, days=True):
            if COVER_WORD.search(ph) or gate.for_other_scheme(s.text[:span[0]]):
                continue  # (长期护理保险…，集中缴费期为…: another scheme's window)
            if not (year - 1 <= start.year <= year and end.year <= year):
                problems.append(f"{s.clause}: 集中征缴期 {start}–{end} 与参保年度 {year} 不符，没有采用")
                continue
            value, spans, extra = {"start": start, "end": end}, [span], []
            payable = _payable_days(sentences, s)
            if payable:
                where, m = payable
                value["payable_days"] = [to_number(m.group("a")), to_number(m.group("b"))]
                if where == s:
                    spans.append(m.span())
                else:
                    extra.append((where, [m.span()]))
            found.append(Found("collection", value, s, spans, extra))
    distinct = {(f.value["start"], f.value["end"]) for f in found}
    if len(distinct) > 1:
        problems.append("找到几个不同的集中征缴期，没有采用：" + "；".join(
            f"{f.clause}: {f.value['start']}–{f.value['end']}" for f in found))
        return [], []
    if not found:
        return [], []
    chosen = found[0]
    return [chosen], _window_notes(sentences, chosen)


def _payable_days(sentences, s):
    """每月1-25日 in the window's sentence, else in another sentence of its clause."""
    for where in [s] + [x for x in sentences if x.clause == s.clause and x != s]:
        m = PAYABLE.search(where.text)
        if m:
            return where, m
    return None


def _window_notes(sentences, chosen):
    """Another end for the same window stated elsewhere (内乡: 国家规定…截止2025年2月底) is a note."""
    notes = []
    for s in sentences:
        if s.clause == chosen.clause:
            continue
        for start, ph in phrases(s.text):
            named = WINDOW_WORD.search(ph)
            if not named or ranges(ph):
                continue
            for m in DATE.finditer(ph, named.end()):
                if not END_ONLY.search(ph[named.end():m.start()]):
                    continue
                y, mo, d, _ = date_parts(m)
                end = make_date(y, mo, d) if d else month_end(y, mo)
                if end and end != chosen.value["end"]:
                    notes.append(Found(f"collection.notes.{len(notes) + 1}", {"text": s.text}, s,
                                       [(start + m.start(), start + m.end())]))
    return notes


def cover(sentences, year, problems):
    found = []
    for s in sentences:
        for start, end, span, ph in _ranges_after(s, COVER_WORD):
            if STUDENT.search(ph):
                continue
            if start.year != year or end <= start:
                problems.append(f"{s.clause}: 待遇享受期 {start}–{end} 不在参保年度 {year}，没有采用")
                continue
            found.append(Found("cover", {"start": start, "end": end}, s, [span]))
    if not found:
        for s in sentences:
            m = CALENDAR_YEAR.search(s.text)
            if m and re.search(PAYING + r"|参保", s.text):
                found.append(Found("cover", {
                    "start": _dt.date(year, 1, 1), "end": _dt.date(year, 12, 31),
                    "note": f"通知规定“{m.group(0)}缴纳”，待遇享受期按{year}年1月1日至12月31日理解。"}, s, [m.span()]))
                break
    distinct = {(f.value["start"], f.value["end"]) for f in found}
    if len(distinct) > 1:
        problems.append("找到几个不同的待遇享受期，没有采用")
        return []
    return found[:1]


def freshman_cover(sentences, year):
    for s in sentences:
        for start, end, span, ph in _ranges_after(s, COVER_WORD):
            if STUDENT.search(ph) and end.year == year:
                return Found("situations.freshman", {"cover": {"start": start, "end": end}}, s, [span])
    return None
