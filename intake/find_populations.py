"""Standards set by population (按人群分别确定个人缴费标准): 北京's 城乡老年人 / 学生儿童 / 劳动年龄内居民,
南通's 老年居民、成年居民 / 18周岁以下未成年人, 济南's 成年居民 / 少年儿童 — read into
`figures.populations` (SCHEMA.md), each amount pointing at the words it came from.

What separates a notice by population from one with a standard and a students' rate beside it
("成年居民一档400元、二档600元；学生、儿童400元", "个人缴费标准400元，其中学生350元"): in a notice by
population every amount a person pays is said of a population, and the populations named cover
every age — the adults (劳动年龄内居民 / 成年居民, with or without the elderly apart) and the children.
A notice that also states a standard said of nobody in particular, or tiers, or an ordinary
residents' amount, sets its standard otherwise, and its student rate stays what it was.

Each population is read from the items that name it (城乡老年人每人每年缴纳430元; 老年居民、成年居民
个人缴费620元，财政补助1140元; 城乡老年人、学生儿童和劳动年龄内居民分别为460元、435元和795元), a
line at a time; a line that only names what follows (个人缴费作了调整： / 财政补助相应提高：) says what
the amounts under it are. An amount is taken only when its role is clear: what the person pays,
the fiscal subsidy, or the total raised; anything else (a group's help, an increase, last year's,
a bound, another scheme's) makes the population unclear. Populations are proposed only when every
population's personal amount is read once, its fiscal subsidy and personal part add up to a total
printed beside them, and no population the notice names falls outside the shared vocabulary
(大中专学生 beside 未成年人); otherwise nothing is proposed and the report lists the sentences.

A notice read as by population whose populations are not proposed, where the amounts paid differ
from one population to another (南通's 620 / 530 / 330 with 大中专学生 apart, 上海's two elderly bands),
has no one standard either: the adults' 620 proposed as `standard` would quote a minor or a
student 620 元, a wrong figure that looks right. Neither a standard nor a fiscal subsidy read from
a population's sentence is proposed then, and help worked out on that standard loses its amount;
the report says who pays what, and why a person enters it.
"""

import re
from dataclasses import dataclass, field

from calculator.vocabulary import GROUPS

from .mentions import INCLUDED, OTHER_SCHEME, read
from .sentences import Found, sentences, units

# the notice's own words for each population (the longest wins where two overlap); ages as printed
AGE = r"[0-9０-９一二三四五六七八九十]+\s*周?岁"
WORDS = (
    ("elderly", r"(?:城乡)?老年(?:居民|人)|(?:年满)?(?:60|六十)\s*周?岁(?:及|以)?以上的?(?:城乡)?(?:老年人|老年居民|居民|人员)?"),
    ("working_age", r"劳动年龄(?:段)?内的?(?:城乡)?居民|劳动年龄(?:人口|居民)|成年(?:城乡)?居民|成年人"
                    r"|(?:18|十八)\s*(?:周?岁)?\s*(?:[-—–~～至到])\s*(?:59|五十九)\s*周?岁的?(?:城乡)?(?:居民|人员)?"
                    r"|(?:年满)?(?:18|十八)\s*周?岁(?:及|以)?以上的?(?:城乡)?(?:居民|人员|成年人)?"),
    ("student_child", r"学生(?:和|、|及|与)?儿童|中小学生(?:和|、|及|与)婴幼儿|少年儿童|未成年(?:居民|人)"
                      r"|(?:不满|未满)(?:18|十八)\s*周?岁的?(?:居民|未成年人|少年儿童|人员)?"
                      r"|(?:18|十八)\s*周?岁以下的?(?:不在校的?)?(?:城乡)?(?:居民|未成年人|少年儿童|人员)?"),
)
# people a notice gives their own amount who are none of the three (大中专学生 beside 未成年人):
# a notice naming them cannot be written as populations
OTHER = r"大学生|大中专[^，,；;。：:]{0,14}?学生|(?:高校|高等院校|中职|技工院校)[^，,；;。：:]{0,8}?学生|研究生"
NAME = re.compile("|".join(f"(?P<{pid}>{words})" for pid, words in WORDS) + f"|(?P<other>{OTHER})")
AGED = re.compile(AGE + r"(?:\s*(?:[-—–~～至到]|以上|以下|及以上|及以下)\s*(?:" + AGE + r")?)?")
# names joined into one list share what follows (老年居民、成年居民个人缴费620元)
JOINED = re.compile(r"\s*(?:、|，|,|和|及|与|以及|或)?\s*")

