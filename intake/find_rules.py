"""Rules: waiting periods, the late-payment amount, and the special situations of the shared
vocabulary (newborn, employee_lapse, welfare_child, released; freshman is a cover period).

Each rule is read from one clause. A situation is proposed only when its clause states a time
limit or from when cover starts; a list that merely names 新生儿 proposes nothing.
"""

import re

from .numbers import DATE, NUM, date_parts, make_date, period_of, to_number
from .pay_words import COLLECTING, NO_PAY, PAYING
from .sentences import Found

S = r"\s*"
FIXED = re.compile(rf"固定(?:待遇)?等待期{S}(?:为|设为|设置为)?{S}(?P<n>{NUM}){S}(?P<unit>个月|天|日)")
ANY_WAIT = re.compile(rf"等待期{S}(?:为|设为|设置为)?{S}(?P<n>{NUM}){S}(?P<unit>个月|天|日)")
AS_DAYS = re.compile(rf"按{S}(?P<n>{NUM}){S}(?P<unit>天)计算")
# 没有在集中缴费期参保缴费的 (no 内) says the same as 未在集中缴费期内参保的 (not …期缴纳2025年和2026年度…:
# 咸宁 names those who lapsed two years so, not everyone outside the window)
OUTSIDE = re.compile(r"(?:未在|没有在|不在|未于)[^。；]{0,20}集中[^。；]{0,12}(?:期|时间)(?:内|参保|缴费)"
                     r"|集中[^。；]{0,12}(?:期|时间)(?:以|之)?外|期外参保|补充(?:参保)?" + COLLECTING + r"?期"
                     # 错过集中缴费期的, 集中征缴期结束后参保的: those who pay after the window
                     r"|错过集中[^。；]{0,12}(?:期|时间)|集中[^。；]{0,12}(?:期|时间)结束(?:以|之)?后")
# 没有连续参保缴费的 / 2025年没有参保的 (the year before not insured) are those who lapsed
LAPSED = re.compile(r"(?:未|没有)连续(?:参保|缴费)|断保|中断参保|[0-9０-９]{4}年度?(?:没有|未)参保")
PER_LAPSE = re.compile(rf"每(?:多)?断(?:保|缴){S}(?P<y>{NUM}){S}年[^。；]*?增加[^。；]*?(?P<n>{NUM}){S}(?P<unit>个月)")
REPAIR = re.compile(rf"每(?:多)?(?:缴纳|补缴){S}(?P<y>{NUM}){S}年[^。；]*?减少[^。；]*?(?P<n>{NUM}){S}(?P<unit>个月)")
FLOOR = re.compile(rf"断(?:缴|保){S}(?P<y>{NUM}){S}年(?:及|或)?以上[^。；]*?不(?:少|低)于{S}(?P<n>{NUM}){S}(?P<unit>个月)")
LATE = re.compile(r"(?:期外|期满后|逾期|以外)[^。；]*?个人缴费标准\s*(?:加|\+|与|和)\s*[^。；]{0,8}?财政补助标准")


def _period(match):
    return period_of(match) if match else None


def _clauses_with(sentences, pattern):
    order = []
    for s in sentences:
        if pattern.search(s.text) and s.clause not in order:
            order.append(s.clause)
    return [(cid, [s for s in sentences if s.clause == cid]) for cid in order]


def _found(key, value, marks):
    """A Found over several sentences of one clause: marks are (sentence, match)."""
    (first, m), rest = marks[0], marks[1:]
    extra = [(s, [x.span()]) for s, x in rest]
    return Found(key, value, first, [m.span()], extra)


def _search(pattern, sents):
    for s in sents:
        m = pattern.search(s.text)
        if m:
            return s, m
    return None


# -- waiting ------------------------------------------------------------------------------------
def waiting(sentences, problems):
    for cid, sents in _clauses_with(sentences, re.compile("等待期")):
        fixed = _search(FIXED, sents) or _search(ANY_WAIT, sents)
        if not fixed:
            continue
        value, marks = {}, [fixed]
        days = AS_DAYS.search(fixed[0].text, fixed[1].end())
        who = _search(OUTSIDE, [fixed[0]]), _search(LAPSED, [fixed[0]])
        value["applies_to"] = [name for name, hit in zip(("outside_window", "lapsed"), who) if hit]
        if not value["applies_to"]:
            problems.append(f"{cid}: 写了待遇等待期，但没读出对哪些人设置，没有采用")
            return []
        value["fixed"] = period_of(days) if days else _period(fixed[1])
        if days:
            marks.append((fixed[0], days))
        for key, pattern in (("per_lapse_year", PER_LAPSE), ("repair_per_year", REPAIR)):
            hit = _search(pattern, sents)
            if hit and _period(hit[1]) and hit[1].group("y") in ("1", "一"):
                value[key] = _period(hit[1])
                marks.append(hit)
        floor = _search(FLOOR, sents)
        if floor:
            value["floor_after_lapse"] = {"lapse_years": to_number(floor[1].group("y")),
                                          "months": to_number(floor[1].group("n"))}
            marks.append(floor)
        if ("per_lapse_year" in value or "repair_per_year" in value) and "months" not in value["fixed"]:
            problems.append(f"{cid}: 可变等待期按月，固定等待期却不是按月，没有采用")
            return []
        return [_found("waiting", value, marks)]
    return []


