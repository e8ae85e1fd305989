"""The sentence reader's entry for a piece of text: what figures it states, each pointing at its words.

    read_selection(text, clause_id, year=None, basis=None) -> list of proposals

used by `python -m intake draft` on every sentence of a notice and by the review desk on a text a
person selects in a clause. Each proposal is a plain dict (JSON-able):

    {"key": "groups.dibao",             # the figure's path, as `accept --figure` names it
     "value": {"subsidy": 320, ...},    # the figure's fields, as SCHEMA.md writes them
     "clause": "2.3.3",                 # clause_id given
     "sentence": "低保对象…",            # the sentence it was read from (as printed)
     "spans": [[12, 16], ...],          # offsets in `text` of the mentions it came from
     "status": "proposed" | "inconsistent",
     "reason": None | "资助 400 元高于缴费标准 380 元"}

`status: inconsistent` is a figure the text states but which fails the consistency gate
(intake/gate.py): it is never written into a draft as a proposal, only listed with its reason.
`basis` — {"standard": N} or {"tiers": {"high": N, "low": M}} — is the notice's standard where
the selection does not state it (the gate checks group amounts against it).
"""

import re

from . import gate
from .mentions import DAY_PRINTED, FLOORS, read, says_no_help
from .find_dates import whole_days_or_months
from .find_money import COMPARED, SAME_AS, one_age_group
from .find_rules import LAPSED, OUTSIDE
from .sentences import _cut
from .pay_words import COLLECTING, NO_PAY, PAYING, PAYS, STILL

WINDOW_WORD = re.compile(r"(?:集中)?(?:参保)?(?:" + COLLECTING[3:-1] + r"|参保|办理|预缴)(?:期|时间|时段)(?!间)|截至|截止|最后期限|最后(?:一天|1天)"
                         r"|" + COLLECTING + r"期限|集中参保")
HELP = re.compile(r"资助|补助|补贴|代缴|减免|全免|免缴|免费|救助|(?:个人)?" + NO_PAY + r"|(?:个人|每人)(?:每人)?(?:每年)?"
                  + STILL + "?" + PAYS)


def subgroup(text):
    """The words name one age group only (城乡老年人的财政补助…), not the adults every notice's
    figures are for (老年居民、成年居民 … is everyone of age)."""
    return one_age_group(text)
SECOND_WINDOW = re.compile(r"补充|补缴|延长|延期|第二")
COVER_WORD = re.compile(r"待遇享受期|待遇期|待遇享受时[间段]|保障(?:周)?期|保障年度|享受[\u4e00-\u9fff]{0,8}待遇")
WAIT_WORD = re.compile(r"等待期|(?<=[月天日])后(?:才能|方可|开始|再)?享受")  # 缴费之日起满3个月后才能享受待遇
FULL = re.compile(r"全免|全额(?:资助|补贴|补助|救助|代缴)|(?:个人)?" + NO_PAY + r"|免缴|免费参保")
STUDENT_COVER = re.compile(r"新入学|大中专|大学生|在校学生")
# (…之前完成2026年度参保缴费: the enrolment year may be named between)
PAY_BY = re.compile(r"\s*(?:前|之前|以前)(?:完成|办理)?(?:[0-9０-９]{4}\s*年度?的?)?(?:城乡)?(?:居民)?(?:医保)?(?:参保)?" + PAYING)
# 可在2025年12月31日前通过微信、支付宝等渠道缴纳2026年度城乡居民医保费: the means between the day and the paying
PAY_BY_MEANS = re.compile(r"\s*(?:前|之前|以前)[^，,。；;]{0,20}?" + PAYS + r"[^，,。；;]{0,14}?(?:医保费|医疗保险费|参保费)")
# 集中缴费期延长至…: the window's new end, stated beside an old one the text may not give
EXTENDED = re.compile(r"延长|延期")
# 居民医保缴费在2025年底前完成: the day paying is done by, named after the paying
DONE_BY = re.compile(r"\s*(?:前|之前|以前)(?:完成|办结)")
# 集中缴纳自…, 本次集中缴费将持续到…: a collection named right before the dates
# (2026年度居民医保缴费工作将持续至…: the enrolment year names the collection as 集中 does; 缴费从即日起
# 开始，到…止: the opening said in a phrase of its own)
NAMED_BEFORE = re.compile(r"(?:集中|本次|今年|年度)[\u4e00-\u9fff]{0,6}?(?:" + COLLECTING[3:-1] + r"|参保)(?:工作)?"
                          r"(?:将|已)?(?:(?:从|自)即日起(?:开始)?\s*[，,]\s*(?:到|至)|(?:从|自|于|在|持续|延续|一直)?(?:到|至)?"
                          # 集中缴费期间（2025年9月1日—12月31日）: the dates in brackets after the window's name
                          r"|(?:期|时间|期间)\s*[（(])\s*$")
