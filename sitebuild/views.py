"""What each page shows, computed once from the validated data; templates only lay it out.

Every county-level region of China has a page (province → city → county, from the division
catalogue), whether or not the library holds a notice for it. A page shows only the reader's
path (breadcrumbs) and its own neighbourhood, never the whole country, so a page's size does not
grow with the catalogue.
"""

import datetime as _dt
import json
import posixpath

from calculator.changes import diff
from calculator.citations import anchor as clause_anchor
from calculator.citations import no_number
from calculator.drafts import DRAFT_BANNER, proposed_keys
from calculator.coverage import coverage
from calculator.resolve import answering, full_name, notices_covering, notices_for_region
from calculator.summary import notice_summary
from calculator.vocabulary import GROUPS, figure_name

NOTICE_LEVEL_NAMES = {"county": "县级通知", "district": "区级通知", "city": "市级通知", "province": "省级通知"}
ORIGIN_KIND_NAMES = {
    "official_file": "发文机关印发的通知文件",
    "official_page": "发文机关网站发布的通知页面",
    "repost": "其他媒体转载的通知（非发文机关原件）",
    "report": "新闻报道（数字来自报道，非通知原文）",
}
DIGEST_LABEL = "本站摘要，非通知原文"
# How many notices the guide shows as examples of each term (the guide is one page, whatever
# the size of the library).
GUIDE_EXAMPLES = 5
# How many notices the home page lists (the newest enrolment year first): the page stays small
# however many the library holds; every other notice is two clicks away, through its province.
HOME_NOTICES = 10


def clause_depth(clause_id):
    """How far a clause is indented on its page: 1 for 一、, 2 for 一、（一）, …"""
    head = clause_id.split("-")[0]
    if head and head[0].isdigit():
        return len([p for p in clause_id.split(".") if not p.startswith("p")]) or 1
    return 0


