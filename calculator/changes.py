"""What a notice changed from the one before it for the same region: the one diff function,
used by `python -m intake diff` (for a clerk checking a new year's file) and by the site (the
box "与上一年度相比" on a notice page, the years on a city's comparison page).

It lives in the calculator package because the build needs it and the package must stay
standard library only; intake imports it from here.

A group counts as changed when what the notice states about it changed (subsidy, percentage,
full cover, …) or when the personal share the calculator computes from it changed: a resident
reads a flat 280-yuan subsidy under a standard that went from 380 to 400 as paying 20 more.
"""

from .citations import cite
from .contribution import choose_tier, compute, resolve_groups

GROUP_TERMS = ("subsidy", "percent", "full", "basis_tier", "folded_into", "unknown")


def figures_by_key(notice):
    """{key: figure mapping} for everything the diff compares."""
    fig, out = notice["figures"], {}
    if "standard" in fig:
        out["standard"] = fig["standard"]
    for tier in fig.get("tiers", []):
        out[f"tiers.{tier['id']}"] = tier
    for p in fig.get("populations", []):
        out[f"populations.{p['id']}"] = p
    for key in ("fiscal_subsidy", "collection", "cover", "late", "waiting"):
        if key in fig:
            out[key] = fig[key]
    for gid, g in fig.get("groups", {}).items():  # a province's may leave them to the counties
        if not g.get("open"):
            out[f"groups.{gid}"] = g
    for sid, s in fig.get("situations", {}).items():
        out[f"situations.{sid}"] = s
    return out


def personal_share(figures, gid):
    """What a resident of this group alone pays, as the calculator computes it: whole yuan, a
    {tier: yuan} mapping for a notice with tiers, or None where the notice leaves it open."""
    groups, _notes = resolve_groups(figures, [gid])
    if "populations" in figures:  # {population: yuan}, each on its own standard (populations.py)
        return {p["id"]: compute(figures, groups, p["amount"], p["cite"]).personal for p in figures["populations"]}
    tiers = [t["id"] for t in figures.get("tiers", [])] or [None]
    shares = {}
    for tier in tiers:
        _tier, standard, clause, _note = choose_tier(figures, tier)
        shares[tier] = compute(figures, groups, standard, clause).personal
    return shares[None] if None in shares else shares


def _compared(key, value, figures):
    """The part of a figure a change is about (not its wording, cite or notes)."""
    head = key.split(".")[0]
    if head == "groups":
        terms = {k: value.get(k) for k in GROUP_TERMS if k != "unknown"} | {"unknown": "unknown" in value}
        return terms | {"personal": personal_share(figures, key.split(".", 1)[1])}
    if head == "collection":
        return {k: value.get(k) for k in ("start", "end", "payable_days")}
    if head == "cover":
        return {k: value.get(k) for k in ("start", "end")}
    if head == "populations":  # its own fiscal subsidy, where it has one, is one of its figures
        return {"amount": value["amount"], "fiscal_subsidy": (value.get("fiscal_subsidy") or {}).get("amount")}
    if head in ("standard", "tiers", "fiscal_subsidy"):
        return {k: value.get(k) for k in ("amount", "minimum")}
    return {k: v for k, v in value.items() if k not in ("cite", "proposed", "note", "notes")}


def _shown(key, value, figures):
    """A figure as the diff reports it: without its cite and review marks, and for a group
    with the personal share it works out to."""
    if value is None:
        return None
    out = {k: v for k, v in value.items() if k not in ("cite", "proposed")}
    if key.startswith("groups."):
        out["personal"] = personal_share(figures, key.split(".", 1)[1])
    return out


def diff(old, new):
    """{"old": about, "new": about, "changes": [{key, kind, old, new, old_cite, new_cite}]}, the
    changes in the order of the old notice's figures, then what only the new one has."""
    a, b = figures_by_key(old), figures_by_key(new)
    fa, fb = old["figures"], new["figures"]
    changes = []
    for key in list(a) + [k for k in b if k not in a]:
        before, after = a.get(key), b.get(key)
        if before is not None and after is not None and _compared(key, before, fa) == _compared(key, after, fb):
            continue
        changes.append({
            "key": key,
            "kind": "added" if before is None else "removed" if after is None else "changed",
            "old": _shown(key, before, fa), "new": _shown(key, after, fb),
            "old_cite": _cite(old, before), "new_cite": _cite(new, after),
        })
    return {"old": _about(old), "new": _about(new), "changes": changes}


def _about(notice):
    return {"notice": notice["id"], "document_number": notice["document_number"], "year": notice["year"]}


def _cite(notice, figure):
    if not figure or not figure.get("cite"):
        return None
    return cite(notice, figure["cite"])