# 可在2025年9月1日至12月31日期间缴费 (not …期间缴费的: those who pay in a part of it)
PAY_IN = re.compile(r"\s*(?:期间|之间|内)\s*(?:完成|办理)?(?:参保)?(?:登记)?(?:和|及|并)?" + PAYING + r"(?![的者])")
AFTER_WINDOW = re.compile(r"结束(?:以|之)?后|期满(?:以|之)?后")  # 集中缴费期结束后…可在…期间缴费: a late window
WAITING_CONTEXT = re.compile(r"等待期|断缴|断保|中断|未在集中|没有在集中|不在集中|期外|逾期|补缴|转入")


def read_selection(text, clause_id, year=None, basis=None):
    out = []
    for start, sentence in _cut(text, "。！？"):
        tiers = []
        for at, unit in _cut(sentence, "；;"):
            out += _sentence(unit, start + at, clause_id, year, basis or {}, tiers)
        out += _tiers(tiers, sentence, 0, clause_id)
    found = {p["key"] for p in out if p["status"] == "proposed" and p["key"] in ("standard", "tiers.high")}
    if not basis and found:
        # the selection states its own standard: check its groups against it
        stated = _basis(out)
        out = [gate.check_group(p, stated) if p["key"].startswith("groups.") and p["status"] == "proposed" else p
               for p in out]
    return out


def _basis(proposals):
    tiers = {p["key"].split(".")[1]: p["value"]["amount"] for p in proposals
             if p["key"].startswith("tiers.") and p["status"] == "proposed"}
    if tiers:
        return {"tiers": tiers}
    std = [p["value"]["amount"] for p in proposals if p["key"] == "standard" and p["status"] == "proposed"]
    return {"standard": std[0]} if std else {}


def _shift(m, offset):
    """A unit's mention placed in its sentence (tiers are paired across the units of a sentence)."""
    from dataclasses import replace

    return replace(m, start=m.start + offset, end=m.end + offset)


def _proposal(key, value, clause, sentence, offset, mentions, status="proposed", reason=None):
    return {"key": key, "value": value, "clause": clause, "sentence": sentence,
            "spans": [[offset + m.start, offset + m.end] for m in mentions], "status": status, "reason": reason}


def _tiers(tiers, sentence, offset, clause):
    """一档 … 482元；二档 … 415元: two tier amounts of one sentence, each after its own tier word."""
    values = {}
    for word, amount in tiers:
        values.setdefault(amount.value, (word, amount))
    if len(values) != 2 or len({w.value for w, _ in values.values()}) != 2:
        return []
    (lw, low), (hw, high) = sorted(values.values(), key=lambda x: x[1].value)
    return [_proposal(f"tiers.{tid}", {"id": tid, "name": w.text, "amount": a.value}, clause, sentence, offset,
                      [w, a]) for tid, w, a in (("high", hw, high), ("low", lw, low))]


TWO_TIERS = re.compile(r"(?:两|二|2)个?(?:缴费)?档(?:次)?")


