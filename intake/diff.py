"""`python -m intake diff OLD.yaml NEW.yaml`: what a new year's notice changed, each change
citing its clause in both notices. The comparing is calculator.changes.diff, the one the site's
"与上一年度相比" box uses; this module reads the files and words the result for a clerk."""

from pathlib import Path

from calculator import changes
from calculator.errors import PolicyDataError
from validation.validate import validate_notice

from .errors import IntakeError
from .files import jsonable, load_yaml
from .regions import region_rows
from .report import describe, name


def load_notice(path):
    data = jsonable(load_yaml(path))
    try:
        validate_notice(data, Path(path).name, {r["code"]: r for r in region_rows()})
    except PolicyDataError as exc:
        raise IntakeError(f"“{Path(path).name}”不是有效的通知数据：{exc.field}: {exc.problem}") from None
    return data


def diff(old, new):
    """calculator.changes.diff, with each change's name for a clerk."""
    result = changes.diff(old, new)
    for c in result["changes"]:
        c["name"] = name(c["key"]).removesuffix("的资助") if c["key"].startswith("groups.") else name(c["key"])
    return result


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


