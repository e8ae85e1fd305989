"""All the figures intake can propose for one notice, in the order SCHEMA.md lists them.

`propose` returns the figures mapping for the YAML (each proposed figure carrying `cite` and
`proposed:` — the words it was read from), the Found list for the review report, what it looked
for and did not find, and the problems it met. It never fills a gap: a figure it cannot read
is listed as missing, never given a likely value.
"""

import re
from dataclasses import dataclass, field

from calculator.vocabulary import GROUPS

from . import find_dates, find_money, find_populations, find_rules, gate
from .find_rules import LAPSED, OUTSIDE
from .reader import read_selection, wait_limited, waits, who_waits
from .sentences import Found, sentences, units
from .pay_words import COLLECTING

NOT_STATED = "通知未规定待遇享受期（何时开始享受待遇）。"
CHECKLIST = (  # what a notice usually states, for the "not found" part of the report
    ("standard", "个人缴费标准（或档次）", True),
    ("fiscal_subsidy", "财政补助标准", False),
    ("collection", "集中征缴期", True),
    ("cover", "待遇享受期", False),
    ("waiting", "待遇等待期", False),
    ("late", "集中征缴期外缴费的金额", False),
    ("situations.newborn", "新生儿参保", False),
)


@dataclass
class Proposal:
    figures: dict
    found: list
    missing: list = field(default_factory=list)   # (key, what, required)
    unread_groups: dict = field(default_factory=dict)  # group id -> Sentence that names it
    problems: list = field(default_factory=list)
    inconsistent: list = field(default_factory=list)  # (key, Sentence, reason): found, failed the gate


def propose(clauses, year):
    sents, parts = sentences(clauses), units(clauses)
    by_id = {c["id"]: c for c in clauses}
    problems = []
    # the gate runs on the standard first: a wrong one (上调20元) must not become the groups' basis
    money, dropped_money = gate.check_found(find_money.standard_or_tiers(sents, year, problems), year)
    if dropped_money and any(f.key.startswith("tiers.") for f in money):
        dropped_money += [(f, "另一个档次没有通过核对") for f in money]
        money = []  # tiers come in pairs
    if len(money) == 2:
        basis = {"tiers": {f.value["id"]: f.value["amount"] for f in money}}
    else:
        basis = {"standard": money[0].value["amount"]} if money else {}
    fiscal = find_money.fiscal_subsidy(sents, year, problems)
    groups, unread = find_money.groups(parts, basis, problems)
    if money and not any(f.key == "groups.ordinary" for f in groups):
        groups.insert(0, Found("groups.ordinary", {"wording": GROUPS["ordinary"], "subsidy": 0},
                               money[-1].sentence, money[-1].spans))
    window, window_notes = find_dates.window(sents, year, problems)
    found = (money + fiscal + find_money.best_group_rule(sents) + groups + find_money.subsidy_notes(sents)
             + window + window_notes + find_dates.cover(sents, year, problems)
             + find_rules.late(sents, bool(fiscal), problems) + find_rules.waiting(sents, problems)
             + find_rules.newborn(sents, by_id, problems, year) + find_rules.others(sents, by_id))
    freshman = find_dates.freshman_cover(sents, year)
    if freshman:
        found.append(freshman)
    found, dropped = gate.check_found(found, year)
    dropped = dropped_money + dropped
    inconsistent = [(f.key, f.sentence, reason) for f, reason in dropped]
    found += _read_gaps(sents, parts, found, year, inconsistent)
    found = _gather_waiting(found, sents, year, inconsistent, problems)
    found = _cover_by_payment_day(found, sents, year, inconsistent)
    found = _one_standard_of_two_tiers(found, sents, inconsistent)
    found = _changed_mid_year(found, sents, year, inconsistent)
    found = find_populations.apply(found, clauses, year, inconsistent, problems)  # 按人群: in place of a standard
    base = [f for f in found if f.key == "standard" or f.key.startswith("tiers.")]
    if base and not any(f.key == "groups.ordinary" for f in found):
        low = min(base, key=lambda f: f.value["amount"])
        found.append(Found("groups.ordinary", {"wording": GROUPS["ordinary"], "subsidy": 0}, low.sentence, low.spans))
    keys = {f.key.split(".")[0] if f.key.startswith(("tiers", "populations")) else f.key for f in found}
    if any(f.key.endswith(".fiscal_subsidy") for f in found):
        keys.add("fiscal_subsidy")  # each population's own
    missing = [(key, what, required) for key, what, required in CHECKLIST
               if key not in keys and not (key == "standard" and keys & {"tiers", "populations"})]
    unread = {g: s for g, s in unread.items() if f"groups.{g}" not in {f.key for f in found}}
    # the rules and the sentence reader may refuse one figure of one sentence for one reason: once
    inconsistent = list(dict.fromkeys(inconsistent))
    return Proposal(_figures(found, by_id), found, missing, unread, problems, inconsistent)


