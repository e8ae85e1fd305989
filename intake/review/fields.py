"""Every field a resident's questions need, grouped the way a resident asks, with the value of
each as the desk edits it: a flat list of (path, value) leaves of the figure's mapping.

A field's key is the figure's dotted key as `intake accept` and calculator.drafts name it
(`standard`, `groups.dibao`, `situations.newborn`), or `meta.title` etc. for the notice's
own particulars, which have no clause."""

import datetime as dt
import re

from calculator.vocabulary import GROUPS, POPULATIONS, figure_name

from ..figures import CHECKLIST

GROUPS_ASKED = (  # (heading, key prefixes), in the order a resident asks
    ("这份通知", ("meta.",)),
    ("交多少钱", ("standard", "tiers", "populations", "fiscal_subsidy", "late")),
    ("谁有资助", ("groups", "best_group_rule", "subsidy_notes")),
    ("什么时候交", ("collection",)),
    ("何时开始享受待遇", ("cover",)),
    ("等待期", ("waiting",)),
    ("特殊情况", ("situations",)),
)
META = {"meta.title": "标题", "meta.document_number": "文号", "meta.issuer": "发文机关", "meta.origin": "原文来源"}
BLOCKS = {"meta.origin"}  # particulars that are a mapping of their own (SCHEMA.md, origin)
ORIGIN_KINDS = {"official_file": "发文单位给的文件", "official_page": "官方网页", "repost": "他处转载", "report": "报道"}
NULLABLE = {"outlet", "url", "ends_at"}
NO_CLAUSE = set(META)
MAY_BE_ABSENT = {"meta.document_number"}  # of the particulars, only the 文号 may be missing (null)
INTS = {"amount", "subsidy", "percent", "year", "personal_stated", "months", "days", "lapse_years", "personal"}
DATES = {"start", "end", "born_on_or_after", "born_earlier_pay_by", "read_on"}
BOOLS = {"complete", "digest", "minimum", "full", "add_fiscal_subsidy", "parent_insured_free", "waiting_exempt", "only_outside_window"}
LISTS = {"applies_to"}
DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


LABELS = {  # a leaf's name as the clerk reads it; enumerations list their values
    "amount": "金额（元）", "subsidy": "资助（元）", "percent": "比例（%）", "year": "年度", "wording": "通知里的称呼",
    "minimum": "“不低于”（true/false）", "full": "全额资助（true/false）", "personal_stated": "通知写的个人缴费（元）",
    "payer": "出资方", "basis_tier": "按哪个档次", "unknown": "说明", "note": "说明", "folded_into": "并入的类别",
    "start": "开始日", "end": "结束日", "months": "月数", "days": "天数", "name": "名称（通知里档次或人群的称呼）",
    "applies_to": "适用于（outside_window 期外参保、lapsed 断保）",
    "add_fiscal_subsidy": "加收财政补助标准（true/false）",
    "cover_from": "从何时享受（birth 出生、registration 登记、since 断保或入院、payment 缴费）",
    "after": "逾期（general 按一般规定、refused 不予办理）",
    "only_outside_window": "只适用于错过集中征缴期的（true/false）", "parent_insured_free": "父母参保则免缴（true/false）",
    "waiting_exempt": "不设等待期（true/false）", "born_on_or_after": "此日及以后出生", "born_earlier_pay_by": "此前出生须在此日前缴费",
    "lapse_years": "断保年数", "personal": "个人缴费（元）",
    "kind": "类型（official_file 文件、official_page 官方网页、repost 转载、report 报道）",
    "outlet": "发布者（网站或公众号名称）", "url": "网址", "read_on": "读取日期", "complete": "全文（true/false）",
    "digest": "本站摘要（true/false）", "ends_at": "所存文字止于何处（不完整时）",
}
PARENTS = {"fiscal_subsidy": "财政补助", "limit": "期限", "within": "期限内", "fixed": "等待期", "per_lapse_year": "每断保一年加", "outside_window": "征缴期外",
           "repair_per_year": "每补缴一年减", "floor_after_lapse": "断保多年的下限", "cover": "待遇享受期"}


def label_of(path):
    *parents, last = path.split(".")
    return "".join(PARENTS.get(p) or (POPULATIONS[p] + "：" if p in POPULATIONS else p) for p in parents) \
        + LABELS.get(last, last)


def order(key):
    """Where a field stands: by the resident's question, then as listed."""
    return [h for h, _ in GROUPS_ASKED].index(heading_of(key)) if heading_of(key) != "其他" else len(GROUPS_ASKED)


