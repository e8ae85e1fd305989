"""Which notice answers for a region and year.

A city notice answers for its counties (晋城's 2024 notice for 沁水 in 2024); where a county
has its own notice for that year, the county's own notice wins because it is the more
specific one. The answer always names the notice it came from.
"""

from .errors import InputError

_SPECIFIC_FIRST = {"county": 0, "district": 0, "city": 1}


def region_names(data):
    return {r["code"]: r["name"] for r in data["regions"]}


def full_name(data, code):
    """省 市 县 as a reader would write it, e.g. 山西省晋城市沁水县."""
    by_code = {r["code"]: r for r in data["regions"]}
    parts = []
    while code:
        row = by_code[code]
        parts.append(row["name"])
        code = row["parent"]
    return "".join(reversed(parts))


def notices_for_region(data, code):
    """[(year, notice_id)] of every notice that answers for `code`, newest year first."""
    found = {}
    for notice in data["notices"].values():
        if code in notice["covers"]:
            year = notice["year"]
            best = found.get(year)
            if best is None or _SPECIFIC_FIRST[notice["level"]] < _SPECIFIC_FIRST[data["notices"][best]["level"]]:
                found[year] = notice["id"]
    return sorted(found.items(), reverse=True)


def regions_with_notices(data):
    names = region_names(data)
    codes = sorted({c for n in data["notices"].values() for c in n["covers"]})
    return [(c, names[c]) for c in codes]


def _available(data, region):
    """The notices that answer for `region`, newest first; an InputError when there are none."""
    names = region_names(data)
    region = str(region).strip()
    choices = "、".join(f"{c} {n}" for c, n in regions_with_notices(data))
    if region not in names:
        raise InputError(f"未知的地区代码“{region}”。可查询的地区: {choices}。")
    available = notices_for_region(data, region)
    if not available:
        raise InputError(f"{names[region]}（{region}）没有收录的参保通知。可查询的地区: {choices}。")
    return region, available


def _year(year):
    try:
        return int(str(year).strip())
    except ValueError:
        raise InputError(f"参保年度“{year}”不是年份，请填写如 2025。") from None


def find_notice(data, region, year):
    region, available = _available(data, region)
    year = _year(year)
    for y, notice_id in available:
        if y == year:
            return data["notices"][notice_id]
    years = "、".join(str(y) for y, _ in available)
    name = region_names(data)[region]
    raise InputError(f"{name}（{region}）没有 {year} 年度的参保通知。可查询的年度: {years}。")


class Choice:
    """The notice an answer uses, and how it relates to the year being collected on the day asked.

    `collecting_year`: the enrolment year being collected on that day (collecting.py);
    `current`: the notice is for that year; `window`: the collection window that decided the
    collecting year, or None when the season did; `asked`: the year was given by the resident."""

    def __init__(self, notice, collecting_year, window, asked):
        self.notice = notice
        self.collecting_year = collecting_year
        self.window = window
        self.asked = asked
        self.current = notice["year"] == collecting_year


def choose_notice(data, region, year, on, parse_on):
    """The notice for `region` in `year`, or — with no year — in the year being collected on the
    day `parse_on()` returns; when the library has no notice for that year, the newest it has.
    `parse_on` is called after the region is known good, so errors come in the order asked."""
    from .collecting import collecting_year, windows_of

    region, available = _available(data, region)
    notice = find_notice(data, region, year) if year not in (None, "") else None
    day = parse_on()
    collecting, window = collecting_year(windows_of(data, available), day)
    if notice is None:
        by_year = dict(available)
        notice = data["notices"][by_year.get(collecting, available[0][1])]
    return Choice(notice, collecting, window, asked=year not in (None, ""))