def _gather_waiting(found, sents, year, inconsistent, problems):
    """A waiting period is proposed for everyone the notice gives it to: one clause may name those
    outside the window and another add those who lapsed to the same wait. The groups are gathered
    from every sentence stating a wait of the same length. It is not proposed (it is reported)
    when another sentence gives a group a wait of another length, or names a group for a wait
    whose length it does not print. The figure cites the clause naming most of the groups; when
    no one clause names them all, the report says which clauses the groups were gathered from."""
    w = next((f for f in found if f.key == "waiting"), None)
    if w is None or not w.value.get("fixed"):
        return found
    fixed = w.value["fixed"]
    bound = next((s for s in sents if wait_limited(s.text)), None)
    if bound is not None:
        inconsistent.append(("waiting", bound, "等待期写的是上限（不超过/最长…），不是固定的长度"))
        return [f for f in found if f is not w]
    readings = [(s, r) for s, r in ((s, waits(s.text, year)) for s in sents) if r and r[0]]
    same = [(s, who) for s, (who, lengths) in readings if lengths and all(_same_length(x, fixed) for x in lengths)]
    union = set(w.value["applies_to"]).union(*(who for _, who in same))
    for s, (who, lengths) in readings:
        if lengths and (s, who) not in same:
            reason = "待遇等待期几处写的长短不一样"
        elif not lengths and set(who) - union:
            reason = "另一处给别的人员写了等待期，没有写多长，看不出是不是同一个等待期"
        else:
            continue
        inconsistent.append(("waiting", s, reason))
        return [f for f in found if f is not w]
    if union == set(w.value["applies_to"]):
        return found
    order = [name for name in ("outside_window", "lapsed") if name in union]
    named = {}
    for s, who in same:
        named.setdefault(s.clause, set()).update(who)
    named[w.clause] = named.get(w.clause, set()) | set(w.value["applies_to"])
    # another clause can be cited only when the figure has nothing else read from the Found's clause
    best = w.clause if not set(w.value) <= {"applies_to", "fixed"} else \
        max(named, key=lambda cid: (len(named[cid]), cid == w.clause))
    if named[best] != union:
        problems.append(f"{best}: 待遇等待期适用的人员由几处条款合起来（"
                        + "；".join(f"{cid} 条：{'、'.join(WHO[n] for n in sorted(who))}" for cid, who in named.items())
                        + "），请核对")
    if best == w.clause:
        moved = Found("waiting", {**w.value, "applies_to": order}, w.sentence, w.spans, w.extra)
    else:
        s = next(s for s, _ in same if s.clause == best)
        moved = Found("waiting", {**w.value, "applies_to": order}, s, _duration_spans(s.text, year))
    return [moved if f is w else f for f in found]


WHO = {"outside_window": "集中缴费期外参保的", "lapsed": "断保的"}


# 2026年1月1日至2月28日缴费的，从缴费之日起享受待遇 / 集中缴费期内缴费的，次日起享受待遇: cover
# begins on the day one pays (not N months after it: that is a waiting period)
FROM_PAYMENT_DAY = re.compile(r"(?:缴费|参保)的?\s*[，,]?\s*(?:从|自|于)?\s*(?:缴费|参保|缴纳)?(?:之日|当日|当天|次日|之次日)"
                              r"\s*起\s*(?:即|开始|就|即可|可)?\s*(?:享受|享有)")
PAID_WHEN = re.compile(r"(?:集中(?:征缴|缴费|参保|筹资)[\u4e00-\u9fff]{0,4}期(?:内|间)?"
                       r"|[0-9０-９一二三四五六七八九十]\s*(?:[日号]|月(?:底|末)?)(?:前|之前|以前|后|之后|以后|起|期间|之间)?)\s*(?:参保)?$")