def _sentence(sentence, offset, clause, year, basis, tier_amounts):
    ms = read(sentence, year)
    amounts = [m for m in ms if m.kind == "amount"]
    groups = [m for m in ms if m.kind == "group"]
    live = [g for g in groups if not g.negated]
    out = []

    def add(key, value, used, status="proposed", reason=None):
        out.append(_proposal(key, value, clause, sentence, offset, used, status, reason))

    by_role = {}
    for a in amounts:
        by_role.setdefault(a.role, []).append(a)
    # the personal standard and tiers: said of no group
    if not live:
        tiers = by_role.get("tier", [])
        for a in tiers:
            word = [t for t in ms if t.kind == "tier" and t.start < a.start][-1]
            tier_amounts.append((_shift(word, offset), _shift(a, offset)))
        # what a person pays, in a sentence naming no group and no help, is the standard
        standards = by_role.get("standard", []) + ([] if groups or by_role.get("subsidy") else by_role.get("personal", []))
        pair = TWO_TIERS.search(sentence)
        if pair and not tiers and not groups and len(standards) == 2 \
                and len({a.value for a in standards}) == 2 and all(a.end <= pair.start() for a in standards):
            # 个人缴费分为400元和600元两个档次: two amounts said to be the two tiers, with no tier
            # word; the higher is the high tier. Each is named by its amount, as the text names them
            low, high = sorted(standards, key=lambda a: a.value)
            for tid, a in (("high", high), ("low", low)):
                add(f"tiers.{tid}", {"id": tid, "name": f"{a.value}元档", "amount": a.value}, [a])
            standards = []
        if len({a.value for a in standards}) == 1 and not tiers:
            a = standards[0]
            value = {"amount": a.value}
            if a.qualifier:
                add("standard", value, standards, "inconsistent", gate.LIMIT_REASON)
            elif gate.for_some(sentence[:a.start]):
                add("standard", value, standards, "inconsistent", "说的是某一类人（老年人、某个年龄段…）的缴费标准")
            else:
                add("standard", value, standards)
        elif len({a.value for a in standards}) > 1:
            add("standard", {"amounts": sorted({a.value for a in standards})}, standards, "inconsistent",
                "一句里有几个不同的缴费标准")
    fiscal = by_role.get("fiscal_subsidy", [])
    if len({a.value for a in fiscal}) == 1:
        years = [m.value for m in ms if m.kind == "year" and not COMPARED.search(sentence[:m.start])
                 and not SAME_AS.match(sentence[m.end:])]  # 与2025年相同 is another year's
        value = {"amount": fiscal[0].value, "year": years[-1] if years else year}
        if fiscal[0].qualifier in FLOORS:
            value["minimum"] = True
        if fiscal[0].qualifier and fiscal[0].qualifier not in FLOORS:
            add("fiscal_subsidy", value, fiscal, "inconsistent", gate.LIMIT_REASON)
        elif subgroup(sentence[:fiscal[0].start]):
            add("fiscal_subsidy", value, fiscal, "inconsistent", "说的是某一类人（老年人、劳动年龄人口…）的财政补助")
        elif years and year and years[-1] not in (year, year - 1):
            add("fiscal_subsidy", value, fiscal, "inconsistent", f"写的是{years[-1]}年的财政补助标准")
        else:
            add("fiscal_subsidy", value, fiscal)
    # each group named, with what it gets
    for seg_start, seg_end in _segments(sentence, ms):
        part = [m for m in ms if seg_start <= m.start < seg_end]
        ordinary_only = {m.value for m in part if m.kind == "group" and not m.negated} == {"ordinary"}
        if not HELP.search(sentence, seg_start, seg_end) and not ordinary_only:
            continue  # 参保率稳定在95%以上: a part that gives no group any help
        out += _groups(sentence, offset, clause, basis, says_no_help(part), part,
                       FULL.search(sentence, seg_start, seg_end))
    # dates: the window, the cover
    for r in (m for m in ms if m.kind == "range"):
        before = sentence[:r.start]
        phrase_start = max(before.rfind(ch) for ch in "，,；;。") + 1
        after = [sentence.find(ch, r.end) for ch in "，,；;。"]
        phrase_end = min([a for a in after if a >= 0] or [len(sentence)])
        words = sentence[phrase_start:phrase_end]
        # 提醒居民在12月31日前完成缴费，未在集中缴费期内缴费的，将设置待遇等待期: the late payers
        # named after the day to pay by are what missing it brings, not a late payers' day
        late_before = WAITING_CONTEXT.search(sentence, 0, phrase_end)
        if COVER_WORD.search(words) and not STUDENT_COVER.search(words):
            key = "cover"
        elif gate.for_students(sentence[:r.start]):
            continue  # 在校学生集中缴费期为…: the students' window, not the residents'
        elif gate.for_other_scheme(sentence[:r.start]):
            continue  # 长期护理保险…，集中缴费期为…: another scheme's window
        elif SECOND_WINDOW.search(words):
            if EXTENDED.search(words) and WINDOW_WORD.search(words) and not WAITING_CONTEXT.search(sentence):
                # 集中缴费期延长至2026年1月31日: found, never proposed — the person reads which end holds
                out.append(_proposal("collection", {k: v for k, v in r.value.items() if k in ("start", "end")},
                                     clause, sentence, offset, [r], "inconsistent", "集中缴费期延长后的日期，原定的截止日要另行核对"))
            continue  # 补充参保缴费期: a second window for late enrolment, not the collection window
        elif WINDOW_WORD.search(words) or ((r.value.get("from_today") or r.value.get("paired") or r.value.get("opens"))
                                           and re.search(COLLECTING + r"|参保|医保费", sentence)) \
                or (r.value.get("start") is None and (PAY_BY.match(sentence, r.end) or PAY_BY_MEANS.match(sentence, r.end)
                                                      or DONE_BY.match(sentence, r.end)
                                                      and re.search(COLLECTING + r"|参保", words[:r.start - phrase_start]))
                    and not late_before and not SECOND_WINDOW.search(sentence)) \
                or ((NAMED_BEFORE.search(sentence, max(0, r.start - 20), r.start)
                     or r.value.get("start") and r.value.get("end") and PAY_IN.match(sentence, r.end))
                    and not WAITING_CONTEXT.search(sentence) and not SECOND_WINDOW.search(sentence)
                    and not AFTER_WINDOW.search(sentence)):
            # 请于2025年12月31日前缴费: the day to pay by, in a sentence about no late payers;
            # 集中缴纳自…起到…止, 集中缴费将持续到…, 可在…期间缴费: the paying named right before or after
            key = "collection"
        else:
            continue
        value = {k: v for k, v in r.value.items() if k in ("start", "end")}
        if key == "collection":
            # 2025年10月至12月: the text gives no day; a window's first or last day is never guessed
            # (the clerk fills what the text leaves open)
            if "start_day_printed" in r.value:
                start_day, end_day = r.value["start_day_printed"], r.value["end_day_printed"]
            else:
                start_day = end_day = r.value.get("days_printed", True)
            if not whole_days_or_months(start_day, end_day, r.value.get("end_of_month", False),
                                        r.value.get("year_printed", True)):
                value["start"] = None  # 2025年10月至2026年2月28日: the end is printed to the day, the start is not
                if not end_day and not r.value.get("end_of_month"):
                    value["end"] = None
            if value["start"] is None and value["end"] is None:
                out.append(_proposal(key, {k: v for k, v in r.value.items() if k in ("start", "end")}, clause,
                                     sentence, offset, [r], "inconsistent", "只写了月份，没有写到哪一天"))
                continue
        if key == "collection" and not r.value.get("year_printed", True) and year and value["end"] \
                and value["end"].month >= 7 and value["end"].year == year and value["start"] is None:
            value["end"] = value["end"].replace(year=year - 1)  # 即日起至12月28日: this autumn
        if key == "collection" and not r.value.get("year_printed") and year and value["start"] \
                and value["start"].month >= 7 and value["start"].year == year:
            # 9月至12月 in a notice for year Y: the autumn before
            value = {k: v.replace(year=v.year - 1) if v else v for k, v in value.items()}
        out.append(gate.check_range(_proposal(key, value, clause, sentence, offset, [r]), year))
    # cover from a day: 自2026年1月1日起享受待遇 (the end is not stated); the year must be printed
    # (从下一年度1月1日起… names no year)
    # (自2026年3月起: a month other than January is not read as its first day)
    for d in (m for m in ms if m.kind == "date" and m.value and re.match(r"[0-9０-９]{4}", m.text)
              and (DAY_PRINTED.search(m.text) or m.value.month == 1)):
        after = sentence[d.end:d.end + 30]
        if re.match(r"\s*(?:起|开始)[^，,。；;]{0,6}(?:享受|享有)[^，,。；;]{0,16}待遇", after) \
                and not STUDENT_COVER.search(sentence[max(0, d.start - 20):d.start]) and year and d.value.year == year \
                and not WAITING_CONTEXT.search(sentence):
            # (…设3个月待遇等待期，即从2026年4月1日起享受待遇: the day those who wait start, not the cover)
            add("cover", {"start": d.value, "end": None}, [d])
    # waiting period: the duration printed next to 等待期 (not 每多断保1年…1个月)
    if WAIT_WORD.search(sentence):
        durations = _wait_durations(sentence, ms)
        applies = who_waits(sentence)
        if len({repr(d.value) for d in durations}) == 1:
            # applies_to empty: who waits is not in this sentence (a heading); the caller looks around it
            add("waiting", {"applies_to": applies, "fixed": durations[0].value}, durations[:1])
    return out


