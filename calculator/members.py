"""One household member as a short string: the same grammar on the command line and in a link.

    --member "category=tekun"                                          (command line)
    --member "situation=newborn,born=2026-11-02,parent-insured=1"
    #region=411325&member=category:dibao;category:monitoring&member=situation:newborn;born:2025-01-05

A member is a list of `key=value` pairs separated by `,`; a link writes `key:value` pairs separated
by `;`, so that the parameter's own `=` is not repeated inside its value. None of `: ; , =` splits a
URLSearchParams value (only `&` does; `+` is a space), and all four are legal unescaped in a URL
fragment; URLSearchParams.toString() writes them as %3A %3B %2C %3D, which parse back the same. Both
spellings are accepted in both places, so a member copied from a command line works in a link and
the other way round. The keys are `quote`'s own options but region, year and on, which belong to
the whole household (calculator.options is the one source of the names); `_` may stand for `-` as
in links. `category` may repeat (the most favourable group counts, 就高不就低); any other key given
twice must have the same value; `parent-insured` takes 1/0 (yes/no, true/false) as in links. A
household has at most MAX_MEMBERS members.

Nothing here looks at a notice: a member the grammar accepts can still be refused by `quote` (a
group the notice does not define), and household.py names the member then.
"""

from .errors import InputError
from .options import FLAG_VALUES, household_options, quote_options

MAX_MEMBERS = 20
PAIR_SEPARATORS = ",;"          # accepted between pairs; "," written on the command line, ";" in links
KEY_VALUE_SEPARATORS = "=:"     # accepted inside a pair; "=" written on the command line, ":" in links
STYLES = {"cli": (",", "="), "link": (";", ":")}

# What each key is, in the words a clerk uses (the messages name the field this way).
FIELD_NAMES = {
    "category": "人员类别", "tier": "缴费档次", "population": "所属人群", "situation": "参保情形", "born": "出生日期",
    "since": "断保或进入福利机构日期", "parent-insured": "父母已参保", "lapse-years": "断保年数",
    "repaid-years": "补缴年数",
}

_KEYS = {}


def member_keys():
    """{key: {"flag", "repeatable"}}: `quote`'s options less the household's own (region, year, on)."""
    if not _KEYS:
        _KEYS["household"] = [k for k in household_options() if k != "member"]
        _KEYS["member"] = {k: v for k, v in quote_options().items() if k not in _KEYS["household"]}
    return _KEYS["member"]


def member_format():
    """The grammar as data, for a page that builds member strings (and for the README's table)."""
    return {"max_members": MAX_MEMBERS, "keys": member_keys(), "field_names": FIELD_NAMES,
            "pair_separators": PAIR_SEPARATORS, "key_value_separators": KEY_VALUE_SEPARATORS,
            "styles": {name: {"pair": p, "key_value": kv} for name, (p, kv) in STYLES.items()}}


def who_raw(index, raw):
    """第N位家庭成员“…” as the member was written (before any answer exists)."""
    return f"第{index}位家庭成员“{raw}”"


def _split_pairs(text):
    pairs = [text]
    for sep in PAIR_SEPARATORS:
        pairs = [piece for pair in pairs for piece in pair.split(sep)]
    return [p.strip() for p in pairs if p.strip()]


def _split_pair(pair):
    at = min((pair.find(s) for s in KEY_VALUE_SEPARATORS if s in pair), default=-1)
    if at < 0:
        return None
    return pair[:at].strip(), pair[at + 1:].strip()


def _pairs(member):
    """(key, value) pairs of one member given as a string or as a mapping (the Python API)."""
    if isinstance(member, dict):
        out = []
        for key, value in member.items():
            if value is None:
                continue
            for one in (value if isinstance(value, (list, tuple)) else [value]):
                if one is True or one is False:
                    one = "1" if one else "0"
                out.append((str(key), "" if one is None else str(one).strip()))
        return out, format_member(member) if member else ""
    text = str(member)
    out = []
    for pair in _split_pairs(text):
        split = _split_pair(pair)
        if split is None:
            raise ValueError(pair)
        out.append(split)
    return out, text


def parse_member(member, index):
    """{key: value} (category: a list) in the command line's spelling, or an InputError naming
    the member (第N位) and the field."""
    keys = member_keys()
    try:
        pairs, raw = _pairs(member)
    except ValueError as exc:
        raise InputError(f"{who_raw(index, member)}：“{exc}”缺少“=”，请写成 项=值，例如 category=tekun。") from None
    who = who_raw(index, raw)
    if not pairs:
        raise InputError(f"{who}没有填写任何项；普通居民请写 category=ordinary。")
    fields = {}
    for key, value in pairs:
        name = key.replace("_", "-")
        if name in _KEYS["household"]:
            raise InputError(f"{who}：“{key}”是全户共用的项（region 地区、year 参保年度、on 缴费日期），"
                             f"只为整户填写一次（命令行 --{name}），不要写在成员里。")
        if name not in keys:
            raise InputError(f"{who}：不认识的项“{key}”。成员可用的项: {'、'.join(keys)}。")
        label = f"{name}（{FIELD_NAMES.get(name, name)}）"
        if value == "":
            raise InputError(f"{who}：{label}没有填写值，请填写或去掉这一项。")
        if keys[name]["flag"]:
            flag = FLAG_VALUES.get(value.lower())
            if flag is None:
                raise InputError(f"{who}：{label}的值“{value}”无法识别，请用 1（是）或 0（否）。")
            value = flag
        if keys[name]["repeatable"]:
            fields.setdefault(name, []).append(value)
        elif name in fields and fields[name] != value:
            raise InputError(f"{who}：{label}写了两个不同的值（{fields[name]}、{value}），请只保留一个。")
        else:
            fields[name] = value
    return fields


def parse_members(members):
    """[(raw text, fields)] for the household, or an InputError for the first bad member."""
    members = list(members or [])
    if not members:
        raise InputError("没有填写家庭成员：每人一个 --member，例如 --member category=ordinary。")
    if len(members) > MAX_MEMBERS:
        raise InputError(f"一户最多计算{MAX_MEMBERS}位家庭成员，收到{len(members)}位（第{MAX_MEMBERS + 1}位起超出）；"
                         f"请分成几户计算，每户不超过{MAX_MEMBERS}人。")
    parsed = []
    for index, member in enumerate(members, 1):
        fields = parse_member(member, index)
        parsed.append((member if isinstance(member, str) else format_member(member), fields))
    return parsed


def quote_arguments(fields):
    """`quote()`'s keyword arguments for one member's fields (as cli._quote passes them)."""
    kwargs = {}
    for name, value in fields.items():
        kwargs["categories" if name == "category" else name.replace("-", "_")] = value
    return kwargs


def format_member(fields, style="cli"):
    """A member's fields as a string in one style: "cli" (category=tekun,born=…) or "link"
    (category:tekun;born:…). Lists repeat their key; True/False become 1/0."""
    pair, key_value = STYLES[style]
    out = []
    for name, value in fields.items():
        for one in (value if isinstance(value, (list, tuple)) else [value]):
            if one is None or one is False:
                continue
            text = "1" if one is True else (one.isoformat() if hasattr(one, "isoformat") else str(one))
            out.append(f"{str(name).replace('_', '-')}{key_value}{text}")
    return pair.join(out)