def _cover_by_payment_day(found, sents, year, inconsistent):
    """A cover that starts on a day printed (2026年1月1日) is not the year's cover when the notice
    makes it start on the day one pays for some payments in the window (paid in January: cover
    from the day paid): one date would be wrong for them. Not proposed; reported with the sentence."""
    cover = next((f for f in found if f.key == "cover"), None)
    if cover is None or cover.value.get("start") is None:
        return found
    window = next((f.value for f in found if f.key == "collection"), None)
    for s in sents:
        for m in FROM_PAYMENT_DAY.finditer(s.text):
            phrase = re.split(r"[，,；;。]", s.text[:m.start()])[-1]  # 2026年1月1日后缴费的
            if PAID_WHEN.search(s.text, 0, m.start()) and _in_window(phrase, window, year):
                inconsistent.append(("cover", s, "待遇从哪天开始要看哪天缴费（有的从缴费之日起享受），"
                                                 f"不是一个日期（{cover.value['start']}）"))
                return [f for f in found if f is not cover]
    return found


def _in_window(paid, window, year):
    """The payments a phrase speaks of (2026年1月1日至2月28日缴费的) fall in the window, when both
    are known; a range after the window's end is late enrolment, whose cover is another matter."""
    from .mentions import read as mentions

    ms = mentions(paid, year)
    ranges = [m.value for m in ms if m.kind == "range" and (m.value.get("start") or m.value.get("end"))]
    for m in (m for m in ms if m.kind == "date" and m.value):
        # 2026年1月1日后缴费的: from that day on; 12月31日前缴费的: up to it
        if re.match(r"\s*(?:后|之后|以后|起)", paid[m.end:]):
            ranges.append({"start": m.value, "end": None})
        elif re.match(r"\s*(?:前|之前|以前)", paid[m.end:]):
            ranges.append({"start": None, "end": m.value})
    if not ranges or not window or not window.get("end"):
        return True
    return any((not r.get("start") or r["start"] <= window["end"])
               and (not window.get("start") or not r.get("end") or r["end"] >= window["start"]) for r in ranges)


TIER_WORD = re.compile(r"(?:第)?([一二高低12])档")
TWO_TIERS = re.compile(r"(?:两|二|2)个?(?:缴费)?档(?:次)?|多档")


# 自2026年7月1日起…调整为420元: a new amount from a day inside the enrolment year (a day with no
# year printed counts when it falls before the autumn collection, months 2–8)
MID_YEAR = re.compile(r"(?:(?P<y>[0-9]{4})\s*年\s*)?(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日\s*(?:起|以后|之后)"
                      r"(?P<between>[^。；;]{0,24}?)(?:调整|提高|上调|增加|下调|降低|变更|改)(?:为|到|至)\s*"
                      r"(?:每人每年|每人)?\s*(?P<amount>[0-9]+)\s*元")


def _changed_mid_year(found, sents, year, inconsistent):
    """A standard the notice changes during the enrolment year (…400元，2026年7月1日起调整为420元)
    is not one figure for the year: whoever pays before the day pays one amount, after it another.
    Neither is proposed as the year's standard; the report names the sentence and the day. A change
    dated 1 January of the year, or in the autumn before it (the collection's own start), is the
    year's standard and stays."""
    std = next((f for f in found if f.key == "standard"), None)
    if not year or (std is None and not any(key == "standard" for key, _, _ in inconsistent)):
        return found
    for s in sents:
        for m in MID_YEAR.finditer(s.text):
            y, month, day = (int(m.group("y")) if m.group("y") else None), int(m.group("m")), int(m.group("d"))
            if re.search(r"财政|补助|补贴|资助|救助|长期护理|长护|大病|大额|职工|补充", m.group("between") + s.text[:m.start()][-12:]):
                continue  # a subsidy, or another insurance's premium, changed in the year: not the standard
            inside = (y == year and (month, day) != (1, 1)) or (y is None and 2 <= month <= 8)
            if inside and (std is None or int(m.group("amount")) != std.value["amount"]):
                inconsistent.append(("standard", s, f"缴费标准在年中调整（{m.group(0).split('起')[0]}起为"
                                                    f"{m.group('amount')}元），全年没有一个缴费标准"))
                return [f for f in found if f is not std]
    return found