def _wait_durations(sentence, ms):
    return [m for m in ms if m.kind == "duration" and (WAIT_WORD.search(sentence, m.end, m.end + 10)
                                                       or WAIT_WORD.search(sentence, max(0, m.start - 8), m.start))]


def who_waits(text):
    """The groups a text names for a waiting period: outside the window, lapsed."""
    return [name for name, words in (("outside_window", OUTSIDE), ("lapsed", LAPSED)) if words.search(text)]


def waits(sentence, year=None):
    """(who, [durations]) of a sentence that speaks of a waiting period, else None; the extra
    months per year of lapse (每多断保1年增加1个月) are terms of the same wait, not another one."""
    if not WAIT_WORD.search(sentence):
        return None
    steps = [m.span() for m in INCREMENT.finditer(sentence)]
    # every length in the sentence but the per-year steps and a newborn's days counts: 等待期3个月
    # （断保2年以上的为6个月） gives some of those waiting another length
    return who_waits(sentence), [m.value for m in read(sentence, year) if m.kind == "duration"
                                 and not any(a <= m.start < b for a, b in steps)
                                 and not re.search(r"出生|新生儿|满", sentence[max(0, m.start - 8):m.start])]


def wait_limited(sentence):
    """A waiting period printed as a bound (不超过3个月的等待期, 等待期最长6个月), not its length."""
    return bool(WAIT_WORD.search(sentence)) and bool(WAIT_BOUND.search(sentence)) \
        and not NO_WAIT.search(sentence)  # 出生90日以内参保的，不设等待期: a time limit, no wait


