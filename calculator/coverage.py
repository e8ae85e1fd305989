"""How many county-level regions have figures, year by year: the site's home page, each province
page and `python -m calculator regions --coverage` print these same counts.

A county has figures for a year when some notice covers it for that year (its own, its city's or
its province's: resolve.notices_for_region). The years are the one being collected on the day
asked (collecting.season_year) and every earlier year the library holds."""

from .collecting import season_year
from .resolve import _index, notices_for_region


def county_codes(data, under=None):
    """County-level regions (a city without counties counts as one), at or below `under`."""
    regions = _index(data).regions
    parents = {r["parent"] for r in regions.values()}
    out = []
    for code, row in regions.items():
        if row["level"] == "county" or (row["level"] == "city" and code not in parents):
            if under is None or within(regions, code, under):
                out.append(code)
    return sorted(out)


def within(regions, code, ancestor):
    """Whether `code` is `ancestor` or lies under it in the division tree."""
    while code is not None:
        if code == ancestor:
            return True
        code = regions[code]["parent"]
    return False


def coverage(data, day):
    """{"collecting": year, "years": [newest first], "total", "by_year": {year: n},
    "provinces": [{code, name, total, by_year, without: [codes with no notice for any year]}]}."""
    regions = _index(data).regions
    collecting = season_year(day)
    held = {code: {year for year, _ in notices_for_region(data, code)} for code in county_codes(data)}
    years = sorted({collecting} | {y for ys in held.values() for y in ys if y <= collecting}, reverse=True)

    def count(codes):
        return {year: sum(1 for c in codes if year in held[c]) for year in years}

    provinces = []
    for code in sorted(c for c, r in regions.items() if r["parent"] is None):
        codes = [c for c in held if within(regions, c, code)]
        provinces.append({"code": code, "name": regions[code]["name"], "total": len(codes),
                          "by_year": count(codes), "without": sorted(c for c in codes if not held[c])})
    return {"collecting": collecting, "years": years, "total": len(held), "by_year": count(list(held)),
            "provinces": provinces}


def describe(cov):
    """The counts as lines of text (the command line)."""
    years = cov["years"]
    head = "地区".ljust(8, "　") + "".join(str(y).rjust(8) for y in years) + "合计".rjust(7, "　")
    lines = [f"各年度有缴费数字的县级区划数（正在征缴的是{cov['collecting']}年度；合计为县级区划总数）", head]
    rows = [("全国", cov["by_year"], cov["total"])] + [(p["name"], p["by_year"], p["total"]) for p in cov["provinces"]]
    for name, by_year, total in rows:
        lines.append(name.ljust(8, "　") + "".join(str(by_year[y]).rjust(8) for y in years) + str(total).rjust(8))
    return "\n".join(lines)
