"""A notice as YAML laid out like the hand-written files in policy_data/ (SCHEMA.md): clause
texts as literal blocks, line for line as printed; small figure mappings on one line."""

import yaml

TOP = ("id", "source", "title", "document_number", "issuer", "date", "date_text", "level", "region",
       "covers", "year")


class _Dumper(yaml.SafeDumper):
    pass


class _Flow(list):
    pass


class _FlowMap(dict):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(_FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _small(value):
    """Leaf mappings and lists of a few short scalars read best on one line: {months: 3}, [1, 25]."""
    if isinstance(value, dict):
        value = {k: _small(v) for k, v in value.items()}
        short = len(value) <= 3 and all(_scalar(v) for v in value.values())
        return _FlowMap(value) if short else value
    if isinstance(value, list):
        value = [_small(v) for v in value]
        return _Flow(value) if all(_scalar(v) for v in value) else value
    return value


def _scalar(value):
    return not isinstance(value, (dict, list)) and len(str(value)) <= 20


def scalar(value):
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10**9)
    return text.removesuffix("...\n").strip()


def _quoted_id(cid):
    return f'"{cid}"' if cid[0].isdigit() else cid


def dump_notice(notice):
    lines = []
    for key in TOP:
        value = notice[key]
        if key in ("id", "region"):
            lines.append(f'{key}: "{value}"')
        elif key == "covers":
            lines.append("covers: [" + ", ".join(f'"{c}"' for c in value) + "]")
        elif isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(scalar(v) for v in value) + "]")
        else:
            lines.append(f"{key}: {scalar(value)}")
    if "origin" in notice:
        lines.append("origin:")
        lines += [f"  {key}: {scalar(value)}" for key, value in notice["origin"].items()]
    lines.append("clauses:")
    for clause in notice["clauses"]:
        lines.append(f"  - id: {_quoted_id(clause['id'])}")
        lines.append(f"    label: {scalar(clause['label'])}")
        if clause.get("heading"):
            lines.append(f"    heading: {scalar(clause['heading'])}")
        text = clause["text"]
        if not text:
            lines.append('    text: ""')
        else:
            lines.append("    text: |-")
            lines += ["      " + line if line else "" for line in text.split("\n")]
    lines.append("")
    body = yaml.dump({"figures": _small(notice["figures"])}, Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=10**9, default_flow_style=False)
    return "\n".join(lines) + "\n" + body
