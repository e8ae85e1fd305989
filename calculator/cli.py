"""`python -m calculator quote|regions|groups` — the reference interface (domain.md contract).

`run(argv, data)` never raises and never prints: it returns (exit status, stdout, stderr),
so the browser (Pyodide) and the tests drive exactly what the command line does.
Exit status: 0 answered, 2 bad input (one plain-Chinese line), 1 bad policy data.
"""

import argparse
import contextlib
import io
import json
import os
import re
import sys
import datetime as _dt

from .errors import InputError, PolicyDataError
from .options import HOUSEHOLD, QUOTE, household_options, quote_options  # noqa: F401  (re-exported)
from .quote import quote
from .citations import document_label
from .contribution import stated_personal, stated_standard
from .dates import parse_date
from .holding import document_of, silence_word
from .resolve import find_notice, full_name, notices_for_region, regions_with_notices
from .vocabulary import GROUPS


# argparse's own wording changes between Python versions (3.11 here, 3.14 in Pyodide), and
# the answer must be the same in both: its errors are re-said in our words.
_ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必填参数 {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "不认识的参数 {0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (?:command|\{[^}]*\}): invalid choice: '?([^' ]+)'?"),
     "“{0}”不是可用的命令，可用的命令: quote、household、regions、groups"),
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        for pattern, text in _ARGPARSE_ERRORS:
            match = pattern.search(message)
            if match:
                detail = text.format(*match.groups())
                break
        else:
            detail = "无法识别"
        raise InputError(f"命令参数有误: {detail}。用 --help 查看用法。")


_PARSER = []


def _parser():
    """Built once: constructing argparse costs more than answering (it matters in Pyodide,
    where every recalculation on the page goes through here)."""
    if not _PARSER:
        _PARSER.append(_build_parser())
    return _PARSER[0]


def _build_parser():
    parser = _Parser(prog="python -m calculator", description="城乡居民医保缴费计算器")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    q = sub.add_parser("quote", help="计算个人缴费、缴费期限和待遇起始日")
    _add_options(q, QUOTE)
    parser.quote_parser = q
    h = sub.add_parser("household", help="一户多人：每人的缴费、缴费日和待遇起始日，以及全家合计")
    _add_options(h, HOUSEHOLD)
    parser.household_parser = h
    r = sub.add_parser("regions", help="列出可查询的地区和年度")
    r.add_argument("--json", action="store_true")
    r.add_argument("--coverage", action="store_true", help="各年度有缴费数字的县级区划数（全国、各省）")
    r.add_argument("--on", help="按哪一天算正在征缴的年度（默认今天）")
    g = sub.add_parser("groups", help="列出某通知规定的人员类别")
    g.add_argument("--region", required=True)
    g.add_argument("--year", required=True)
    g.add_argument("--json", action="store_true")
    for one in (q, h, r, g):
        one.add_argument("--policy-dir", help="政策数据目录（默认 policy_data/），可用来试算草稿")
    return parser


class _Once(argparse.Action):
    """A single-valued option given twice with different values is refused, as a link and a
    household member refuse it: argparse would keep the last, a dropped part of the question."""

    def __call__(self, parser, namespace, values, option_string=None):
        before = getattr(namespace, self.dest, None)
        if self.dest in getattr(namespace, "_given", set()) and before != values:
            raise InputError(f"参数 {option_string} 写了两个不同的值（{before}、{values}），请只保留一个。")
        namespace._given = getattr(namespace, "_given", set()) | {self.dest}
        setattr(namespace, self.dest, values)


def _add_options(subparser, options):
    """The shared options (calculator.options) on a subcommand, then its --json."""
    for name, spec in options:
        subparser.add_argument("--" + name, **({"action": _Once} if "action" not in spec else {}), **spec)
    subparser.add_argument("--json", action="store_true", help="输出 JSON")


def _dump(value):
    return json.dumps(value, ensure_ascii=False, indent=2)


