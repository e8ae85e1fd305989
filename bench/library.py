"""What the library holds (issue 23), counted from policy_data/ so the numbers can be reproduced.

* entries by level, by province, by enrolment year and by source kind (`origin.kind`);
* county-level regions (the division catalogue, validation/divisions.py) with figures for the year
  being collected on a given day and for the two years before it. A county has a figure for a year
  when some notice of that year covers it (its own, its city's or its province's: issue 23's
  precedence answers per figure from the most local notice that states it) and states it:
  - standard: a personal standard (`standard`, `tiers`, or `populations`: one per population); a floor only (`standard.minimum`,
    不低于: the calculator gives no amount) is not one, and is counted on its own row;
  - window: a collection window (`collection`);
  - cover date: a first day of cover (`cover.start`, not null).

Usage:
    .venv/bin/python bench/library.py                       # today, policy_data/
    .venv/bin/python bench/library.py --on 2026-12-06 --out bench/results/library-counts.md
"""

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calculator.collecting import season_year  # noqa: E402
from calculator.coverage import county_codes  # noqa: E402  (the site's own list of county-level regions)
from calculator.resolve import notices_covering  # noqa: E402  (the calculator's own precedence)
from validation.sources import load_policy_dir  # noqa: E402

LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "district": "县级（区）"}
KIND_NAMES = {"official_file": "发布机关的正式文件", "official_page": "官方网页",
              "repost": "转载", "report": "报道", None: "（未写来源）"}
FIGURES = ("standard", "window", "cover date")
FLOOR = "standard: a floor only (不低于)"


def by_code(regions):
    return {r["code"]: r for r in regions}


def province_of(code, rows):
    while rows[code]["parent"] is not None:
        code = rows[code]["parent"]
    return rows[code]["name"]


def states(notice):
    """Which of FIGURES the notice itself states."""
    fig = notice["figures"]
    cover = fig.get("cover") or {}
    floor = bool((fig.get("standard") or {}).get("minimum"))
    return {
        "standard": ("standard" in fig and not floor) or "tiers" in fig or "populations" in fig,
        FLOOR: floor,
        "window": "collection" in fig,
        "cover date": cover.get("start") is not None,
    }


def county_counts(data, year):
    """{figure: number of county-level regions with it for `year`}, plus 'any notice' and 'all three'.
    A county has a figure when any notice covering it for the year (its own, its city's, its
    province's) states it: the precedence answers each figure from the most local one that does."""
    codes = county_codes(data)
    out = {"any notice": 0, **{name: 0 for name in FIGURES}, FLOOR: 0, "all three": 0,
           "all three, or a floor for the standard": 0}
    for code in codes:
        chain = notices_covering(data, code, year)
        if not chain:
            continue
        out["any notice"] += 1
        # the standard comes from the most local notice stating one (precedence.py): a county's
        # own amount under a province's floor is a standard
        giver = next((n for n in chain if states(n)["standard"] or states(n)[FLOOR]), None)
        have = {name: any(states(n)[name] for n in chain) for name in FIGURES}
        have["standard"] = giver is not None and states(giver)["standard"]
        floor = giver is not None and states(giver)[FLOOR]
        for name, yes in have.items():
            out[name] += yes
        out[FLOOR] += floor
        out["all three"] += all(have.values())
        out["all three, or a floor for the standard"] += (have["standard"] or floor) and have["window"] and have["cover date"]
    return out, len(codes)


def report(data, on):
    notices = list(data["notices"].values())
    rows = by_code(data["regions"])
    collecting = season_year(on)
    lines = [f"Counted by `bench/library.py` on policy_data/ as of {on.isoformat()} "
             f"(the year being collected that day: {collecting}).", ""]

    def table(title, counter, names=None):
        lines.extend([f"| {title} | entries |", "|---|---|"])
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            lines.append(f"| {names.get(key, key) if names else key} | {n} |")
        lines.append(f"| total | {sum(counter.values())} |")
        lines.append("")

    table("level", Counter(n["level"] for n in notices), LEVEL_NAMES)
    table("province", Counter(province_of(n["region"], rows) for n in notices))
    table("enrolment year", Counter(n["year"] for n in notices))
    table("source kind (origin.kind)", Counter((n.get("origin") or {}).get("kind") for n in notices), KIND_NAMES)

    by_level_year = Counter((n["level"], n["year"]) for n in notices)
    lines.extend(["| level × year | " + " | ".join(str(y) for y in sorted({n['year'] for n in notices})) + " |",
                  "|---|" + "---|" * len({n['year'] for n in notices})])
    for level in ("province", "city", "county", "district"):
        if any(lv == level for lv, _ in by_level_year):
            lines.append(f"| {LEVEL_NAMES[level]} | " + " | ".join(
                str(by_level_year.get((level, y), 0)) for y in sorted({n['year'] for n in notices})) + " |")
    lines.append("")

    lines.extend(["| county-level regions with … | " + " | ".join(
        f"{y}{'（正在征缴）' if y == collecting else ''}" for y in (collecting, collecting - 1, collecting - 2)) + " |",
        "|---|---|---|---|"])
    counts = {}
    for y in (collecting, collecting - 1, collecting - 2):
        counts[y], total = county_counts(data, y)
    for key in ("any notice", *FIGURES, FLOOR, "all three", "all three, or a floor for the standard"):
        lines.append(f"| {key} | " + " | ".join(str(counts[y][key]) for y in counts) + " |")
    lines.append(f"| (county-level regions in the catalogue) | {total} | {total} | {total} |")
    lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy-dir", default=str(ROOT / "policy_data"))
    parser.add_argument("--on", type=date.fromisoformat, default=date.today(),
                        help="the day whose collecting year is counted (default: today)")
    parser.add_argument("--out", help="also write the report to this file")
    args = parser.parse_args(argv)
    text = report(load_policy_dir(args.policy_dir), args.on)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
