"""Everything a notice page's summary shows, computed here so templates only display it.

Amounts per group come from running `quote` for a payment on the window's first day, so
the static tables and the calculator can never disagree.
"""

from .citations import cite
from .cover import from_payment_text
from .dates import parse_date
from .populations import late_words, own_fiscal_subsidies
from .holding import EXCERPT_SILENCE, text_held, used_notices
from .precedence import PARTS
from .resolve import answering
from .quote import quote
from .vocabulary import GROUPS, SITUATIONS
from .window import Window


def _waiting_text(w):
    fixed = w["fixed"]
    who = "、".join({"outside_window": "未在集中征缴期内参保", "lapsed": "未连续参保"}[a] for a in w["applies_to"])
    if fixed is None:
        return f"{who}的，缴费后享受待遇前有待遇等待期；所存文字没有写明等待期的长度。"
    unit = f"{fixed['months']}个月" if "months" in fixed else f"{fixed['days']}天"
    parts = [f"{who}的，设固定待遇等待期{unit}"]
    if "per_lapse_year" in w:
        parts.append(f"每断保1年增加{w['per_lapse_year']['months']}个月")
    if "repair_per_year" in w:
        parts.append(f"每补缴1年减少{w['repair_per_year']['months']}个月")
    if "floor_after_lapse" in w:
        f = w["floor_after_lapse"]
        parts.append(f"连续断缴{f['lapse_years']}年及以上的，合计不少于{f['months']}个月")
    return "；".join(parts) + "。等待期自缴费之日与参保年度1月1日中较晚者起算。"


def _situation_text(sid, s):
    if sid == "newborn":
        limit = s["limit"]
        span = f"{limit['months']}个月" if "months" in limit else f"{limit['days']}天"
        if s.get("only_outside_window"):
            return f"错过集中缴费期的新生儿，出生后{span}内可办理参保，参保后享受当年度待遇；逾期不予办理。"
        text = f"出生后{span}内参保的，自出生之日起享受待遇"
        if s.get("parent_insured_free"):
            text += f"；{s['born_on_or_after']}及以后出生、父或母参加本市基本医保的，不用缴费"
        if s.get("born_earlier_pay_by"):
            text += f"；此前出生的须在{s['born_earlier_pay_by']}前缴费才能享受次年待遇"
        after = s["after"]
        text += "；逾期的自参保登记之日起享受待遇" if isinstance(after, dict) else "；逾期按一般规定"
        return text + "。"
    if sid == "employee_lapse":
        return f"职工医保断保后{s['limit']['days']}天内参保，按个人缴费标准缴费，自断保之日起享受待遇。"
    if sid == "welfare_child":
        return f"随参随缴，自进入儿童福利机构之日起享受待遇；集中参保缴费期外参保的，费用由{s['outside_window']['payer']}全额资助。"
    if sid == "released":
        return "按个人缴费标准缴费，自参保缴费之日起享受待遇。"
    if sid == "freshman":
        return f"待遇享受期为{s['cover']['start']}至{s['cover']['end']}。"
    return ""


