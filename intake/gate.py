"""The consistency gate: a figure that does not agree with the rest of the notice is not proposed.

Each check takes a proposal (intake/reader.py's dict) and returns it unchanged, or with
`status: inconsistent` and the reason — the figure then goes into the review report as *found
but inconsistent*, with its sentence, and never into the draft. The checks (issue 20):
- a group's subsidy and personal part add up to the standard or tier they name;
- a percentage matches its base (and the amount printed beside it);
- a subsidy never exceeds the standard;
- a window ends after it starts and lies in the years the notice talks about (the enrolment
  year and the autumn before);
- a cover period is in the enrolment year;
- a group named in a negation or exclusion is never given a subsidy (reader.py never proposes
  one; `check_found` below drops one that an older rule proposed);
- an amount said of part of a group (低保边缘家庭老年人, 60周岁以上的…, 低保对象中的…, 低保一二类,
  …前认定的…), of people in two groups at once (同时属于…), or of a group whose members get
  different help (其中60周岁以上的…) is not the group's;
- an amount or share that is a limit or an approximation (不低于, 不超过, 以上, 约, 左右), last
  year's or the figure before a change (上年为, 由380元提高到400元), or a change (提高30元, 新增,
  多资助) is never proposed as the figure (a fiscal subsidy 不低于/以上 is proposed as a minimum);
- a standard said of one age group or one help group (60周岁以上…, 低保对象个人缴费标准…), or a
  single standard in a notice of two tiers, is not the residents' standard; a students' window is
  not the residents' (figures.py: a cover start is not proposed when some payers in the window are
  covered from the day they pay; a waiting period's groups are gathered from every sentence of the
  same length, and a bound or a second length leaves it unproposed).
"""

import datetime as _dt
import re


def _fail(p, reason):
    return {**p, "status": "inconsistent", "reason": reason}


def _base(value, basis):
    tier = value.get("basis_tier")
    if "tiers" in basis:
        return basis["tiers"].get(tier) if tier else None
    return basis.get("standard")


def check_group(p, basis):
    v = p["value"]
    base = _base(v, basis)
    subsidy, percent, personal = v.get("subsidy"), v.get("percent"), v.get("personal_stated")
    if base is None and "tiers" in basis:
        tiers = set(basis["tiers"].values())
        # with tiers and no tier named, an amount must fit every tier to be read
        if subsidy is not None and personal is not None and subsidy + personal not in tiers:
            return _fail(p, f"资助 {subsidy} 元加个人 {personal} 元不等于任何一个档次（{sorted(tiers)}）")
        return p
    if base is None:
        return p
    if v.get("full"):
        if subsidy is not None and subsidy != base:
            return _fail(p, f"全额资助却写了 {subsidy} 元，缴费标准是 {base} 元")
        if personal not in (None, 0):
            return _fail(p, f"全额资助却写了个人缴费 {personal} 元")
        return p
    if subsidy is not None and subsidy > base:
        return _fail(p, f"资助 {subsidy} 元高于缴费标准 {base} 元")
    if percent is not None:
        if subsidy is None and (base * percent) % 100 == 0:
            return p
        if subsidy is not None and base * percent != subsidy * 100:
            return _fail(p, f"资助 {percent}% 与金额 {subsidy} 元对不上（标准 {base} 元）")
    if subsidy is not None and personal is not None and subsidy + personal != base:
        return _fail(p, f"资助 {subsidy} 元加个人 {personal} 元不等于缴费标准 {base} 元")
    if subsidy is None and personal is not None and personal > base:
        return _fail(p, f"个人缴费 {personal} 元高于缴费标准 {base} 元")
    return p