def template(key, year, named_groups=None):
    """The shape a figure typed from nothing takes (SCHEMA.md), its figures left empty; a group
    keeps the notice's own wording for it."""
    if key == "meta.origin":
        return {"kind": "official_file", "outlet": None, "url": None, "read_on": dt.date.today().isoformat(),
                "complete": True, "ends_at": None, "digest": False}
    if key.startswith("groups."):
        gid = key.split(".", 1)[1]
        return {"wording": (named_groups or {}).get(gid, (GROUPS[gid],))[0], "subsidy": None}
    return {
        "standard": {"amount": None},
        "fiscal_subsidy": {"amount": None, "year": year, "minimum": True},
        "collection": {"start": None, "end": None},
        "cover": {"start": None, "end": None},
        "waiting": {"applies_to": ["outside_window"], "fixed": {"months": None}},
        "late": {"add_fiscal_subsidy": True},
        "situations.newborn": {"limit": {"days": None}, "within": {"cover_from": "birth"}, "after": "general"},
    }.get(key, {})


def title(key):
    return META.get(key) or figure_name(key)


def heading_of(key):
    for heading, prefixes in GROUPS_ASKED:
        if any(key == p or key.startswith(p if p.endswith(".") else p + ".") or key == p for p in prefixes):
            return heading
    return "其他"


def expected_keys(named_groups):
    """Fields the desk asks about even when the draft has nothing for them."""
    keys = list(META)
    keys += [key for key, _what, _required in CHECKLIST] + ["groups.ordinary"]
    keys += [f"groups.{gid}" for gid in named_groups]
    return keys


def leaves(value, prefix=""):
    """[(path, value)] of a figure's editable leaves; cite, proposed and notes are not leaves."""
    out = []
    if isinstance(value, list):  # the populations, one field for all: each item's leaves under its id
        return [leaf for item in value for leaf in leaves({k: v for k, v in item.items() if k != "id"},
                                                            f"{prefix}{item.get('id')}.")]
    for k, v in value.items():
        if k in ("cite", "proposed", "notes") or (not prefix and k == "id"):
            continue
        path = f"{prefix}{k}"
        if isinstance(v, dict):
            out += leaves(v, path + ".")
        else:
            out.append((path, v))
    return out


def parse_leaf(path, text):
    """A value typed into one leaf, as the schema holds it; ValueError with a plain-Chinese reason."""
    name = path.rsplit(".", 1)[-1]
    text = "" if text is None else str(text).strip()
    if name in NULLABLE and not text:
        return None
    if name in INTS:
        if not re.fullmatch(r"\d{1,6}", text):
            raise ValueError(f"“{text}”不是整数")
        return int(text)
    if name in DATES:
        if not DATE_TEXT.fullmatch(text):
            raise ValueError(f"“{text}”不是日期，请写成 2026-01-01")
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{text}”不是存在的日期") from None
        return text
    if name in BOOLS:
        if text not in ("true", "false"):
            raise ValueError(f"“{text}”应为 true 或 false")
        return text == "true"
    if name in LISTS:
        items = [t for t in re.split(r"[,，、\s]+", text) if t]
        if not items:
            raise ValueError("不能为空")
        return items
    if not text:
        raise ValueError("不能为空")
    return text


def set_leaf(value, path, new):
    node = value
    parts = path.split(".")
    for part in parts[:-1]:
        node = next(x for x in node if x.get("id") == part) if isinstance(node, list) else node.setdefault(part, {})
    node[parts[-1]] = new


def get(figures, key):
    """A figure's mapping by dotted key, or None (list items by id, else position from 1)."""
    node = figures
    for part in key.split("."):
        if isinstance(node, list):
            hit = [x for x in node if isinstance(x, dict) and x.get("id") == part]
            node = hit[0] if hit else (node[int(part) - 1] if part.isdigit() and int(part) <= len(node) else None)
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
        if node is None:
            return None
    return node


def put(figures, key, value):
    """Sets (or, with None, removes) the figure at `key`."""
    parts = key.split(".")
    node = figures
    for part in parts[:-1]:
        if isinstance(node, list):
            node = get({"x": node}, "x." + part)
        else:
            node = node.setdefault(part, {})
    last = parts[-1]
    if isinstance(node, list):
        index = next((i for i, x in enumerate(node) if x.get("id") == last), None)
        index = int(last) - 1 if index is None else index
        if value is None:
            node.pop(index)
        else:
            node[index] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value