def run(argv, data=None, today=None):
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(list(argv))
        if data is None:
            load_policy_dir = _policy_loader()
            if args.policy_dir is not None and not os.path.isdir(args.policy_dir):
                raise InputError(f"政策数据目录“{args.policy_dir}”不存在。")
            data = load_policy_dir(args.policy_dir)
        text = _COMMANDS[args.command](data, args, today)
        return 0, text + "\n", ""
    except InputError as exc:
        return 2, out.getvalue(), f"错误: {exc}\n"
    except PolicyDataError as exc:
        return 1, "", f"政策数据有误: {exc}\n"
    except SystemExit as exc:  # --help
        return (exc.code or 0), out.getvalue(), err.getvalue()


def _policy_loader():
    """validation.sources.load_policy_dir: the command line reads policy_data/ with the build's
    own checks (bad data exits 1 naming file and field). It lives outside this package, which
    the browser gets as a wheel: there the page hands `run` the data and this is never called."""
    try:
        from validation.sources import load_policy_dir
    except ImportError:
        raise PolicyDataError("validation/", "(读取)", "读取政策数据目录需要本仓库的 validation 包：请在仓库根目录运行 python -m calculator") from None
    return load_policy_dir


def _quote(data, args, today):
    answer = quote(
        data, args.region, args.year, on=args.on, categories=args.category, tier=args.tier, population=args.population,
        situation=args.situation, born=args.born, since=args.since,
        parent_insured=args.parent_insured, lapse_years=args.lapse_years,
        repaid_years=args.repaid_years, today=today,
    )
    return _dump(answer) if args.json else describe(answer)


def _regions(data, args, today):
    if args.coverage:
        from .coverage import coverage, describe as describe_coverage

        day = parse_date(args.on, "日期") if args.on else (today or _dt.date.today())
        cov = coverage(data, day)
        return _dump(cov) if args.json else describe_coverage(cov)
    rows = []
    for code, name in regions_with_notices(data):
        rows.append({"code": code, "name": full_name(data, code),
                     "notices": [{"year": y, "notice": n} for y, n in notices_for_region(data, code)]})
    if args.json:
        return _dump(rows)
    lines = []
    for row in rows:
        years = "，".join(f"{n['year']}年度（{n['notice']}）" for n in row["notices"])
        lines.append(f"{row['code']}  {row['name']}: {years}")
    return "\n".join(lines)


def _groups(data, args, today):
    notice = find_notice(data, args.region, args.year)
    figures = notice["figures"]
    # a notice by population (populations.py): each with the notice's name, its words for who is in
    # it (None where the text held gives none), its standard and clause — the form's choice
    populations = [{"id": p["id"], "name": p["name"], "who": p.get("who"), "amount": p["amount"], "clause": p["cite"]}
                   for p in figures.get("populations", [])]
    rows = []
    for gid, g in figures["groups"].items():
        rows.append({"id": gid, "name": GROUPS[gid], "wording": g["wording"],
                     "subsidy": g.get("subsidy"), "folded_into": g.get("folded_into"),
                     "clause": g["cite"], **({"open": g["unknown"]} if g.get("open") else {}),
                     # help stated as the whole or a share of the resident's own standard (populations.py)
                     **({k: g[k] for k in ("full", "percent") if k in g} if "subsidy" not in g else {})})
    if args.json:
        return _dump({"notice": notice["id"], "groups": rows,
                      "tiers": [t["id"] for t in figures.get("tiers", [])],
                      **({"populations": populations} if populations else {}),
                      "situations": ["renewal", "newborn"] + [s for s in figures.get("situations", {}) if s != "newborn"]})
    lines = [f"{document_label(notice)}（{notice['id']}）按人群分别确定个人缴费标准（--population）:"] if populations else []
    lines += [f"  {p['id']:<26} {p['name']}：{p['amount']}元" + (f"（{p['who']}）" if p["who"] else "") for p in populations]
    lines.append(f"{document_label(notice)}（{notice['id']}）规定的人员类别:")
    for row in rows:
        if row["folded_into"]:
            amount = f"并入{GROUPS[row['folded_into']]}"
        elif row.get("open"):
            amount = f"资助金额不明：{row['open']}"
        elif row.get("full"):
            amount = "按本人缴费标准全额资助"
        elif row.get("percent"):
            amount = f"资助本人缴费标准的{row['percent']}%"
        elif row["subsidy"] is None:
            amount = "资助金额未写明"
        else:
            amount = f"资助{row['subsidy']}元"
        lines.append(f"  {row['id']:<26} {row['name']}：{amount}")
    return "\n".join(lines)


