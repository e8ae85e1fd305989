"""`python -m intake draft`: a notice file → DIR/sources/<name>.txt and a draft DIR/<code>-<year>.yaml.

Every check that can refuse the input runs before anything is written (SCHEMA.md's bad inputs:
empty, not a notice, a scan, an unknown encoding, an unknown region, a year already there)."""

import datetime as _dt
import re
from pathlib import Path

from calculator.errors import PolicyDataError
from validation.validate import validate_notice

from .clauses import UNNUMBERED, split
from .clutter import declutter, labelled
from .errors import IntakeError
from .figures import propose
from .files import jsonable, load_yaml, write_all
from .metadata import metadata, reported_title
from .pay_words import ASKS_PAYING, COLLECTING, PAYS
from .read import read_notice
from .regions import Regions, region_rows
from .report import render
from .states import what_it_states
from .yaml_out import dump_notice

ABOUT_INSURANCE = re.compile(r"医疗保险|医保|医疗保障")
ABOUT_PAYING = re.compile(COLLECTING + r"|" + PAYS + r"|" + ASKS_PAYING + r"|参保|医保费|医疗保险费")
# fees and schemes a text that never writes 医保 may be about instead (its 缴费标准 is not ours)
# (养老机构, 失业人员 name people a residents' notice helps, not another fee)
OTHER_FEE = re.compile(r"养老保险|养老金|失业保险|工伤保险|生育保险|保险费|学费|保育费|住宿费|教材费|水费|电费|燃气|物业|党费|会费|车险|财产保险|供暖|取暖")
FIGURES_OF_A_NOTICE = {"standard", "tiers", "fiscal_subsidy", "collection", "cover", "waiting"}
TITLE_YEAR = re.compile(r"([0-9０-９]{4})\s*年度")


def draft(file, region, year, policy_dir, replace=False, origin=None):
    """Writes the draft and returns the review report."""
    policy_dir = Path(policy_dir)
    regions = Regions(region_rows(policy_dir))
    code = str(region).strip()
    regions.get(code)
    year = _year(year)
    target = policy_dir / f"{code}-{year}.yaml"
    if target.exists() and not replace:
        raise IntakeError(f"{target} 已经存在（{code} 的 {year} 年度已有通知）；确要替换请加 --replace。")
    text, rewrap = read_notice(file)
    # before the clauses are read, the first line is taken for a title only where it reads as one: a
    # breadcrumb or a site's menu above the headline (首页 > 职工医保, 养老保险 医疗保险 …) names columns
    first = declutter(text).strip().split("\n")[0].strip()
    _about_residents(first if LOOKS_LIKE_TITLE.search(first) else "", text)
    # a page cut below its header (二、缴费标准 / 个人缴费标准为每人每年450元…) may never write 医保: it
    # is drafted when it names no other fee or scheme and its standard or window is read, with a warning
    unnamed = not ABOUT_INSURANCE.search(text)
    if unnamed and (not ABOUT_PAYING.search(text) or OTHER_FEE.search(text)):
        raise _not_about_paying(file)
    fields = labelled(text)
    text = declutter(text)
    clauses, problems = split(text, rewrap)
    if not ABOUT_PAYING.search(text) and not what_it_states(clauses, year, windows=False)[0]:
        # no word of paying: drafted only where an amount is said to be what a person pays (居民医保
        # 一档400元、二档600元, 个人承担400元) — a date alone in such a text (医保电子凭证激活活动…截止) is
        # not a window
        raise _not_about_paying(file)
    # a lead that says an office issued the notice it quotes (近日，某局印发《…》) is a report's
    reported = bool(REPORT.search(text)) or bool(reported_title(clauses, year))
    meta = metadata(clauses, fields, year, report=reported, places=regions.names(code))
    conflict = meta.pop("issuer_conflict")
    _about_residents(meta["title"] or "", text)
    proposal = propose(clauses, year)
    warnings = _year_named(meta["title"] or "", text, year, proposal.figures.get("collection"), meta["date"])
    if conflict:
        warnings.append(f"标题里的发文机关（{'、'.join(conflict[0])}）和落款（{'、'.join(conflict[1])}）不一致，"
                        "没有填写发文机关：请对照原文填写")
    named = " ".join(str(meta[k]) for k in ("title", "issuer"))
    other = None if any(n in text for n in regions.names(code)) else regions.level_in_text(code, named)
    level = regions.get(code)["level"]
    if other and other[0] != level:
        raise IntakeError(f"区划代码 {code} 是{LEVELS[level]}（{regions.get(code)['name']}），但这份通知读起来是"
                          f"{LEVELS[other[0]]}的（写的是“{other[1]}”）；请给出发文地区的区划代码。")
    if not any(n in "".join(str(meta[k]) for k in ("title", "issuer")) for n in regions.names(code)):
        warnings.append(f"标题和发文机关里没有出现“{regions.get(code)['name']}”，请确认区划代码 {code} 没有给错")
    stated = {f.key.split(".")[0] for f in proposal.found} | {key.split(".")[0] for key, _, _ in proposal.inconsistent}
    ours, other = what_it_states(clauses, year)
    if other and not ours and not FIGURES_OF_A_NOTICE & {f.key.split(".")[0] for f in proposal.found}:
        # 长期护理保险个人缴费标准为…，集中缴费期为…: figures of another scheme only
        raise IntakeError(f"文件“{Path(file).name}”讲的是“{other}”的缴费，不是城乡居民基本医疗保险的参保缴费通知。")
    if UNNUMBERED in problems and not FIGURES_OF_A_NOTICE & stated and not _names_itself(meta):
        # a figure found but not proposed (a window in months, no day) still makes it a notice, and
        # so does a cover period or a waiting period read from it (a notice of the year's dates); so
        # does a standard or a window stated in words no reader gives a role to (a report, a Q&A, a
        # post): it is drafted with what is read, and the person reads the rest
        if not ours:
            if REPORT.search(text) or re.search(r"笔者[\u4e00-\u9fff]{0,12}(?:获悉|了解到)", text):
                # 本报讯 … 笔者从某市医保部门了解到，参保缴费即将开始: a report of a collection to come
                raise IntakeError(f"文件“{Path(file).name}”是一篇报道，没有条款编号，也没有写缴费标准、财政补助或集中征缴期，"
                                  "不像是一份参保缴费通知，没有可以起草的内容。")
            raise IntakeError(f"文件“{Path(file).name}”没有条款编号，也没有读到缴费标准、财政补助或集中征缴期，"
                              "不像是一份参保缴费通知。")
        warnings.append(f"原文说了缴费标准或缴费期，但没有读出数值（“{ours[:40]}”）：请对照原文填写")
    if unnamed:
        if not {"standard", "tiers", "collection"} & {f.key.split(".")[0] for f in proposal.found}:
            raise _not_about_paying(file)
        warnings.append("原文没有提到医疗保险（页面可能从正文中间开始）：请确认这是城乡居民医保的参保缴费通知")
    source = _source_name(Path(file), code, year)
    notice = {"id": f"{code}-{year}", "source": source, **meta, "level": regions.notice_level(code),
              "region": code, "covers": regions.covers(code), "year": year,
              "origin": _origin(text, clauses, fields, Path(file), origin or {}, reported),
              "clauses": clauses,
              "figures": proposal.figures}
    validation = _validate(notice, target.name, regions)
    source_path = policy_dir / "sources" / source
    write_all({source_path: text, target: dump_notice(notice)})
    return render(notice, target, source_path, proposal, problems + proposal.problems, validation, warnings)