def check_range(p, year):
    start, end = p["value"].get("start"), p["value"].get("end")
    what = "待遇享受期" if p["key"] == "cover" else "集中征缴期"
    if not isinstance(end, _dt.date):
        if p["key"] == "collection" and isinstance(start, _dt.date) and year and year - 1 <= start.year <= year:
            return p  # 从2023年9月1日开始: the clerk fills the end the text does not print
        return _fail(p, f"{what}没有读出结束日期")
    if isinstance(start, _dt.date) and end <= start:
        return _fail(p, f"{what} {start}–{end} 结束不晚于开始")
    if year is None:
        return p
    if p["key"] == "cover":
        if isinstance(start, _dt.date) and start.year != year or end.year != year:
            return _fail(p, f"{what} {start}–{end} 不在参保年度 {year}")
        return p
    if not ((start is None or year - 1 <= start.year <= year) and year - 1 <= end.year <= year):
        return _fail(p, f"{what} {start}–{end} 不在 {year - 1}–{year} 年")
    if end > _dt.date(year, 6, 30) or (start is not None and start < _dt.date(year - 1, 7, 1)):
        # the year's collection runs in the autumn before and its first months at most; a window
        # ending in the second half of the year is another one (the next year's, a mid-year one)
        return _fail(p, f"{what} {start}–{end} 不在 {year - 1} 年下半年到 {year} 年上半年之间")
    return p




def narrowed_reason(words):
    """Why an amount said of part of a group (低保边缘家庭老年人) is not proposed for the group."""
    return f"说的是“{words}”，只是这个群体中的一部分人，金额不能用于整个群体"


SECOND_WINDOW = re.compile(r"补充|补缴|延长|延期")
NOT_ROLES = {  # roles an amount proposed under a key must not have in the sentence reader's reading
    "standard": {"increase", "part", "other", "total", "fiscal_subsidy", "subsidy", "late", "student", "tier",
                 "previous"},
    "fiscal_subsidy": {"increase", "part", "other", "total", "standard", "personal", "student", "late", "previous"},
    "tiers.high": {"increase", "part", "other", "total", "student", "fiscal_subsidy", "previous"},
    "tiers.low": {"increase", "part", "other", "total", "student", "fiscal_subsidy", "previous"},
}
ROLE_NAMES = {"increase": "增加的金额", "part": "其中一部分", "other": "别的险种的金额", "total": "合计",
              "fiscal_subsidy": "财政补助", "subsidy": "资助", "late": "期外缴费", "student": "学生的标准",
              "tier": "档次", "standard": "个人缴费标准", "personal": "个人缴纳部分", "tiers": "档次",
              "previous": "上一年度（或调整前）的金额"}


LIMIT_REASON = "写的是一个下限、上限或约数（不低于/不超过/以上/约/左右…），不是确定的金额"
AGED = re.compile(r"[0-9０-９一二三四五六七八九十]+\s*周?岁")
INCLUDED = re.compile(r"[（(](?:含|包括)[^）)]*[）)]")


def for_some(before):
    """The words before an amount, in its ；-unit, name one age group only (60周岁以上老年人个人
    缴费300元), not everyone (城乡居民（含学生、老年人）: a list of who is included)."""
    from .reader import subgroup

    unit = INCLUDED.sub("", re.split(r"[；;。]", before)[-1])
    return subgroup(unit) or bool(AGED.search(unit))


def for_students(before):
    """The words before a date range, in its ；-unit, name students or children (在校学生集中缴费期为…)."""
    from .mentions import STUDENT

    return bool(STUDENT.search(INCLUDED.sub("", re.split(r"[；;。]", before)[-1])))


# the residents' own scheme named in words (城乡居民医保, 居民基本医疗保险, 城乡医保)
RESIDENTS_SCHEME = re.compile(r"城乡居民|居民(?:基本)?医(?:疗保险|保)|城乡(?:基本)?医(?:疗保险|保)")
# 参加城乡居民医保的人员同步参加长期护理保险, 不含长护险: another scheme named as what people join
# or what is left out is not the subject of what follows
JOINED_OR_LEFT_OUT = re.compile(r"(?:参加|参保|已|不含|含|除|包括|和|与|及|、)\s*$")
# 长期护理保险个人缴费标准, 大额补充医疗保险费的集中缴费期, 大病保险筹资标准: the scheme's own money or
# collection follows its name (not 没有职工基本医疗保险的离休干部遗孀, a group named by the scheme it lacks)
ITS_MONEY = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:费|个人|缴费|缴纳|标准|筹资|集中|征缴|征收)")


