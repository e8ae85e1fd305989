#!/usr/bin/env python3
"""Build the static site from policy_data/.

    python build.py [--policy-dir DIR] [--site-dir DIR] [--docs-dir DIR] [--site-url URL] [--drafts]

1. Load and validate policy_data/ (calculator.sources.load_policy_dir). A data error prints one
   line naming the file and the field, and the build stops with status 1; so does a notice whose
   figures are still marked proposed (python -m intake draft), unless --drafts is given.
2. Render the Markdown pages (site_src/templates/*.md.j2) and assets/policy.json into a fresh
   docs directory. Every figure a page shows comes from the calculator (calculator.summary);
   templates only lay out what they are given.
3. Run the MkDocs (Material) build, strict, into a fresh site directory, then write brotli and
   gzip variants beside every compressible file (tools/precompress.py); the service worker
   (sw.js, calculator_assets.write_service_worker) is written before that.
4. Only when all of that succeeded, swap the new docs and site directories in place of the old
   ones. A failed build leaves the previous site/ exactly as it was.
"""

import argparse
import html
import json
import logging
import os
import posixpath
import shutil
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import calculator_assets  # noqa: E402
from calculator.citations import anchor as clause_anchor  # noqa: E402
from calculator.dates import chinese, parse_date  # noqa: E402
from calculator.drafts import DRAFT_BANNER, proposed_keys  # noqa: E402
from calculator.errors import PolicyDataError  # noqa: E402
from calculator.resolve import full_name, notices_for_region  # noqa: E402
from calculator.sources import dump_json, load_policy_dir  # noqa: E402
from calculator.summary import notice_summary  # noqa: E402
from calculator.vocabulary import GROUPS  # noqa: E402
from sitebuild import search  # noqa: E402

SRC = ROOT / "site_src"
MKDOCS_YML = ROOT / "mkdocs.yml"
NAV_FILE = ".nav.yml"  # read by site_src/hooks/site_hooks.py

NOTICE_LEVEL_NAMES = {"county": "县级通知", "district": "区级通知", "city": "市级通知"}


class BuildError(Exception):
    """The build stopped; the message is one line for the person running it."""


# -- page model ---------------------------------------------------------------------------
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


def clause_views(notice):
    views = []
    for clause in notice["clauses"]:
        views.append({
            "id": clause["id"],
            "anchor": clause_anchor(clause["id"]),
            "label": clause["label"],
            "heading": clause.get("heading"),
            "depth": clause_depth(clause["id"]),
            "blocks": text_blocks(clause.get("text", "")),
        })
    return views


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