LEVELS = {"province": "省级", "city": "市级", "county": "县级"}


def _not_about_paying(file):
    return IntakeError(f"文件“{Path(file).name}”不像城乡居民医保参保缴费通知（没有提到医疗保险和缴费）。")


NOTICE_TITLE = re.compile(r"(?:参保|缴费|征缴|筹资)[\u4e00-\u9fff（）()]*(?:通知|通告|公告)$")


def _names_itself(meta):
    """A text that carries its own 文号 and a title naming a 参保缴费 通知/通告/公告 is that notice,
    even where the text held stops before its first figure (a library's copy cut in the preamble):
    it is drafted with what it states, not refused as "not a notice"."""
    return bool(meta["document_number"] and NOTICE_TITLE.search(meta["title"] or ""))


LOOKS_LIKE_TITLE = re.compile(r"关于|(?:通知|通告|公告|告知书|须知|指南|问答|解读|一封信)[）)]?$")
OTHER_INSURANCE = re.compile(r"职工基本医疗保险|职工医保|职工医疗保险|养老保险|失业保险|工伤保险|生育保险|长期护理保险")
# residents' cover, in the words offices use: 城乡居民医保, 居民基本医疗保险, and a group's cover under the
# residents' scheme named by the group (城乡持证残疾人基本医疗保障, 城乡困难群众医疗保险)
RESIDENTS = re.compile(r"城乡居民(?:基本)?医(?:疗保险|保)|居民(?:基本)?医(?:疗保险|保)|城乡居民医疗保障"
                       r"|城乡医保|城乡(?:(?!职工)[\u4e00-\u9fff]){0,8}?(?:基本)?医疗保(?:障|险)")  # not 城乡职工基本医疗保险
ANY_YEAR = re.compile(r"([0-9０-９]{4})\s*年")


def _head(clauses):
    """The text before the body: 版头, title, preamble (where an issuer names itself)."""
    return " ".join(c["text"] for c in clauses if c["id"] in ("header", "title", "preamble"))[:300]


def _about_residents(title, text):
    """A notice about another insurance (职工医保, 养老保险) is not ours: say what it is about."""
    residents = RESIDENTS.search(title) or RESIDENTS.search(text)
    other = OTHER_INSURANCE.search(title) or (None if residents else OTHER_INSURANCE.search(text))
    if other and not RESIDENTS.search(title) and (not residents or OTHER_INSURANCE.search(title)):
        raise IntakeError(f"这份文件讲的是“{other.group(0)}”，不是城乡居民基本医疗保险的参保缴费通知。")


