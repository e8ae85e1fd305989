"""One reading of a sentence: its mentions, each with its character span, and each amount's role.

A mention is something a figure can be made of — an amount, a percentage, a date or a range of
dates, a duration, a resident group, a tier, a year — or something that changes what the others
mean: a negation (不享受 / 不属于 / 除…外 / 不含 / 不包括) or a qualifier (不低于 / 不高于).
Spans are offsets in the sentence as printed, so a proposal can point at the words it came from.

An amount's role comes from the words before it in its phrase (and, failing that, the sentence):
personal (个人缴费/缴纳), subsidy (资助/补助/补贴/代缴 for a group), fiscal_subsidy (财政补助),
standard (个人缴费标准 with no group), tier (一档/二档/高档/低档), student (学生/儿童 rate), late
(期外/逾期). Where the words point two ways, or nowhere, the role is None: nothing is proposed
from an amount whose role is not clear.
"""

import datetime as _dt
import re
from dataclasses import dataclass

from .find_money import SPLIT_AFTER, SUPERSEDED
from .gate import for_other_scheme
from .pay_words import COLLECTING, PAYING, PAYS, STILL
from .group_words import GROUP_OF
from .group_words import narrowed
from .group_words import terms as group_terms
from .numbers import AMOUNT, DATE, PERCENT, PERIOD, amount_of, date_parts, make_date, month_end, \
    percent_of, period_of, to_number

S = r"\s*"
NEGATION = re.compile(r"不享受[\u4e00-\u9fff]{0,6}|不属于[^，,。；;]*|除[^，,。；;]{1,40}?(?:外|以外)|不含[^，,。；;）)]*"
                      r"|[^，,。；;（(]{1,30}除外|[^，,。；;（(]{1,30}?(?:以外|之外)的|(?<![\u4e00-\u9fff])非(?=[\u4e00-\u9fff]{2,12}的)[^，,。；;的]{2,12}"
                      r"|不包括[^，,。；;）)]*|不再享受[\u4e00-\u9fff]{0,6}|不予(?:资助|补助|补贴)")
