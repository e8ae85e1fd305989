"""Which notice states each figure for a county: the most local one that covers it for the year.

A province or city notice often fixes the standard, the window and the cover for all its counties;
a county's own notice may add the help for each group and say nothing of the rest. For each figure
(a "part" below) the answer uses the most local notice covering the county for the enrolment year
that states it — county (or district), then city, then province — and cites that notice's clause.

The answer is computed from one notice-shaped mapping, the *composite*: the most local notice with
the parts it does not state taken from the higher notices. A borrowed part's clause ids are written
`<notice id>#<clause id>` (clause ids never hold `#`), and citations.cite looks the clause up in that
notice. Where the most local notice states every part there is no composite: the notice itself is
used, so an answer that needs no higher notice is exactly what it was before there were any.
"""

from .vocabulary import GROUPS

RANK = {"county": 0, "district": 0, "city": 1, "province": 2}

# The parts of `figures` one notice states or leaves to another, each with the keys it is made of
# and the name a reader knows it by.
PARTS = {
    "standard": (("standard", "tiers", "default_tier", "populations"), "个人缴费标准"),
    "fiscal_subsidy": (("fiscal_subsidy",), "财政补助标准"),
    "best_group_rule": (("best_group_rule",), "就高不就低的规定"),
    "groups": (("groups",), "各类人员的资助"),
    "subsidy_notes": (("subsidy_notes",), "资助的补充规定"),
    "collection": (("collection",), "集中征缴期"),
    "cover": (("cover",), "待遇享受期"),
    "late": (("late",), "期外缴费的金额"),
    "waiting": (("waiting",), "待遇等待期"),
    "situations": (("situations",), "特殊情形的办法"),
    "payment": (("payment",), "缴费方式"),
}


def states(notice, part):
    """Whether the notice states this part (a cover with no start date is silence, with a note)."""
    fig = notice["figures"]
    if part == "standard":
        return "standard" in fig or "tiers" in fig or "populations" in fig
    if part == "cover":
        return bool(fig.get("cover")) and fig["cover"].get("start") is not None
    return part in fig


def _qualified(node, nid):
    """A deep copy of `node` with every `cite` written `<nid>#<clause>`."""
    if isinstance(node, dict):
        return {k: (f"{nid}#{v}" if k == "cite" and isinstance(v, str) else _qualified(v, nid)) for k, v in node.items()}
    if isinstance(node, list):
        return [_qualified(v, nid) for v in node]
    return node


def compose(chain):
    """The composite of `chain` (the notices covering one county for one year, most local first),
    or the first notice itself when it states every part an answer needs."""
    own = chain[0]
    needed = [p for p in ("groups", "cover") if p not in own["figures"]] + ([] if states(own, "standard") else ["standard"])
    if len(chain) == 1 and not needed:
        return own
    if not any(states(other, p) for other in chain[1:] for p in PARTS) and not needed:
        return own
    figures, source = {}, {}
    for part, (keys, _name) in PARTS.items():
        giver = next((n for n in chain if states(n, part)), None)
        if giver is None:
            # nobody states it: keep the most local mention (a cover with a note of what is missing)
            giver = next((n for n in chain if any(k in n["figures"] for k in keys)), None)
            if giver is None:
                continue
        for key in keys:
            if key in giver["figures"]:
                value = giver["figures"][key]
                figures[key] = value if giver is own else _qualified(value, giver["id"])
        source[part] = giver["id"]
    if "groups" not in figures:
        figures["groups"] = _open_groups(chain, figures)
        source["groups"] = next((n["id"] for n in chain if "groups_delegated" in n["figures"]), source.get("standard"))
    if source.get("groups") not in (None, source.get("standard")):
        figures["groups"] = _shares_on_answering_standard(figures)
    if "cover" not in figures:
        figures["cover"] = {"start": None, "end": None, "note": "通知未规定待遇享受期（何时开始享受待遇）。"}
    composite = dict(own)
    composite["figures"] = figures
    composite["parts"] = {n["id"]: n for n in chain}
    composite["part_sources"] = source
    return composite


def _shares_on_answering_standard(figures):
    """Groups from a notice other than the standard's: help that notice states as the whole personal
    contribution (full) or a share of it (percent) is that share of the standard that answers (a
    district's own, or the resident's population's: populations.group_subsidy), not the amount it
    came to on the other notice's standard (湖南 2026: 特困 全额 = 400 there, 420 under a district's
    standard of 420). Help written on a named tier (basis_tier) is that amount, as for any tier;
    a share that is not whole yuan on some standard is left open, not rounded (a notice by
    population's own percent, validated whole on its own populations, may not be on a district's)."""
    standards = ([figures["standard"]["amount"]] if "standard" in figures else
                 [t["amount"] for t in figures.get("tiers") or figures.get("populations") or []])
    out = {}
    for gid, g in figures["groups"].items():
        share = "percent" in g or g.get("full") is True
        if not share or "basis_tier" in g or "unknown" in g:
            out[gid] = g
            continue
        words = "个人缴费部分全额资助" if g.get("full") else f"个人缴费部分资助{g['percent']}%"
        if not g.get("full") and any(amount * g["percent"] % 100 for amount in standards):
            out[gid] = {"wording": g["wording"], "cite": g["cite"], "open": True,
                        "unknown": f"上级通知规定{words}，按本地的个人缴费标准（各人群或档次）计算有不是整元的，本站不作推算"}
            continue
        out[gid] = {k: v for k, v in g.items() if k != "subsidy"}
        out[gid]["note"] = "；".join(filter(None, [g.get("note"), f"上级通知规定{words}，按本人适用的个人缴费标准计算。"]))
    return out


def _open_groups(chain, figures):
    """Groups when no notice covering the county states them: ordinary residents pay the standard
    (its clause); every other group's help is open — set by the county where a higher notice says
    so (groups_delegated), else not stated in the text held."""
    delegating = next((n for n in chain if "groups_delegated" in n["figures"]), None)
    standard = figures.get("standard") or (figures.get("tiers") or figures.get("populations") or [{}])[0]
    groups = {"ordinary": {"wording": "普通城乡居民", "subsidy": 0, "cite": standard.get("cite")}}
    if delegating is not None:
        d = delegating["figures"]["groups_delegated"]
        cite = d["cite"] if delegating is chain[0] else f"{delegating['id']}#{d['cite']}"
        open_text = f"{d['note']}（本站尚未收录本县的通知，资助金额未知）"
    else:
        cite, open_text = standard.get("cite"), "所收录的通知没有写明这一类人员的资助"
    for gid in GROUPS:
        if gid != "ordinary":
            groups[gid] = {"wording": GROUPS[gid], "unknown": open_text, "cite": cite, "open": True}
    return groups
