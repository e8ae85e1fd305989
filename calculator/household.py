"""A household: every member answered by `quote` on the same day, and what the clerk collects.

Each member's answer is exactly `quote`'s (same function, same arguments as the command line
passes), so the household cannot disagree with one person's answer. On top of them:

* `total_personal_contribution`: the sum of the members' personal contributions, or null when any
  member's is null (a figure the notice leaves open, or a member the notice refuses), with a note
  saying whose (decision 2: silence is never filled with a guess);
* `rows`: for each member, who they are in plain words and when they pay: `now` (a payment day
  inside the collection window), `later` (the next payment day, `pay_on`), `outside_window` (today,
  under the out-of-window rules their answer states), `not_eligible` or `year_over` (the year is
  over for them: calculator.season; collected from no one, listed in `year_over`);
* `pay_now` / `pay_later`: the members paying on each day and how much, with the clauses;
* `notes`: the household's own notes, then the notes every member shares (once), then the other
  members' notes, each once, under the numbers of the members it is about.

Region, year and day are the household's: an error in them names no member. Any error about a
member names it (第N位) and stops the whole household: nothing is computed for part of a family.
"""

import datetime as _dt
import re

from .contribution import stated_personal, stated_standard
from .dates import parse_date
from .errors import InputError
from .holding import document_of, silence_word
from .members import member_keys, parse_members, quote_arguments, who_raw
from .quote import quote
from .resolve import choose_notice
from .vocabulary import GROUPS, SITUATIONS

def household(data, region, year=None, on=None, members=(), today=None):
    """The household's answer (a dict, the JSON contract), or an InputError in one line."""
    parsed = parse_members(members)
    today = today or _dt.date.today()  # one clock for every member
    choose_notice(data, region, year, on,
                  lambda: parse_date(on, "缴费（登记）日期") if on not in (None, "") else today)
    answers = []
    for index, (raw, fields) in enumerate(parsed, 1):
        try:
            answers.append(quote(data, region, year, on=on, today=today, **quote_arguments(fields)))
        except InputError as exc:
            raise InputError(f"{who_raw(index, raw)}：{_in_member_words(str(exc))}") from None
    return summarise(answers, [fields for _, fields in parsed])


def _in_member_words(text):
    """`quote` says `--born 年-月-日`; inside a member that is `born=年-月-日`."""
    keys = "|".join(re.escape(k) for k in sorted(member_keys(), key=len, reverse=True))
    return re.sub(rf"--({keys})(?: ([^\s，。；）]+))?", lambda m: m[1] + ("=" + m[2] if m[2] else ""), text)


def who(answer, fields):
    """A member in plain words: 低保对象、防止返贫监测对象 / 新生儿，2025-01-05出生."""
    parts = []
    if answer.get("population"):  # a notice by population (populations.py): the notice's own name
        parts.append(answer["population_name"])
    situation = answer["situation"]
    if answer["categories"] != ["ordinary"] or (situation == "renewal" and not parts):
        parts.append("、".join(GROUPS.get(c, c) for c in answer["categories"]))
    if situation != "renewal":
        parts.append(SITUATIONS.get(situation, situation))
    if fields.get("born"):
        parts.append(f"{fields['born']}出生")
    if fields.get("since"):
        parts.append(f"{fields['since']}起" + ("断保" if situation == "employee_lapse" else "进入福利机构"))
    return "，".join(parts)


def label(index, row_who):
    return f"第{index}位（{row_who}）"


def payment(answer):
    """(kind, the day the answer's figures are for): as `quote` computes them. A year that is
    over (calculator.season) is collected from no one."""
    if answer["year_over"]:
        return "year_over", None
    if not answer["eligible"]:
        return "not_eligible", None
    if answer["in_collection_window"]:
        return "now", answer["on"]
    if (answer["waiting_period"] or {}).get("ends", "") is None:
        # a waiting period of unstated length (calculator.quote): whether paying buys any cover
        # cannot be told, so nothing is collected from this member until the office says
        return "cover_unknown", None
    if answer["next_payable"]:
        return "later", answer["next_payable"]
    return "outside_window", answer["on"]


def _sum(answers, indexes):
    """(the members' personal contributions added up or None, the clauses behind them)."""
    total, clauses = 0, []
    for i in indexes:
        value = answers[i - 1]["personal_contribution"]
        if value is None:
            return None, []
        total += value
        for ref in answers[i - 1]["citations"].get("personal_contribution", []):
            if ref not in clauses:
                clauses.append(ref)
    return total, clauses


def _numbers(indexes):
    return "第" + "、".join(str(i) for i in indexes) + "位"