def for_other_scheme(before):
    """The words before a date range or an amount, in its ；-unit, make another scheme its subject
    (长期护理保险个人缴费标准为每人每年30元，集中缴费期为…; 大病保险…; 职工医保…): the last scheme
    named before it is not the residents' medical insurance, and its fee, standard or collection
    follows its name. A scheme people join alongside, or one left out (不含长护险), is not the
    subject, nor is one that only names a group (没有职工医保的…)."""
    from .mentions import OTHER_SCHEME

    unit = re.split(r"[；;。]", before)[-1]
    last = None
    for m in OTHER_SCHEME.finditer(unit):
        last = m
    if last is None or RESIDENTS_SCHEME.search(unit, last.end()):
        return False
    return not JOINED_OR_LEFT_OUT.search(unit[:last.start()]) and bool(ITS_MONEY.match(unit, last.end()))


# 同时属于低保对象和重度残疾人的: what a person in two groups gets, not what each group gets
BOTH = re.compile(r"同时(?:属于|具有|符合|是|为|享受)|兼具|兼有|多重身份|多种身份|双重身份")
BOTH_REASON = "说的是同时属于几类的人，不是其中某一类人的资助"
# 其中60周岁以上的全额资助, 其中成年人300元: the group's members split, each part its own help
BY_PART = re.compile(r"其中[^，,。；;]{0,12}?(?:成年|未成年|老年|老人|儿童|学生|周岁|岁以上|岁以下|[一二三四]类|[一二三四]级)")
PARTS_REASON = "这一句给群体中的不同人（年龄、类别…）写了不同的资助，不能用一个数给整个群体"


def _read_otherwise(f, year):
    """The sentence reader gives the group other amounts than the rule did (特困人员、低保对象分别
    按400元、300元资助: a rule that takes the last amount for each group)."""
    from .reader import read_selection

    fields = ("subsidy", "personal_stated", "percent")
    mine = {k: f.value[k] for k in fields if k in f.value}
    for p in read_selection(f.sentence.text, f.clause, year):
        if p["key"] == f.key and p["status"] == "proposed":
            theirs = {k: p["value"][k] for k in fields if k in p["value"]}
            if any(k in mine and mine[k] != v for k, v in theirs.items()):
                return True
    return False