QUALIFIER = re.compile(r"不低于|不少于|最低|至少|不高于|不超过|最高|以上|以下")
# 不低于每人每年700元: a limit printed right before the amount (not 按国家最低标准400元执行)
LIMIT_BEFORE = re.compile(r"(不低于|不少于|最低|至少|不高于|不超过|最高|大约|约|近|超过|逾)\s*(?:为|是)?\s*(?:每人每年|每人|每年)?\s*$")
# 700元以上, 400元左右: a limit or an approximation printed right after the amount
LIMIT_AFTER = re.compile(r"\s*(?:/\s*人)?(?:\s*[·・/]\s*年)?\s*(及以上|以上|及以下|以下|左右|上下|多)")
FLOORS = ("不低于", "不少于", "最低", "至少", "以上", "及以上")
TIER = re.compile(r"(?:第)?(?P<w>[一二三1-3高低])档(?:次)?")
YEAR = re.compile(r"(?<![0-9０-９])(?P<y>[0-9０-９]{4})\s*年(?:度)?")
# 自即日起至…, 截至…, 9月至12月: ranges the generic DATE–DATE reading does not cover
# (即日起—12月31日: a dash for 至)
FROM_TODAY = re.compile(r"自?即日起\s*(?:至|到|—+|–|-|～|~)")
# (从9月1日持续到12月31日: 持续 / 延续 / 一直 before 到)
RANGE_SEP = re.compile(r"\s*(?:起\s*[，,]?\s*)?(?:一直)?(?:持续|延续)?(?:至|到|—+|–|-|～|~)\s*(?:次年|翌年)?\s*")
# 截止时间：…, 最后期限为…: the last day named before it
END_BEFORE = re.compile(r"(?:到|至|截至|截止到?|于|在|(?:截止|最后|" + COLLECTING + r")(?:日期|时间|期限|一天|1天)?\s*(?:是|为|[：:]))\s*$")
# 12月31日是集中缴费的最后一天: the day said to be the last
LAST_DAY_AFTER = re.compile(r"\s*(?:是|为)[\u4e00-\u9fff]{0,10}?最后(?:一天|1天)")
# …24时截止, 到12月31日就结束了: the hour of the last day and 就 may stand between the day and its end
END_HOUR = r"^\s*(?:24\s*[时点]|二十四时)?\s*(?:就|即)?\s*"
END_AFTER = re.compile(END_HOUR + r"(?:截止|为止|止|结束|前|之前)")
END_WORD_AFTER = re.compile(END_HOUR + r"(?:截止|为止|结束)")  # a day that says it ends something, with no 于 before it
# 3-4级残疾, 一二级重度残疾, 特困、重残、特扶和优扶: abbreviations real notices print
ABBREVIATIONS = (
    (re.compile(r"(?:一二级|一、二级|1-2级|1—2级|1～2级|一至二级|1至2级)(?:重度)?残疾(?:人员|人)?|重残"), "severe_disability"),
    (re.compile(r"(?:三四级|三、四级|3-4级|3—4级|3～4级|三至四级|3至4级)(?:残疾)?(?:人员|人)?"
                r"|(?:三级|四级)(?:中度|轻度)?残疾(?:人员|人)?"), "general_disability"),
    (re.compile(r"特扶(?:对象|人员)?"), "family_planning_special"),
    (re.compile(r"(?:脱贫不稳定|边缘易致贫|突发严重困难)(?:户|人口|人员)?"), "monitoring"),
    (re.compile(r"(?<!易)返贫致贫(?:残疾人|人员|户|对象)"), "returned_poverty"),
    (re.compile(r"优扶(?:对象|人员)?"), "priority_care"),
    (re.compile(r"特困(?![人供救对])"), "tekun"),
    (re.compile(r"低保(?:家庭)?(?![对户人救边成])"), "dibao"),
)