def notice_summary(data, notice_id):
    # the figures that answer for the notice's own region: its own, and those a higher notice
    # covering it states where it is silent (precedence.py); each citation names its notice
    notice = answering(data, data["notices"][notice_id]["region"], data["notices"][notice_id])
    fig = notice["figures"]
    window = Window(fig["collection"])
    first_day = window.next_payable(window.start)

    def ask(**kw):
        return quote(data, notice["region"], notice["year"], on=first_day.isoformat(), **kw)

    # The standard's columns: the tiers a resident chooses between or, for a notice by population
    # (populations.py), the populations with the notice's own names and words for who is in each;
    # the pages show either as a list and one personal share per column.
    tiers = [{"id": t["id"], "name": t["name"], "amount": t["amount"], "citation": cite(notice, t["cite"])}
             for t in fig.get("tiers", [])]
    column = "tier"
    if "populations" in fig:
        column = "population"
        tiers = [{"id": p["id"], "name": p["name"], "amount": p["amount"], "citation": cite(notice, p["cite"]),
                  "who": p.get("who"),
                  "fiscal_subsidy": ({"amount": p["fiscal_subsidy"]["amount"], "citation": cite(notice, p["fiscal_subsidy"]["cite"])}
                                     if "fiscal_subsidy" in p else None)}
                 for p in fig["populations"]]
    standard = fig.get("standard")
    groups = []
    for gid, g in fig["groups"].items():
        if g.get("open"):  # left to lower levels, or stated by no notice held: said once, below
            continue
        row = {"id": gid, "name": GROUPS[gid], "wording": g["wording"], "citation": cite(notice, g["cite"]),
               "folded_into": g.get("folded_into"), "percent": g.get("percent"), "full": bool(g.get("full")),
               "note": g.get("note") or g.get("unknown")}
        answers = {t["id"]: ask(categories=[gid], **{column: t["id"]}) for t in tiers} or {None: ask(categories=[gid])}
        any_answer = next(iter(answers.values()))
        row["subsidy"] = any_answer["subsidy"] if not tiers else (g.get("subsidy") if "subsidy" in g else None)
        row["payer"] = any_answer["subsidy_payer"]
        row["personal"] = ({k: a["personal_contribution"] for k, a in answers.items()} if tiers
                           else any_answer["personal_contribution"])
        groups.append(row)

    cover = fig["cover"]
    situations = [{"id": sid, "name": SITUATIONS[sid], "text": _situation_text(sid, s), "citation": cite(notice, s["cite"])}
                  for sid, s in fig.get("situations", {}).items()]
    late = None
    if "late" in fig:
        by_population = late_words(notice)  # each population's own (populations.py)
        fs = {} if by_population else fig["fiscal_subsidy"]
        added = by_population or f"财政补助标准（{fs['amount']}元）"
        late = {"text": f"集中参保缴费期外缴费的，按个人缴费标准加{added}之和缴费。",
                "citation": cite(notice, fig["late"]["cite"]), "note": fs.get("note")}
    return {
        "id": notice["id"], "title": notice["title"], "document_number": notice["document_number"],
        "issuer": notice["issuer"], "date": notice["date"], "date_text": notice["date_text"],
        "year": notice["year"], "region": notice["region"], "covers": notice["covers"], "level": notice["level"],
        "standard": _standard(notice, standard, tiers, column),
        "fiscal_subsidy": ({"amount": fig["fiscal_subsidy"]["amount"], "minimum": fig["fiscal_subsidy"].get("minimum", False),
                            "year": fig["fiscal_subsidy"]["year"], "note": fig["fiscal_subsidy"].get("note"),
                            "citation": cite(notice, fig["fiscal_subsidy"]["cite"])}
                           if "fiscal_subsidy" in fig and not own_fiscal_subsidies(notice) else None),
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat(),
                   "payable_days": window.describe_days(), "citation": cite(notice, window.clause),
                   "notes": [{"text": n["text"], "citation": cite(notice, n["cite"])} for n in fig["collection"].get("notes", [])]},
        "cover": _cover(notice, cover),
        "waiting": ({"text": _waiting_text(fig["waiting"]), "citation": cite(notice, fig["waiting"]["cite"])}
                    if "waiting" in fig else None),
        "late": late,
        "groups": groups,
        "best_group_rule": cite(notice, fig["best_group_rule"]["cite"]) if "best_group_rule" in fig else None,
        "subsidy_notes": [{"text": n["text"], "citation": cite(notice, n["cite"])} for n in fig.get("subsidy_notes", [])],
        "situations": situations,
        "payment": [{"way": w.get("way"), "channels": w["channels"], "citation": cite(notice, w["cite"])}
                    for w in fig.get("payment", [])],
        "cited_clauses": sorted(c for c in _cited(fig) if "#" not in c),  # this notice's own
        "groups_delegated": _delegated(notice),
        # how the page says a figure is missing: an excerpt's silence is not the notice's (holding.py)
        "silent": "通知未规定" if text_held([n for n, _ in used_notices(notice)]) == "complete" else EXCERPT_SILENCE,
        # where to read what an excerpt does not reach: the addresses of the excerpts used
        "silent_where": [n["origin"]["url"] for n, _ in used_notices(notice)
                         if n.get("origin", {}).get("complete") is False and n["origin"].get("url")],
        # the parts a higher notice covering the region states for this one: [{notice, parts}]
        "borrowed": [{"notice": nid, "parts": [PARTS[p][1] for p, by in notice["part_sources"].items() if by == nid]}
                     for nid in notice.get("parts", {}) if nid != notice["id"] and nid in notice["part_sources"].values()],
    }


def _standard(notice, standard, tiers, column):
    out = {"amount": standard["amount"] if standard else None, "tiers": tiers,
           "citation": cite(notice, standard["cite"]) if standard else tiers[0]["citation"]}
    if column == "population":  # only then, so the pages of other notices stay as they were
        out["by_population"] = True
    if standard and standard.get("minimum"):  # a floor (不低于), shown as one; only then, as _cover
        out["minimum"] = True
    return out


def _cover(notice, cover):
    out = {"start": cover["start"], "end": cover["end"], "stated": cover["start"] is not None,
           "citation": cite(notice, cover["cite"]) if cover.get("cite") else None, "note": cover.get("note")}
    rule = cover.get("from_payment")
    if rule is not None:  # only then, so the pages and data of notices without it stay as they were
        out["paid_by"] = parse_date(rule["after"], "cover.from_payment.after").isoformat()
        out["from_payment"] = {"text": from_payment_text(rule), "citation": cite(notice, rule["cite"])}
    return out


def _delegated(notice):
    """A province or city notice that leaves each group's help to lower levels: its words and clause."""
    for part in notice.get("parts", {notice["id"]: notice}).values():
        d = part["figures"].get("groups_delegated")
        if d and (notice.get("part_sources") or {}).get("groups", notice["id"]) == part["id"]:
            return {"note": d["note"], "citation": cite(part, d["cite"])}
    return None


def _cited(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "cite":
                yield v
            else:
                yield from _cited(v)
    elif isinstance(value, list):
        for v in value:
            yield from _cited(v)