def _year_named(title, text, year, collection=None, issued=None):
    """The title's year against --year. Some provinces name a collection by the autumn it runs in
    (“2025年…集中征缴” for cover in 2026): that is accepted when the text talks about `year` too,
    or when the window read from it opens in that autumn on a day printed with its year
    (集中征缴期为2025年10月1日至12月31日, with 明年 for the cover) — a window of the autumn before
    `year`, which the title's year cannot be the enrolment year of; any other year in the title is
    another year's notice. A window printed without a year (10月1日至12月31日) tells no year: the
    notice's own date does — signed (or put up) in the autumn its title names, the title names
    that autumn's collection, and the window is read in that autumn. Returns the warnings for the
    report."""
    printed = TITLE_YEAR.search(title) or ANY_YEAR.search(title)
    if not printed or int(printed.group(1)) == year:
        return []
    named = int(printed.group(1))
    if named == year - 1 and (f"{year}年" in text.replace(" ", "") or _autumn_window(collection, named)
                              or (issued and issued.year == named and issued.month >= 7)):
        return [f"标题写的是{named}年（按征缴的秋天称呼），正文讲的是{year}年度的待遇：按参保年度 {year} 起草"]
    found = sorted({int(y) for y in ANY_YEAR.findall(text) if 2000 <= int(y) <= 2100})
    why = ""
    if named == year - 1 and not (issued and issued.year < named):
        # the title may name the autumn's collection: nothing in the text says which it names
        why = f"正文没有写{year}年，征缴期和发文日期也没有写明是{named}年秋天，看不出标题的{named}年是征缴的秋天还是参保年度。"
    raise IntakeError(f"通知标题写的是{named}年度，与 --year {year} 不符（正文提到的年份：{'、'.join(map(str, found))}）。{why}")


def _autumn_window(collection, autumn):
    """The window read opens (or, with no start, ends) in the autumn of `autumn`, and its sentence
    prints that year with the month (2025年10月1日): not a day the reader placed in a year itself."""
    if not collection or not collection.get("proposed"):
        return False
    day = collection.get("start") or collection.get("end")
    said = re.sub(r"\s+", "", str(collection["proposed"]))
    return bool(day) and day.year == autumn and day.month >= 7 and f"{autumn}年{day.month}月" in said


REPORT = re.compile(r"本报讯|记者[\u4e00-\u9fff]{0,8}(?:获悉|了解到|从)|据[\u4e00-\u9fff]{2,12}(?:消息|介绍)")
WECHAT = re.compile(r"点击上方|长按(?:识别|二维码)|点亮“?在看|阅读原文|关注我们|蓝字关注")
SENTENCE_END = tuple("。！？）)”」…")


def _origin(text, clauses, fields, path, given, reported=False):
    """What intake knows of where the text came from (SCHEMA.md, 'origin'); what it cannot know —
    the outlet and address of a page — is given with --outlet/--url or filled in by the clerk.
    A news item (本报讯, 记者…获悉) is a report; a page with a 来源 line naming another outlet, or
    a WeChat post, a repost; a saved web page, an official page; anything else, the official file.
    A text whose last paragraph stops mid-sentence is an excerpt, and `ends_at` quotes where."""
    if reported or REPORT.search(text):
        kind = "report"
    elif WECHAT.search(text):
        kind = "repost"
    elif path.suffix.lower() in (".html", ".htm") or fields:
        kind = "official_page"
    else:
        kind = "official_file"
    body = [c for c in clauses if c["id"][:1].isdigit()]
    last = body[-1]["text"].strip() if body else ""
    complete = not last or last.endswith(SENTENCE_END) or last.endswith(("：", ":"))
    return {"kind": given.get("kind") or kind, "outlet": given.get("outlet"), "url": given.get("url"),
            "read_on": _dt.date.today(), "complete": complete,
            "ends_at": None if complete else f"所存文字止于{body[-1]['label']}“{last[-20:]}”", "digest": False}


def _year(year):
    try:
        value = int(str(year).strip())
    except ValueError:
        raise IntakeError(f"参保年度“{year}”不是年份，请写如 2026。") from None
    if not 2000 <= value <= 2100:
        raise IntakeError(f"参保年度 {value} 不在 2000–2100 之间。")
    return value


def _source_name(path, code, year):
    """The publisher's file name when it already reads <code>-<name>-<year> (as the sources in
    policy_data/ do); otherwise <code>-<year>.txt."""
    stem = path.stem
    if re.fullmatch(rf"{code}-[a-z0-9-]*{year}", stem):
        return f"{stem}.txt"
    return f"{code}-{year}.txt"


def _validate(notice, file, regions):
    """The validator's one line, or None; a draft that fails is still written (the report says
    what to add), since the clerk completes it in the file."""
    try:
        validate_notice(jsonable(notice), file, regions.by_code)
    except PolicyDataError as exc:
        return str(exc)
    return None


def report(path):
    """The review report of a draft already written (`python -m intake report`)."""
    notice = load_yaml(path)
    validation = _validate(notice, Path(path).name, Regions(region_rows()))
    return render(jsonable(notice), path, validation=validation)