FISCAL = re.compile(r"财政|政府补助|政府补贴")
PERSONAL = re.compile(r"个人|缴纳|缴费|缴|交纳|自付")
TOTAL = re.compile(r"筹资|合计|共计|总额")
HELP = re.compile(r"(?<!财政)(?<!政府)(?:资助|代缴|减免|免缴|补贴|补助|救助)")  # not 财政补助
# roles the sentence reader gives an amount that is not a population's figure for the year
NOT_THIS = {"increase", "previous", "part", "late", "other", "base"}
RESPECTIVELY = re.compile(r"分别")
ROLE_NAMES = {"personal": "个人缴费", "fiscal": "财政补助", "total": "筹资标准"}


@dataclass
class Item:
    """A population named in a unit with the amounts said of it."""
    pid: str           # population id, or "other"
    name: str          # as printed
    unit: object       # the Sentence (a ；-unit) it is in
    span: tuple        # the name's span in unit.text
    amounts: dict = field(default_factory=dict)  # role -> [(value, span)]
    unclear: list = field(default_factory=list)  # reasons an amount of it has no clear role
    lead: object = None  # the unit above whose words gave an amount its role (财政补助相应提高：)


def _role(words):
    """personal / fiscal / total from the words before an amount, the nearest one winning; None
    when there are none; "help" for a group's help."""
    best = None
    for role, pattern in (("fiscal", FISCAL), ("personal", PERSONAL), ("total", TOTAL), ("help", HELP)):
        for m in pattern.finditer(words):
            if best is None or m.end() > best[1]:
                best = (role, m.end())
    return best and best[0]


def _lead_role(words):
    """What a leading line says the amounts under it are: one role, or None (none, or two)."""
    roles = {r for r, p in (("fiscal", FISCAL), ("personal", PERSONAL), ("total", TOTAL)) if p.search(words)}
    if HELP.search(words):
        return "help"
    return roles.pop() if len(roles) == 1 else None


def _names(text, ms):
    """Population names in the unit, outside negations and not part of a group's name
    (低保对象中的老年人 is part of the 低保对象)."""
    groups = [m for m in ms if m.kind == "group" and m.value != "ordinary"]
    negations = [m for m in ms if m.kind == "negation"]
    out = []
    for m in NAME.finditer(text):
        if any(g.start < m.end() + 8 and m.start() < g.end + 8 for g in groups):
            continue
        if any(n.start <= m.start() < n.end for n in negations) or INCLUDED.search(text[max(0, m.start() - 20):m.end() + 1]) \
                and _inside_brackets(text, m.start()):
            continue  # 城乡居民（含学生、老年人）: who is included, not a population's amount
        pid = next(k for k, v in m.groupdict().items() if v)
        out.append((pid, m.group(), m.start(), m.end()))
    return out


def _inside_brackets(text, at):
    before = text[:at]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


@dataclass
class Reading:
    items: list
    general: list      # (Sentence, why) — the notice states its standard otherwise
    stray: list        # (Sentence, why) — an amount or an age band no population takes
    bands: list = field(default_factory=list)  # (Sentence, at, who, amount): an age band no population takes, and its amount
    order: dict = field(default_factory=dict)  # unit -> its place in the notice