class Site:
    """Everything the templates need, computed once from the validated data."""

    def __init__(self, data):
        self.data = data
        everywhere = {r["code"]: r for r in data["regions"]}
        # For now the site has pages for the regions the notices cover and their parents only.
        shown = set()
        for notice in data["notices"].values():
            for code in notice["covers"]:
                while code is not None and code not in shown:
                    shown.add(code)
                    code = everywhere[code]["parent"]
        rows = [r for r in data["regions"] if r["code"] in shown]
        self.regions = {r["code"]: r for r in rows}
        self.children = {}
        for region in rows:
            self.children.setdefault(region["parent"], []).append(region["code"])
        self.summaries = {nid: notice_summary(data, nid) for nid in sorted(data["notices"])}
        order = {r["code"]: i for i, r in enumerate(rows)}
        # newest year first, then in the order of regions.yaml
        self.notice_ids = sorted(
            data["notices"],
            key=lambda nid: (-data["notices"][nid]["year"], order[data["notices"][nid]["region"]]),
        )

    def year_banner(self, code, shown, page):
        """What #year-banner needs (site_src/assets/site.js works out the rest on the reader's
        clock): the collection windows and years of the notices that answer for `code`, the year
        the page shows, and a link to each year's notice. None where no notice answers."""
        available = notices_for_region(self.data, code)
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
            "links": {str(year): page_url(page, f"notices/{nid}.md") for year, nid in available},
        }, ensure_ascii=False, separators=(",", ":"))

    def region_view(self, code):
        region = self.regions[code]
        return {
            "code": code,
            "name": region["name"],
            "level": region["level"],
            "full_name": full_name(self.data, code),
            "page": f"regions/{code}.md",
            "notices": [self.notice_ref(nid) for _year, nid in notices_for_region(self.data, code)],
            "children": [self.region_view(child) for child in self.children.get(code, [])],
        }

    def notice_ref(self, nid):
        notice = self.data["notices"][nid]
        summary = self.summaries[nid]
        region = self.regions[notice["region"]]
        return {
            "id": nid,
            "year": notice["year"],
            "page": f"notices/{nid}.md",
            "region_name": region["name"],
            "region_full_name": full_name(self.data, notice["region"]),
            "level_name": NOTICE_LEVEL_NAMES[notice["level"]],
            "title": notice["title"],
            "short_title": f"{region['name']} {notice['year']}年度",
            "document_number": notice["document_number"],
            "summary": summary,
        }

    def tree(self):
        return [self.region_view(code) for code in self.children.get(None, [])]

    def notice_view(self, nid):
        notice = self.data["notices"][nid]
        ref = self.notice_ref(nid)
        page = ref["page"]
        labels = {c["id"]: c["label"] for c in notice["clauses"]}
        issuer = notice["issuer"]
        # the issuing region in full (山西省晋城市), the others it covers by name (沁水县)
        covers = [
            {
                "code": code,
                "name": full_name(self.data, code) if code == notice["region"] else self.regions[code]["name"],
                "page": f"regions/{code}.md",
            }
            for code in sorted(notice["covers"], key=lambda code: code != notice["region"])
        ]
        return {
            **ref,
            "issuer": issuer if isinstance(issuer, list) else [issuer],
            "date": notice["date"],
            "date_text": notice["date_text"],
            # 内政办〔2024〕号: the serial number was left blank in the original
            "number_blank": notice["document_number"].endswith("〕号"),
            "covers": covers,
            "clauses": clause_views(notice),
            "attachments": [attachment_view(a, labels) for a in notice.get("attachments", [])],
            "banner": self.year_banner(notice["region"], notice["year"], page),
            "draft_banner": DRAFT_BANNER if proposed_keys(notice) else None,
        }

    def group_rows(self):
        """Compare page: one row per vocabulary group, one cell per notice (None: not defined)."""
        rows = []
        for gid, name in GROUPS.items():
            cells = []
            for nid in self.notice_ids:
                found = next((g for g in self.summaries[nid]["groups"] if g["id"] == gid), None)
                cells.append({"notice": nid, "group": found, "summary": self.summaries[nid]})
            if any(cell["group"] for cell in cells):
                rows.append({"id": gid, "name": name, "cells": cells})
        return rows


# -- rendering ----------------------------------------------------------------------------
def relative_md(from_page, to_page, anchor=None):
    """A Markdown link target from one docs page to another (MkDocs rewrites and checks it)."""
    if from_page == to_page:
        target = ""
    else:
        target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")


def page_url(from_page, to_page):
    """The URL one built page uses for another (use_directory_urls: notices/x.md is notices/x/),
    for links MkDocs does not see, such as those inside a data attribute."""
    def directory(page):
        stem = page[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"

    here = directory(from_page)
    target = posixpath.relpath(directory(to_page) or ".", here or ".")
    return "./" if target == "." else target + "/"


def md_escape(text):
    text = "" if text is None else str(text)
    for ch in "\\`*_[]|<>":
        text = text.replace(ch, "\\" + ch)
    return text


def md_row(cells, bold=False):
    def cell(value):
        text = md_escape(value)
        return f"**{text}**" if bold and text else text

    return "| " + " | ".join(cell(value) for value in cells) + " |"


def chinese_date(value):
    return chinese(parse_date(value, "日期")) if value not in (None, "") else None


def yuan(amount):
    return f"{amount}\u00a0元"  # no line break between the figure and its unit


def make_env(page):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SRC / "templates")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        # Markdown uses {#id} for heading anchors, so Jinja comments are {## … ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md_escape
    env.filters["html"] = lambda text: html.escape("" if text is None else str(text), quote=True)
    env.filters["cn_date"] = chinese_date
    env.filters["yuan"] = yuan
    env.filters["md_row"] = md_row
    env.filters["md_rule"] = lambda numeric: "|" + "".join("---:|" if n else "---|" for n in numeric)

    def href(to_page, anchor=None):
        return relative_md(page, to_page, anchor)

    def cite_href(citation):
        return relative_md(page, f"notices/{citation['notice']}.md", citation["anchor"])

    env.globals.update(href=href, cite_href=cite_href, page=page, group_names=GROUPS)
    return env