def _one_standard_of_two_tiers(found, sents, inconsistent):
    """A notice that speaks of two tiers (一档 … 二档, 分两档) has no one standard: an amount read as
    the standard is one of the tiers, or a group's, and is not proposed when the tiers were not read."""
    std = next((f for f in found if f.key == "standard"), None)
    if std is None or any(f.key.startswith("tiers.") for f in found):
        return found
    words = {m.group(1).translate(str.maketrans("12高低", "一二二一")) for s in sents for m in TIER_WORD.finditer(s.text)}
    said = next((s for s in sents if TWO_TIERS.search(s.text)), None)
    if len(words) < 2 and said is None:
        return found
    inconsistent.append(("standard", said or std.sentence, "通知分两个档次缴费，没有读出两个档次的金额，这个金额不能当作唯一的缴费标准"))
    return [f for f in found if f is not std and not (f.key == "groups.ordinary" and f.value.get("subsidy") == 0
                                                       and f.sentence == std.sentence)]


def _same_length(a, b):
    """3个月 and 90天 are one wait (等待期3个月（按90天计算）): a month is 28 to 31 days."""
    def days(x):
        return (x["days"], x["days"]) if "days" in x else (28 * x["months"], 31 * x["months"])
    (a1, a2), (b1, b2) = days(a), days(b)
    return a1 <= b2 and b1 <= a2


def _duration_spans(text, year):
    from .mentions import read as mentions
    return [(m.start, m.end) for m in mentions(text, year) if m.kind == "duration"][:1]


GAP_KEYS = ("standard", "tiers", "fiscal_subsidy", "collection", "cover", "waiting")


def _read_gaps(sents, parts, found, year, inconsistent):
    """What the rules above did not read, from the sentence reader (intake/reader.py): a figure
    is added only when every sentence that states it agrees and the gate passed it; a figure the
    gate failed is listed as found but inconsistent. Groups are read against the standard (the
    rules', else the one the reader found: a second pass)."""
    basis = _basis(found)
    out, notes = _gaps(sents, found, year, basis)
    if not basis:
        stated = _basis(out)
        if stated:
            out, notes = _gaps(sents, found, year, stated)
    inconsistent += notes
    return out


def _gaps(sents, found, year, basis):
    have = {f.key.split(".")[0] for f in found}
    keys = {f.key for f in found}
    readings, notes = {}, []
    for s in sents:
        for p in _read(s, sents, year, basis):
            key = p["key"]
            root = key.split(".")[0]
            if root in have and root != "groups" or key in keys:
                continue
            if root in ("standard", "tiers") and ("standard" in have or "tiers" in have):
                continue
            if p["status"] == "inconsistent":
                notes.append((key, s, p["reason"]))
                continue
            readings.setdefault(key, []).append((s, p))
    if any(k.startswith("tiers.") for k in readings):
        readings.pop("standard", None)  # 一档/二档 and a standard: the tiers are the standard
    out = []
    for key, items in readings.items():
        if key == "collection":
            items = _one_window(items)
            if not items:
                continue
        # a wait's groups may be named in several places: they are gathered after (_gather_waiting)
        ignored = ("wording", "applies_to") if key == "waiting" else ("wording",)
        values = {repr({k: v for k, v in p["value"].items() if k not in ignored}) for _, p in items}
        if len(values) > 1:
            notes += [(key, s, "几处写的不一样") for s, _ in items]
            continue
        s, p = max(items, key=lambda item: len(item[1]["value"].get("applies_to") or ())) if key == "waiting" \
            else items[0]
        value = dict(p["value"])
        if key.startswith("groups.") and not basis:
            continue  # without the standard the gate cannot check a group's figures
        if key.startswith("groups.") and "subsidy" not in value:
            base = basis.get("standard")
            if base is None:
                continue
            if value.get("full"):
                value["subsidy"] = base
            elif value.get("percent") and (base * value["percent"]) % 100 == 0 and "personal_stated" not in value:
                value["subsidy"] = base * value["percent"] // 100  # 按个人缴费标准的80%资助: of the standard
            elif value.get("personal_stated") is not None and 0 <= value["personal_stated"] <= base \
                    and not LIMITED.search(_words_before(s.text, p["spans"][-1][0])):
                # 低保对象每人只缴40元: the help is what the standard leaves (the note says it was
                # computed) — unless the words between the group and the amount limit it (学生, 市区 …)
                value["subsidy"] = base - value["personal_stated"]
                value["note"] = f"通知写的是个人缴费{value['personal_stated']}元；资助金额按缴费标准{base}元减去个人缴费计算。"
            else:
                continue
        if key == "waiting" and not value.get("applies_to"):
            # 设置3个月待遇等待期 in a heading: who waits is in the clause's sentences
            clause = " ".join(x.text for x in sents if x.clause == s.clause)
            value["applies_to"] = [name for name, words in (("outside_window", OUTSIDE), ("lapsed", LAPSED))
                                   if words.search(clause)]
            if not value["applies_to"]:
                continue
        # a window with no start (自即日起, 截至…): the person fills the start the text leaves open
        out.append(Found(key, value, s, [tuple(x) for x in p["spans"]], p.get("extra", [])))
    return out, notes


