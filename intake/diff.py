"""`python -m intake diff OLD.yaml NEW.yaml`: what a new year's notice changed, each change
citing its clause in both notices (so intake can show a clerk, and later the site a reader)."""

from pathlib import Path

from calculator.citations import cite
from calculator.errors import PolicyDataError
from calculator.validate import validate_notice

from .errors import IntakeError
from .files import jsonable, load_yaml
from .regions import region_rows
from .report import describe, name

GROUP_TERMS = ("subsidy", "percent", "full", "basis_tier", "folded_into", "unknown")


def load_notice(path):
    data = jsonable(load_yaml(path))
    try:
        validate_notice(data, Path(path).name, {r["code"]: r for r in region_rows()})
    except PolicyDataError as exc:
        raise IntakeError(f"“{Path(path).name}”不是有效的通知数据：{exc.field}: {exc.problem}") from None
    return data


def _figures_by_key(notice):
    """{key: figure mapping} for everything diff compares."""
    fig, out = notice["figures"], {}
    if "standard" in fig:
        out["standard"] = fig["standard"]
    for tier in fig.get("tiers", []):
        out[f"tiers.{tier['id']}"] = tier
    for key in ("fiscal_subsidy", "collection", "cover", "late", "waiting"):
        if key in fig:
            out[key] = fig[key]
    for gid, g in fig["groups"].items():
        out[f"groups.{gid}"] = g
    for sid, s in fig.get("situations", {}).items():
        out[f"situations.{sid}"] = s
    return out


def _compared(key, value):
    """The part of a figure a change is about (not its wording, cite or notes)."""
    head = key.split(".")[0]
    if head == "groups":
        return {k: value.get(k) for k in GROUP_TERMS if k != "unknown"} | {"unknown": "unknown" in value}
    if head == "collection":
        return {k: value.get(k) for k in ("start", "end", "payable_days")}
    if head == "cover":
        return {k: value.get(k) for k in ("start", "end")}
    if head in ("standard", "tiers", "fiscal_subsidy"):
        return {k: value.get(k) for k in ("amount", "minimum")}
    return {k: v for k, v in value.items() if k not in ("cite", "proposed", "note", "notes")}


def diff(old, new):
    a, b = _figures_by_key(old), _figures_by_key(new)
    changes = []
    for key in list(a) + [k for k in b if k not in a]:
        before, after = a.get(key), b.get(key)
        if before is not None and after is not None and _compared(key, before) == _compared(key, after):
            continue
        kind = "added" if before is None else "removed" if after is None else "changed"
        changes.append({
            "key": key, "name": name(key).removesuffix("的资助") if key.startswith("groups.") else name(key),
            "kind": kind,
            "old": before and {k: v for k, v in before.items() if k not in ("cite", "proposed")},
            "new": after and {k: v for k, v in after.items() if k not in ("cite", "proposed")},
            "old_cite": _cite(old, before), "new_cite": _cite(new, after),
        })
    return {"old": _about(old), "new": _about(new), "changes": changes}


def _about(notice):
    return {"notice": notice["id"], "document_number": notice["document_number"], "year": notice["year"]}


def _cite(notice, figure):
    if not figure or not figure.get("cite"):
        return None
    return cite(notice, figure["cite"])


def describe_diff(result):
    old, new = result["old"], result["new"]
    lines = [f"{old['year']}年度（{old['document_number']}）→ {new['year']}年度（{new['document_number']}）："]
    if not result["changes"]:
        return lines[0] + "数字没有变化。\n"
    for c in result["changes"]:
        before = describe(c["key"], c["old"]) if c["old"] else "（无）"
        after = describe(c["key"], c["new"]) if c["new"] else "（无）"
        where = " → ".join(f"{x['document']} {x['label']}" if x else "—" for x in (c["old_cite"], c["new_cite"]))
        verb = {"added": "新增", "removed": "取消", "changed": ""}[c["kind"]]
        lines.append(f"  {verb}{c['name']}：{before} → {after}（{where}）")
    return "\n".join(lines) + "\n"


