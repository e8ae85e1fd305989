"""Scores `python -m intake draft` on tests/intake_corpus/ (issue 20): facts right / wrong / missed.

Each notice's yaml holds the facts a person read from the real notice (tests/intake_corpus/README.md).
Every file of the notice (.txt, and .docx/.html/.pdf where there are) is drafted into an empty
policy dir with the notice's region and year, and the url as a clerk would give it; then each fact
is compared with the draft:
* right — the draft proposes the fact's value; wrong — it proposes another value, or proposes a
  value where the person read the text as silent (a null fact); missed — the text states it and the
  draft does not propose it. The ordinary residents' group (subsidy 0, derived from the standard)
  is only scored where the facts list it.
* refused — `draft` exits with its one `错误:` line; crashed — anything else raised.
* accepted — the draft, completed only in the fields whose fact is null (what the text does not
  state: a start the text leaves open, the outlet, a title a report does not print …), with every
  `proposed:` mark taken off, passes the validator the build uses.
Held-out notices are scored in aggregate only: nothing of their text or drafts is printed.
"""

import datetime as _dt
import hashlib
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculator.errors import PolicyDataError  # noqa: E402
from validation.validate import validate_notice  # noqa: E402
from intake.draft import draft  # noqa: E402
from intake.errors import IntakeError  # noqa: E402
from intake.regions import Regions, region_rows  # noqa: E402

CORPUS = ROOT / "tests" / "intake_corpus" / "notices"
KINDS = ("metadata", "standard", "fiscal_subsidy", "collection", "cover", "waiting", "late", "groups")


def split_of(notice_id):
    """The corpus README's rule, recomputed here so a yaml cannot move itself into the tuning half."""
    return "heldout" if hashlib.sha256(("medins-corpus-2026:" + notice_id).encode()).digest()[0] % 2 == 1 else "tuning"


def kind_of(key):
    if key in ("title", "document_number", "issuer", "date"):
        return "metadata"
    if key.startswith(("standard", "tiers")):
        return "standard"
    if key == "late_amount":
        return "late"
    return key.split(".")[0]


def _squash(text):
    """Whitespace out, and traditional characters read as simplified (a 繁體 page's title is the
    same title)."""
    if text is None:
        return None
    import opencc

    return opencc.OpenCC("t2s").convert("".join(str(text).split()))


def expected(facts):
    """{key: value or None}: every fact the person recorded, null where the text is silent."""
    out = {k: facts.get(k) for k in ("title", "document_number", "issuer", "date", "standard",
                                     "fiscal_subsidy", "late_amount")}
    tiers = facts.get("tiers") or {}
    for tid in ("high", "low"):
        out[f"tiers.{tid}"] = tiers.get(tid)
    for key in ("collection", "cover"):
        period = facts.get(key) or {}
        out[f"{key}.start"], out[f"{key}.end"] = period.get("start"), period.get("end")
    out["waiting"] = facts.get("waiting")
    for gid, g in (facts.get("groups") or {}).items():
        for field in ("subsidy", "personal", "percent"):
            out[f"groups.{gid}.{field}"] = (g or {}).get(field)
    return {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in out.items()}


def drafted(notice):
    """The same keys from a draft (None where it proposes nothing)."""
    fig = notice.get("figures") or {}
    issuer = notice.get("issuer")
    out = {"title": notice.get("title"), "document_number": notice.get("document_number"),
           "issuer": "、".join(issuer) if isinstance(issuer, list) else issuer, "date": notice.get("date")}
    standard = (fig.get("standard") or {}).get("amount")
    out["standard"] = standard
    for tier in fig.get("tiers") or []:
        out[f"tiers.{tier['id']}"] = tier["amount"]
    fiscal_fig = fig.get("fiscal_subsidy") or {}
    # a fiscal subsidy the draft marks as another year's (双清: 2024's 670 in a 2025 notice) is not
    # proposed as this year's
    fiscal = fiscal_fig.get("amount") if fiscal_fig.get("year", notice.get("year")) == notice.get("year") else None
    out["fiscal_subsidy"] = fiscal
    for key in ("collection", "cover"):
        period = fig.get(key) or {}
        out[f"{key}.start"], out[f"{key}.end"] = period.get("start"), period.get("end")
    out["waiting"] = (fig.get("waiting") or {}).get("fixed")
    late = fig.get("late") or {}
    out["late_amount"] = standard + fiscal if late.get("add_fiscal_subsidy") and standard and fiscal else None
    derived = set()
    for gid, g in (fig.get("groups") or {}).items():
        if "subsidy" not in g:
            continue
        out[f"groups.{gid}.subsidy"] = g["subsidy"]
        out[f"groups.{gid}.percent"] = 100 if g.get("full") else g.get("percent")
        personal = g.get("personal_stated")
        if personal is None and standard is not None:
            personal = standard - g["subsidy"]
            derived.add(f"groups.{gid}.personal")
        if g.get("full"):
            # 全额资助: the standard, computed, and 100 %, unless the facts record them
            derived |= {f"groups.{gid}.subsidy", f"groups.{gid}.percent"}
        out[f"groups.{gid}.personal"] = personal
        if "personal_stated" in g and "减去个人缴费计算" in str(g.get("note")):
            derived.add(f"groups.{gid}.subsidy")  # computed from what the group pays, not printed
        if gid == "ordinary" and g["subsidy"] == 0:
            derived.add("groups.ordinary.subsidy")  # no help: the product's reading, not a printed 0
    out = {k: (v.isoformat() if isinstance(v, _dt.date) else v) for k, v in out.items()}
    out["_derived"] = derived
    return out


