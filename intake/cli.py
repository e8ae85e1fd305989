"""`python -m intake draft|accept|report|diff` (see the package docstring and policy_data/ADDING.md).

Exit status: 0 done, 2 bad input (one plain-Chinese line, nothing written), 1 a file that
would not pass validation (file and field named; nothing written)."""

import argparse
import json
import re
import sys

from calculator.errors import PolicyDataError

from .errors import IntakeError

_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必填参数 {0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "不认识的参数 {0}"),
    (re.compile(r"argument (\S+): expected (?:one|at least one) argument"), "参数 {0} 后面需要值"),
    (re.compile(r"invalid choice: '?([^' ]+)'?"), "“{0}”不是可用的命令，可用的命令: draft、accept、report、diff、review"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        detail = next((text.format(*m.groups()) for pattern, text in _ERRORS for m in [pattern.search(message)] if m),
                      "无法识别")
        raise IntakeError(f"命令参数有误：{detail}。用 --help 查看用法。")


def _parser():
    parser = _Parser(prog="python -m intake", description="把县里的参保缴费通知录入 policy_data/")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    d = sub.add_parser("draft", help="读通知文件，写出待核对的草稿")
    d.add_argument("file", help="通知文件：.txt（UTF-8 或 GBK）、.docx、.html、.pdf")
    d.add_argument("--region", required=True, help="发文地区的区划代码，如 140521")
    d.add_argument("--year", required=True, help="参保年度，如 2026")
    d.add_argument("--policy-dir", default="policy_data", help="政策数据目录（默认 policy_data/）")
    d.add_argument("--replace", action="store_true", help="替换已有的同一地区同一年度的通知")
    d.add_argument("--kind", choices=("official_file", "official_page", "repost", "report"),
                   help="原文来源类型（默认按文字判断）")
    d.add_argument("--outlet", help="发布者：网站或媒体名称")
    d.add_argument("--url", help="原文网址")
    v = sub.add_parser("review", help="在浏览器里对照原文核对草稿（本机页面）")
    v.add_argument("file", help="草稿 YAML（如 policy_data/140521-2026.yaml），或通知文件（先起草，需 --region、--year）")
    v.add_argument("--region", help="起草时：发文地区的区划代码")
    v.add_argument("--year", help="起草时：参保年度")
    v.add_argument("--policy-dir", default="policy_data", help="政策数据目录（默认 policy_data/）")
    v.add_argument("--port", default="0", help="端口（默认随机空闲端口）")
    v.add_argument("--no-open", action="store_true", help="不自动打开浏览器")
    a = sub.add_parser("accept", help="核对后接受草稿中的数字")
    a.add_argument("file", help="草稿 YAML，如 policy_data/140521-2026.yaml")
    a.add_argument("--figure", action="append", default=[], help="只接受这一项（可重复），如 groups.dibao")
    r = sub.add_parser("report", help="重新列出草稿中待核对的数字")
    r.add_argument("file")
    f = sub.add_parser("diff", help="比较两年的通知有什么变化")
    f.add_argument("old")
    f.add_argument("new")
    f.add_argument("--json", action="store_true", help="输出 JSON")
    return parser


def run(argv):
    """(exit status, stdout, stderr); never raises on bad input."""
    try:
        args = _parser().parse_args(argv)
        if args.command == "draft":
            from .draft import draft

            origin = {"kind": args.kind, "outlet": args.outlet, "url": args.url}
            return 0, draft(args.file, args.region, args.year, args.policy_dir, args.replace, origin), ""
        if args.command == "review":
            from .review.command import review

            return review(args)
        if args.command == "accept":
            from .accept import accept

            return 0, accept(args.file, args.figure), ""
        if args.command == "report":
            from .draft import report

            return 0, report(args.file), ""
        from .diff import describe_diff, diff, load_notice

        result = diff(load_notice(args.old), load_notice(args.new))
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if args.json else describe_diff(result)
        return 0, text, ""
    except IntakeError as exc:
        return 2, "", f"错误: {exc}\n"
    except PolicyDataError as exc:
        return 1, "", f"数据校验未通过: {exc}\n"


def main(argv=None):
    code, out, err = run(sys.argv[1:] if argv is None else argv)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code
