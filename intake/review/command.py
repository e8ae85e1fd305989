"""`python -m intake review FILE`: a draft YAML, or a notice file drafted first (--region, --year)."""

import sys
from pathlib import Path

from ..errors import IntakeError


def review(args):
    file = Path(args.file)
    if not str(args.port).isdigit() or int(args.port) > 65535:
        raise IntakeError(f"端口“{args.port}”不是 0–65535 之间的数。")
    if file.suffix.lower() not in (".yaml", ".yml"):
        if not (args.region and args.year):
            raise IntakeError(f"“{file.name}”不是草稿 YAML；要先起草，请同时给出 --region 和 --year。")
        from ..draft import draft

        draft(file, args.region, args.year, args.policy_dir)
        file = Path(args.policy_dir) / f"{str(args.region).strip()}-{int(str(args.year).strip())}.yaml"
    elif args.region or args.year:
        raise IntakeError("核对已有草稿时不用 --region、--year（它们写在草稿里）。")
    from .server import serve

    def announce(line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    serve(file, args.policy_dir, port=int(args.port), open_browser=not args.no_open, announce=announce)
    return 0, "", ""
