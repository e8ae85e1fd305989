"""The review report: every proposed figure with its value, its clause and the words it was read
from (the figure marked 【like this】), then what was not found and what looked wrong."""

from calculator.drafts import proposed_keys
from calculator.vocabulary import GROUPS, POPULATIONS, SITUATIONS, TIERS, figure_name

APPLIES = {"outside_window": "未在集中征缴期内参保", "lapsed": "未连续参保"}
name = figure_name  # a figure's key in words (calculator.vocabulary, shared with the site)


def _period(p):
    return f"{p['months']}个月" if "months" in p else f"{p['days']}天"


def _personal(share):
    """The personal share as stated, or as the calculator works it out (a diff's `personal`)."""
    if isinstance(share, dict):
        # by tier, or by population (calculator/populations.py)
        known = [f"{TIERS.get(t) or POPULATIONS[t]}{p}元" for t, p in share.items() if p is not None]
        return "，个人缴" + "、".join(known) if known else ""
    return f"，个人缴{share}元" if share is not None else ""


def describe(key, v):
    """A figure's value in a few Chinese words."""
    head = key.split(".")[0]
    if head == "populations" and v.get("fiscal_subsidy"):  # its own fiscal subsidy is one of its figures
        return f"{v['amount']}元（财政补助{v['fiscal_subsidy']['amount']}元）"
    if head in ("standard", "tiers", "populations"):
        return f"{v['amount']}元"
    if head == "fiscal_subsidy":
        return f"{'不低于' if v.get('minimum') else ''}{v['amount']}元（{v['year']}年）"
    if head == "groups":
        if "folded_into" in v:
            return f"并入“{GROUPS[v['folded_into']]}”条款"
        if "unknown" in v:
            return f"金额未定（{v['unknown']}）"
        if "subsidy" not in v:  # a notice by population: on the resident's own population's standard
            text = "全额资助" if v.get("full") else f"资助标准的{v['percent']}%"
            return text + _personal(v.get("personal")) + (f"，由{v['payer']}出" if "payer" in v else "")
        text = f"全额资助{v['subsidy']}元" if v.get("full") else f"资助{v['subsidy']}元"
        text += f"（{v['percent']}%）" if "percent" in v else ""
        text += f"，按{TIERS[v['basis_tier']]}" if "basis_tier" in v else ""
        text += _personal(v.get("personal_stated", v.get("personal")))
        return text + (f"，由{v['payer']}出" if "payer" in v else "")
    if head == "collection" and "start" in v:
        days = v.get("payable_days")
        start = v["start"] or "（开始日原文未写，请填写）"
        return f"{start} 至 {v['end']}" + (f"，每月{days[0]}–{days[1]}日可缴费" if days else "")
    if head == "cover":
        return f"{v['start']} 至 {v['end']}" if v.get("start") else "通知未规定（草稿按“未规定”写入）"
    if head == "late":
        return "期外缴费 = 个人缴费标准 + 财政补助标准"
    if head == "waiting":
        parts = [f"固定{_period(v['fixed'])}（{'、'.join(APPLIES[a] for a in v['applies_to'])}）"]
        if "per_lapse_year" in v:
            parts.append(f"每断保1年加{_period(v['per_lapse_year'])}")
        if "repair_per_year" in v:
            parts.append(f"每补缴1年减{_period(v['repair_per_year'])}")
        if "floor_after_lapse" in v:
            parts.append(f"断保{v['floor_after_lapse']['lapse_years']}年及以上不少于{v['floor_after_lapse']['months']}个月")
        return "；".join(parts)
    if head == "situations":
        return _situation(v)
    if "text" in v:
        return v["text"]
    return "（见条款）"


FROM = {"birth": "出生之日", "registration": "参保登记之日", "since": "断保或进入福利机构之日", "payment": "缴费之日"}


