"""How much the resident pays: personal standard minus the most favourable group's subsidy.

就高不就低 is stated by 乐至 (二（三）) and applied to every notice (domain.md decision 1).
A subsidy stated as an amount is that amount whatever the tier; the result never goes
below zero. A group whose subsidy the notice leaves to "原有的参保资助政策" has no known
amount, so unless a known subsidy already covers everything the answer is null.
"""

from .errors import InputError
from .populations import group_subsidy
from .vocabulary import GROUPS, TIERS


def tiers_of(figures):
    return {t["id"]: t for t in figures.get("tiers", [])}


def choose_tier(figures, tier):
    """(tier id or None, standard amount, clause id, note or None)."""
    tiers = tiers_of(figures)
    if not tiers:
        if tier:
            raise InputError(f"该通知只有一个缴费标准（{figures['standard']['amount']}元），没有“{tier}”档次，请不要选择档次。")
        return None, figures["standard"]["amount"], figures["standard"]["cite"], None
    if tier is None:
        tier = figures["default_tier"]
        chosen = tiers[tier]
        others = "、".join(f"{t['name']}{t['amount']}元" for t in tiers.values() if t["id"] != tier)
        note = f"未选择缴费档次，按{chosen['name']}（{chosen['amount']}元）计算；另有{others}可选。"
        return tier, chosen["amount"], chosen["cite"], note
    if tier not in tiers:
        valid = "、".join(f"{t['id']}（{t['name']}{t['amount']}元）" for t in tiers.values())
        raise InputError(f"没有“{tier}”这个缴费档次。可选: {valid}。")
    return tier, tiers[tier]["amount"], tiers[tier]["cite"], None


def resolve_groups(figures, categories):
    """Validate the asked group ids; folded ones resolve to the clause that holds them."""
    groups = figures["groups"]
    valid = "、".join(f"{gid}（{GROUPS[gid]}）" for gid in groups)
    resolved = []
    notes = []
    for gid in categories:
        if gid not in groups:
            if gid in GROUPS:
                raise InputError(f"该通知没有规定“{GROUPS[gid]}”（{gid}）这一类别。本通知的类别: {valid}。")
            raise InputError(f"未知的人员类别“{gid}”。本通知的类别: {valid}。")
        group = groups[gid]
        if "folded_into" in group:
            target = group["folded_into"]
            notes.append(f"通知把{GROUPS[gid]}列在{GROUPS[target]}条款中，按{GROUPS[target]}计算。")
            gid = target
        if gid not in resolved:
            resolved.append(gid)
    return resolved, notes


class Contribution:
    """The figures of one answer: standard, subsidy, personal share, and where each comes from."""

    def __init__(self, standard, subsidy, personal, group, payer, clauses, notes):
        self.standard = standard
        self.subsidy = subsidy
        self.personal = personal
        self.group = group
        self.payer = payer
        self.clauses = clauses  # {"standard": id, "subsidy": [ids], ...}
        self.notes = notes


def _stated(group):
    # an amount, or (a notice by population: populations.py) the whole standard or a percentage of it
    return "subsidy" in group or group.get("full") or "percent" in group


def compute(figures, group_ids, standard, standard_clause, standard_name="所选档次"):
    groups = figures["groups"]
    known = [(group_subsidy(groups[g], standard), g) for g in group_ids
             if "unknown" not in groups[g] and _stated(groups[g])]
    unknown = [g for g in group_ids if "unknown" in groups[g]]
    notes = []
    best_amount, best_group = max(known, default=(None, None), key=lambda pair: pair[0])
    open_ended = unknown and (best_amount is None or best_amount < standard)
    if len(group_ids) > 1 and best_group is not None and not open_ended:
        rule = "（通知规定“就高不就低”）" if "best_group_rule" in figures else "（按就高不就低原则）"
        notes.append(f"同时属于多个类别，只按资助最多的一种身份计算{rule}：{GROUPS[best_group]}。")
    if open_ended:
        names = "、".join(GROUPS[g] for g in unknown)
        for g in unknown:
            if groups[g].get("open"):  # no notice covering the county states it (precedence.py)
                notes.append(f"{GROUPS[g]}：{groups[g]['unknown']}，因此无法算出个人缴费。")
            else:
                notes.append(f"{GROUPS[g]}：通知写明“{groups[g]['unknown']}”，没有写明资助金额，因此无法算出个人缴费。")
        clauses = {"standard": standard_clause, "subsidy": [groups[g]["cite"] for g in unknown]}
        return Contribution(standard, None, None, None, None, clauses, notes + [f"请向当地医保经办机构咨询{names}的资助标准。"])
    subsidy = min(best_amount, standard)
    group = groups[best_group]
    if best_amount > standard:
        notes.append(f"{GROUPS[best_group]}的资助标准为{best_amount}元，高于{standard_name}的{standard}元，个人不需缴费。")
    if group.get("note"):
        notes.append(group["note"])
    clauses = {"standard": standard_clause, "subsidy": [group["cite"]]}
    if len(group_ids) > 1 and "best_group_rule" in figures:
        clauses["subsidy"].append(figures["best_group_rule"]["cite"])
    payer = group.get("payer") if subsidy else None
    if subsidy and payer is None:
        notes.append(f"通知未写明{GROUPS[best_group]}资助资金由谁承担。")
    return Contribution(standard, subsidy, standard - subsidy, best_group, payer, clauses, notes)


def stated_standard(answer, silent):
    """The standard as an answer's text says it: a floor (不低于) where the notice sets only one."""
    if answer.get("standard_minimum"):
        return f"不低于{answer['standard_minimum']}元"
    return silent if answer["standard"] is None else f"{answer['standard']}元"


def stated_personal(answer, silent):
    """The personal contribution as an answer's text says it (unknown under a floor: quote.py)."""
    if answer["personal_contribution"] is None and answer.get("standard_minimum"):
        return "无法算出（当地的具体标准本站尚未收录）"
    return silent if answer["personal_contribution"] is None else f"{answer['personal_contribution']}元"


def tier_name(tier):
    return TIERS.get(tier)