def check_found(found, year):
    """Runs the sentence reader over the sentence of every figure the rules proposed and keeps a
    figure only when the reader does not contradict it: (kept Found list, [(Found, reason)]).

    The rules (find_money, find_dates, find_rules) read the patterns of the five seed notices;
    the reader sees negations, exclusions and roles they do not. A group proposed from a sentence
    that denies help, or names the group only in an exclusion, is dropped."""
    from .mentions import FLOORS, read, says_no_help
    from .reader import subgroup

    kept, dropped = [], []
    for f in found:
        reason = None
        if f.key.startswith("groups.") and not f.value.get("folded_into") and "unknown" not in f.value:
            ms = read(f.sentence.text, year)
            gid = f.key.split(".", 1)[1]
            named = [m for m in ms if m.kind == "group" and m.value == gid]
            if named and all(m.negated for m in named):
                reason = "这个群体只出现在排除的说法里（不属于/除…外/不含）"
            elif named and any(m.narrowed for m in named):
                reason = narrowed_reason(next(m.narrowed for m in named if m.narrowed))
            elif any(m.kind == "amount" and m.qualifier and any(a <= m.start < b for a, b in f.spans) for m in ms):
                reason = LIMIT_REASON
            elif BOTH.search(f.sentence.text):
                reason = BOTH_REASON
            elif BY_PART.search(f.sentence.text):
                reason = PARTS_REASON
            elif any(m.kind == "percent" and (m.role or m.qualifier) and any(a <= m.start < b for a, b in f.spans)
                     for m in ms):
                reason = "这个比例是增加的、上年的，或是一个下限/上限，不是资助比例"
            elif _read_otherwise(f, year):
                reason = "逐句重读得出的金额和这条规则读出的不一样（如“分别…”的对应关系），没有采用"
            elif says_no_help(ms) and not f.value.get("full") and gid != "ordinary":
                reason = "这一句说的是不享受资助"
            elif says_no_help(ms) and gid == "ordinary" and f.value.get("subsidy"):
                reason = "这一句说的是不享受资助，金额是个人缴的"
            elif f.value.get("subsidy") and not f.value.get("full") and "personal_stated" not in f.value:
                # the amount the rules took for the help must read as help in the sentence: 个人缴费230元
                # is what the group pays, and a bare amount is unclear — two readings, no proposal
                at = [m for m in ms if m.kind == "amount" and m.value == f.value["subsidy"]
                      and any(a <= m.start < b for a, b in f.spans)]
                def helped_after(m):  # 个人缴费按280元的标准由医疗救助基金定额资助: the help named after it
                    return re.search(r"资助|补助|补贴|代缴|救助|减免", re.split(r"[，,。；;]", f.sentence.text[m.end:])[0])
                if at and all(m.role != "subsidy" and not helped_after(m) for m in at):
                    role = at[0].role
                    reason = (f"这个金额在句中是{ROLE_NAMES[role]}，不是资助" if role in ROLE_NAMES
                              else "句中看不出这个金额是资助还是个人缴的")
        if f.key in NOT_ROLES:
            ms = read(f.sentence.text, year)
            at = [m for m in ms if m.kind == "amount" and any(a <= m.start < b for a, b in f.spans)]
            if at and at[0].role in NOT_ROLES[f.key]:
                reason = f"这个金额在句中是{ROLE_NAMES[at[0].role]}，不是{ROLE_NAMES.get(f.key.split('.')[0], f.key)}"
            elif at and at[0].qualifier and (f.key != "fiscal_subsidy" or at[0].qualifier not in FLOORS
                                             or not f.value.get("minimum")):
                reason = LIMIT_REASON  # (a fiscal subsidy 不低于/以上 is proposed as a minimum, marked so)
            elif at and f.key != "fiscal_subsidy" and for_some(f.sentence.text[:at[0].start]):
                reason = "说的是某一类人（老年人、学生、某个年龄段…）的缴费标准，不是所有居民的"
            elif at and f.key != "fiscal_subsidy" and any(
                    m.kind == "group" and not m.negated and m.value != "ordinary" and m.end <= at[0].start
                    and not re.search(r"[；;。]", f.sentence.text[m.end:at[0].start]) for m in ms):
                reason = "说的是某个资助群体自己缴的金额，不是缴费标准"  # 低保对象个人缴费标准为100元
            elif at and f.key == "fiscal_subsidy" and subgroup(f.sentence.text[:at[0].start]):
                reason = "说的是某一类人（老年人、学生…）的财政补助"
        if f.key == "collection" and for_students(f.sentence.text[:f.spans[0][0]]):
            reason = "这是学生（或某一类人）的缴费期，不是居民的集中征缴期"
        if f.key == "collection" and SECOND_WINDOW.search(f.sentence.text[:f.spans[0][0]].rsplit("，", 1)[-1]):
            reason = "这是补充参保（期外）的缴费期，不是集中征缴期"
        if f.key in ("collection", "cover") and year:
            p = check_range({"key": f.key, "value": f.value}, year)
            if p.get("status") == "inconsistent":
                reason = p["reason"]
        if reason:
            dropped.append((f, reason))
        else:
            kept.append(f)
    return kept, dropped