def read_items(clauses, year):
    """Every population item of the notice, in order, and the units that show the notice sets its
    standard otherwise (tiers; an amount paid said of nobody before the populations; ordinary
    residents' amount)."""
    items, general, stray, bands = [], [], [], []
    lead, lead_unit = None, None
    all_units = units(clauses)
    for u in all_units:
        text, back = _row_text(u, all_units) if "\t" in u.text else (u.text, None)
        ms = read(text, year)
        amounts = [m for m in ms if m.kind == "amount"]
        tiers = [m for m in ms if m.kind == "tier"]
        if tiers and amounts:
            general.append((u, "通知按档次缴费"))
        names = _names(text, ms)
        live = [m for m in ms if m.kind == "group" and not m.negated]
        if any(g.value == "ordinary" for g in live) and amounts:
            general.append((u, "通知写了普通居民的缴费金额"))
        loose = []
        if amounts:
            # 70周岁以上人员…700元 beside 60周岁以上: an age band none of the three populations is
            taken = [(a, b) for _, _, a, b in names]
            loose = [m for m in AGED.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
            stray += [(u, f"年龄段“{m.group()}”不是计算器分的人群（老年居民、劳动年龄内居民、学生儿童）之一")
                      for m in loose]
            bands += [band for m in loose for band in _band_amount(u, all_units.index(u), text, m, names, amounts)]
        if not names:
            own = _lead_role(text)
            if own or not loose:  # 60-69周岁人员每人每年870元；in a list under 个人缴费标准调整如下： keeps its lead
                lead, lead_unit = own, u
            if amounts and own == "personal" and not live and \
                    any(m.role in ("standard", "personal") and not m.qualifier for m in amounts):
                general.append((u, "通知写了不分人群的个人缴费标准"))
            continue
        first = names[0][2]
        # (一）城乡老年人…, •  学生儿童…: a line opening with the name keeps the lead above it;
        # 财政补助相应提高：城乡老年人… gives its own
        if _lead_role(text[:first]):
            lead, lead_unit = _lead_role(text[:first]), u
        if any(a.end <= first and a.role in ("standard", "personal") and a.role not in NOT_THIS for a in amounts) \
                and not any(g.end <= first for g in live):
            general.append((u, "人群的金额之前先写了一个不分人群的缴费标准"))
        stray += [(u, f"金额{a.value}元前面没有写是哪个人群的") for a in amounts
                  if a.end <= first and a.role not in NOT_THIS and a.role not in ("standard", "personal")]
        found = _unit_items(u, text, names, amounts, lead, lead_unit)
        if back:  # a table row: the spans put back on the row as printed, its header shown with it
            header = next(x for x in all_units if x.clause == u.clause and "\t" in x.text)
            for it in found:
                it.lead = header
                it.span = back(it.span)
                it.amounts = {role: [(v, back(sp)) for v, sp in xs] for role, xs in it.amounts.items()}
        items += found
    return Reading(items, general, stray, bands, {u: k for k, u in enumerate(all_units)})


def _band_amount(u, k, text, band, names, amounts):
    """An age band no population takes and the amount said of it (70周岁以上人员每人每年700元 →
    (u, at, "70周岁以上人员", 700)), for the report's account of who pays what: the first amount
    after the band and before the next name; none where the band names who a population is
    (70周岁以上的老年人: the population's item says it)."""
    after = [a for _, _, a, _ in names if a >= band.end()] + [len(text)]
    if re.fullmatch(r"的?", text[band.end():min(after)]):
        return []
    if any(b <= band.start() and re.fullmatch(r"(?:及|以)?(?:以上|以下)?(?:不满|未满|至|到|[-—–~～])?", text[b:band.start()])
           for _, _, _, b in names):
        return []  # 18周岁以上不满60周岁人员: the band closes the population's own name
    amount = next((a for a in amounts if band.end() <= a.start < min(after) and a.role not in NOT_THIS
                   and not a.qualifier), None)
    if amount is None:
        return []
    # 60-69周岁: the band's first age is printed without 岁
    start = band.start() - len(re.search(r"(?:[0-9０-９]+\s*[-—–~～至到]\s*)?$", text[:band.start()]).group())
    who = re.match(r"[^，,；;：:每个缴交0-9]{0,6}", text[band.end():]).group()
    return [(u, (k, start), text[start:band.end()] + who, amount.value)]


def _row_text(u, all_units):
    """A table row read as a sentence with its header's words before each cell (人群 | 个人缴费（元）
    | 财政补助（元） over 城乡老年人 | 460 | 4380 → 城乡老年人，个人缴费460元，财政补助4380元。), and how
    to put a span of it back on the row: (text, back)."""
    from .figures import BARE_NUMBER, UNIT_IN_HEADER

    rows = [x for x in all_units if x.clause == u.clause and "\t" in x.text]
    header = rows[0].text.split("\t") if rows and rows[0] is not u else None
    text, where, at = "", [], 0
    for k, cell in enumerate(u.text.split("\t")):
        label = header[k] if header and 0 < k < len(header) and not re.search(r"[0-9０-９]", header[k]) else ""
        unit = UNIT_IN_HEADER.search(label)
        label = label[:unit.start()] + label[unit.end():] if unit else label
        text += ("，" if k else "") + label
        where.append((len(text), at, len(cell)))
        text += cell + ("元" if unit and BARE_NUMBER.fullmatch(cell.strip()) else "")
        at += len(cell) + 1

    def back(span):
        a, b = span
        for start, orig, length in where:
            if start <= a <= start + length:
                return (orig + a - start, orig + min(b, start + length) - start)
        return span

    return text + "。", back


def _unit_items(u, text, names, amounts, lead, lead_unit):
    """The items of one unit: each list of names joined by 、/和 takes the amounts up to the next
    name; a list with 分别 takes one amount each, in order."""
    lists, k = [], 0
    while k < len(names):
        group = [names[k]]
        while k + 1 < len(names) and JOINED.fullmatch(text[group[-1][3]:names[k + 1][2]]):
            k += 1
            group.append(names[k])
        lists.append(group)
        k += 1
    out = []
    for n, group in enumerate(lists):
        end = lists[n + 1][0][2] if n + 1 < len(lists) else len(text)
        start = group[-1][3]
        mine = [a for a in amounts if start <= a.start < end]
        items = [Item(pid, name, u, (a, b)) for pid, name, a, b in group]
        anchor, previous = start, None
        per_role = {}
        for a in mine:
            words = text[anchor:a.start]
            anchor = a.end
            if previous and JOINED.fullmatch(words):
                words = previous  # 分别为460元、435元和795元: a list's amounts share the first one's words
            previous = words
            if a.role in NOT_THIS or _inside_brackets(text, a.start) or OTHER_SCHEME.search(words) \
                    or "含" in words:
                continue  # 比上年提高30元, （上年430元）, 其中含照护保险费30元: not the population's figure
            role = _role(words)
            if role is None and lead:
                role = lead
                for it in items:
                    it.lead = lead_unit
            if role is None or role == "help" or a.qualifier:
                why = (f"金额{a.value}元写的是一个下限或上限" if a.qualifier else
                       f"金额{a.value}元是资助，不是个人缴费或财政补助" if role == "help" else
                       f"看不出金额{a.value}元是个人缴费还是财政补助")
                for it in items:
                    it.unclear.append(why)
                continue
            per_role.setdefault(role, []).append(a)
        for role, found in per_role.items():
            if len(items) > 1 and RESPECTIVELY.search(text, start, end) and len(found) == len(items):
                pairs = zip(items, found)  # 城乡老年人、学生儿童和劳动年龄内居民…分别为460元、435元和795元
            elif len({a.value for a in found}) == 1:
                pairs = [(it, found[0]) for it in items]
            else:
                for it in items:
                    it.unclear.append(f"一处写了几个{ROLE_NAMES[role]}金额（{'、'.join(str(a.value) for a in found)}元）")
                continue
            for it, a in pairs:
                it.amounts.setdefault(role, []).append((a.value, (a.start, a.end)))
        out += items
    return out


@dataclass
class Result:
    found: list          # Found: populations.<id> and populations.<id>.fiscal_subsidy
    notes: list          # (key, Sentence, reason): found but not proposed
    sentences: list      # the units the populations were read from
    paid_by: list = field(default_factory=list)  # refused: (who, amount) as read, where the amounts differ
    outside: bool = False  # refused for a population or an age band the calculator does not have


def populations(clauses, year, found):
    """The populations a notice sets its standard by, as Found, or nothing (with the reasons).
    `found` is what the other readers proposed: a standard or tiers they read from a sentence that
    names no population mean the notice is not by population."""
    named = {next(k for k, v in m.groupdict().items() if v) for c in clauses
             for m in NAME.finditer((c.get("heading") or "") + "\n" + c["text"])}
    if not {"working_age", "student_child"} <= named:
        return Result([], [], [])  # most notices: the adults and the children are not both named
    reading = read_items(clauses, year)
    paid = [it for it in reading.items if it.amounts or it.unclear]
    if not {"working_age", "student_child"} <= {it.pid for it in paid}:
        # the adults and the children are not both given an amount by name: a students' or an
        # elderly rate beside a standard (or nothing by population at all) — left as it is read
        return Result([], [], [])
    units_used = list(dict.fromkeys(it.unit for it in paid))
    by_pid = {}
    for it in paid:
        by_pid.setdefault(it.pid, []).append(it)
    first = paid[0].unit

    paid_by = _paid_by(reading)

    def refuse(reason, where=None, outside=False):
        # amounts that differ by population: the notice has no one standard (see the docstring)
        differ = len({v for _, v in paid_by}) > 1
        return Result([], [("populations", where or first, reason)], units_used + [b[0] for b in reading.bands],
                      paid_by if differ else [], outside and differ)

    base = [f for f in found if f.key == "standard" or f.key.startswith("tiers.")]
    stated_elsewhere = [f for f in base if not _names(f.sentence.text, read(f.sentence.text, year))]
    if stated_elsewhere or reading.general:
        return Result([], [], [])  # a standard, tiers or ordinary residents' amount: the groups' rates are beside it
    if reading.stray:
        u, why = reading.stray[0]
        return refuse(why, u, outside=True)
    personal_of = {}
    for pid, items in by_pid.items():
        values = {v for it in items for v, _ in it.amounts.get("personal", [])}
        if len(values) > 1:
            return refuse(f"{items[0].name}的个人缴费几处写的不一样（{'、'.join(map(str, sorted(values)))}元）", items[0].unit)
        personal_of[pid] = values.pop() if values else None
    if "other" in by_pid and any(it.amounts.get("personal") for it in by_pid["other"]):
        it = next(it for it in by_pid["other"] if it.amounts.get("personal"))
        return refuse(f"通知还给“{it.name}”单列了个人缴费，计算器的人群（老年居民、劳动年龄内居民、学生儿童）里没有这一类", it.unit,
                      outside=True)
    by_pid.pop("other", None)
    for pid, items in by_pid.items():
        unclear = [r for it in items for r in it.unclear]
        if unclear:
            return refuse(f"{items[0].name}：{unclear[0]}", items[0].unit)
    if not any(personal_of.values()):
        return Result([], [], [])  # only fiscal subsidies (or totals) by population: the standard is not among them
    for pid, items in by_pid.items():
        if personal_of[pid] is None:
            return refuse(f"没有读出{items[0].name}的个人缴费", items[0].unit)
    if len(set(personal_of.values())) == 1:
        return refuse("各人群的个人缴费都一样，是一个统一的缴费标准")
    out, notes = [], []
    fiscal_all = True
    fiscal_of = {}
    for pid, items in by_pid.items():
        fiscal = {v for it in items for v, _ in it.amounts.get("fiscal", [])}
        total = {v for it in items for v, _ in it.amounts.get("total", [])}
        if len(fiscal) > 1 or len(total) > 1:
            return refuse(f"{items[0].name}的财政补助或筹资标准几处写的不一样", items[0].unit)
        if total and fiscal and personal_of[pid] + next(iter(fiscal)) != next(iter(total)):
            return refuse(f"{items[0].name}的个人缴费{personal_of[pid]}元加财政补助{next(iter(fiscal))}元"
                          f"不等于筹资标准{next(iter(total))}元", items[0].unit)
        if total and personal_of[pid] >= next(iter(total)):
            return refuse(f"{items[0].name}的个人缴费{personal_of[pid]}元不小于筹资标准{next(iter(total))}元", items[0].unit)
        fiscal_of[pid] = next(iter(fiscal)) if fiscal else None
        fiscal_all = fiscal_all and bool(fiscal)
    for pid in ("elderly", "student_child", "working_age"):
        if pid not in by_pid:
            continue
        items = by_pid[pid]
        it = next(it for it in items if it.amounts.get("personal"))
        value, span = it.amounts["personal"][0]
        out.append(Found(f"populations.{pid}", {"id": pid, "name": it.name, "amount": value}, it.unit, [it.span, span],
                         _lead(it)))
        if fiscal_all:
            fi = next(it for it in items if it.amounts.get("fiscal"))
            value, span = fi.amounts["fiscal"][0]
            out.append(Found(f"populations.{pid}.fiscal_subsidy", {"amount": value}, fi.unit, [fi.span, span], _lead(fi)))
    if not fiscal_all and any(v is not None for v in fiscal_of.values()):
        it = next(it for items in by_pid.values() for it in items if it.amounts.get("fiscal"))
        notes.append(("populations.fiscal_subsidy", it.unit, "只有部分人群写了财政补助，各人群的财政补助没有采用"))
    return Result(out, notes, units_used)


def _paid_by(reading):
    """[(who, amount)]: each personal amount said of a population or an age band, in the order
    printed, names sharing one amount in one place joined (老年居民、成年居民 620); an age band
    before a population's name is shown with it (70周岁以上的老年人)."""
    rows = []
    for it in reading.items:
        band = re.search("(?:" + AGED.pattern + r")的?$", it.unit.text[:it.span[0]])
        who = it.unit.text[band.start():it.span[1]] if band else it.name
        at = (reading.order[it.unit], band.start() if band else it.span[0])
        rows += [(at, who, v) for v, _ in it.amounts.get("personal", [])]
    rows += [(at, who, v) for _, at, who, v in reading.bands]
    out = []
    for at, who, v in sorted(rows, key=lambda r: r[0]):
        if out and out[-1][2] == at[0] and out[-1][1] == v:
            out[-1] = (out[-1][0] + "、" + who, v, at[0])  # 老年居民、成年居民个人缴费620元
        else:
            out.append((who, v, at[0]))
    return [(who, v) for who, v, _ in out]


def _lead(it):
    """The line above that says what the amount is, shown with it where it is in the same clause."""
    return [(it.lead, [])] if it.lead is not None and it.lead is not it.unit and it.lead.clause == it.unit.clause else []


def apply(found, clauses, year, inconsistent, problems):
    """The figures with the populations in place of what the other readers made of the same
    sentences: their standard, the fiscal subsidy read from a population's sentence (or beside
    populations that state their own), and the help they computed on a single standard. Returns
    the new Found list; reasons go to `inconsistent`."""
    result = populations(clauses, year, found)
    inconsistent += result.notes
    if not result.found and not result.paid_by:
        return found
    texts = {(u.clause, u.text) for u in result.sentences}

    def from_populations(s):
        return any(c == s.clause and (t in s.text or s.text in t) for c, t in texts)

    if not result.found:
        return _no_one_standard(found, result, clauses, from_populations, inconsistent, problems)

    own_fiscal = any(f.key.endswith(".fiscal_subsidy") for f in result.found)
    amounts = [f.value["amount"] for f in result.found if f.key.count(".") == 1]
    kept = []
    for f in found:
        if f.key == "standard" or f.key.startswith("tiers.") or f.key == "groups.ordinary":
            continue  # the populations are the standard (ordinary residents are re-read below)
        if f.key == "fiscal_subsidy" and (own_fiscal or from_populations(f.sentence)):
            if not from_populations(f.sentence):
                inconsistent.append(("fiscal_subsidy", f.sentence, "各人群已写明各自的财政补助，这个统一的财政补助没有采用"))
            continue
        if f.key.startswith("groups."):
            f = _on_populations(f, amounts, inconsistent)
            if f is None:
                continue
        kept.append(f)
    # what the other readers found inconsistent in the populations' sentences is read now: a fiscal
    # subsidy written several ways (each population's own), a group's full help with no one standard
    problems[:] = [p for p in problems if not ("缴费标准对不上或标准未知" in p or p.startswith("财政补助标准有不同的写法")
                                               and any(t in p for _, t in texts))]
    inconsistent[:] = [(k, s, r) for k, s, r in inconsistent
                       if not (k in ("standard", "fiscal_subsidy") and from_populations(s))]
    first = result.found[0]
    ordinary = Found("groups.ordinary", {"wording": GROUPS["ordinary"], "subsidy": 0}, first.sentence, first.spans)
    return result.found + [ordinary] + kept


OUTSIDE_THREE = "本工具只能区分老年人、劳动年龄内居民、学生儿童三类"


def _no_one_standard(found, result, clauses, from_populations, inconsistent, problems):
    """A notice by population whose populations are not proposed: no standard, no fiscal subsidy
    read from a population's sentence (either is one population's), and a group's help as a notice
    by population writes it (_on_populations); ordinary residents keep no help. The report says who
    pays what and why a person enters it, on the sentences the populations were read from."""
    said = "；".join(f"{who}{amount}元" for who, amount in result.paid_by)
    why = OUTSIDE_THREE if result.outside else "各人群的缴费没有读清楚（见 populations 一项）"
    amounts = [amount for _, amount in result.paid_by]
    fiscal, kept, notes, standard = False, [], [], None
    for f in found:
        if f.key in ("standard", "default_tier") or f.key.startswith("tiers."):
            standard = standard or f
            continue
        if f.key == "fiscal_subsidy" and from_populations(f.sentence):
            fiscal = True
            continue
        if f.key.startswith("groups.") and f.key != "groups.ordinary":
            f = _on_populations(f, amounts, notes)
            if f is None:
                continue
        kept.append(f)
    if standard and not any(f.key == "groups.ordinary" for f in kept):
        # ordinary residents get no help whatever their population (as beside populations proposed)
        kept.insert(0, Found("groups.ordinary", {"wording": GROUPS["ordinary"], "subsidy": 0}, standard.sentence,
                             standard.spans))
    inconsistent[:] = [(k, s, r) for k, s, r in inconsistent
                       if not (k in ("standard", "fiscal_subsidy") and from_populations(s))]
    problems[:] = [p for p in problems if not (p.startswith(("个人缴费标准有不同的写法", "财政补助标准有不同的写法"))
                                               and any(t in p for _, t in {(u.clause, u.text) for u in result.sentences}))]
    used = [s for s in sentences(clauses) if any(u.clause == s.clause and u.text in s.text for u in result.sentences)]
    lines = [("standard", f"通知按人群分别规定个人缴费（{said}），没有一个统一的缴费标准，这里不提出缴费标准；{why}，请人工录入")]
    if fiscal:
        lines.append(("fiscal_subsidy", "财政补助也按人群分别规定，读到的只是其中一个人群的财政补助，不能当作统一的财政补助标准，请人工录入"))
    for key, reason in lines:
        inconsistent += [(key, s, reason if k == 0 else "同上：按人群规定的缴费") for k, s in enumerate(used)]
    inconsistent += notes
    return kept


def _on_populations(f, amounts, inconsistent):
    """A group's help as a notice by population writes it (SCHEMA.md): the whole standard (full)
    or a percentage of the resident's own population's, with no amount; an amount the notice
    states stays. Help worked out from what a group pays differs by population, and so does a
    share that is not whole yuan on some population's standard: not proposed."""
    # (a note working the help out on a single standard goes with that standard)
    v = {k: x for k, x in f.value.items() if k != "basis_tier" and not (k == "note" and "缴费标准" in str(x))}
    reason = None
    if v.get("full"):
        for k in ("subsidy", "personal_stated", "percent"):
            v.pop(k, None)
    elif "personal_stated" in v:
        reason = "按人群的通知里，只写了个人缴多少的资助因人群而异"
    elif "percent" in v:
        v.pop("subsidy", None)
        if any(a * v["percent"] % 100 for a in amounts):
            reason = f"资助比例{v['percent']}%在某个人群的缴费标准上不是整元"
    elif v.get("subsidy", 0) > max(amounts):
        reason = f"资助{v['subsidy']}元高于各人群的缴费标准"
    if reason:
        inconsistent.append((f.key, f.sentence, reason + "，没有采用"))
        return None
    return Found(f.key, v, f.sentence, f.spans, f.extra)


def figures(found, mark):
    """figures.populations from the Found list (`mark` adds cite and proposed): each population
    with its own fiscal subsidy, where one was read, inside it."""
    out = []
    for f in found:
        if f.key.startswith("populations.") and f.key.count(".") == 1:
            entry = mark(f)
            fiscal = next((x for x in found if x.key == f.key + ".fiscal_subsidy"), None)
            if fiscal:
                entry["fiscal_subsidy"] = mark(fiscal)
            out.append(entry)
    return out
