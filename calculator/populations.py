"""Standards by population (按人群分别确定个人缴费标准): a notice that sets one personal standard
per population — 北京: 城乡老年人, 学生儿童, 劳动年龄内居民 — instead of one standard or tiers.

A tier is the resident's choice and a notice with tiers names a default; a population is who the
resident is, so there is no default: an answer for a resident who has not said which population
they belong to would show one population's amount as theirs, a wrong figure that looks right.
Without a population the answer is refused (exit 2, as a newborn without a birth date), and the
one line lists every population's standard with its clause, for the resident to choose.
"""

from .citations import cite
from .errors import InputError


def populations_of(figures):
    return {p["id"]: p for p in figures.get("populations", [])}


def listing(notice):
    """Every population as the refusal and `groups` list it: id, the notice's name, amount, clause."""
    return "；".join(f"{p['id']}（{p['name']}{_who(p)}，{p['amount']}元，见{cite(notice, p['cite'])['label']}）"
                     for p in notice["figures"]["populations"])


def _who(p):
    return f"：{p['who']}" if p.get("who") else ""


# A newborn is a child: where the notice has a population of children, it is theirs.
CHILDREN = "student_child"


def choose(notice, population, tier, situation=None):
    """(population id, its standard, its clause id, its name) for a notice by population; for any
    other notice None, after refusing a population it does not define (or, for a newborn, any but
    the children's: another's standard would be a wrong figure that looks right)."""
    figures = notice["figures"]
    pops = populations_of(figures)
    asked = (population or "").strip() or None
    if not pops:
        if asked:
            raise InputError(f"该通知没有按人群分别确定个人缴费标准，没有“{asked}”人群，请不要选择人群。")
        return None
    if tier:
        raise InputError(f"该通知按人群分别确定个人缴费标准，没有缴费档次，请不要选择档次（“{tier}”）。")
    if asked is None:
        raise InputError(f"该通知按人群分别确定个人缴费标准，请选择本人所属的人群（--population）：{listing(notice)}。")
    if asked not in pops:
        raise InputError(f"没有“{asked}”这个人群。可选: {listing(notice)}。")
    if situation == "newborn" and CHILDREN in pops and asked != CHILDREN:
        raise InputError(f"新生儿属于{pops[CHILDREN]['name']}（{CHILDREN}）人群，不是{pops[asked]['name']}（{asked}），"
                         f"请选择{pops[CHILDREN]['name']}。")
    chosen = pops[asked]
    return asked, chosen["amount"], chosen["cite"], chosen["name"]


def group_subsidy(group, standard):
    """A group's help as an amount on the standard the answer uses. A notice by population may
    state it as the whole standard (full) or a percentage of it (percent) without an amount: then
    it is computed on the resident's own population's standard, which is what those words base it
    on. An amount the notice states is that amount whatever the population (or tier)."""
    if "subsidy" in group:
        return group["subsidy"]
    if group.get("full"):
        return standard
    return standard * group["percent"] // 100


def fiscal_subsidy(notice, population):
    """The fiscal subsidy standard a late payer adds (figures.late): the resident's own population's
    where the notice states one per population (北京: 4350, 1725, 2335), else the notice's one. In a
    composite (precedence.py) holding both, the more local notice's: a district that states its
    own fiscal subsidy under 北京's populations adds its own."""
    figures = notice["figures"]
    own = populations_of(figures).get(population, {}).get("fiscal_subsidy")
    return figures["fiscal_subsidy"] if _single_is_more_local(notice) else own or figures["fiscal_subsidy"]


def own_fiscal_subsidies(notice):
    """Whether the populations' own fiscal subsidies answer (the pages list them, not a single one)."""
    listed = [p for p in notice["figures"].get("populations", []) if "fiscal_subsidy" in p]
    return bool(listed) and not _single_is_more_local(notice)


def late_words(notice):
    """The late-payment line's fiscal subsidy, for the pages: each population's, or None."""
    if not own_fiscal_subsidies(notice):
        return None
    listed = [p for p in notice["figures"]["populations"] if "fiscal_subsidy" in p]
    return "本人所属人群的财政补助标准（" + "、".join(f"{p['name']}{p['fiscal_subsidy']['amount']}元" for p in listed) + "）"


def _single_is_more_local(notice):
    """A single fiscal_subsidy from a more local notice than the populations' (one notice never
    holds both: validation)."""
    sources, order = notice.get("part_sources") or {}, list(notice.get("parts") or {})
    single, pops = sources.get("fiscal_subsidy"), sources.get("standard")
    return "fiscal_subsidy" in notice["figures"] and single in order and pops in order and order.index(single) < order.index(pops)
