"""One rule for the year being collected: the calculator's (calculator/collecting.py) and the one
the pages run on the reader's clock (site_src/assets/collecting.js) agree on every day.

The expectations for particular days are in tests/scenarios/collecting-year.yaml (read from the
notices' windows); here the two implementations are run side by side on every day of six years,
for every region the library covers and for windows of other shapes.
"""

import datetime as dt
import json
import shutil
import subprocess

import pytest

from calculator.collecting import collecting_year, windows_of
from calculator.resolve import notices_for_region, regions_with_notices
from conftest import ROOT
from policy_fixture import policy  # noqa: F401

COLLECTING_JS = ROOT / "site_src" / "assets" / "collecting.js"
DAYS = [dt.date(2022, 6, 1) + dt.timedelta(days=i) for i in range((dt.date(2028, 9, 30) - dt.date(2022, 6, 1)).days + 1)]

# Windows of other shapes than the five notices': one opening in August, one running into March,
# none at all (a region the library has no notice for uses the season alone).
OTHER_WINDOWS = [
    [(2026, dt.date(2025, 8, 15), dt.date(2025, 12, 31))],
    [(2027, dt.date(2026, 10, 1), dt.date(2027, 3, 31)), (2026, dt.date(2025, 10, 1), dt.date(2026, 3, 31))],
    [],
]


def js_years_each(window_sets, days):
    """collecting.js's year for each day, for each list of windows: one node process for them all
    (a process per region, 779 of them, took ten minutes of a test run)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: run `make setup`", pytrace=False)
    script = (
        f"import {{ collectingYear }} from {json.dumps(COLLECTING_JS.as_uri())};\n"
        "let input = ''; process.stdin.on('data', (c) => input += c);\n"
        "process.stdin.on('end', () => { const {sets, days} = JSON.parse(input);\n"
        "  process.stdout.write(JSON.stringify(sets.map((windows) => days.map((d) => collectingYear(windows, d))))); });\n"
    )
    payload = {"sets": [[[y, s.isoformat(), e.isoformat()] for y, s, e in windows] for windows in window_sets],
               "days": [d.isoformat() for d in days]}
    proc = subprocess.run([node, "--input-type=module", "-e", script], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    years = json.loads(proc.stdout)
    assert len(years) == len(window_sets)
    return years


def js_years(windows, days):
    return js_years_each([windows], days)[0]


def test_page_and_calculator_agree_on_every_day_for_every_region(policy):
    regions = [(code, windows_of(policy, notices_for_region(policy, code))) for code, _name in regions_with_notices(policy)]
    # collectingYear is a pure function of (windows, day): the page runs it once for each distinct
    # list of windows, and every region's answers are compared with the calculator's for that region
    distinct = list({repr(windows): windows for _code, windows in regions}.values())
    page_years = dict(zip(map(repr, distinct), js_years_each(distinct, DAYS)))
    checked = 0
    for code, windows in regions:
        want = [collecting_year(windows, day)[0] for day in DAYS]
        assert page_years[repr(windows)] == want, code
        checked += len(DAYS)
    assert checked > 10_000


@pytest.mark.parametrize("windows", OTHER_WINDOWS, ids=["august-window", "windows-into-march", "no-notice"])
def test_page_and_calculator_agree_for_other_window_shapes(windows):
    assert js_years(windows, DAYS) == [collecting_year(windows, day)[0] for day in DAYS]


def test_a_window_beats_the_season_and_the_season_fills_the_rest():
    august = OTHER_WINDOWS[0]
    assert collecting_year(august, dt.date(2025, 8, 15))[0] == 2026  # the window opens in August
    assert collecting_year(august, dt.date(2025, 8, 14))[0] == 2025  # the day before: the season
    into_march = OTHER_WINDOWS[1]
    assert collecting_year(into_march, dt.date(2027, 3, 31))[0] == 2027
    assert collecting_year(into_march, dt.date(2027, 4, 1))[0] == 2027  # January–August of 2027
    assert collecting_year([], dt.date(2026, 12, 1))[0] == 2027  # the "today"
    assert collecting_year([], dt.date(2026, 8, 31))[0] == 2026