def _same(key, want, got):
    if key in ("title", "issuer", "document_number"):
        if key == "issuer" and want and got:
            parts = lambda s: {p for p in _squash(s).replace("/", "、").replace("，", "、").split("、") if p}  # noqa: E731
            return parts(want) == parts(got)
        if key == "document_number":
            # 吉医保联[2025]19号 as a page prints it is 吉医保联〔2025〕19号 as intake writes it
            from intake.metadata import BRACKETS

            return _squash(want).translate(BRACKETS) == _squash(got).translate(BRACKETS)
        return _squash(want) == _squash(got)
    return want == got


def compare(facts, notice):
    """[(key, verdict, want, got)]: verdict right | wrong | missed (silent facts with no proposal are
    not listed)."""
    want, got = expected(facts), drafted(notice) if notice else {}
    derived = got.pop("_derived", set())
    rows = []
    for key in sorted(set(want) | set(got)):
        w, g = want.get(key), got.get(key)
        if w is None and key in derived:
            continue  # computed from the standard where the person recorded nothing: not a proposal
        if key.startswith("groups.ordinary") and key not in want:
            continue
        if key.startswith("groups.") and key not in want and facts.get("groups") and g is not None \
                and key.endswith((".percent", ".personal")):
            continue  # a group's derived parts are scored only where the person recorded the group
        if w is None and g is None:
            continue
        if w is None:
            rows.append((key, "wrong", w, g))
        elif g is None:
            rows.append((key, "missed", w, g))
        else:
            rows.append((key, "right" if _same(key, w, g) else "wrong", w, g))
    return rows


def completed(notice, meta):
    """The draft as a person completes it filling only what the text does not state (null facts)
    and taking off every `proposed:` mark; None when it is not a dict."""
    facts = meta["facts"]
    n = yaml.safe_load(yaml.safe_dump(notice, allow_unicode=True))
    for key in ("title", "issuer"):
        if facts.get(key) is None and not n.get(key):
            n[key] = f"（{key}：原文未印，由录入人填写）"
    region_name = Regions(region_rows()).get(meta["region"])["name"]
    if facts.get("issuer") is None and region_name not in str(n.get("issuer")) + str(n.get("title")):
        n["issuer"] = f"{region_name}（录入人按来源网站填写）"
    origin = n.setdefault("origin", {})
    if not origin.get("url"):
        origin["url"] = meta["url"]
    if not origin.get("outlet"):
        origin["outlet"] = urlparse(meta["url"]).hostname
    if meta.get("excerpt"):
        origin["complete"], origin["ends_at"] = False, origin.get("ends_at") or str(meta.get("ends_at") or "摘录")
    fig = n.setdefault("figures", {})
    first = next((c["id"] for c in n["clauses"] if c["id"][:1].isdigit()), n["clauses"][0]["id"])
    if not {"standard", "tiers", "populations"} & set(fig) and facts.get("standard") is None and not facts.get("tiers"):
        fig["standard"] = {"amount": 1, "cite": first}  # the text states neither: the person decides
    col = facts.get("collection") or {}
    if "collection" not in fig and not col.get("start") and not col.get("end"):
        fig["collection"] = {"start": _dt.date(meta["year"] - 1, 9, 1), "end": _dt.date(meta["year"] - 1, 12, 31),
                             "cite": first}
    elif "collection" in fig:
        # a window the text opens or closes but not both (从2023年9月1日开始): the person fills the side
        # the text leaves out, and only that side
        if fig["collection"].get("start") is None and not col.get("start"):
            fig["collection"]["start"] = _dt.date(meta["year"] - 1, 9, 1)
        if fig["collection"].get("end") is None and not col.get("end"):
            fig["collection"]["end"] = _dt.date(meta["year"] - 1, 12, 31)
    cover = facts.get("cover") or {}
    if fig.get("cover", {}).get("start") and fig["cover"].get("end") is None and not cover.get("end"):
        fig["cover"]["end"] = _dt.date(meta["year"], 12, 31)
    groups = fig.setdefault("groups", {})
    if "ordinary" not in groups:
        groups["ordinary"] = {"wording": "普通城乡居民", "subsidy": 0, "cite": first}

    def strip(node):
        if isinstance(node, dict):
            node.pop("proposed", None)
            for v in node.values():
                strip(v)
        elif isinstance(node, list):
            for v in node:
                strip(v)
    strip(fig)
    return n