def late(sentences, has_fiscal_subsidy, problems):
    hit = _search(LATE, sentences)
    if not hit:
        return []
    if not has_fiscal_subsidy:
        problems.append(f"{hit[0].clause}: 期外缴费按“个人缴费标准加财政补助标准”，但没有找到财政补助标准的金额")
        return []
    return [_found("late", {"add_fiscal_subsidy": True}, [hit])]


# -- situations ----------------------------------------------------------------------------------
LIMIT_BIRTH = re.compile(rf"出生(?:之日起|后)?{S}(?P<n>{NUM}){S}(?P<unit>个月|天|日){S}(?:之?内|以内)")
# 自 / 从 / bare (出生之日起发生的费用) for the day cover starts from: the wording varies, the day does not
FROM = r"(?:自|从)"
FROM_BIRTH = re.compile(rf"{FROM}?出生之日起(?!{S}{NUM}{S}(?:个月|天|日))")
FROM_REGISTRATION = re.compile(r"参保(?:缴费)?后(?:方可|即可|才能|可以|才可|就可|可)?享受|" + FROM + r"(?:参保)?登记之日起")
AFTER_REFUSED = re.compile(r"逾期不予|不予办理|不予受理|不再办理|不再受理")
AFTER_REGISTRATION = re.compile(r"(?:未在规定时间内|逾期|超过)[^。；]*?" + FROM + r"(?:参保)?(?:登记|缴费)之日起享受")
MISSED_WINDOW = re.compile(r"错过集中[\u4e00-\u9fff]{0,6}期")
BORN_FROM = re.compile(DATE.pattern + r"\s*(?:以后|后|起|及以后)出生的新生儿")
PARENT_FREE = re.compile(r"(?:父或母|父母一方|父母任一方)[^。；]*?(?:" + NO_PAY + r"|免缴|免费)")
PAY_BY = re.compile(r"出生的[^。；]*?(?:必须|须|应)在\s*" + DATE.pattern + r"\s*(?:前|之前|以前)" + PAYING)
SPECIAL_CASE = re.compile(r"特殊情形|特殊群体")
# 2024年10月1日至12月31日出生的新生儿… in a notice for 2025: a rule for babies born before the year,
# not every newborn's (a span in the year itself, 2026年3月1日至12月31日出生的, is the year's rule)
BORN_IN_SPAN = re.compile(DATE.pattern + r"\s*(?:至|到|—+|–|-|～|~)\s*" + DATE.pattern.replace("?P<", "?P<b_")
                          + r"\s*(?:期间|之间)?(?:内)?出生的")
# 出生后6至12个月参保的… / 超过12个月的…: a second band after the limit, each with its own rule — the
# data holds one limit and one rule after it, so such a notice is reported, never squeezed into one
BIRTH_BAND = re.compile(rf"(?:出生(?:之日起|后)?{S}{NUM}{S}(?:个月|天|日)?{S}[至到\-－~～]{S}{NUM}{S}(?:个月|天|日)"
                        rf"|(?:出生|超过|满){S}(?P<n>{NUM}){S}(?:个月|天|日){S}(?:以上|后|的)?[^。；]{{0,4}}参保)")


def _date(match):
    y, m, d, _ = date_parts(match)
    return make_date(y, m, d) if d else None


def _exempt(words, cid, clauses_by_id):
    """The notice sets its waiting period 除新生儿…外, or lists the situation under a clause
    that makes its 特殊情形 an exception to the waiting period."""
    exception = re.compile(r"除[^。；]{0,20}(?:" + words + r")[^。；]{0,20}外[^。；]*等待期")
    if any(exception.search(c["text"]) for c in clauses_by_id.values()):
        return True
    parent = clauses_by_id.get(cid.rsplit(".", 1)[0]) if "." in cid else None
    text = (parent or {}).get("text", "")
    return bool(SPECIAL_CASE.search(text) and "等待期" in text)