ROLE_WORDS = (  # (role, words that give it), read nearest-first before the amount
    ("part", re.compile(r"其中|(?:中央|省级|市级|县级|区级|省|市|县|区)(?:财政|级)(?:补助|补贴|承担|负担)?")),
    # 提高30元 is an increase; 提高到400元 / 上调至400元 is the new figure, read by the words before
    # 在上年基础上每人多资助50元: the extra help, not the help
    ("increase", re.compile(r"(?:上调|提高|增加|增长|调增|上涨|提标|新增|增补|上浮|降低|减少|下调|下降|调减|下浮)(?![到至为])"
                            r"|多(?:资助|补助|补贴|缴)")),
    ("fiscal_subsidy", re.compile(r"(?:人均|各级)?财政[^，,。；\d]{0,8}?(?:补助|补贴)(?:标准)?|各级财政|人均财政")),
    ("late", re.compile(r"期外|逾期|期满后|集中[\u4e00-\u9fff]{0,4}期(?:结束)?后")),
    # (个人年缴费400元, 每人要交400元: 年 for 每年, 要 for 需)
    ("personal", re.compile(r"(?:个人|每人)(?:每人)?(?:每年|年)?" + STILL + r"?"
                            r"(?:" + PAYS[3:-1] + r"|承担|自缴|自付|出资)(?!标准)"
                            # 个人部分为400元/人: the person's share named as a part
                            r"|个人(?:缴费)?部分\s*(?:为|是|[：:])")),
    ("subsidy", re.compile(r"资助|代缴|补贴|补助|救助|减免")),
    # 缴费金额为每人400元, 参保费用为每人每年400元: what one pays to be insured, said of no group
    # (居民医保费为每人每年400元: the premium itself, said of no group)
    ("standard", re.compile(r"(?:个人)?缴费标准|个人筹资标准|每人每年" + PAYING + r"|缴费为|(?:个人)?" + PAYING + r"(?:金额|数额)|参保费用"
                            r"|医保费(?:为|是|(?=\s*每人))|医疗保险费(?:为|是|(?=\s*每人))")),
)
AMOUNT_LIST = re.compile(r"(?:\s*(?:/人)?\s*[、和及与]\s*(?:每人)?\s*[0-9０-９]+(?:\.[0-9]+)?\s*元(?:/人)?)+")
AFTER_HELP = re.compile(r"\s*(?:/人)?(?:/年)?(?:的)?(?:标准|定额)?(?:给予|予以|进行)?(?:定额|全额)?(?:资助|补助|补贴|救助)")
PAID_AT = re.compile(r"\s*(?:/人)?(?:/年)?\s*的?\s*(?:个人)?(?:缴费)?标准\s*(?:" + PAYING + r"|参保)")
INCLUDED = re.compile(r"[（(]含[^）)]*[）)]")
OTHER_SCHEME = re.compile(r"长护险|长期护理|护理保险|大病保险|惠民保|职工医保|职工基本医疗|商业(?:健康)?保险|补充医疗|意外险")
# 筹资标准 (no 个人) is what is raised per person, the person's part and the state's together
TOTAL = re.compile(r"共计|合计|总计|合在一起|一共|加起来|筹资总额|总额|(?<!个人)筹资标准|人均筹资")
FORMULA_BASE = re.compile(r"\s*[×xX*＊]")
SHARE_OF = re.compile(r"\s*(?:/人)?(?:/年)?\s*的\s*(?:[0-9０-９]+(?:\.[0-9]+)?\s*[%％]|百分之|[一二三四五六七八九十]+成|一半|半数)")
# the year before's figure: 上年度个人缴费标准为380元, （去年为380元）; 比上年提高 compares, 维持上年 keeps it
PREVIOUS = re.compile(r"(?:^|[（(]|[^比较与同和在按照持续沿])\s*(?:上年度?|上一年度?|去年|往年|原标准|原来)"
                      r"[^，,。；;（(]{0,14}?(?:为|是|：|:)?\s*(?:每人每年|每人|每年)?\s*$")
# a question about last year (上年度…是多少？), whose answer is last year's figure
PAST_ASKED = re.compile(r"上年|上一年|去年|往年|原标准|以前")
FROM = re.compile(r"(?:由|从)\s*(?:每人每年|每人|每年)?\s*$")
CHANGED_TO = re.compile(r"\s*(?:/人)?(?:/年)?\s*(?:提高|上调|增加|调整|调增|增长|提升|降低|下调|减少|增|降|调)(?:到|至|为)")
STUDENT = re.compile(r"学生|儿童|未成年|中小学|婴幼儿|大学生|高校|研究生|大中专|周岁以下")


@dataclass(frozen=True)
class Mention:
    kind: str     # amount|percent|date|range|duration|group|tier|year|negation|qualifier
    start: int
    end: int
    text: str
    value: object = None
    role: str = None       # amounts: the role above, or None when unclear
    negated: bool = False  # groups: named inside a negation or exclusion
    qualifier: str = None  # amounts: 不低于 … printed just before
    narrowed: str = None   # groups: the words naming part of the group (低保边缘家庭老年人), if any


def _phrase_start(text, at):
    """Where the phrase holding offset `at` begins (after the last ，；。 before it)."""
    cut = max(text.rfind(ch, 0, at) for ch in "，,；;。：:")
    return cut + 1


