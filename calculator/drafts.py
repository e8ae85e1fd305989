"""Drafts: notices whose figures were proposed by `python -m intake draft` and not yet checked.

A figure is proposed while its mapping carries `proposed:` (the sentence it was read from,
policy_data/SCHEMA.md); `python -m intake accept` removes the mark once a person has checked it.
The calculator says so in every answer about such a notice, so the command line, the site's
static tables and the browser all carry the same warning.
"""

DRAFT_BANNER = "草稿：数字尚未核对"


def proposed_keys(notice):
    """Dotted keys of the figures still marked proposed: standard, tiers.high, groups.dibao,
    subsidy_notes.1 (list items by id, else by position from 1)."""
    keys = []

    def walk(node, path):
        if isinstance(node, dict):
            if "proposed" in node:
                keys.append(".".join(path))
            for key, value in node.items():
                if key != "proposed":
                    walk(value, path + [str(key)])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                name = value["id"] if isinstance(value, dict) and "id" in value else i + 1
                walk(value, path + [str(name)])

    walk(notice.get("figures") or {}, [])
    return keys


def draft_notes(notice):
    count = len(proposed_keys(notice))
    if not count:
        return []
    return [f"{DRAFT_BANNER}。本通知有{count}项数字由程序从原文提取，尚未经人核对，请以通知原文为准。"]