def score_file(meta, path):
    """{verdicts, refused, crashed, accepted, seconds, error}."""
    out = {"id": meta["id"], "file": path.name, "format": path.suffix, "refused": None, "crashed": None,
           "accepted": False, "seconds": None, "validation": None}
    tmp = Path(tempfile.mkdtemp(prefix="intake-corpus-"))
    try:
        start = time.perf_counter()
        try:
            draft(path, meta["region"], meta["year"], tmp, origin={"url": meta.get("url")})
        except IntakeError as exc:
            out["refused"] = str(exc)
        except Exception as exc:  # noqa: BLE001 — a crash is what the bench counts
            out["crashed"] = f"{type(exc).__name__}: {exc}"
        out["seconds"] = time.perf_counter() - start
        target = tmp / f"{meta['region']}-{meta['year']}.yaml"
        notice = yaml.safe_load(target.read_text(encoding="utf-8")) if target.exists() else None
        out["rows"] = compare(meta["facts"], notice)
        if notice is not None:
            try:
                validate_notice(completed(notice, meta), target.name, Regions(region_rows()).by_code)
                out["accepted"] = True
            except PolicyDataError as exc:
                out["validation"] = str(exc)
                out["failure"] = failure_rule(exc)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def failure_rule(exc):
    """The validator's field and rule with every value masked (digits → N, what follows 实际是 → …):
    what a held-out draft failed on can be counted without showing anything of its text."""
    field = re.sub(r"\d+", "N", str(exc.field))
    problem = re.sub(r"(实际是|允许的字段:).*", r"\1 …", str(exc.problem))
    problem = re.sub(r"[“\"'「][^”\"'」]*[”\"'」]", "…", problem)
    problem = re.sub(r"\d+", "N", problem)
    return f"{field}: {problem}"


def failure_counts(results):
    """[(rule, count)], most frequent first: the first validator failure of each draft not accepted
    (the validator stops at the first, so a fixed one may uncover the next)."""
    counts = Counter(r["failure"] for r in results if r.get("failure"))
    counts.update("refused" for r in results if r["refused"])
    counts.update("crashed" for r in results if r["crashed"])
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def missed_counts(results):
    """[(fact key with group ids kept, count)] of the facts stated and not proposed, most first."""
    counts = Counter(key for r in results for key, verdict, _, _ in r["rows"] if verdict == "missed")
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def load():
    metas = []
    for p in sorted(CORPUS.glob("*.yaml")):
        meta = yaml.safe_load(p.read_text(encoding="utf-8"))
        meta["recorded_split"] = meta.get("split")
        meta["split"] = split_of(meta["id"])
        metas.append(meta)
    return metas


def run(split):
    """Scores every file of every notice in `split`."""
    results = []
    for meta in load():
        if meta["split"] != split:
            continue
        for name in meta.get("files") or [f"{meta['id']}.txt"]:
            path = CORPUS / name
            if path.exists():
                results.append({**score_file(meta, path), "states_figure": _states_figure(meta["facts"]),
                                "excerpt": bool(meta.get("excerpt"))})
    return results


def _states_figure(facts):
    return bool(facts.get("standard") or facts.get("tiers") or (facts.get("collection") or {}).get("end"))


def totals(results, formats=None):
    """Counts per fact kind and overall, for the files of the given formats."""
    rows = [r for r in results if formats is None or r["format"] in formats]
    counts = {k: {"right": 0, "wrong": 0, "missed": 0} for k in KINDS}
    for r in rows:
        for key, verdict, _, _ in r["rows"]:
            counts[kind_of(key)][verdict] += 1
    notices = {r["id"] for r in rows}
    return {
        "files": len(rows), "notices": len(notices), "by_kind": counts,
        "right": sum(c["right"] for c in counts.values()), "wrong": sum(c["wrong"] for c in counts.values()),
        "missed": sum(c["missed"] for c in counts.values()),
        "refused": sum(1 for r in rows if r["refused"]),
        "refused_stating": sum(1 for r in rows if r["refused"] and r["states_figure"]),
        "crashed": sum(1 for r in rows if r["crashed"]),
        "accepted": sum(1 for r in rows if r["accepted"]),
        "complete_files": sum(1 for r in rows if not r["excerpt"]),
        "accepted_complete": sum(1 for r in rows if r["accepted"] and not r["excerpt"]),
        "refused_complete_silent": sum(1 for r in rows if r["refused"] and not r["excerpt"] and not r["states_figure"]),
        "median_ms": 1000 * sorted(r["seconds"] for r in rows)[len(rows) // 2] if rows else None,
    }