def _role(text, start, end, groups_before, tiers):
    """The role of the amount at `start`: the nearest role word before it in its phrase; a
    standard said of a group is that group's personal part; two different words at the same
    distance make it unclear."""
    phrase = text[_phrase_start(text, start):start]
    if OTHER_SCHEME.search(phrase) or for_other_scheme(text[:start]):
        # 长护险个人缴费标准为30元; 职工大额补充医疗保险费的缴费期为…，每人每年交190元: another scheme's money
        return "other"
    if TOTAL.search(phrase):
        return "total"  # 医保和长护险个人缴费共计495元
    if FORMULA_BASE.match(text, end) or SHARE_OF.match(text, end):
        return "base"  # 400元/人×20%=80元, 380元的50%: the amount a percentage is taken of
    if PREVIOUS.search(phrase) or (FROM.search(phrase) and CHANGED_TO.match(text, end)):
        return "previous"  # 上年度…为380元, （上年为380元）, 由380元提高到400元: the old figure
    unit = text[max(text.rfind(ch, 0, start) for ch in "；;。") + 1:start]
    # （含普通成年人、大中小学生…）: a list of who is included, not a students' rate
    unit = INCLUDED.sub(lambda m: "＿" * len(m.group()), unit)
    unit_tier = any(t.start >= len(text[:start]) - len(unit) and t.start < start for t in tiers)
    if STUDENT.search(unit) and not re.search(r"不含|除", unit) and not unit_tier:
        return "student"  # 18周岁以下未成年人个人仍缴530元，财政补助1150元: the minors' rates
    best = None
    for role, words in ROLE_WORDS:
        for m in words.finditer(phrase):
            # nearest wins; at the same end the longer words (财政补助 over 补助)
            if best is None or m.end() > best[1] or (m.end() == best[1] and m.start() < best[2]):
                best = (role, m.end(), m.start())
    if unit_tier and (best is None or best[0] in ("personal", "standard")) or \
            tiers and any(t.start < start and t.start >= _phrase_start(text, start) for t in tiers):
        # a tier of students' rates (在渝高校大学生…一档350元) is not the residents' tier; a tier
        # that students share (二档和少年儿童) is
        first_tier = min((t.start for t in tiers if t.start < start and t.start >= start - len(unit)), default=start)
        # 一档：成年居民380元，学生儿童350元: the students' amount of a tier is theirs
        return "student" if STUDENT.search(text[start - len(unit):first_tier]) or STUDENT.search(phrase) else "tier"
    if best is None:
        # 分别按400元、300元、200元资助: each amount of a list before the help is help
        listed = AMOUNT_LIST.match(text, end)
        after = AFTER_HELP.match(text, listed.end() if listed else end)
        if after:
            return "subsidy"  # 按每人每年280元的标准给予资助: the help named after the amount
        if PAID_AT.match(text, end):
            # 按照每人每年400元的标准缴纳: the rate paid, named after the amount (a group's, where one is named)
            return "personal" if groups_before else "standard"
        if STUDENT.search(phrase):
            return "student"
        # 人均财政补助标准提高30元，达到每人每年670元: the subject named earlier in the sentence
        earlier = [(m.end(), m.start(), role) for role, words in ROLE_WORDS if role not in ("increase", "part")
                   for m in words.finditer(text, 0, _phrase_start(text, start))]
        if not earlier or not (re.search(r"达到|增至|调整为|为|是", phrase) or len(phrase.strip()) <= 6):
            return None
        asked = text[:start].rsplit("？", 1)[0] if "？" in text[:start] else ""
        if PAST_ASKED.search(asked):
            return "previous"  # 问：上年度个人缴费标准是多少？答：每人每年380元。: last year's figure
        if dict(ROLE_WORDS)["increase"].search(asked):
            return "increase"  # 问：个人缴费标准提高了多少？答：20元。: the change, not the figure
        best = max(earlier, key=lambda x: (x[0], -x[1]))[2:] + (0, 0)
        return best[0] if best[0] != "standard" or not groups_before else "personal"
    role = best[0]
    if role == "standard" and groups_before:
        return "personal"
    if role == "standard" and STUDENT.search(phrase):
        return "student"
    return role