def _household(data, args, today):
    from . import household  # only this command needs it

    answer = household.household(data, args.region, args.year, on=args.on, members=args.member, today=today)
    return _dump(answer) if args.json else household.describe(answer)


_COMMANDS = {"quote": _quote, "household": _household, "regions": _regions, "groups": _groups}


# How a clerk names each figure when pointing at its clause.
_FIGURE_NAMES = {
    "notice": "所依据的通知", "collecting_year": "正在征缴的年度", "standard": "个人缴费标准", "standard_minimum": "个人缴费最低标准", "subsidy": "资助", "personal_contribution": "个人缴费",
    "late_surcharge": "期外加收", "collection_start": "集中征缴期开始", "collection_end": "集中征缴期结束",
    "in_collection_window": "能否缴费", "next_payable": "下一个可缴费日", "benefit_start": "待遇开始",
    "benefit_end": "待遇结束", "eligible": "能否办理", "waiting_period": "待遇等待期",
}


def _money(value, silent="通知未写明"):
    return silent if value is None else f"{value}元"


def describe(a):
    """The answer in plain Chinese, for a clerk at a counter."""
    silent = silence_word(a)  # an excerpt's silence is not the notice's (holding.py)
    lines = [f"{a['region_name']} {a['year']}年度城乡居民医保（依据 {document_of(a)}）"]
    if not a["current_notice"]:
        lines.append(f"注意: {a['on']} 正在征缴的是{a['collecting_year']}年度，本答案按{a['year']}年度的通知计算。")
    if a["year_over"]:
        lines.append(f"结论: {a['on']} 不能再为{a['year']}年度缴费，没有应缴金额（见说明第一条）；以下是{a['year']}年度的标准，仅供参考。")
    if not a["eligible"]:
        lines.append("结论: 按通知规定不能办理。")
    else:
        # a notice by population: whose standard it is (populations.py)
        whose = f"（{a['population_name']}）" if a.get("population_name") else ""
        breakdown = f"{stated_standard(a, silent)}{whose} − 资助{_money(a['subsidy'], silent)}"
        if a["late_surcharge"]:
            breakdown += f" + 期外加收{a['late_surcharge']}元"
        lines.append(f"个人缴费: {stated_personal(a, silent)}（标准{breakdown}）")
        if a["subsidy"] and a["subsidy_payer"]:
            lines.append(f"资助由: {a['subsidy_payer']}承担")
    window = f"{a['collection_start']} 至 {a['collection_end']}"
    if a["payable_days"]:
        window += f"（{a['payable_days']}可缴费）"
    lines.append(f"{a['year']}年度集中征缴期: {window}")
    lines.append(f"{a['on']} 可以缴费: {'是' if a['in_collection_window'] else '否'}"
                 + (f"（{a['year']}年度已结束）" if a["year_over"] else "")
                 + (f"；下一个可缴费日 {a['next_payable']}" if not a["in_collection_window"] and a["next_payable"] else ""))
    unknown_wait = a["waiting_period"] and a["waiting_period"].get("ends") is None
    start = a["benefit_start"] or ("无法算出（等待期长度未写明）" if unknown_wait else silent)
    end = a["benefit_end"] or silent
    lines.append(f"待遇享受: 无，{a['year']}年度已不能享受待遇" if a["year_over"] else f"待遇享受: {start} 起，至 {end}")
    if a["waiting_period"]:
        lines.append(f"待遇等待期: {a['waiting_period']['text']}")
    lines.append("依据条款:")
    for key, refs in a["citations"].items():
        labels = "；".join(f"{r['document']} {r['label']}" for r in refs)
        lines.append(f"  {_FIGURE_NAMES.get(key, key)}: {labels}")
    if a["notes"]:
        lines.append("说明:")
        lines.extend(f"  · {n}" for n in a["notes"])
    return "\n".join(lines)


def main(argv=None):
    code, out, err = run(sys.argv[1:] if argv is None else argv)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code
