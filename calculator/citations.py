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


def cite(notice, clause_id):
    return {
        "notice": notice["id"],
        "document": notice["document_number"],
        "clause": clause_id,
        "label": clause(notice, clause_id)["label"],
        "anchor": anchor(clause_id),
    }