def _one_window(items):
    """A window's first day and its last day said in two sentences of one clause (集中缴费从2025年
    9月1日开始。…缴费截止时间为2025年12月31日。) are one window. Beside a last day said in another
    clause, a first day is left out (one cite cannot hold both), and the last day stands."""
    opening = [(s, p) for s, p in items if p["value"].get("start") and p["value"].get("end") is None]
    rest = [(s, p) for s, p in items if not (p["value"].get("start") and p["value"].get("end") is None)]
    starts = {p["value"]["start"] for _, p in opening}
    ends = {p["value"]["end"] for _, p in rest if p["value"].get("end") and p["value"].get("start") is None}
    if not opening or not rest:
        return items  # a first day alone (集中参保缴费从2023年9月1日开始) is read as it stands
    if len(starts) != 1 or len(ends) != 1 or len(rest) != 1 or len({s.clause for s, _ in items}) > 1:
        return rest
    start, end = starts.pop(), ends.pop()
    if not start < end:
        return rest
    (first, p), others = rest[0], opening
    merged = {**p, "value": {**p["value"], "start": start, "end": end},
              "extra": [(s, [tuple(x) for x in q["spans"]]) for s, q in others]}
    return [(first, merged)]


LIMITED = re.compile(r"学生|儿童|未成年|成年|老年|市区|城区|农村|城镇|仅|只限|以上|以下")


def _words_before(text, at):
    """The words between the last group named before offset `at` and `at` (低保边缘家庭老年人 is a
    name; 学生每人缴50元 limits the amount)."""
    from .mentions import read as mentions

    # the words narrowing a group (低保边缘家庭老年人) are that group's, not a limit on the amount
    ends = [m.start + len(m.narrowed) if m.narrowed and text.startswith(m.narrowed, m.start) else m.end
            for m in mentions(text) if m.kind == "group" and m.end <= at]
    last = max([e for e in ends if e <= at], default=0)
    return text[last:at]


BARE_RANGE = re.compile(r"^(?:[0-9０-９]{4}\s*年)?[0-9０-９]{1,2}\s*月[0-9０-９年月日号\s至到—–\-~～]*$")


def _heading_before(s, sents):
    """The line before a sentence that is only a date range, when it names a window or a cover."""
    if not BARE_RANGE.match(re.split(r"[，,；;]", s.text.strip("。；; "))[0]):
        return None  # the sentence opens with a range: 2025年9月1日至12月31日，逾期…
    k = sents.index(s)
    before = sents[k - 1].text if k else ""
    if re.search(r"(?:" + COLLECTING + r"|参保)[\u4e00-\u9fff]{0,4}(?:时间|期)|享受期|待遇期", before) and len(before) <= 30:
        return before
    if re.search(COLLECTING + r"|参保", before) and not re.search(r"享受|待遇|[。，,]", before) and len(before) <= 12:
        return "缴费时间"  # 一、参保缴费 over a range: the heading names paying, the range is when
    return None


