"""Amounts: the personal standard or its tiers, the fiscal subsidy, and each group's help.

Every rule reads one sentence (or one ；-unit) and proposes a figure only when the sentence
states it in a form the rule knows; two sentences that disagree give no proposal at all, and
the disagreement goes into the review report. Nothing is computed that the notice does not
print, except a percentage of the standard the notice itself names (75% of the 400 tier = 300).
"""

import re

from .group_words import GROUP_OF
from .group_words import terms as group_terms
from .numbers import AMOUNT, PERCENT, amount_of, percent_of, to_number
from .pay_words import NO_PAY, PAYING, PAYS, STILL
from .sentences import Found, phrases

YEARS = re.compile(r"([0-9０-９]{4})\s*年")
HELP = re.compile(r"资助|补贴|补助|继续执行原有|" + NO_PAY + r"|免缴|免费参保")
FULL = re.compile(r"全额(?:资助|补贴|补助|救助|代缴)|个人" + NO_PAY + r"|免缴|免费参保")
UNKNOWN = re.compile(r"继续执行原有的?[\u4e00-\u9fff]{0,10}政策|按原[\u4e00-\u9fff]{0,8}执行")
PERSONAL_BEFORE = re.compile(r"个人" + STILL + r"?(?:" + PAYS[3:-1] + r"|承担|自缴|自付)(?:为|金额为)?\s*$")
PERSONAL_NONE = re.compile(r"个人" + NO_PAY)
# 个人缴费…, 个人依旧缴纳…, 每人每年缴纳…: what a person pays (the standard, said of no group)
# (个人每人缴纳400元: 每人 between the payer and the verb)
PERSON_PAYS = re.compile(r"(?:个人(?:每人)?(?:每年|年)?|每人每年)" + STILL + r"?" + PAYING)
# 缴费标准为每人1070元，其中财政补助…，个人…400元: an amount the next phrase splits into the state's
# part is the sum of the parts (其中学生… or 其中特困人员… names groups, not parts of a sum)
SPLIT_AFTER = re.compile(r"\s*其中[^，,。；;]{0,6}?(?:财政|中央|政府)")

# 通过医疗救助资金给予…, 由民政局按…; 通过医疗救助等给予…: the assistance scheme named for its fund
# (医疗救助 pays from 医疗救助资金), and 等 kept: others pay too
PAYER = re.compile(r"(?:由|通过|^|，)\s*(?P<p>(?!由|通过)(?:[\u4e00-\u9fff]{1,12}?(?:基金|资金|财政|局|机构)|医疗救助)等?)\s*"
                   r"(?=按|给予|予以|全额|定额|资助|补贴)")
NEGATION = re.compile(r"(?:不含|不包括|除)[^）)，,。；]*")
# 高档次540元/人/年, 高档次每人每年540元, 低档缴费标准为每人400元
TIER = re.compile(r"(?P<name>(?P<level>[高低])档(?:次)?)(?:缴费)?(?:标准)?(?:为|是)?\s*(?:每人每年|每人|每年)?\s*" + AMOUNT.pattern)
TIER_WORD = re.compile(r"([高低])档")
BEST_GROUP = re.compile(r"就高不就低|只以一种[\u4e00-\u9fff（）()]{0,8}享受|按(?:其中)?(?:最高|标准最高)的?一[种项]")
LATE_RECOGNISED = re.compile(r"(?:集中[\u4e00-\u9fff]{0,4}期|征缴期|缴费期)(?:结束(?:以|之)?后|以?外|以后)[^。；]*?(?:认定|新增)[^。；]*?资助")
REFUND = re.compile(r"[（(]([^（）()]*?退[补费还][^（）()]*)[)）]")


# 从2023年的350元/人提高到380元/人, 由640元调整为670元: the amount before the change is the old one
SUPERSEDED = re.compile(r"\s*(?:提高|增加|上调|调整|调增|上涨|涨|升|增)(?:到|至|为)")