def _split_after(text, end):
    """The next phrase splits the amount into the state's part and others (，其中财政补助…): a
    standard so split is the sum, person's and state's; a fiscal subsidy so split (达到670元，其中
    中央财政补助536元) is still the fiscal subsidy."""
    following = min([i for i in (text.find(ch, end) for ch in "，,；;。") if i >= 0] or [len(text)])
    return text[following:following + 1] in "，," and bool(SPLIT_AFTER.match(text, following + 1))


def _percent_role(text, m):
    """提高10%, （上年为70%）, 由70%提高到80%: a change or last year's share, not the share paid."""
    phrase = text[_phrase_start(text, m.start()):m.start()]
    if PREVIOUS.search(phrase) or (FROM.search(phrase) and CHANGED_TO.match(text, m.end())):
        return "previous"
    rise = dict(ROLE_WORDS)["increase"]
    if any(x.end() == len(phrase.rstrip()) for x in rise.finditer(phrase.rstrip())):
        return "increase"
    return None


def _groups(text, negations):
    """Group names; where two overlap the longer wins (一二级重度残疾人 over 重度残疾人)."""
    found = [(m.start(), m.end(), m.group(), GROUP_OF[m.group()]) for m in group_terms(text)]
    for pattern, gid in ABBREVIATIONS:
        found += [(m.start(), m.end(), m.group(), gid) for m in pattern.finditer(text)]
    taken = []
    for a, b, t, gid in sorted(found, key=lambda x: x[0] - x[1]):
        if not any(x < b and a < y for x, y, _, _ in taken):
            taken.append((a, b, t, gid))
    return [Mention("group", a, b, t, gid, negated=any(x <= a < y for x, y in negations),
                    narrowed=narrowed(text, a, b)) for a, b, t, gid in sorted(taken)]


MONTHS = re.compile(r"(?<![0-9０-９])(?P<a>[0-9]{1,2})\s*[-—–~～]\s*(?P<b>[0-9]{1,2})\s*月(?:份)?")


NUMERIC_DATE = re.compile(r"(?<![0-9])(?P<y>20[0-9]{2})(?:(?P<s>[./\-])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})"
                          r"|(?P<m2>[01][0-9])(?P<d2>[0-3][0-9])(?=日))(?![0-9])日?")


def _numeric_dates(text, taken):
    """2025.9.1, 2025-09-01, 2025/9/1 and 20251017日 (a date glued together), and two of them
    joined by 至/-/— as a range."""
    found = []
    for m in NUMERIC_DATE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        y = int(m.group("y"))
        mo, d = (int(m.group("m")), int(m.group("d"))) if m.group("m") else (int(m.group("m2")), int(m.group("d2")))
        value = make_date(y, mo, d)
        if value:
            found.append(Mention("date", m.start(), m.end(), m.group(), value))
    out, k = [], 0
    while k < len(found):
        a = found[k]
        b = found[k + 1] if k + 1 < len(found) else None
        if b and RANGE_SEP.fullmatch(text[a.end:b.start]) and a.value < b.value:
            out.append(Mention("range", a.start, b.end, text[a.start:b.end],
                               {"start": a.value, "end": b.value, "year_printed": True}))
            k += 2
        else:
            out.append(a)
            k += 1
    return out


def _month_ranges(text, year, taken):
    """每年9-12月份: the months' first and last days (year: the caller's, shifted for a window)."""
    out = []
    for m in MONTHS.finditer(text):
        if year is None or any(a < m.end() and m.start() < b for a, b in taken) \
                or re.search(r"每年\s*$", text[max(0, m.start() - 3):m.start()]):
            continue  # 每年9-12月份 is the usual season, not this collection's dates
        a, b = int(m.group("a")), int(m.group("b"))
        printed = re.search(r"([0-9]{4})\s*年\s*$", text[max(0, m.start() - 6):m.start()])
        y = int(printed.group(1)) if printed else year
        if 1 <= a < b <= 12:
            out.append(Mention("range", m.start(), m.end(), m.group(),
                               {"start": make_date(y, a, 1), "end": month_end(y, b), "year_printed": bool(printed),
                                "days_printed": False}))
    return out