def _read(s, sents, year, basis):
    """The reader on one sentence; a table row is read with its header's words before each cell
    (医疗救助对象 | 个人缴费 …: 40元/人 under 个人缴费 is what the group pays), and the spans are
    put back on the row as printed."""
    if "\t" not in s.text:
        before = _heading_before(s, sents)
        if before is None:
            return read_selection(s.text, s.clause, year, basis)
        # 参保缴费时间 / 2025年10月20日—2026年2月28日: a bare range under the heading that names it
        shift = len(before) + 1
        out = []
        for p in read_selection(before + "：" + s.text, s.clause, year, basis):
            spans = [[a - shift, b - shift] for a, b in p["spans"] if a >= shift]
            if spans:
                out.append({**p, "spans": spans})
        return out
    rows = [x for x in sents if x.clause == s.clause and "\t" in x.text]
    header = rows[0].text.split("\t") if rows and rows[0] is not s else None
    cells, text, where = s.text.split("\t"), "", []
    at = 0
    for k, cell in enumerate(cells):
        label = header[k] if header and k < len(header) and k and not re.search(r"[0-9０-９]", header[k]) else ""
        unit = UNIT_IN_HEADER.search(label)
        if unit:
            label = label[:unit.start()] + label[unit.end():]
        text += ("，" if k else "") + label
        where.append((len(text), at, len(cell)))
        # 个人缴费（元） over 280: the header's unit goes with the bare number under it
        text += cell + ("元" if unit and BARE_NUMBER.fullmatch(cell.strip()) else "")
        at += len(cell) + 1
    text += "。"
    out = []
    for p in read_selection(text, s.clause, year, basis):
        spans = []
        for a, b in p["spans"]:
            for start, orig, length in where:
                if start <= a < start + length:
                    spans.append([orig + a - start, orig + min(b, start + length) - start])
        out.append({**p, "spans": spans})
    return out


UNIT_IN_HEADER = re.compile(r"\s*[（(]\s*元\s*(?:[/·・.]\s*(?:人|年|每人|每年)\s*){0,2}[）)]")  # （元）, （元/人·年）
BARE_NUMBER = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?")


def _basis(found):
    tiers = {f.value["id"]: f.value["amount"] for f in found if f.key.startswith("tiers.")}
    if tiers:
        return {"tiers": tiers}
    std = [f.value["amount"] for f in found if f.key == "standard"]
    return {"standard": std[0]} if std else {}


def _figures(found, by_id):
    """The figures mapping in SCHEMA.md order; each figure ends with cite and proposed."""
    def mark(f, value=None):
        return {**(f.value if value is None else value), "cite": f.clause, "proposed": f.evidence(by_id)}

    by_key = {f.key: f for f in found}
    fig = {}
    tiers = [f for f in found if f.key.startswith("tiers.")]
    if tiers:
        fig["tiers"] = [mark(f) for f in tiers]
        fig["default_tier"] = min(tiers, key=lambda f: f.value["amount"]).value["id"]
    elif "standard" in by_key:
        fig["standard"] = mark(by_key["standard"])
    populations = find_populations.figures(found, mark)
    if populations:
        fig["populations"] = populations
    if "fiscal_subsidy" in by_key:
        fig["fiscal_subsidy"] = mark(by_key["fiscal_subsidy"])
    if "best_group_rule" in by_key:
        fig["best_group_rule"] = mark(by_key["best_group_rule"])
    groups = sorted((f for f in found if f.key.startswith("groups.")), key=lambda f: f.key != "groups.ordinary")
    fig["groups"] = {f.key.split(".", 1)[1]: mark(f) for f in groups}
    notes = [mark(f) for f in found if f.key.startswith("subsidy_notes.")]
    if notes:
        fig["subsidy_notes"] = notes
    if "collection" in by_key:
        fig["collection"] = mark(by_key["collection"])
        window_notes = [mark(f) for f in found if f.key.startswith("collection.notes.")]
        if window_notes:
            fig["collection"]["notes"] = window_notes
    if "cover" in by_key:
        fig["cover"] = mark(by_key["cover"])
    else:
        fig["cover"] = {"start": None, "end": None, "note": NOT_STATED, "proposed": "原文中没有找到待遇享受期"}
    for key in ("late", "waiting"):
        if key in by_key:
            fig[key] = mark(by_key[key])
    situations = {f.key.split(".", 1)[1]: mark(f) for f in found if f.key.startswith("situations.")}
    if situations:
        fig["situations"] = situations
    return fig