AGE_GROUP = re.compile(r"老年|劳动年龄|学生|儿童|未成年|少年|婴幼儿")


def one_age_group(words):
    """The words name one age group only (老年居民每人每年520元: the old residents' rate), not the
    adults every notice's standard is for (老年居民、成年居民 … is everyone of age)."""
    return bool(AGE_GROUP.search(words)) and "成年居民" not in words and "成年人" not in words


def current_amount(phrase):
    """The first amount of a phrase that is not the old figure of a change (…350元提高到380元)."""
    return next((m for m in AMOUNT.finditer(phrase) if not SUPERSEDED.match(phrase, m.end())), None)


def this_year(text, year):
    """A sentence about another year's money (2024年…380元 in a 2025 notice) is not this year's."""
    years = {int(y) for y in YEARS.findall(text) if len(y) == 4}
    return not years or year in years


def _agree(found, problems, what):
    """The one value all `found` give, or None (and a report line) when they differ."""
    values = {repr(f.value) for f in found}
    if len(values) > 1:
        where = "；".join(f"{f.clause}: {f.sentence.text}" for f in found)
        problems.append(f"{what}有不同的写法，没有采用：{where}")
        return None
    return found[0] if found else None


# -- standard, tiers, fiscal subsidy -------------------------------------------------------------
def standard_or_tiers(sentences, year, problems):
    tiers = {}
    for s in sentences:
        if is_help_unit(s.text) or not this_year(s.text, year):
            continue
        for m in TIER.finditer(s.text):
            tiers.setdefault(m.group("level"), []).append(Found(
                "tiers." + ("high" if m.group("level") == "高" else "low"),
                {"id": "high" if m.group("level") == "高" else "low", "name": m.group("name"), "amount": amount_of(m)},
                s, [m.span()]))
    if tiers:
        found = [_agree(f, problems, f"{level}档次缴费标准") for level, f in sorted(tiers.items())]
        if len(found) != 2 or None in found:
            problems.append("只找到一个缴费档次，或档次金额有冲突；请补全 tiers")
            return []
        return sorted(found, key=lambda f: -f.value["amount"])
    strong, medium = [], []
    for s in sentences:
        if is_help_unit(s.text) or not this_year(s.text, year):
            continue
        personal = "个人" in s.text and bool(re.search(PAYING, s.text))
        for start, ph in phrases(s.text):
            m = current_amount(ph)
            if not m or re.search(r"财政|补助|补贴|资助|救助|档|另需|只需", ph):
                continue
            if SPLIT_AFTER.match(s.text, start + len(ph) + 1):
                continue
            amount = amount_of(m)
            if not amount or not 1 <= amount <= 5000 or one_age_group(ph[:m.start()]):
                continue
            found = Found("standard", {"amount": amount}, s, [(start + m.start(), start + m.end())])
            if PERSON_PAYS.search(ph):
                strong.append(found)
            elif "缴费标准" in ph and personal:
                medium.append(found)
    found = _agree(strong or medium, problems, "个人缴费标准") if strong or medium else None
    return [found] if found else []


COMPARED = re.compile(r"(?:与|比|较|同|和)\s*$")
SAME_AS = re.compile(r"^\s*(?:度|年度)?\s*(?:相同|一致|持平|不变|相比|比较|提高|增加)")


def _years_named(text):
    """The years a phrase dates its figures by: not a year it compares with (与2025年相同,
    比2025年提高30元), which is another year's amount, not this one's."""
    out = []
    for m in YEARS.finditer(text):
        if COMPARED.search(text[:m.start()]) or SAME_AS.match(text[m.end():]):
            continue
        out.append(m.group(1) if m.groups() else m.group(0))
    return out