def _member_notes(rows, answers):
    """Each member's notes once: a note every member has, as it is; a note some have, under
    their numbers (第1、2位：…), or under 第N位（…） when it is one member's."""
    whose = {}
    for row, answer in zip(rows, answers):
        for note in answer["notes"]:
            whose.setdefault(note, []).append(row["member"])
    everyone = [n for n, members in whose.items() if len(members) == len(rows)]
    out = list(everyone)
    for note, members in whose.items():
        if note in everyone:
            continue
        if len(members) == 1:
            row = rows[members[0] - 1]
            out.append(f"{label(row['member'], row['who'])}：{note}")
        else:
            out.append(f"{_numbers(members)}：{note}")
    return out


def summarise(answers, fields):
    first = answers[0]
    on = first["on"]
    rows = []
    for index, (answer, member_fields) in enumerate(zip(answers, fields), 1):
        kind, pay_on = payment(answer)
        rows.append({"member": index, "who": who(answer, member_fields), "payment": kind, "pay_on": pay_on})
    everyone = [r["member"] for r in rows]
    total, total_clauses = _sum(answers, everyone)
    now = [r["member"] for r in rows if r["payment"] in ("now", "outside_window")]
    now_amount, now_clauses = _sum(answers, now)
    later_days = sorted({r["pay_on"] for r in rows if r["payment"] == "later"})
    pay_later = []
    for day in later_days:
        members = [r["member"] for r in rows if r["payment"] == "later" and r["pay_on"] == day]
        amount, clauses = _sum(answers, members)
        pay_later.append({"on": day, "members": members, "personal_contribution": amount, "citations": clauses})
    not_eligible = [r["member"] for r in rows if r["payment"] == "not_eligible"]

    notes = []
    for row, answer in zip(rows, answers):
        if answer["eligible"] and answer["personal_contribution"] is None:
            missing = "原文摘录未包含其资助金额" if answer.get("text_held") == "excerpt" else "通知没有写明金额"
            notes.append(f"{label(row['member'], row['who'])}的个人缴费{missing}，全家合计无法算出；"
                         "请向医保经办机构问清该成员的资助标准。")
        elif not answer["eligible"]:
            notes.append(f"{label(row['member'], row['who'])}按通知规定不能办理参保，没有应缴金额，全家合计不能给出；"
                         "其余成员照常办理。")
    for entry in pay_later:
        notes.append(f"{_numbers(entry['members'])}{on}不能缴费，{entry['on']}起可以缴费，金额和待遇按那天缴费计算。")
    over = [r["member"] for r in rows if r["payment"] == "year_over"]
    if over:
        notes.append(f"{_numbers(over)}：{on}不能再为{first['year']}年度缴费，不收取{first['year']}年度的费用；"
                     f"列出的金额是{first['year']}年度的标准，仅供参考。")
    unknown = [r["member"] for r in rows if r["payment"] == "cover_unknown"]
    if unknown:
        notes.append(f"{_numbers(unknown)}：{on}缴费设有待遇等待期，所存文字没有写明等待期长度，"
                     f"缴费后能否享受{first['year']}年度待遇无法判断，不计入可缴金额；请先向当地医保经办机构问清。")
    # members outside the window: each member's answer says its figures are "如果…" that day (quote)
    notes += _member_notes(rows, answers)

    citations = {"total_personal_contribution": total_clauses} if total is not None else {}
    return {
        "region": first["region"],
        "region_name": first["region_name"],
        "year": first["year"],
        "collecting_year": first["collecting_year"],
        "current_notice": first["current_notice"],
        "notice": first["notice"],
        "document_number": first["document_number"],
        "on": on,
        "member_count": len(answers),
        "members": answers,
        "rows": rows,
        "total_personal_contribution": total,
        "pay_now": {"on": on, "members": now, "personal_contribution": now_amount,
                    "citations": now_clauses},
        "pay_later": pay_later,
        "not_eligible": not_eligible,
        "year_over": over,
        "cover_unknown": unknown,
        "citations": citations,
        "notes": notes,
    }


# --------------------------------------------------------------------------- text
def _money(value, silent="通知未写明"):
    return silent if value is None else f"{value}元"


def _total(value):
    return "不能给出（见说明）" if value is None else f"{value}元"


def _amount(group):
    if group["personal_contribution"] is None:
        return "金额不能给出（见说明）"
    return f"共{group['personal_contribution']}元{_clauses(group['citations'])}"


def _clauses(refs):
    return "〔" + "；".join(r["label"] for r in refs) + "〕" if refs else ""