def _dates(text, year):
    """Dates and ranges: 2025年9月1日至12月31日, 9月至12月 (month-only: the months' first and last
    days), 自即日起至2025年12月31日 (start None: the day the notice is published)."""
    out, used = [], set()
    matches = list(DATE.finditer(text))
    for i, first in enumerate(matches):
        if i in used:
            continue
        second = matches[i + 1] if i + 1 < len(matches) else None
        y1, m1, d1, end1 = date_parts(first, year)
        if second is not None and RANGE_SEP.fullmatch(text[first.end():second.start()]):
            between = text[first.end():second.start()]
            y2, m2, d2, end2 = date_parts(second, y1)
            if second.group("y") is None and y1 is not None and ("次年" in between or "翌年" in between
                                                                 or (m1 and m2 and m2 < m1)):
                y2 = y1 + 1
            start = make_date(y1, m1, d1 or 1) if y1 else None
            end = (make_date(y2, m2, d2) if d2 else month_end(y2, m2)) if y2 else None
            out.append(Mention("range", first.start(), second.end(), text[first.start():second.end()],
                               {"start": start, "end": end, "year_printed": bool(first.group("y")),
                                "start_day_printed": bool(d1), "end_day_printed": bool(d2),
                                "end_of_month": end2}))
            used.add(i + 1)
            continue
        if y1 is None:
            value = None
        elif d1:
            value = make_date(y1, m1, d1)
        else:
            value = month_end(y1, m1) if end1 else make_date(y1, m1, 1)
        today = None
        for m in FROM_TODAY.finditer(text, max(0, first.start() - 8), first.start()):
            if m.end() == first.start() or not text[m.end():first.start()].strip():
                today = m
        lead = text[max(0, first.start() - 8):first.start()]
        end_only = (END_BEFORE.search(lead) and (END_AFTER.match(text[first.end():first.end() + 8])
                                                 or re.search(r"(?:截至|截止)[\u4e00-\u9fff]{0,4}\s*$", lead)
                                                 or re.search(r"(?:截止|最后)(?:日期|时间|期限|一天|1天)\s*(?:是|为|[：:])\s*$", lead)
                                                 # 缴费期限：2025年12月31日: the deadline for paying
                                                 or re.search(COLLECTING + r"期限\s*(?:是|为|[：:])\s*$", lead)
                                                 or re.search(r"(?:持续|延续|一直|延长)(?:到|至)\s*$", lead)
                                                 # 缴费期至2025年12月31日: a collection said to run until the day
                                                 or re.search(COLLECTING + r"(?:期|时间)(?:限)?\s*(?:至|到)\s*$", lead))) \
            or (d1 and END_WORD_AFTER.match(text[first.end():first.end() + 8])) \
            or (d1 and LAST_DAY_AFTER.match(text, first.end()))  # 集中缴费12月28日截止
        if end_only and value and not today:
            end = make_date(y1, m1, d1) if d1 else month_end(y1, m1)
            out.append(Mention("range", first.start(), first.end(), first.group(),
                               {"start": None, "end": end, "year_printed": bool(first.group("y"))}))
        elif today and value:
            end = make_date(y1, m1, d1) if d1 else month_end(y1, m1)
            out.append(Mention("range", today.start(), first.end(), text[today.start():first.end()],
                               {"start": None, "end": end, "from_today": True, "year_printed": bool(first.group("y"))}))
        else:
            out.append(Mention("date", first.start(), first.end(), first.group(), value))
    return out


# 在2025年底前完成缴费, 2025年末截止: a year's end as the day a window closes
YEAR_END = re.compile(r"(?P<y>[0-9０-９]{4})\s*年\s*(?:底|末)(?=\s*(?:前|之前|以前|截止|为止|结束))")


