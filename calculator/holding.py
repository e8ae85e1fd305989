"""What the site holds of the notices an answer reads, said in the answer.

Every answer names the notices it used, most local first, with the parts each one stated and where
its text came from (`sources`), and one sentence on why they apply (`applies`). Where the text held
is a repost, a report, the site's digest or an excerpt, the notes say so; and where a text held is an
excerpt, silence is not the notice's: "通知未规定…" becomes "原文摘录未包含此项…" with the address
to read the rest (domain.md, 'Levels, sources and what the site holds').
"""

import re

from .citations import document_label
from .precedence import PARTS, states

EXCERPT_SILENCE = "原文摘录未包含此项"
SILENT = re.compile(r"^(?:该)?通知(?:未规定|未写明|没有写明|没有写|未单列)(.*)$")
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "district": "县级"}


def _region(data, code):
    return next((r for r in data["regions"] if r["code"] == code), None)


def notice_name(data, notice):
    row = _region(data, notice["region"])
    return f"{row['name'] if row else notice['region']}{notice['year']}年度通知"


def _place_word(name):
    """本县 / 本区 / 本市 / 本旗 …, as a resident calls their own county."""
    last = name[-1:] if name else ""
    return f"本{last}" if last in "县区市旗" else "本地"


def used_notices(notice):
    """[(notice, [part ids it states in this answer])], most local first."""
    parts = notice.get("parts")
    if not parts:
        return [(notice, [p for p in PARTS if states(notice, p)])]
    sources = notice["part_sources"]
    return [(n, [p for p, nid in sources.items() if nid == n["id"]]) for n in parts.values()
            if n["id"] == notice["id"] or n["id"] in sources.values()]


def text_held(notices):
    return "complete" if all(n.get("origin", {}).get("complete", True) for n in notices) else "excerpt"


def finish(data, answer, notice):
    """The answer with `sources`, `applies` and `text_held`, its notes saying where the text came
    from, and silence in an excerpt called by its name."""
    region = answer["region"]
    used = used_notices(notice)
    row = _region(data, region)
    here = _place_word(row["name"]) if row else "本地"
    notes = []
    primary = used[0][0]
    applies = None
    if primary["region"] != region:
        level = primary["level"]
        applies = (f"本站未收录{here}单独发布的{primary['year']}年度通知，适用{notice_name(data, primary)}"
                   f"（{document_label(primary)}，{LEVEL_NAMES[level]}）。")
    borrowed = [(n, p) for n, p in used[1:] if p]
    if borrowed:
        lead = f"{notice_name(data, primary)}未写明的" if primary["region"] == region else "其中"
        parts = "；".join(f"{'、'.join(PARTS[x][1] for x in p)}按{notice_name(data, n)}（{document_label(n)}）" for n, p in borrowed)
        applies = (applies or "") + f"{lead}{parts}。"
    if applies:
        notes.append(applies)
    for n, _parts in used:
        notes.extend(_origin_notes(data, n))
    held = text_held([n for n, _ in used])
    rest = answer["notes"]
    if held == "excerpt":
        rest = [_excerpt_silence(data, note, used, notice) for note in rest]
    # One order for every answer: a year that is over says so first (season.over_line: it is the
    # answer), then which notice answers and how much of it the site holds, then the rest.
    lead = rest[:1] if answer.get("year_over") and rest else []
    answer["notes"] = unique(lead + notes + rest[len(lead):]) if notes or held == "excerpt" else answer["notes"]
    answer["applies"] = applies
    answer["text_held"] = held
    answer["sources"] = [_source(data, n, p) for n, p in used]
    return answer


def _origin_notes(data, n):
    o = n.get("origin") or {}
    name = notice_name(data, n)
    out = []
    kind, outlet, url = o.get("kind"), o.get("outlet"), o.get("url")
    if kind == "repost":
        out.append(f"{name}的文字是{outlet}转载的（{url}），不是发文机关发布的原件。")
    elif kind == "report":
        out.append(f"{name}的数字来自{outlet}的报道（{url}），不是通知原文；请以通知原文为准。")
    if o.get("digest"):
        out.append(f"本站的{name}条款是本站根据{outlet or '来源页面'}所作的摘要，非通知原文（{url}）。")
    if o.get("complete") is False:
        out.append(f"本站所存{name}的文字是摘录，{o.get('ends_at')}；原页面见 {url}。")
    return out


# What a silence is about, by the words of the calculator's notes: a silence on a part one notice
# stated belongs to that notice (an excerpt's or a complete text's); on a part no notice stated,
# to every excerpt the answer read.
SILENCE_PARTS = (("资助", "groups"), ("等待期", "waiting"), ("补缴", "waiting"), ("期外缴费", "late"),
                 ("征缴期外缴费", "late"), ("待遇起始日", "cover"), ("待遇享受期", "cover"), ("新生儿", "situations"))


def _silent_in(notice, used, note):
    """The notices a silent note is about: the one that stated the part it concerns, or all."""
    part = next((p for word, p in SILENCE_PARTS if word in note), None)
    giver_id = (notice.get("part_sources") or {}).get(part) if notice.get("parts") else notice["id"]
    if part and giver_id:
        giver = [n for n, _ in used if n["id"] == giver_id]
        if giver and states(giver[0], part):
            return giver
    return [n for n, _ in used]


def _excerpt_silence(data, note, used, notice):
    match = SILENT.match(note)
    if not match:
        return note
    excerpts = [n for n in _silent_in(notice, used, note) if n.get("origin", {}).get("complete") is False]
    if not excerpts:
        return note
    where = "；".join(f"{notice_name(data, n)}见 {n['origin'].get('url') or '原件'}" for n in excerpts)
    what = match.group(1).rstrip("。")
    return f"{EXCERPT_SILENCE}：{what}（本站所存为原文摘录，{where}）。"


def _source(data, n, parts):
    o = n.get("origin") or {}
    return {"notice": n["id"], "level": n["level"], "region": n["region"],
            "document_number": n["document_number"], "parts": parts,
            **({} if n["document_number"] else {"issuer_label": document_label(n)}),
            "origin": {k: o.get(k) for k in ("kind", "outlet", "url", "read_on", "complete", "ends_at", "digest")}}


def document_of(answer):
    """The answer's document number for a reader: the issuer when the original has none."""
    if answer.get("document_number"):
        return answer["document_number"]
    first = (answer.get("sources") or [{}])[0]
    return first.get("issuer_label") or "原文无文号"


def silence_word(answer):
    """How the command line's text says a figure is missing."""
    return EXCERPT_SILENCE if answer.get("text_held") == "excerpt" else "通知未写明"


def unique(items):
    """The non-empty items, each once, in their first order (notes)."""
    seen = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