def newborn(sentences, clauses_by_id, problems, year=None):
    for cid, sents in _clauses_with(sentences, re.compile("新生儿")):
        limit = _search(LIMIT_BIRTH, sents)
        within_hit = _search(FROM_BIRTH, [limit[0]] if limit else sents)
        registration = _search(FROM_REGISTRATION, [limit[0]] if limit else [])
        if not limit and not within_hit:
            continue
        span = _search(BORN_IN_SPAN, sents)
        span_year = span and date_parts(span[1])[0]
        if span_year and year and span_year < year:
            problems.append(f"{cid}: 新生儿参保的规定只适用于某段时间出生的（{span[1].group(0)}），"
                            "本站的数据写的是所有新生儿的办法，没有采用")
            return []
        value, marks = {}, []
        if limit and MISSED_WINDOW.search(limit[0].text):
            value["only_outside_window"] = True
        born = _search(BORN_FROM, sents)
        if born and _date(born[1]):
            value["born_on_or_after"] = _date(born[1])
            marks.append(born)
        if limit:
            value["limit"] = _period(limit[1])
            marks.insert(0, limit)
            within = within_hit or registration
            if not within:
                problems.append(f"{cid}: 新生儿参保期限内从何时享受待遇没有读出，没有采用")
                return []
            value["within"] = {"cover_from": "birth" if within is within_hit else "registration"}
            marks.append(within)
            bands = [m for sent in sents for m in BIRTH_BAND.finditer(sent.text)
                     if sent is not limit[0] or m.end() <= limit[1].start() or m.start() >= limit[1].end()]
            if bands:
                problems.append(f"{cid}: 新生儿参保按出生后的时长分了几段（{bands[0].group(0)}），"
                                "本站的数据只能写一个期限和期限后的一种办法，没有采用")
                return []
            refused, later = _search(AFTER_REFUSED, sents), _search(AFTER_REGISTRATION, sents)
            value["after"] = "refused" if refused else ({"cover_from": "registration"} if later else "general")
            marks += [hit for hit in (refused or later,) if hit]
        else:
            marks.append(within_hit)
        parent = _search(PARENT_FREE, sents)
        if parent:
            value["parent_insured_free"] = True
            marks.append(parent)
        pay_by = _search(PAY_BY, sents)
        if pay_by and _date(pay_by[1]):
            value["born_earlier_pay_by"] = _date(pay_by[1])
            marks.append(pay_by)
        if _exempt("新生儿", cid, clauses_by_id):
            value["waiting_exempt"] = True
        if "limit" not in value:
            problems.append(f"{cid}: 新生儿自出生之日起享受待遇，但没有读出办理期限，没有采用")
            return []
        return [_found("situations.newborn", value, marks)]
    return []


EMPLOYEE = re.compile(r"职工医保[^。；]{0,10}(?:断保|中断|终止)|劳动关系终止")
EMPLOYEE_LIMIT = re.compile(rf"(?:断保|中断|断缴){S}(?P<n>{NUM}){S}(?P<unit>个月|天|日){S}(?:之?内|以内)")
FROM_LAPSE = re.compile(FROM + r"[^。；]{0,10}(?:断保|中断|终止)之日起")
WELFARE = re.compile(r"儿童福利机构")
FROM_ENTRY = re.compile(FROM + r"进入儿童福利机构之日起")
INSTITUTION_PAYS = re.compile(r"(?:时间|期)以?外[^。；]*?由(?P<p>[\u4e00-\u9fff]{2,12}?)全额资助")
RELEASED = re.compile(r"刑满释放|退役军人|社区矫正|征兵")
FROM_PAYMENT = re.compile(FROM + r"(?:参保)?(?:缴费|缴纳)之日起享受")


def others(sentences, clauses_by_id):
    out = []
    for cid, sents in _clauses_with(sentences, EMPLOYEE):
        limit, since = _search(EMPLOYEE_LIMIT, sents), _search(FROM_LAPSE, sents)
        if limit and since:
            value = {"limit": _period(limit[1]), "within": {"cover_from": "since"}, "after": "general"}
            if _exempt("职工医保", cid, clauses_by_id):
                value["waiting_exempt"] = True
            out.append(_found("situations.employee_lapse", value, [limit, since]))
            break
    for cid, sents in _clauses_with(sentences, WELFARE):
        entry = _search(FROM_ENTRY, sents)
        if entry:
            value, marks = {"cover_from": "since"}, [entry]
            pays = _search(INSTITUTION_PAYS, sents)
            if pays:
                value["outside_window"] = {"personal": 0, "payer": pays[1].group("p")}
                marks.append(pays)
            if _exempt("儿童福利机构", cid, clauses_by_id):
                value["waiting_exempt"] = True
            out.append(_found("situations.welfare_child", value, marks))
            break
    for cid, sents in _clauses_with(sentences, RELEASED):
        paid = _search(FROM_PAYMENT, sents)
        if paid:
            value = {"cover_from": "payment"}
            if _exempt("刑满释放|退役军人", cid, clauses_by_id):
                value["waiting_exempt"] = True
            out.append(_found("situations.released", value, [paid]))
            break
    return out