def _year_ends(text, taken):
    out = []
    for m in YEAR_END.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            y = to_number(m.group("y"))
            out.append(Mention("range", m.start(), m.end(), m.group(),
                               {"start": None, "end": make_date(y, 12, 31), "year_printed": True}))
    return out


OPENS_AFTER = re.compile(r"\s*起[，,]?[^。；;，,]{0,24}(?:" + COLLECTING[3:-1] + r"|参保)[^。；;，,]{0,8}(?:开始|启动)")
START_AFTER = re.compile(r"^\s*(?:起|开始|启动|已经开始|已开始|正式开始|正式启动)")
WINDOW_START = re.compile(r"(?:" + COLLECTING[3:-1] + r"|参保)[\u4e00-\u9fff]{0,4}(?:从|自|于)\s*$")
DAY_PRINTED = re.compile(r"[0-9０-９一二三四五六七八九十]\s*[日号]|[0-9０-９]{4}[./\-][0-9]{1,2}[./\-][0-9]{1,2}")
END_WORDS = re.compile(r"(?:到|至|截至|截止到?|持续到|一直到|延续到)\s*$")


def _pair(text, dates):
    """从12月30日起进入集中参保期，一直到2025年3月31日 / 9月10日已经开始，一直持续到12月25日: a
    start and an end in two phrases of one sentence make a range."""
    out, skip = [], set()
    for i, a in enumerate(dates):
        if i in skip or a.kind != "date" or not START_AFTER.match(text[a.end:a.end + 6]):
            continue
        for j in range(i + 1, len(dates)):
            b = dates[j]
            end_value = b.value if b.kind == "date" else (b.value or {}).get("end") if b.kind == "range" \
                and (b.value or {}).get("start") is None else None
            # 9月1日起开始缴费，12月31日截止: an end said by the words after it closes the range too
            closes = b.kind == "range" and not (b.value or {}).get("from_today")
            if end_value is None or not (END_WORDS.search(text[max(a.end, b.start - 6):b.start]) or closes):
                continue
            if b.start - a.end > 40 or re.search(r"待遇|享受", text[a.start:b.start]):
                break  # 自2026年1月1日起享受待遇…: a cover's start is not a window's
            start = a.value
            if start and end_value and start > end_value and not re.match(r"[0-9０-９]{4}", a.text):
                start = start.replace(year=end_value.year - 1)  # 12月30日起…到2025年3月31日
            if start and end_value and re.match(r"[0-9０-９]{4}", a.text) and not re.search(r"[0-9０-９]{4}\s*年", b.text):
                # 2025年9月1日起开始缴费，12月31日截止: the end is in the start's year (or the next)
                same = make_date(start.year, end_value.month, end_value.day)
                end_value = same if same and same >= start else make_date(start.year + 1, end_value.month, end_value.day)
            out.append(Mention("range", a.start, b.end, text[a.start:b.end],
                               {"start": start, "end": end_value, "paired": True,
                                "year_printed": bool(re.match(r"[0-9０-９]{4}", a.text)),
                                # 2025年9月起…至12月31日: a month is not its first day
                                "start_day_printed": bool(DAY_PRINTED.search(a.text)),
                                "end_day_printed": bool(DAY_PRINTED.search(b.text)),
                                "end_of_month": bool(re.search(r"[底末]\s*$", b.text))}))
            skip |= {i, j}
            break
        else:
            if i not in skip and a.value and DAY_PRINTED.search(a.text) and (
                    re.match(r"\s*开始", text[a.end:a.end + 3]) and WINDOW_START.search(text[max(0, a.start - 16):a.start])
                    or re.match(r"\s*起", text[a.end:a.end + 2]) and OPENS_AFTER.match(text, a.end)):
                # 集中参保缴费从2023年9月1日开始, 2025年9月1日起，…集中参保缴费开始: a window's start,
                # its end not printed here (a month alone is not its first day)
                out.append(Mention("range", a.start, a.end, a.text, {"start": a.value, "end": None, "opens": True,
                                   "year_printed": bool(re.match(r"[0-9０-９]{4}", a.text))}))
                skip.add(i)
    return [d for k, d in enumerate(dates) if k not in skip] + out


