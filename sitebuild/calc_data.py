"""The calculator's policy data: one small file per notice, one index per region that has
notices, and one list of regions per province (for the form's picker).

The browser downloads only what one answer needs: the region's index (the region and its parents,
the notices that answer for it and their collection windows) and those notices' files.

* A notice's file is named by a hash of its content (`data/n/<id>.<hash>.json`): cached for ever,
  and a rebuilt figure always has a new URL. It holds what `quote` reads (its clauses reduced to
  id and label: answers cite labels, never texts), the form's choices for it, and its summary for
  the table the page shows without Python.
* A region's index (`data/r/<code>.json`) and a province's list (`data/p/<2 digits>.json`) keep
  their names: the page finds them from a region code alone (offline too, once the service worker
  has them), and a notice page that names its region's files for the warm-up does not change when
  notices of other regions are added. They are revalidated on every use (ETag), so the index
  always names the current notice files.
"""

import hashlib
import json
from pathlib import Path

from calculator.citations import document_label
from calculator.cli import run
from calculator.resolve import answering, notices_covering
from calculator.vocabulary import SITUATIONS, TIERS

from .errors import BuildError

DATA_DIR = "data"  # under assets/


def _tag(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def calculator_notice(notice):
    """The notice as the calculator needs it in the browser: everything but the clause texts and
    the attachment tables (answers cite a clause by its label)."""
    out = {k: v for k, v in notice.items() if k not in ("clauses", "attachments")}
    out["clauses"] = [{"id": c["id"], "label": c["label"]} for c in notice["clauses"]]
    return out


def _groups(data, notice, code):
    out_code, out, err = run(["groups", "--region", code, "--year", str(notice["year"]), "--json"], data=data)
    if out_code != 0:
        raise BuildError(f"calculator groups for {notice['id']} failed: {err.strip()}")
    return json.loads(out)


def _form_groups(groups):
    # an open group carries why its help is not known (where it is set, what the site holds)
    return [{"id": g["id"], "name": g["name"], "wording": g["wording"], **({"open": g["open"]} if "open" in g else {})}
            for g in groups["groups"]]


def form_metadata(data, notice, region_name, below=None):
    """What the form offers for one notice, asked of the calculator itself. `below`: a region
    under the notice's own that it answers for; where the groups offered there differ (a higher
    notice's silence on a group is open there, calculator/resolve.py), they are `groups_below`,
    which the page offers for every region but the notice's own."""
    groups = _groups(data, notice, notice["region"])
    lower = _form_groups(_groups(data, notice, below)) if below else None
    # the figures as they answer for the notice's region, a higher notice's filling its silences
    fig = answering(data, notice["region"], notice)["figures"]
    tier_specs = {t["id"]: t for t in fig.get("tiers", [])}
    waiting = fig.get("waiting") or {}
    newborn = fig.get("situations", {}).get("newborn", {})
    return {
        "id": notice["id"],
        "document": document_label(notice),  # the issuer when the original has no 文号
        "title": notice["title"],
        "name": f"{region_name} {notice['year']}年度",
        "groups": _form_groups(groups),
        **({"groups_below": lower} if lower and lower != _form_groups(groups) else {}),
        "tiers": [{"id": t, "name": tier_specs.get(t, {}).get("name", TIERS.get(t, t)),
                   "amount": tier_specs.get(t, {}).get("amount")} for t in groups["tiers"]],
        "default_tier": fig.get("default_tier"),
        # a notice by population: the resident says which one they are in; none is preselected
        **({"populations": groups["populations"]} if "populations" in groups else {}),
        "situations": [{"id": s, "name": SITUATIONS[s]} for s in groups["situations"]],
        "lapse": bool(waiting),
        "repaid": "repair_per_year" in waiting,
        "parent_insured": bool(newborn.get("parent_insured_free")),
        "window": [fig["collection"]["start"], fig["collection"]["end"]],
    }


TABLE_KEYS = ("standard", "window", "cover", "waiting", "groups", "fiscal_subsidy", "late", "year", "document_number",
              "silent", "silent_where")


def write(site, assets_dir):
    """Write assets/data/. Returns {"notices": {id: url}, "regions": {code: url}, "provinces":
    [{code, name, url}], "warm": {id: [urls]}} (URLs relative to assets/)."""
    data = site.data
    assets_dir = Path(assets_dir)
    for sub in ("n", "r", "p"):
        (assets_dir / DATA_DIR / sub).mkdir(parents=True, exist_ok=True)

    def put(sub, stem, body, versioned=True):
        rel = f"{DATA_DIR}/{sub}/{stem}.{_tag(body)}.json" if versioned else f"{DATA_DIR}/{sub}/{stem}.json"
        (assets_dir / rel).write_text(body, encoding="utf-8")
        return rel

    below = {}  # a region under each notice's own that it answers for (its form's groups_below)
    for code, covering in site.covering.items():
        for _year, nid in covering or ():
            if code != data["notices"][nid]["region"]:
                below.setdefault(nid, code)
    notices = {}
    for nid, notice in sorted(data["notices"].items()):
        summary = site.summaries[nid]
        notices[nid] = put("n", nid, _dump({
            "notice": calculator_notice(notice),
            "form": form_metadata(data, notice, site.regions[notice["region"]]["name"], below.get(nid)),
            "table": {k: summary[k] for k in TABLE_KEYS},
        }))
    regions = {}
    for code, covering in site.covering.items():
        if not covering:
            continue
        ids = [nid for _year, nid in covering]
        # every notice an answer for the region reads: for each year the most local one and the
        # higher ones that state what it does not (calculator/precedence.py); the page fetches
        # all of `files`
        needed = list(dict.fromkeys(n["id"] for year, _nid in covering for n in notices_covering(data, code, year)))
        regions[code] = put("r", code, _dump({
            "code": code,
            "regions": [site.regions[c["code"]] for c in site.breadcrumbs(code)],
            "covering": [[year, nid] for year, nid in covering],
            "windows": {nid: [data["notices"][nid]["figures"]["collection"]["start"],
                              data["notices"][nid]["figures"]["collection"]["end"]] for nid in ids},
            # relative to this file (data/r/), like every URL a data file names
            "files": {nid: "../n/" + notices[nid].rsplit("/", 1)[1] for nid in needed},
        }), versioned=False)
    provinces = []
    for code in site.children.get(None, []):
        members = [code] + _below(site, code)
        rel = put("p", code[:2], _dump({
            "code": code,
            "regions": [site.regions[c] for c in members],
            "indexed": [c for c in members if c in regions],  # these have data/r/<code>.json
        }), versioned=False)
        provinces.append({"code": code, "name": site.regions[code]["name"], "url": rel})
    # what a notice page asks the service worker to fetch ahead: its region's index and files
    warm = {nid: [regions[n["region"]]] + [notices[other] for other in dict.fromkeys(
                o["id"] for year, _ in site.covering[n["region"]] for o in notices_covering(data, n["region"], year))]
            for nid, n in data["notices"].items()}
    return {"notices": notices, "regions": regions, "provinces": provinces, "warm": warm}


def _below(site, code):
    out = []
    for kid in site.children.get(code, []):
        out.append(kid)
        out.extend(_below(site, kid))
    return out


def browser_data(region_index, notice_files):
    """The data an answer in the browser is computed from: the region and its parents, and the
    notices that answer for it (calculator.browser.answer takes it as it is)."""
    return {"regions": region_index["regions"],
            "notices": {f["notice"]["id"]: f["notice"] for f in notice_files}}
