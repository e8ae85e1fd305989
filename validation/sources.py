"""Loading policy data in CPython (command line and build).

The rules never import this module: in the browser the build hands them JSON instead, so
this is the only place that touches files or needs PyYAML.
"""

import datetime as _dt
import json
import os
import re
from pathlib import Path

from calculator.errors import PolicyDataError
from .validate import validate_dataset

NOTICE_FILE = re.compile(r"^\d{6}-\d{4}\.yaml$")
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "policy_data"


def default_dir():
    return Path(os.environ.get("POLICY_DATA", DEFAULT_DIR))


def _read_yaml(path):
    try:
        import yaml  # CPython only; see module docstring
    except ImportError:
        raise PolicyDataError(path.name, "(读取)", "读取政策数据需要 PyYAML：先运行 make setup，再用 .venv/bin/python -m calculator") from None

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 3,000 notices load in seconds
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "(YAML 语法)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PolicyDataError(path.name, where, f"YAML 语法错误: {problem}") from None
    except UnicodeDecodeError:
        raise PolicyDataError(path.name, "(编码)", "文件不是 UTF-8 编码") from None


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def read_notice(file):
    """One notice file, parsed (not yet validated), with its source text checked to exist."""
    if not NOTICE_FILE.match(file.name):
        raise PolicyDataError(file.name, "(文件名)", "通知文件应命名为 区划代码-参保年度.yaml，如 140521-2025.yaml")
    notice = _read_yaml(file)
    if isinstance(notice, dict) and isinstance(notice.get("source"), str):
        if not (file.parent / "sources" / notice["source"]).is_file():
            raise PolicyDataError(file.name, "source", f"原文文件 sources/{notice['source']} 不存在")
    return notice


def notice_files(root):
    return sorted(f for f in Path(root).iterdir() if f.suffix == ".yaml")


def load_policy_dir(path=None, divisions=None):
    """Read, validate and return {"regions": [...], "notices": {id: notice}} (JSON-safe).

    The regions are the national division catalogue (validation/divisions.py); every notice's
    region and covers are checked against it, code and name."""
    from .divisions import load_catalogue

    root = Path(path) if path is not None else default_dir()
    if not root.is_dir():
        raise PolicyDataError(str(root), "(目录)", "政策数据目录不存在")
    regions = load_catalogue(divisions)
    notices = [(file.name, read_notice(file)) for file in notice_files(root)]
    if not notices:
        raise PolicyDataError(str(root), "(目录)", "没有任何通知文件")
    validate_dataset(regions, notices)
    return {
        "regions": regions,
        "notices": {n["id"]: _jsonable(n) for _, n in notices},
    }


def dump_json(data):
    """The form the browser receives: compact, stable, UTF-8.

    Keys keep the order of the YAML files (not sorted): the order of a notice's groups is part of
    the answers (the `groups` listing, the choices an error message names), and the browser must
    answer byte for byte what the command line answers from the YAML."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
