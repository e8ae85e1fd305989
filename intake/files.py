"""Reading and writing notice files; every write goes to a temporary file that is renamed into
place, so a failure never leaves a half-written file in policy_data/."""

import os
import tempfile
from pathlib import Path

import yaml

from validation.sources import _jsonable as jsonable  # noqa: F401  (dates as ISO text, as the calculator gets them)

from .errors import IntakeError


def load_yaml(path):
    path = Path(path)
    if not path.is_file():
        raise IntakeError(f"找不到文件“{path}”。")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IntakeError(f"“{path.name}”不是可读的 YAML：{str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or "clauses" not in data or "figures" not in data:
        raise IntakeError(f"“{path.name}”不是通知数据文件（没有 clauses 和 figures）。")
    return data


def write_all(files):
    """{path: text}: all written to temporaries first, then renamed one after the other."""
    temps = {}
    try:
        for path, text in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as fh:
                fh.write(text)
            temps[path] = temp
        for path, temp in temps.items():
            os.replace(temp, path)
    finally:
        for temp in temps.values():
            if os.path.exists(temp):
                os.unlink(temp)