def fiscal_subsidy(sentences, year, problems):
    candidates = []
    for s in sentences:
        if is_help_unit(s.text):
            continue
        for start, ph in phrases(s.text):
            m = current_amount(ph)
            if not m or not re.search(r"财政补助|财政补贴", ph) or not amount_of(m):
                continue
            years = _years_named(ph) or _years_named(s.text[:start])
            fy = to_number(years[-1]) if years else year
            value = {"amount": amount_of(m)}
            if "不低于" in ph:
                value["minimum"] = True
            value["year"] = fy
            if fy != year:
                value["note"] = f"通知给出的{value['amount']}元是{fy}年的财政补助标准，{year}年的标准未写明金额。"
            candidates.append(Found("fiscal_subsidy", value, s, [(start + m.start(), start + m.end())]))
    this = [f for f in candidates if f.value["year"] == year]
    found = _agree(this or candidates, problems, "财政补助标准") if candidates else None
    return [found] if found else []


# -- groups --------------------------------------------------------------------------------------
def is_help_unit(text):
    return bool(HELP.search(text)) and any(True for _ in _subjects(text))


def _brackets(text):
    spans, depth, begin = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
            begin = i if depth == 1 else begin
        elif ch in "）)" and depth:
            depth -= 1
            if not depth:
                spans.append((begin, i + 1))
    return spans


RATE_OF = re.compile(r"的?(?:缴费)?标准")


def _subjects(text):
    """(start, end, group id, wording, [groups folded into it]) for each group a unit names."""
    negated = [m.span() for m in NEGATION.finditer(text)]
    brackets = _brackets(text)
    terms = [m for m in group_terms(text) if not any(a <= m.start() < b for a, b in negated)]
    for m in terms:
        if any(a < m.start() < b for a, b in brackets) or RATE_OF.match(text, m.end()):
            continue  # 按普通居民标准缴费: another group's rate named, not the group the unit speaks of
        gid, wording, folded = GROUP_OF[m.group()], m.group(), []
        after = next(((a, b) for a, b in brackets if a == m.end()), None)
        if after:
            wording += text[after[0]:after[1]]
            folded = [(t.group(), GROUP_OF[t.group()]) for t in terms
                      if after[0] < t.start() < after[1] and GROUP_OF[t.group()] != gid]
        yield m.start(), m.end(), gid, wording, folded


def groups(units, basis, problems):
    """basis: {"standard": amount} or {"tiers": {"high": 540, "low": 400}}."""
    found, mentioned = {}, {}
    for unit in units:
        if not HELP.search(unit.text):
            continue
        for start, end in _segments(unit.text):
            seg = unit.text[start:end]
            subjects = list(_subjects(seg))
            if not subjects:
                continue
            for _, _, gid, _, _ in subjects:
                mentioned.setdefault(gid, unit)
            for f in _read_segment(unit, start, seg, subjects, basis, problems):
                found.setdefault(f.key, []).append(f)
    out = []
    for key, items in found.items():
        first = _agree(items, problems, f"{key} 的资助")
        if first:
            out.append(first)
    named = {f.key.split(".", 1)[1] for f in out}
    missing = {gid: unit for gid, unit in mentioned.items() if gid not in named}
    return out, missing


def _segments(text):
    """Parts of a unit that each name groups and then what they get: a new part starts at a
    phrase naming groups once the part before it has stated a figure."""
    cuts, has_value, begun = [0], False, False
    for start, ph in phrases(text):
        names = any(True for _ in _subjects(ph)) and not re.match(r"\s*(?:个人|即)", ph)
        if names and begun and has_value:
            cuts.append(start)
            has_value = False
        begun = begun or names
        has_value = has_value or bool(AMOUNT.search(ph) or PERCENT.search(ph) or FULL.search(ph) or UNKNOWN.search(ph))
    return list(zip(cuts, cuts[1:] + [len(text)]))