def read(text, year=None):
    """All mentions of one sentence, in order of their start."""
    negations = [m.span() for m in NEGATION.finditer(text)]
    out = [Mention("negation", a, b, text[a:b]) for a, b in negations]
    out += [Mention("qualifier", m.start(), m.end(), m.group()) for m in QUALIFIER.finditer(text)]
    groups = _groups(text, negations)
    out += groups
    tiers = [Mention("tier", m.start(), m.end(), m.group(), {"一": 1, "1": 1, "低": "low", "二": 2, "2": 2,
                                                             "高": "high", "三": 3, "3": 3}[m.group("w")])
             for m in TIER.finditer(text)]
    out += tiers
    dates = _dates(text, year)
    numeric = _numeric_dates(text, [(d.start, d.end) for d in dates])
    # a Chinese date inside a numeric one (2025-10-17 has no 月, so none) cannot overlap it
    dates = _pair(text, sorted(dates + numeric, key=lambda d: d.start))
    dates += _year_ends(text, [(d.start, d.end) for d in dates])
    months = _month_ranges(text, year, [(d.start, d.end) for d in dates if d.kind == "range"])
    dates = [d for d in dates if not any(m.start < d.end and d.start < m.end for m in months)] + months
    out += dates
    in_dates = [(d.start, d.end) for d in dates]
    for m in YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in in_dates) or not re.match(r"\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月",
                                                                           text[m.end():]):
            out.append(Mention("year", m.start(), m.end(), m.group(), to_number(m.group("y"))))
    for m in PERCENT.finditer(text):
        if percent_of(m):
            qual = LIMIT_BEFORE.search(text[max(0, m.start() - 12):m.start()]) or LIMIT_AFTER.match(text, m.end())
            out.append(Mention("percent", m.start(), m.end(), m.group(), percent_of(m), role=_percent_role(text, m),
                               qualifier=qual.group(1) if qual else None))
    for m in AMOUNT.finditer(text):
        value = amount_of(m)
        if value is None:
            continue
        before = text[max(0, m.start() - 12):m.start()]
        qual = LIMIT_BEFORE.search(before) or LIMIT_AFTER.match(text, m.end())
        role = _role(text, m.start(), m.end(), [g for g in groups if g.end <= m.start() and not g.negated], tiers)
        if role == "standard" and _split_after(text, m.end()):
            role = "total"  # 缴费标准为每人1070元，其中财政补助不低于670元: the sum the next phrase splits
        if SUPERSEDED.match(text, m.end()):
            role = "previous"  # 从350元提高到380元: the figure before the change
        out.append(Mention("amount", m.start(), m.end(), m.group(), value, role=role,
                           qualifier=qual.group(1) if qual else None))
    for m in PERIOD.finditer(text):
        if any(a <= m.start() < b for a, b in in_dates) or m.group("unit") == "年":
            continue
        period = period_of(m)
        if period:
            out.append(Mention("duration", m.start(), m.end(), m.group(), period))
    return sorted(out, key=lambda x: (x.start, -x.end))


def negated(mentions, at):
    """True when offset `at` lies inside a negation or exclusion of the sentence."""
    return any(m.kind == "negation" and m.start <= at < m.end for m in mentions)


def says_no_help(mentions):
    """The sentence denies help (不享受资助, 不予资助): none of its amounts is a subsidy."""
    return any(m.kind == "negation" and re.search(r"不享受|不予|不再享受", m.text) for m in mentions)


def valid_date(value):
    return isinstance(value, _dt.date)
