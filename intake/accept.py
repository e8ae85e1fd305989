"""`python -m intake accept`: a person has checked these figures — take off their `proposed:`.

Only the `proposed:` lines are removed; everything else in the file (the clerk's edits, comments,
layout) stays as it is. The result is validated in full, with every other notice of the
directory, before it replaces the file.
"""

from pathlib import Path

import yaml

from calculator.drafts import proposed_keys
from validation.validate import validate_dataset

from .errors import IntakeError
from .regions import region_rows
from .files import jsonable, load_yaml, write_all


def accept(path, keys=None):
    path = Path(path)
    data = load_yaml(path)
    waiting = proposed_keys(data)
    if not waiting:
        return f"{path} 没有待核对的数字。\n"
    keys = list(dict.fromkeys(keys or waiting))
    unknown = [k for k in keys if k not in waiting]
    if unknown:
        raise IntakeError(f"“{unknown[0]}”不是待核对的数字；待核对的有：{'、'.join(waiting)}。")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    drop = set()
    root = yaml.compose(text)
    for key in keys:
        first, last = _proposed_lines(_node(root, ["figures"] + key.split(".")), key)
        drop.update(range(first, last + 1))
    new_text = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    new = yaml.safe_load(new_text)
    if proposed_keys(new) != [k for k in waiting if k not in keys]:
        raise IntakeError(f"无法只删掉 {path.name} 里的 proposed 行；请手工删除后再运行。")
    _validate(path, new)
    write_all({path: new_text})
    left = len(waiting) - len(keys)
    return f"已接受 {len(keys)} 项：{'、'.join(keys)}。" + (f"还有 {left} 项待核对。" if left else "全部核对完毕。") + "\n"


def _node(node, path):
    for part in path:
        if isinstance(node, yaml.SequenceNode):
            items = [n for n in node.value if isinstance(n, yaml.MappingNode)]
            by_id = [n for n in items if any(k.value == "id" and v.value == part for k, v in n.value)]
            node = by_id[0] if by_id else node.value[int(part) - 1]
        else:
            node = next(v for k, v in node.value if k.value == part)
    return node


def _proposed_lines(mapping, key):
    if mapping.flow_style:
        raise IntakeError(f"{key} 写在一行的 {{…}} 里；请把它的 proposed 改成单独一行后再运行。")
    for k, v in mapping.value:
        if k.value == "proposed":
            end = v.end_mark.line if v.end_mark.column > 0 else v.end_mark.line - 1
            return k.start_mark.line, end
    raise IntakeError(f"{key} 没有 proposed。")


def _validate(path, new):
    """The whole directory as load_policy_dir would see it, with this file as it will be."""
    policy_dir = path.parent
    regions = region_rows()
    notices = [(p.name, yaml.safe_load(p.read_text(encoding="utf-8")))
               for p in sorted(policy_dir.glob("[0-9]*-[0-9]*.yaml")) if p.name != path.name]
    source = new.get("source")
    if isinstance(source, str) and not (policy_dir / "sources" / source).is_file():
        raise IntakeError(f"{path.name}: source: 原文文件 sources/{source} 不存在。")
    validate_dataset(regions, [(n, jsonable(d)) for n, d in notices] + [(path.name, jsonable(new))])
