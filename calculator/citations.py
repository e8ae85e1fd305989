"""A citation points at one clause of one notice, by the same anchor its page carries."""

_INDEX = {}


def anchor(clause_id):
    return "c-" + clause_id.replace(".", "-")


def clause(notice, clause_id):
    key = (notice["id"], id(notice))
    index = _INDEX.get(key)
    if index is None:
        index = _INDEX[key] = {c["id"]: c for c in notice["clauses"]}
    return index[clause_id]


def no_number(notice):
    """What to say of a notice held without a 文号: a complete text shows the original has none; an
    excerpt (a report, a repost that starts below the header) only that the text held shows none."""
    complete = (notice.get("origin") or {}).get("complete")
    return "所存文字未载文号" if complete is False else "原文无文号"


def document_label(notice):
    """The document number, or — for a notice printed without one — who issued it."""
    if notice["document_number"]:
        return notice["document_number"]
    issuer = notice["issuer"] if isinstance(notice["issuer"], str) else "、".join(notice["issuer"])
    return f"{issuer}（{no_number(notice)}）"


def cite(notice, clause_id):
    """`clause_id` may be `<notice id>#<clause id>`: a figure an answer takes from a higher notice
    covering the region (calculator/precedence.py), found among the composite's `parts`."""
    if "#" in clause_id:
        nid, clause_id = clause_id.split("#", 1)
        notice = notice["parts"][nid]
    return {
        "notice": notice["id"],
        "document": document_label(notice),
        "clause": clause_id,
        "label": clause(notice, clause_id)["label"],
        "anchor": anchor(clause_id),
    }