NO_WAIT = re.compile(r"出生|新生儿|不设|不再设|免除|免设|不受|无等待期|没有等待期")


WAIT_BOUND = re.compile(r"(?:不超过|不超出|最长|最多|以内|之内)\s*(?:为|是)?\s*[0-9０-９一二三四五六七八九十]+\s*(?:个月|天|日)"
                        r"|[0-9０-９一二三四五六七八九十]+\s*(?:个月|天|日)\s*(?:以内|之内)")


INCREMENT = re.compile(r"每(?:多)?(?:断(?:保|缴)|缴纳|补缴|中断)[^。；]{0,12}?年[^。；]*?(?:增加|减少|延长|缩短|加|减)"
                       r"[^。；]*?(?:个月|日|天)|不(?:少|低)于[^。；]{0,6}(?:个月|日|天)")


def _segments(sentence, ms):
    """Parts of a sentence that each name groups and then what they get: a new part starts at a
    phrase naming a group once the part before it has stated a figure (低保对象资助300元，一二级
    重度残疾人全额资助，…)."""
    cuts, has_value, begun = [0], False, False
    for start, phrase in _cut(sentence, "，,；;"):
        inside = [m for m in ms if start <= m.start < start + len(phrase)]
        names = any(m.kind == "group" for m in inside) and not re.match(r"\s*(?:个人|即)", phrase)
        if names and begun and has_value:
            cuts.append(start)
            has_value = False
        begun = begun or names
        has_value = has_value or any(m.kind in ("amount", "percent") for m in inside) or bool(FULL.search(phrase))
    return list(zip(cuts, cuts[1:] + [len(sentence)]))


def _respectively(sentence, offset, clause, basis, groups, amounts):
    """特困人员、低保对象分别资助400元、300元: the groups and the amounts paired in order, when
    there are as many of each; otherwise nothing is proposed from the part."""
    if len(groups) != len(amounts) or len({g.value for g in groups}) != len(groups):
        return [_proposal(f"groups.{g.value}", {"wording": g.text}, clause, sentence, offset, [g] + amounts,
                          "inconsistent", "“分别”之前的人员类别和之后的金额个数对不上") for g in groups]
    return [gate.check_group(_proposal(f"groups.{g.value}", {"wording": g.text, "subsidy": a.value}, clause,
                                       sentence, offset, [g, a]), basis) for g, a in zip(groups, amounts)]