def text_blocks(text):
    """A clause text as printed, split into paragraphs; lines with tabs are table rows."""
    blocks = []
    table = None
    for line in (text or "").split("\n"):
        if "\t" in line:
            cells = [cell.strip() for cell in line.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if not any(cells):
                continue
            if table is None:
                table = {"kind": "table", "rows": []}
                blocks.append(table)
            table["rows"].append(cells)
            continue
        table = None
        if line.strip():
            blocks.append({"kind": "p", "text": line.strip()})
    for block in blocks:
        if block["kind"] == "table":
            width = max(len(row) for row in block["rows"])
            block["rows"] = [row + [""] * (width - len(row)) for row in block["rows"]]
    return blocks


def origin_view(notice):
    """Where the text the site holds came from, for the notice page (SCHEMA.md, 'origin')."""
    o = notice["origin"]
    read_on = o["read_on"]
    return {
        "kind": o["kind"],
        "kind_name": ORIGIN_KIND_NAMES[o["kind"]],
        "outlet": o.get("outlet"),
        "url": o.get("url"),
        "read_on": read_on if isinstance(read_on, str) else read_on.isoformat(),
        "complete": o["complete"],
        "ends_at": o.get("ends_at"),
        "digest": o.get("digest", False),
        "digest_label": DIGEST_LABEL if o.get("digest") else None,
        "cross_check": o.get("cross_check", []),
    }


def clause_views(notice):
    return [{
        "source_at": clause.get("source_at"),
        "id": clause["id"],
        "anchor": clause_anchor(clause["id"]),
        "label": clause["label"],
        "heading": clause.get("heading"),
        "depth": clause_depth(clause["id"]),
        "blocks": text_blocks(clause.get("text", "")),
    } for clause in notice["clauses"]]


def attachment_view(att, labels):
    """An attachment table with the checks the validator ran on it, in words.

    load_policy_dir refuses data whose rows or totals do not add up, so a page only ever
    shows checks that passed."""
    columns = att["columns"]
    checks = []
    for check in att.get("checks", []):
        if check["kind"] == "row_difference":
            checks.append(
                f"每行“{columns[check['result']]}”＝“{columns[check['minuend']]}”−“{columns[check['subtrahend']]}”"
            )
        elif check["kind"] == "column_sums":
            checks.append("各数字列逐行相加，与合计行一致")
    sums = any(check["kind"] == "column_sums" for check in att.get("checks", []))
    numeric = [all(isinstance(row[j], int) for row in att["rows"]) for j in range(len(columns))]
    return {
        **att,
        "anchor": clause_anchor(att["id"]),
        "label": labels.get(att["id"], att["id"]),
        "checks": checks,
        "check_title": "合计核对无误" if sums else "核对无误",
        "numeric": numeric,  # right-aligned columns
    }


def page_url(from_page, to_page):
    """The URL one built page uses for another (use_directory_urls: notices/x.md is notices/x/),
    for links MkDocs does not see, such as those inside a data attribute."""
    def directory(page):
        stem = page[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"

    target = posixpath.relpath(directory(to_page) or ".", directory(from_page) or ".")
    return "./" if target == "." else target + "/"


def region_page(code):
    return f"regions/{code}.md"


def notice_page(nid):
    return f"notices/{nid}.md"


def flyer_page(nid):
    return f"notices/{nid}/flyer.md"


def compare_page(city):
    return f"compare/{city}.md"


class Site:
    """The whole site's model, built once per build."""

    def __init__(self, data, townships=None):
        self.data = data
        self.regions = {r["code"]: r for r in data["regions"]}
        self.children = {}
        for region in data["regions"]:
            self.children.setdefault(region["parent"], []).append(region["code"])
        self.townships = townships or {}
        self.summaries = {nid: notice_summary(data, nid) for nid in sorted(data["notices"])}
        self.covering = {code: notices_for_region(data, code) for code in self.regions}
        # counties with figures, year by year, from the year being collected on the build's day
        self.coverage = coverage(data, _dt.date.today())
        self.coverage_by_province = {p["code"]: p for p in self.coverage["provinces"]}
        # newest year first, then by region code
        self.notice_ids = sorted(data["notices"], key=lambda nid: (-data["notices"][nid]["year"], data["notices"][nid]["region"]))
        self.by_city = {}
        for nid in self.notice_ids:
            city = self.city_of(data["notices"][nid]["region"])
            if city is not None:
                self.by_city.setdefault(city, []).append(nid)

    # -- regions --------------------------------------------------------------------------
    def province_of(self, code):
        while self.regions[code]["parent"] is not None:
            code = self.regions[code]["parent"]
        return code

    def city_of(self, code):
        """The prefecture-level city a region belongs to (itself for a city), or None."""
        while code is not None:
            if self.regions[code]["level"] == "city":
                return code
            code = self.regions[code]["parent"]
        return None

    def breadcrumbs(self, code):
        """The reader's path to a region: [{name, page}], province first."""
        path = []
        while code is not None:
            path.append({"name": self.regions[code]["name"], "page": region_page(code), "code": code})
            code = self.regions[code]["parent"]
        return list(reversed(path))

    def counties_under(self, code):
        """County-level regions at or below `code` (a childless city counts as one)."""
        kids = self.children.get(code, [])
        if not kids:
            return [code] if self.regions[code]["level"] != "province" else []
        out = []
        for kid in kids:
            out.extend(self.counties_under(kid))
        return out

    def region_brief(self, code):
        """A region as a line in its parent's list: name, link, the years the library has."""
        return {
            "code": code,
            "name": self.regions[code]["name"],
            "page": region_page(code),
            "level": self.regions[code]["level"],
            "years": [{"year": year, "page": notice_page(nid), "notice": nid,
                       "title": self.notice_ref(nid)["short_title"],
                       "document_number": self.data["notices"][nid]["document_number"]}
                      for year, nid in self.covering[code]],
        }

    def region_view(self, code):
        row = self.regions[code]
        kids = self.children.get(code, [])
        groups = []
        if row["level"] == "province":
            # cities with their counties; counties straight under the province (municipalities,
            # 省直辖县级行政区划) in one group of their own
            direct = [k for k in kids if not self.children.get(k) and self.regions[k]["level"] == "county"]
            if direct:
                groups.append({"city": None, "counties": [self.region_brief(k) for k in direct]})
            for kid in kids:
                if kid in direct:
                    continue
                groups.append({"city": self.region_brief(kid),
                               "counties": [self.region_brief(k) for k in self.children.get(kid, [])]})
        counties = self.counties_under(code)
        covered = [c for c in counties if self.covering[c]]
        city = self.city_of(code)
        return {
            "code": code,
            "name": row["name"],
            "level": row["level"],
            "county_level": row["level"] == "county" or (row["level"] == "city" and not kids),
            "full_name": full_name(self.data, code),
            "page": region_page(code),
            "breadcrumbs": self.breadcrumbs(code)[:-1],
            "notices": [dict(self.notice_ref(nid), others=self.other_notices(code, year, nid))
                        for year, nid in self.covering[code]],
            "coverage": self.province_coverage(code) if row["level"] == "province" else None,
            "children": [self.region_brief(k) for k in kids] if row["level"] != "province" else [],
            "groups": groups,
            "counties": len(counties),
            "covered": len(covered),
            "townships": self.townships.get(code, []) if not kids else [],
            "compare": compare_page(city) if city and self.compare_notices(city) and row["level"] != "province" else None,
        }

    def other_notices(self, code, year, nid):
        """The other notices covering `code` for `year` (its city's, its province's), most local
        first: the county page lists every notice that covers the county."""
        return [self.notice_ref(n["id"]) for n in notices_covering(self.data, code, year) if n["id"] != nid]

    def coverage_years(self, by_year):
        return [{"year": y, "count": by_year[y], "collecting": y == self.coverage["collecting"]}
                for y in self.coverage["years"]]

    def province_coverage(self, code):
        """The province's counts per year and its counties still without any notice."""
        p = self.coverage_by_province[code]
        return {"years": self.coverage_years(p["by_year"]), "total": p["total"],
                "without": [{"code": c, "name": self.regions[c]["name"], "page": region_page(c)} for c in p["without"]]}

    def national_coverage(self):
        return {"years": self.coverage_years(self.coverage["by_year"]), "total": self.coverage["total"],
                "collecting": self.coverage["collecting"]}

    def provinces(self):
        out = []
        for code in self.children.get(None, []):
            counties = self.counties_under(code)
            out.append({"code": code, "name": self.regions[code]["name"], "page": region_page(code),
                        "counties": len(counties), "covered": sum(1 for c in counties if self.covering[c]),
                        "current": self.coverage_by_province[code]["by_year"][self.coverage["collecting"]]})
        return out

    def year_banner(self, code, shown, page):
        """What #year-banner needs (site_src/assets/site.js works out the rest on the reader's
        clock): the collection windows and years of the notices that answer for `code`, the year
        the page shows, and a link to each year's notice. None where no notice answers."""
        available = self.covering[code]
        if not available:
            return None
        windows = []
        for year, nid in available:
            collection = self.data["notices"][nid]["figures"]["collection"]
            windows.append([year, collection["start"], collection["end"]])
        return json.dumps({
            "windows": windows,
            "years": [year for year, _ in available],
            "shown": shown,
            "name": self.regions[code]["name"],
            "links": {str(year): page_url(page, notice_page(nid)) for year, nid in available},
        }, ensure_ascii=False, separators=(",", ":"))

    # -- notices --------------------------------------------------------------------------
    def notice_ref(self, nid):
        notice = self.data["notices"][nid]
        region = self.regions[notice["region"]]
        return {
            "id": nid,
            "year": notice["year"],
            "page": notice_page(nid),
            "region": notice["region"],
            "region_name": region["name"],
            "region_full_name": full_name(self.data, notice["region"]),
            "level_name": NOTICE_LEVEL_NAMES[notice["level"]],
            "title": notice["title"],
            "short_title": f"{region['name']} {notice['year']}年度",
            "document_number": notice["document_number"] or no_number(notice),
            # 内政办〔2024〕号: the serial number was left blank in the original
            "number_blank": (notice["document_number"] or "").endswith("〕号"),
            "summary": self.summaries[nid],
        }

    def notice_view(self, nid, calc_data=None):
        notice = self.data["notices"][nid]
        ref = self.notice_ref(nid)
        page = ref["page"]
        labels = {c["id"]: c["label"] for c in notice["clauses"]}
        issuer = notice["issuer"]
        # the issuing region in full (山西省晋城市), the others it covers by name (沁水县)
        covers = [
            {"code": code,
             "name": full_name(self.data, code) if code == notice["region"] else self.regions[code]["name"],
             "page": region_page(code)}
            for code in sorted(notice["covers"], key=lambda code: code != notice["region"])
        ]
        return {
            **ref,
            "breadcrumbs": self.breadcrumbs(notice["region"]),
            "issuer": issuer if isinstance(issuer, list) else [issuer],
            "date": notice["date"],
            "date_text": notice["date_text"],
            "covers": covers,
            "clauses": clause_views(notice),
            "attachments": [attachment_view(a, labels) for a in notice.get("attachments", [])],
            "banner": self.year_banner(notice["region"], notice["year"], page),
            "draft_banner": DRAFT_BANNER if proposed_keys(notice) else None,
            "calc_data": calc_data,
            "changes": self.year_changes(self.previous_notice(nid), nid),
            "flyer": flyer_page(nid),
            "origin": origin_view(notice),
            "borrowed": [{"ref": self.notice_ref(b["notice"]), "parts": "、".join(b["parts"])}
                         for b in ref["summary"]["borrowed"]],
        }

    # -- the flyer: one A4 page to pin on a village board --------------------------------------
    def flyer_view(self, nid, base_url):
        """What notices/<id>/flyer/ prints, all of it the notice summary's own figures. Groups
        that pay the same under the same clause share a row, so even 乐至's thirteen groups in two
        tiers fit on one sheet. `base_url`: the site's public address, or None (then no QR code)."""
        from . import qr

        ref = self.notice_ref(nid)
        s = ref["summary"]
        tiers = s["standard"]["tiers"]
        rows = {}
        for g in s["groups"]:
            cells = [g["personal"].get(t["id"]) for t in tiers] if isinstance(g["personal"], dict) else [g["personal"]]
            key = (tuple(cells), g["citation"]["anchor"])
            row = rows.setdefault(key, {"names": [], "cells": cells, "citation": g["citation"], "note": None})
            row["names"].append(g["name"])
            if g["personal"] is None:
                row["note"] = g["note"]
        address = qr.page_address(base_url, page_url("index.md", ref["page"])) if base_url else None
        notice = self.data["notices"][nid]
        return {
            **ref,
            "page": flyer_page(nid),
            "notice_page": ref["page"],
            "covers": [self.regions[c]["name"] for c in notice["covers"] if c != notice["region"]],
            "issuer": notice["issuer"] if isinstance(notice["issuer"], list) else [notice["issuer"]],
            "tiers": tiers,
            "rows": list(rows.values()),
            "address": address,
            "qr": qr.svg(address, f"二维码：{ref['short_title']}通知原文 {address}") if address else None,
            # not the year being collected (on the reader's clock, site.js): the flyer says so
            "banner": self.year_banner(notice["region"], notice["year"], flyer_page(nid)),
        }

    # -- what changed from the year before ---------------------------------------------------
    def previous_notice(self, nid):
        """The notice that answered for the same region in the enrolment year before (its own,
        or a city's that covered it: 沁水 2025 → 晋城 2024), or None."""
        notice = self.data["notices"][nid]
        return next((old for year, old in self.covering[notice["region"]] if year == notice["year"] - 1), None)

    def year_changes(self, old, new):
        """calculator.changes.diff of two notices, each side with what the notice page shows for
        that figure (the summary's own rows, so the box and the pages agree); None without `old`."""
        if old is None:
            return None
        # each side as it answers for the new notice's region: a province or city notice's
        # figures completed by the notices above it (calculator/precedence.py)
        region = self.data["notices"][new]["region"]
        result = diff(answering(self.data, region, self.data["notices"][old]),
                      answering(self.data, region, self.data["notices"][new]))
        rows = []
        for change in result["changes"]:
            head, _, rest = change["key"].partition(".")
            rows.append({"key": change["key"], "head": head, "kind": change["kind"],
                         "name": GROUPS[rest] if head == "groups" else figure_name(change["key"]),
                         "old": self._side(old, head, rest) if change["old"] is not None else None,
                         "new": self._side(new, head, rest) if change["new"] is not None else None})
        return {"old": self.notice_ref(old), "new": self.notice_ref(new), "rows": rows}

    def _side(self, nid, head, rest):
        s = self.summaries[nid]
        # a notice by population lists its populations where tiers stand (calculator.summary)
        rows = {"groups": s["groups"], "situations": s["situations"], "tiers": s["standard"]["tiers"],
                "populations": s["standard"]["tiers"]}.get(head, [])
        return {"s": s, "row": next((r for r in rows if r["id"] == rest), None)}

    def city_year_changes(self, city):
        """For a city's comparison page: each pair of consecutive years some region of the city
        has notices for, with the regions it answers for, newest first."""
        pairs = {}
        for code in dict.fromkeys([city, *self.counties_under(city)]):
            years = dict(self.covering[code])
            for year, nid in years.items():
                if year - 1 in years:
                    pairs.setdefault((years[year - 1], nid), []).append(self.regions[code]["name"])
        out = [{**self.year_changes(old, new), "regions": names} for (old, new), names in pairs.items()]
        return sorted(out, key=lambda p: (-p["new"]["year"], p["new"]["region"]))

    # -- comparison, one city at a time -----------------------------------------------------
    def compare_notices(self, city):
        """The notices issued in a city (by the city or its counties), newest year first."""
        return self.by_city.get(city, [])

    def compare_cities(self):
        return sorted(self.by_city)

    def group_rows(self, notice_ids):
        """One row per vocabulary group, one cell per notice (None: not defined there)."""
        rows = []
        for gid, name in GROUPS.items():
            cells = []
            for nid in notice_ids:
                found = next((g for g in self.summaries[nid]["groups"] if g["id"] == gid), None)
                cells.append({"notice": nid, "group": found, "summary": self.summaries[nid]})
            if any(cell["group"] for cell in cells):
                rows.append({"id": gid, "name": name, "cells": cells})
        return rows

    def guide_examples(self):
        """A few notices to show each term with: the newest of up to GUIDE_EXAMPLES provinces."""
        seen, out = set(), []
        for nid in self.notice_ids:
            province = self.province_of(self.data["notices"][nid]["region"])
            if province not in seen:
                seen.add(province)
                out.append(nid)
        # then any others, so a small library shows all it has
        out += [nid for nid in self.notice_ids if nid not in out]
        return out[:GUIDE_EXAMPLES]