def _read_segment(unit, offset, seg, subjects, basis, problems):
    spans, value = [], {}
    unknown = UNKNOWN.search(seg)
    full = FULL.search(seg)
    percents, amounts, personal = set(), set(), set()
    for m in PERCENT.finditer(seg):
        if percent_of(m):
            percents.add(percent_of(m))
            spans.append(m.span())
    for m in AMOUNT.finditer(seg):
        if amount_of(m) is None:
            continue
        (personal if PERSONAL_BEFORE.search(seg[max(0, m.start() - 10):m.start()]) else amounts).add(amount_of(m))
        spans.append(m.span())
    if PERSONAL_NONE.search(seg):
        personal.add(0)
    tier_words = {("high" if w == "高" else "low") for w in TIER_WORD.findall(seg)}
    if full:
        spans.append(full.span())
    if unknown:
        spans.append(unknown.span())
    names = "、".join(w for _, _, _, w, _ in subjects)
    if len(percents) > 1 or len(amounts) > 1 or len(personal) > 1 or len(tier_words) > 1:
        problems.append(f"{unit.clause}: 一句里有几个不同的数，没有采用：{seg}")
        return []
    if unknown and not (full or percents or amounts):
        value["unknown"] = unknown.group(0)
    elif full or percents or amounts:
        tier = next(iter(tier_words), None)
        if "tiers" in basis:
            base = basis["tiers"].get(tier)
        else:
            base = basis.get("standard")
            tier = None
        amount = next(iter(amounts), None)
        percent = next(iter(percents), None)
        if full:
            if base is None or (amount is not None and amount != base):
                problems.append(f"{unit.clause}: {names} 全额资助，但资助金额与缴费标准对不上或标准未知，没有采用")
                return []
            value.update(subsidy=base, full=True)
        elif percent is not None:
            if base is None:
                problems.append(f"{unit.clause}: {names} 按比例资助，但不知道按哪个缴费标准计算，没有采用")
                return []
            if amount is None and (base * percent) % 100 == 0:
                amount = base * percent // 100
            if amount is None or base * percent != amount * 100:
                problems.append(f"{unit.clause}: {names} 资助 {percent}% 与金额 {amount} 元对不上，没有采用")
                return []
            value.update(subsidy=amount, percent=percent)
        else:
            if base is not None and amount > base:
                problems.append(f"{unit.clause}: {names} 资助 {amount} 元高于缴费标准，没有采用")
                return []
            value["subsidy"] = amount
        if tier:
            value["basis_tier"] = tier
        payer = PAYER.search(seg)
        if payer:
            value["payer"] = re.sub(r"^医疗救助(?=等?$)", "医疗救助资金", payer.group("p"))
        if personal:
            stated = next(iter(personal))
            if base is not None and stated != base - value["subsidy"]:
                problems.append(f"{unit.clause}: {names} 个人缴费 {stated} 元 ≠ 标准 {base} − 资助 {value['subsidy']}，没有采用")
                return []
            value["personal_stated"] = stated
        refund = REFUND.search(unit.text)
        if refund:
            value["note"] = refund.group(1)
    else:
        return []
    out, by_group = [], {}
    for start, end, gid, wording, folded in subjects:
        by_group.setdefault(gid, []).append((start, end, wording, folded))
    shifted = [(a + offset, b + offset) for a, b in spans]
    for gid, places in by_group.items():
        wording = "、".join(w for _, _, w, _ in places)
        marks = shifted + [(a + offset, b + offset) for a, b, _, _ in places]
        out.append(Found(f"groups.{gid}", {"wording": wording, **value}, unit, marks))
        for word, other in (f for _, _, _, fs in places for f in fs):
            if other not in by_group:
                out.append(Found(f"groups.{other}", {"wording": f"{word}（列入{wording.split('（')[0]}条款）",
                                                     "folded_into": gid}, unit, marks))
    return out


def best_group_rule(sentences):
    for s in sentences:
        m = BEST_GROUP.search(s.text)
        if m:
            return [Found("best_group_rule", {}, s, [m.span()])]
    return []


def subsidy_notes(sentences):
    out = []
    for s in sentences:
        m = LATE_RECOGNISED.search(s.text)
        if m:
            out.append(Found(f"subsidy_notes.{len(out) + 1}", {"text": s.text}, s, [m.span()]))
    return out