def _groups(sentence, offset, clause, basis, no_help, ms, full):
    """What each group a part of a sentence names gets; a group in an exclusion gets nothing."""
    out = []
    by_role = {}
    for a in (m for m in ms if m.kind == "amount"):
        by_role.setdefault(a.role, []).append(a)
    live = [g for g in ms if g.kind == "group" and not g.negated]
    subsidies = by_role.get("subsidy", [])
    personal = by_role.get("personal", []) + (by_role.get("standard", []) if live else [])
    percents = [m for m in ms if m.kind == "percent" and m.role is None]
    formula = by_role.get("base", [])
    start = ms[0].start if ms else 0
    if "分别" in sentence[start:(ms[-1].end if ms else 0)] and len(subsidies) > 1:
        return _respectively(sentence, offset, clause, basis, live, subsidies)
    both = gate.BOTH.search(sentence)
    split_by_part = gate.BY_PART.search(sentence)
    for g in (m for m in ms if m.kind == "group"):
        key = f"groups.{g.value}"
        if both and not g.negated:
            out.append(_proposal(key, {"wording": g.text}, clause, sentence, offset, [g], "inconsistent",
                                 gate.BOTH_REASON))
            continue
        if g.negated or (no_help and not subsidies):
            if no_help and not g.negated and personal:
                out.append(_proposal(key, {"wording": g.text}, clause, sentence, offset, [g] + personal,
                                     "inconsistent", "这一句说的是不享受资助的人，金额是他们自己缴的"))
            continue
        if g.narrowed:
            # 农村低保一二类, 低保边缘家庭老年人: a part of the group, whose other members may get
            # another amount or none; found, with its sentence, never proposed for the whole group
            if subsidies or personal or percents or full:
                out.append(_proposal(key, {"wording": g.text}, clause, sentence, offset, [g],
                                     "inconsistent", gate.narrowed_reason(g.narrowed)))
            continue
        value, used = {"wording": g.text}, [g]
        limited = [a for a in subsidies + personal + percents if a.qualifier]
        if split_by_part or (full and any(x.value != 100 for x in percents)):
            # 按80%资助，其中60周岁以上的全额资助: the group's members get different help
            out.append(_proposal(key, value, clause, sentence, offset, used, "inconsistent", gate.PARTS_REASON))
            continue
        if limited:
            out.append(_proposal(key, value, clause, sentence, offset, used + limited, "inconsistent",
                                 gate.LIMIT_REASON))
            continue
        if full and not subsidies:
            value["full"] = True
        elif len({a.value for a in subsidies}) == 1:
            value["subsidy"] = subsidies[0].value
            used += subsidies[:1]
        elif len({a.value for a in subsidies}) > 1:
            out.append(_proposal(key, value, clause, sentence, offset, used + subsidies, "inconsistent",
                                 "一句里给这个群体写了几个不同的资助金额"))
            continue
        if len({p.value for p in percents}) == 1:
            value["percent"] = percents[0].value
            used += percents[:1]
        if len({a.value for a in personal}) == 1:
            value["personal_stated"] = personal[0].value
            used += personal[:1]
        if len(used) == 1 and not value.get("full"):
            unclear = [a for a in ms if a.kind == "amount" and a.role is None]
            if g.value == "ordinary" and len(live) == 1 and len({a.value for a in unclear}) == 1:
                # 一般居民520元/人, 普通城乡居民：390元: what ordinary residents pay is the standard
                out.append(_proposal("standard", {"amount": unclear[0].value}, clause, sentence, offset,
                                     [g, unclear[0]]))
            continue
        if g.value == "ordinary" and set(value) == {"wording", "personal_stated"}:
            out.append(_proposal("standard", {"amount": value["personal_stated"]}, clause, sentence, offset, used))
            continue
        if formula and "percent" in value:
            used += formula[:1]
        checked = gate.check_group(_proposal(key, value, clause, sentence, offset, used),
                                   basis or ({"standard": formula[0].value} if formula else {}))
        if formula and checked["status"] == "proposed" and basis.get("standard") not in (None, formula[0].value):
            checked = {**checked, "status": "inconsistent",
                       "reason": f"算式里的基数 {formula[0].value} 元不是缴费标准 {basis['standard']} 元"}
        out.append(checked)
    return out