def render(page, template, docs_dir, **context):
    text = make_env(page).get_template(template).render(**context)
    path = Path(docs_dir) / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def nav_entries(site):
    def region_nav(view):
        entry = {view["name"]: view["page"]}
        if not view["children"]:
            return [entry]
        inner = [{f"{view['name']}（概况）": view["page"]}]
        for child in view["children"]:
            inner.extend(region_nav(child))
        return [{view["name"]: inner}]

    regions = []
    for province in site.tree():
        regions.extend(region_nav(province))
    notices = [{site.notice_ref(nid)["short_title"]: f"notices/{nid}.md"} for nid in site.notice_ids]
    return [
        {"首页": "index.md"},
        {"缴费计算器": "calculator.md"},
        {"按地区查": regions},
        {"通知原文": notices},
        {"各地对比": "compare.md"},
        {"名词解释": "guide.md"},
    ]


def render_docs(data, docs_dir):
    site = Site(data)
    docs_dir = Path(docs_dir)
    tree = site.tree()
    render("index.md", "index.md.j2", docs_dir, tree=tree, notices=[site.notice_ref(n) for n in site.notice_ids])

    def walk(view, ancestors):
        newest = view["notices"][0]["year"] if view["notices"] else None
        render(view["page"], "region.md.j2", docs_dir, region=view, ancestors=ancestors,
               banner=site.year_banner(view["code"], newest, view["page"]))
        for child in view["children"]:
            walk(child, ancestors + [view])

    for province in tree:
        walk(province, [])
    for nid in site.notice_ids:
        render(f"notices/{nid}.md", "notice.md.j2", docs_dir, notice=site.notice_view(nid))
    refs = [site.notice_ref(nid) for nid in site.notice_ids]
    render("compare.md", "compare.md.j2", docs_dir, notices=refs, group_rows=site.group_rows())
    render("guide.md", "guide.md.j2", docs_dir, notices=refs)

    assets = docs_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "policy.json").write_text(dump_json(data), encoding="utf-8")
    for path in (SRC / "assets").iterdir():
        if path.is_file():
            shutil.copy2(path, assets / path.name)
    # The calculator page: Pyodide runtime, wheel + lockfile, page scripts (calculator_assets.py).
    try:
        calc = calculator_assets.install(data, assets)
    except calculator_assets.AssetError as exc:
        raise BuildError(f"calculator: {exc}") from None
    render("calculator.md", "calculator.md.j2", docs_dir, calc=calc, calc_json=calculator_assets.page_json(calc),
           notices=refs)
    calc["site_js"] = site_script(assets)
    (docs_dir / NAV_FILE).write_text(
        yaml.safe_dump(nav_entries(site), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return calc


def site_script(assets):
    """assets/site.js (every page's module: the year banner, the calculator's warm-up) with its
    import versioned; returns its own versioned URL."""
    path = assets / "site.js"
    try:
        text = calculator_assets.link_modules(path.read_text(encoding="utf-8"),
                                              {"./collecting.js": "./" + calculator_assets.versioned(assets, "collecting.js")})
    except calculator_assets.AssetError as exc:
        raise BuildError(f"site.js: {exc}") from None
    path.write_text(text, encoding="utf-8")
    return calculator_assets.versioned(assets, "site.js")


def run_mkdocs(docs_dir, site_dir, site_url=None, extra=None):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    overrides = {"docs_dir": str(docs_dir), "site_dir": str(site_dir), "strict": True}
    if site_url is not None:
        overrides["site_url"] = site_url
    try:
        config = load_config(str(MKDOCS_YML), **overrides)
        config.extra.update(extra or {})
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as exc:
        raise BuildError(f"mkdocs: {exc}") from None
    finally:
        logger.removeHandler(handler)


def _replace_dir(new, target):
    """Put `new` where `target` is; the old `target` is removed only after the move."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    shutil.move(str(new), str(target))
    if old is not None:
        shutil.rmtree(old)


def review_gate(data, policy_dir, drafts=False):
    """A notice whose figures are still marked proposed (python -m intake draft) is published
    only by a build with --drafts, and then under a banner; otherwise the build stops here."""
    pending = {nid: proposed_keys(n) for nid, n in sorted(data["notices"].items()) if proposed_keys(n)}
    if pending and not drafts:
        named = "; ".join(f"{Path(policy_dir) / (nid + '.yaml')}: {', '.join(keys)}" for nid, keys in pending.items())
        raise BuildError(f"figures not yet reviewed (check them, then python -m intake accept FILE; "
                         f"or build with --drafts): {named}")
    return pending


def build(policy_dir=None, site_dir=None, docs_dir=None, site_url=None, drafts=False):
    """Validate, render and build; replace docs_dir and site_dir only when all of it worked."""
    policy_dir = Path(policy_dir or ROOT / "policy_data")
    site_dir = Path(site_dir or ROOT / "site").resolve()
    docs_dir = Path(docs_dir or ROOT / "build" / "docs").resolve()
    try:
        data = load_policy_dir(policy_dir)
    except PolicyDataError as exc:
        where = exc.file if Path(exc.file).is_absolute() else policy_dir / exc.file
        raise BuildError(f"policy data error: {where}: {exc.field}: {exc.problem}") from None
    review_gate(data, policy_dir, drafts)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        new_docs = work / "docs"
        new_site = work / "site"
        calc = render_docs(data, new_docs)
        run_mkdocs(new_docs, new_site, site_url, extra={
            "site_js": "assets/" + calc["site_js"],
            "collecting_js": "assets/" + calculator_assets.versioned(new_docs / "assets", "collecting.js"),
        })
        if not (new_site / "index.html").is_file():
            raise BuildError("mkdocs produced no index.html")
        # sw.js at the site root: the calculator page and its files, for a second visit and offline
        try:
            calculator_assets.write_service_worker(new_site, calc)
        except calculator_assets.AssetError as exc:
            raise BuildError(f"calculator: {exc}") from None
        try:  # the search index (pagefind/), before precompression: sitebuild/search.py
            search.index_site(new_site)
        except search.SearchIndexError as exc:
            raise BuildError(f"search: {exc}") from None
        # FILE.br / FILE.gz beside every compressible file (cached by content: see tools/precompress.py)
        from tools.precompress import precompress

        precompress(new_site)
        _replace_dir(new_docs, docs_dir)
        _replace_dir(new_site, site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy-dir", default=str(ROOT / "policy_data"))
    parser.add_argument("--site-dir", default=str(ROOT / "site"))
    parser.add_argument("--docs-dir", default=str(ROOT / "build" / "docs"))
    parser.add_argument("--site-url", default=None, help="overrides SITE_URL / mkdocs.yml site_url")
    parser.add_argument("--drafts", action="store_true",
                        help=f"publish notices with unreviewed figures, under a “{DRAFT_BANNER}” banner")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        data = build(args.policy_dir, args.site_dir, args.docs_dir, args.site_url, args.drafts)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"built {len(data['notices'])} notices into {args.site_dir} "
        f"in {time.monotonic() - started:.1f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
