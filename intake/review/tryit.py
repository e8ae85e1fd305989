"""What the calculator answers, from the desk's current state, for the residents a clerk would
try: an ordinary resident, each group the notice names, a newborn, a late payer. Computed by
calculator.quote itself, so these are the answers the site will give once the notice is saved."""

import datetime as dt

from calculator.errors import InputError, PolicyDataError
from calculator.quote import quote
from calculator.vocabulary import GROUPS


def residents(notice):
    """(who, quote keyword arguments) for the notice's own window and groups."""
    fig = notice["figures"]
    window = fig.get("collection") or {}
    start, end = window.get("start"), window.get("end")
    on = start or f"{notice['year'] - 1}-10-01"
    late = (dt.date.fromisoformat(end) + dt.timedelta(days=30)).isoformat() if end else f"{notice['year']}-03-01"
    out = [("普通居民，集中征缴期第一天缴费", {"on": on})]
    for gid, group in (fig.get("groups") or {}).items():
        if gid != "ordinary":
            out.append((f"{group.get('wording') or GROUPS.get(gid, gid)}", {"on": on, "categories": [gid]}))
    born = f"{notice['year']}-02-01"
    out.append(("新生儿（2月1日出生，出生后第10天登记）",
                {"on": f"{notice['year']}-02-11", "situation": "newborn", "born": born}))
    out.append(("普通居民，征缴期结束后30天才缴费", {"on": late}))
    return out


def answers(notice, regions, problem=None):
    """[{who, ok, contribution, in_window, benefit_start, note}] — or one line saying why nothing
    can be answered yet (the state does not pass validation)."""
    if problem:
        return {"blocked": f"数据还不完整，暂不能试算：{problem}", "rows": []}
    data = {"regions": regions, "notices": {notice["id"]: notice}}
    region = notice["covers"][-1]  # a county the notice answers for (a city's own code is not one)
    rows = []
    for who, ask in residents(notice):
        try:
            answer = quote(data, region, year=notice["year"], **ask)
        except (InputError, PolicyDataError) as exc:
            rows.append({"who": who, "ok": False, "note": str(exc)})
            continue
        except (KeyError, TypeError, ValueError) as exc:  # a state the calculator cannot read yet
            rows.append({"who": who, "ok": False, "note": f"计算器读不了当前数据（{type(exc).__name__}: {exc}）"})
            continue
        rows.append({"who": who, "ok": True,
                     "contribution": _money(answer.get("personal_contribution")),
                     "in_window": "是" if answer.get("in_collection_window") else "否",
                     "benefit_start": answer.get("benefit_start") or "通知未写",
                     "eligible": answer.get("eligible", True)})
    return {"blocked": None, "rows": rows}


def _money(value):
    return "金额未定" if value is None else f"{value} 元"