def _member_lines(index, row, a):
    cite = a["citations"]
    silent = silence_word(a)  # an excerpt's silence is not the notice's (holding.py)
    lines = [f"第{index}位  {row['who']}"]
    if a["year_over"]:
        lines.append(f"  个人缴费: {a['year']}年度标准{_money(a['personal_contribution'])}，该年度已不能缴费，不收取"
                     f"{_clauses(cite.get('personal_contribution'))}")
    elif not a["eligible"]:
        lines.append(f"  能否办理: 按通知规定不能办理{_clauses(cite.get('eligible'))}")
    else:
        breakdown = f"标准{stated_standard(a, silent)} − 资助{_money(a['subsidy'], silent)}"
        if a["late_surcharge"]:
            breakdown += f" + 期外加收{a['late_surcharge']}元"
        if a["subsidy"] and a["subsidy_payer"]:
            breakdown += f"，资助由{a['subsidy_payer']}承担"
        lines.append(f"  个人缴费: {stated_personal(a, silent)}（{breakdown}）{_clauses(cite.get('personal_contribution'))}")
    kind = row["payment"]
    if kind == "now":
        when = f"{a['on']} 可以缴费{_clauses(cite.get('in_collection_window'))}"
    elif kind == "later":
        when = f"{a['on']} 不能缴费，{row['pay_on']} 起可以缴费{_clauses(cite.get('next_payable'))}"
    elif kind == "outside_window":
        when = f"{a['on']} 已过集中征缴期，按当天办理计算{_clauses(cite.get('in_collection_window'))}"
    elif kind == "year_over":
        when = f"{a['on']} 不能缴费，{a['year']}年度已结束（见说明）"
    elif kind == "cover_unknown":
        when = f"{a['on']} 已过集中征缴期，等待期长度未写明，缴费后能否享受{a['year']}年度待遇无法判断，暂不收取（见说明）"
    else:
        when = "不能办理"
    lines.append(f"  缴费: {when}")
    if kind == "year_over":
        lines.append(f"  待遇享受: 无，{a['year']}年度已不能享受待遇")
    elif a["eligible"]:
        start = a["benefit_start"] or ("无法算出（等待期长度未写明）" if kind == "cover_unknown" else silent)
        end = a["benefit_end"] or silent
        refs = cite.get("benefit_start", []) + [r for r in cite.get("benefit_end", []) if r not in cite.get("benefit_start", [])]
        lines.append(f"  待遇享受: {start} 起，至 {end}{_clauses(refs)}")
        if a["waiting_period"]:
            lines.append(f"  待遇等待期: {a['waiting_period']['text']}")
    return lines


def describe(h):
    """The household in plain Chinese, for a township clerk: one block per member, every figure
    with its clause (all from the one notice named at the top), then what to collect when."""
    first = h["members"][0]
    lines = [f"{h['region_name']} {h['year']}年度城乡居民医保 家庭缴费（依据 {document_of(first)}）",
             f"共{h['member_count']}人，按 {h['on']} 办理计算"]
    if not h["current_notice"]:
        lines.append(f"注意: {h['on']} 正在征缴的是{h['collecting_year']}年度，本答案按{h['year']}年度的通知计算。")
    window = f"{first['collection_start']} 至 {first['collection_end']}"
    if first["payable_days"]:
        window += f"（{first['payable_days']}可缴费）"
    lines.append(f"{h['year']}年度集中征缴期: {window}{_clauses(first['citations'].get('collection_start'))}")
    for row, answer in zip(h["rows"], h["members"]):
        lines.append("")
        lines += _member_lines(row["member"], row, answer)
    lines.append("")
    over = all(r["payment"] == "year_over" for r in h["rows"])
    total_name = f"全家{h['year']}年度个人缴费标准合计（该年度已结束，不收取）" if over else "全家个人缴费合计"
    lines.append(f"{total_name}: {_total(h['total_personal_contribution'])}{_clauses(h['citations'].get('total_personal_contribution'))}")
    now = h["pay_now"]
    if now["members"]:
        lines.append(f"{now['on']} 可缴: {_numbers(now['members'])}，{_amount(now)}")
    else:
        lines.append(f"{now['on']} 可缴: 无")
    for entry in h["pay_later"]:
        lines.append(f"{entry['on']} 起可缴: {_numbers(entry['members'])}，{_amount(entry)}")
    if h["not_eligible"]:
        lines.append(f"不能办理: {_numbers(h['not_eligible'])}")
    if h["notes"]:
        lines.append("说明:")
        lines.extend(f"  · {n}" for n in h["notes"])
    return "\n".join(lines)
