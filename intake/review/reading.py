"""The desk's only contact with intake's reader. Two functions, so that a new sentence reader
(branch i20: mentions, spans, roles, a consistency gate) is swapped in here and nowhere else:

* `read_selection(text, clause_id, year, basis)`: the figures the reader finds in words a person
  selected, each with its value and where in the selection it was read (now intake/reader.py,
  the sentence reader of branch i20);
* `draft_marks(notice)`: for each proposed figure, where its words are in its clause, and the
  gate's findings (figures found but inconsistent), with the sentences they concern.
"""

import re
from dataclasses import dataclass, field

from calculator.vocabulary import GROUPS

from .. import find_dates, reader
from ..figures import propose
from ..group_words import GROUP_OF, TERM
from ..find_rules import LAPSED, OUTSIDE
from ..numbers import AMOUNT, DATE, PERIOD, amount_of, date_parts, make_date, period_of


@dataclass
class Reading:
    key: str
    value: dict
    marks: list            # (start, end) offsets in the text read
    evidence: str          # the words it was read from (the clause's own words)
    status: str = "proposed"   # or "inconsistent": found, but the gate refused it
    reason: str = None


@dataclass
class DraftMarks:
    marks: dict = field(default_factory=dict)     # key -> [(clause id, start, end)]
    findings: dict = field(default_factory=dict)  # key -> [sentence or remark]
    problems: list = field(default_factory=list)  # remarks that concern no one field


def _offsets(text):
    """Offset of each line's start in the clause text (heading lines are not in `text`)."""
    starts, at = [], 0
    for line in text.split("\n"):
        starts.append(at)
        at += len(line) + 1
    return starts


def _spans(found, text):
    """Where a Found's marked words are in `text` (its clause's text), heading sentences left out."""
    starts = _offsets(text)
    out = []
    for sentence, spans in [(found.sentence, found.spans)] + list(found.extra):
        if sentence.line < 0 or sentence.clause != found.clause:
            continue
        base = starts[sentence.line] + sentence.start
        out += [(base + a, base + b) for a, b in (spans or [(0, len(sentence.text))])]
    return sorted(set(out))


def read_selection(text, clause_id, year, basis):
    """Figures in the selected words, read by intake's sentence reader (intake/reader.py), each
    with the offsets of its words in `text`; a figure the consistency gate failed comes back with
    status "inconsistent" and its reason. `basis` is {"standard": N} or {"tiers": {...}} from the
    desk's current state, so a group's percentage can be turned into an amount and checked."""
    return [Reading(p["key"], p["value"], [tuple(x) for x in p["spans"]], p["sentence"], p["status"], p["reason"])
            for p in reader.read_selection(text, clause_id, year, basis or None)]


def draft_marks(notice):
    """Where the reader found each figure of a draft, re-read from its clauses (the YAML keeps
    the sentence only), and what it found inconsistent."""
    proposal = propose(notice["clauses"], notice["year"])
    by_id = {c["id"]: c for c in notice["clauses"]}
    result = DraftMarks()
    for f in proposal.found:
        result.marks.setdefault(f.key, []).extend((f.clause, a, b) for a, b in _spans(f, by_id[f.clause]["text"]))
    for gid, sentence in proposal.unread_groups.items():
        result.marks.setdefault(f"groups.{gid}", [])
    for key, sentence, reason in proposal.inconsistent:  # the gate's findings, with their words
        result.findings.setdefault(key, []).append(f"{reason}（原文：{sentence.text}）")
    # The present reader states its doubts as remarks naming the group's words; the gate of the
    # new reader will name the figure. A remark naming a group is that group's finding.
    for remark in proposal.problems:
        keys = [f"groups.{gid}" for gid, words in GROUPS.items() if words in remark]
        for key in keys[:1]:
            result.findings.setdefault(key, []).append(remark)
        if not keys:
            result.problems.append(remark)
    result.unread_groups = {gid: s.text for gid, s in proposal.unread_groups.items()}
    result.named_groups = named_groups(notice["clauses"])
    return result


def named_groups(clauses):
    """{group id: (the notice's own wording, clause id)} for every group the text names, so the
    desk asks about each one, read or not (a table of groups is often not read)."""
    out = {}
    for clause in clauses:
        for match in TERM.finditer(clause["text"]):
            gid = GROUP_OF[match.group(0)]
            if gid != "ordinary":
                out.setdefault(gid, (match.group(0), clause["id"]))
    return out


def read_for(key, text, clause_id, year, basis):
    """The selection read for one field the person is filling: the reader's own readings of that
    field first; failing that, the field's kind of figure read with intake's number and date
    parsers (an amount, a date range, a period), since a person pointing at words for a field
    has said which field they are. [] when the words hold no such figure."""
    found = [r for r in read_selection(text, clause_id, year, basis) if r.key == key]
    if found:
        best = sorted(found, key=lambda r: r.status != "proposed")[:1]
        if key == "waiting" and not best[0].value.get("applies_to"):
            # the reader leaves who waits empty when the words do not say it (its caller looks
            # around the sentence); here the person chose the field: the same rule as _period
            best[0].value = dict(best[0].value, applies_to=_who_waits(text))
        return best
    head = key.split(".")[0]
    if head in ("standard", "fiscal_subsidy", "groups"):
        return _amount(key, text, year)
    if head in ("collection", "cover"):
        return _range(key, text)
    if key == "waiting" or key == "situations.newborn":
        return _period(key, text)
    return []


def _amount(key, text, year):
    match = AMOUNT.search(text)
    if key.startswith("groups.") and match is None and "全额" in text:
        return [Reading(key, {"wording": GROUPS[key.split(".")[1]], "full": True}, [_at(text, "全额")], text)]
    if match is None:
        return []
    amount = amount_of(match)
    value = {"amount": amount}
    if key == "fiscal_subsidy":
        value = {"amount": amount, "year": year, "minimum": bool(re.search(r"不低于|不少于", text))}
    elif key.startswith("groups."):
        value = {"wording": GROUPS[key.split(".")[1]], "subsidy": amount}
    return [Reading(key, value, [match.span("n")], text)]


def _range(key, text):
    hits = [(a, b, span) for a, b, span in find_dates.ranges(text)]
    if not hits:
        dates = [(make_date(*date_parts(m)[:3]), m.span()) for m in DATE.finditer(text) if m.group("y")]
        dates = [(d, s) for d, s in dates if d]
        if len(dates) >= 2 and dates[0][0] < dates[1][0]:
            hits = [(dates[0][0], dates[1][0], (dates[0][1][0], dates[1][1][1]))]
    if not hits:
        return []
    start, end, span = hits[0]
    return [Reading(key, {"start": start.isoformat(), "end": end.isoformat()}, [span], text)]


def _period(key, text):
    match = PERIOD.search(text)
    if match is None or match.group("unit") == "年":
        return []
    period = period_of(match)
    if key == "waiting":
        value = {"applies_to": _who_waits(text), "fixed": period}
    else:
        value = {"limit": period, "within": {"cover_from": "birth" if "出生" in text[match.end():] else "registration"},
                 "after": "general"}
    return [Reading(key, value, [match.span()], text)]


def _who_waits(text):
    """Who a waiting period the person pointed at applies to: those the words name (outside the
    window, lapsed); words that name no one are read as outside the window, the period a notice's
    等待期 sets unless it says 断保."""
    return [a for a, p in (("outside_window", OUTSIDE), ("lapsed", LAPSED)) if p.search(text)] or ["outside_window"]


def _at(text, word):
    i = text.index(word)
    return (i, i + len(word))