def _situation(v):
    parts = ["错过集中征缴期的"] if v.get("only_outside_window") else []
    if "born_on_or_after" in v:
        parts.append(f"{v['born_on_or_after']}及以后出生的")
    if "limit" in v:
        parts.append(f"{_period(v['limit'])}内参保，自{FROM[v['within']['cover_from']]}起享受")
        after = v["after"]
        parts.append("逾期不予办理" if after == "refused" else "逾期按一般规定" if after == "general"
                     else f"逾期自{FROM[after['cover_from']]}起享受")
    if "cover_from" in v:
        parts.append(f"自{FROM[v['cover_from']]}起享受")
    if "outside_window" in v:
        parts.append(f"期外由{v['outside_window']['payer']}全额资助")
    if v.get("parent_insured_free"):
        parts.append("父或母参保的不用缴费")
    if "born_earlier_pay_by" in v:
        parts.append(f"此前出生的须在{v['born_earlier_pay_by']}前缴费")
    if "cover" in v:
        parts.append(f"待遇享受期 {v['cover']['start']} 至 {v['cover']['end']}")
    if v.get("waiting_exempt"):
        parts.append("不设等待期")
    return "，".join(parts)


def _lookup(figures, key):
    node = figures
    for part in key.split("."):
        if isinstance(node, list):
            node = next((x for x in node if isinstance(x, dict) and x.get("id") == part), None) \
                or node[int(part) - 1]
        else:
            node = node[part]
    return node


def proposed_lines(notice, marked=None):
    """One entry per proposed figure; `marked` maps keys to the evidence with 【】 marks."""
    labels = {c["id"]: c["label"] for c in notice["clauses"]}
    lines = []
    for key in proposed_keys(notice):
        value = _lookup(notice["figures"], key)
        where = labels.get(value.get("cite"), "（无条款）")
        lines.append(f"  [{key}] {name(key)}：{describe(key, value)} — {where}")
        lines.append(f"      {(marked or {}).get(key, value['proposed'])}")
    return lines


def render(notice, path, source_path=None, proposal=None, problems=(), validation=None, warnings=()):
    meta = notice
    issuer = "、".join(meta["issuer"]) if isinstance(meta["issuer"], list) else meta["issuer"]
    out = [f"草稿：{path}" + (f"（原文 {source_path}）" if source_path else ""),
           f"  {meta['document_number']} · {issuer} · 发文日期 {meta['date'] or meta['date_text'] or '未写'}"
           f" · {meta['level']} · 适用 {'、'.join(meta['covers'])} · {meta['year']}年度",
           f"  标题：{meta['title']}",
           f"  条款 {len(notice['clauses'])} 条"]
    out += [f"  注意：{w}" for w in warnings]
    keys = proposed_keys(notice)
    marked = {f.key: f.marked({c["id"]: c for c in notice["clauses"]}) for f in proposal.found} if proposal else None
    out += ["", f"待核对的数字（{len(keys)} 项）：对照原文逐项核对，错的直接改 YAML，然后运行",
            f"  .venv/bin/python -m intake accept {path}   （只接受其中几项：--figure 键名 …）"]
    out += proposed_lines(notice, marked)
    if proposal:
        missing = [f"  · {what}（{key}）" + ("——必填：补上之前这份数据不能载入" if required else "")
                   for key, what, required in proposal.missing]
        unread = [f"  · {GROUPS[g]}（{g}）：{s.clause} “{s.text}”" for g, s in proposal.unread_groups.items()]
        if missing:
            out += ["", "没有找到（不猜；通知确实没写的，不用补）："] + missing
        if unread:
            out += ["", "条款提到了、但没读出资助金额的人员类别（请按原文补上或确认）："] + unread
        if proposal.inconsistent:
            out += ["", "找到了但前后不一致、没有采用的数字（请对照原文核对后手工填写）："]
            out += [f"  · {key}：{reason}——{s.clause} “{s.text}”" for key, s, reason in proposal.inconsistent]
    if problems:
        out += ["", "需要留意："] + [f"  · {p}" for p in problems]
    out += ["", "校验：通过" if validation is None else f"校验：未通过——{validation}"]
    return "\n".join(out) + "\n"
