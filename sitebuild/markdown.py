"""The Markdown pages MkDocs turns into the site, rendered from site_src/templates/*.md.j2.

One Jinja environment for the whole build (a new one per page cost more than rendering it);
the page being rendered is part of each template's context, so links are made relative to it.
Templates only lay out what sitebuild.views computed.
"""

import html
import json
import posixpath
from pathlib import Path

import jinja2
import yaml

from calculator.dates import chinese, parse_date
from calculator.resolve import full_name
from calculator.vocabulary import GROUPS

from .views import HOME_NOTICES, compare_page, flyer_page, region_page

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "site_src" / "templates"
NAV_FILE = ".nav.yml"  # read by site_src/hooks/site_hooks.py
# The navigation every page shows: a few fixed entries, never the catalogue (regions and notices
# are reached through the home page, breadcrumbs and search).
NAV = [
    {"首页": "index.md"},
    {"缴费计算器": "calculator.md"},
    {"各地对比": "compare.md"},
    {"名词解释": "guide.md"},
]


def relative_md(from_page, to_page, anchor=None):
    """A Markdown link target from one docs page to another (MkDocs rewrites and checks it)."""
    target = "" if from_page == to_page else posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")


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


@jinja2.pass_context
def _href(context, to_page, anchor=None):
    return relative_md(context["page"], to_page, anchor)


@jinja2.pass_context
def _cite_href(context, citation):
    return relative_md(context["page"], f"notices/{citation['notice']}.md", citation["anchor"])


def environment():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
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
    env.globals.update(href=_href, cite_href=_cite_href, group_names=GROUPS)
    return env


class Renderer:
    """Writes pages into one docs directory; remembers what it wrote."""

    def __init__(self, docs_dir):
        self.docs_dir = Path(docs_dir)
        self.env = environment()
        self.pages = []

    def render(self, page, template, **context):
        text = self.env.get_template(template).render(page=page, **context)
        path = self.docs_dir / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.pages.append(page)


def render_pages(site, docs_dir, calc, calc_data, source_note, base_url=None):
    """Every page of the site as Markdown under docs_dir. `calc`: the calculator page's context
    (sitebuild.calculator_page.install); `calc_data`: the per-notice data files (sitebuild.calc_data);
    `base_url`: the site's public address (sitebuild.qr.site_url), or None."""
    out = Renderer(docs_dir)
    out.render("index.md", "index.md.j2", provinces=site.provinces(), coverage=site.national_coverage(),
               newest=[site.notice_ref(n) for n in site.notice_ids[:HOME_NOTICES]], notices=len(site.notice_ids),
               source_note=source_note)
    for code in site.regions:
        view = site.region_view(code)
        newest = view["notices"][0]["year"] if view["notices"] else None
        out.render(region_page(code), "region.md.j2", region=view, source_note=source_note,
                   banner=site.year_banner(code, newest, region_page(code)))
    for nid in site.notice_ids:
        out.render(f"notices/{nid}.md", "notice.md.j2", notice=site.notice_view(nid, json.dumps(calc_data["warm"][nid])))
        out.render(flyer_page(nid), "flyer.md.j2", f=site.flyer_view(nid, base_url))
    cities = [{"code": c, "name": site.regions[c]["name"], "full_name": full_name(site.data, c),
               "page": compare_page(c), "notices": [site.notice_ref(n) for n in site.compare_notices(c)]}
              for c in site.compare_cities()]
    out.render("compare.md", "compare.md.j2", cities=cities)
    for city in cities:
        ids = site.compare_notices(city["code"])
        out.render(city["page"], "compare_city.md.j2", city=city, notices=city["notices"], group_rows=site.group_rows(ids),
                   year_changes=site.city_year_changes(city["code"]))
    out.render("guide.md", "guide.md.j2", notices=[site.notice_ref(n) for n in site.guide_examples()])
    out.render("calculator.md", "calculator.md.j2", calc=calc, calc_json=calc["page_json"])
    (Path(docs_dir) / NAV_FILE).write_text(yaml.safe_dump(NAV, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out.pages
