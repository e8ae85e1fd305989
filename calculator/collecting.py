"""Which enrolment year is being collected on a day (domain.md, 'The year being collected').

A day belongs to the enrolment year whose collection window, in one of the region's notices,
contains it; failing that, to the year whose usual season contains it: September–December of
year Y−1 collect for year Y, and January–August of year Y are still year Y (late payment and
mid-year enrolment). The season rule is what lets every page know, on 2026-12-01, that residents
are paying for 2027 even though no notice for 2027 is in the library yet.

The site's pages apply the same rule in the browser (site_src/assets/collecting.js), on the
reader's own clock; tests run both on the same days.
"""

from .dates import parse_date

# The month the usual collection season for next year's cover opens.
SEASON_OPENS = 9


def season_year(day):
    return day.year + 1 if day.month >= SEASON_OPENS else day.year


def windows_of(data, available):
    """[(year, start, end)] of the collection windows of the notices `available` names
    ([(year, notice id)], as resolve.notices_for_region returns them)."""
    out = []
    for year, notice_id in available:
        collection = data["notices"][notice_id]["figures"]["collection"]
        out.append((year, parse_date(collection["start"], "collection.start"),
                    parse_date(collection["end"], "collection.end")))
    return out


def collecting_year(windows, day):
    """(year, window or None): the year being collected on `day`, and the window that decided it
    (None when the season decided)."""
    inside = [w for w in windows if w[1] <= day <= w[2]]
    if inside:
        window = max(inside)  # two windows never overlap in one region's notices; if they did, the newer year
        return window[0], window
    return season_year(day), None


def season_note(day, year):
    return (f"未指定参保年度：{day.isoformat()}不在本地已收录通知的集中征缴期内，按通常的征缴时段"
            f"（{year - 1}年9月至{year}年8月都计入{year}年度）算作{year}年度。")


def window_note(day, window):
    year, start, end = window
    return f"未指定参保年度：{day.isoformat()}在{year}年度的集中征缴期（{start.isoformat()}至{end.isoformat()}）内，按{year}年度计算。"
