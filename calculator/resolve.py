"""Which notice answers for a region and year.

A province or city notice answers for the counties under it (晋城's 2024 notice for 沁水 in 2024);
where a county has its own notice for that year, the county's own notice comes first because it is
the more specific one, and figures it does not state come from the higher notices
(calculator/precedence.py). The answer always names the notices it came from.
"""

from .errors import InputError
from .precedence import RANK as _SPECIFIC_FIRST, compose


class _Index:
    """Lookups over one dataset, built once: with 3,000 notices and every county of China,
    scanning the lists for each region would cost the build minutes."""

    def __init__(self, data):
        self.data = data
        self.regions = {r["code"]: r for r in data["regions"]}
        # `covers` may name a province or a city: every region under it is covered, so a region's
        # notices are those naming it or any region above it (the browser is given only the
        # region's own line of parents, which is all this needs)
        self.naming = {}
        for notice in data["notices"].values():
            for code in notice["covers"]:
                self.naming.setdefault(code, []).append(notice)
        self._covering = {}

    def covering_of(self, code):
        found = self._covering.get(code)
        if found is None:
            found, up = {}, code
            while up is not None and up in self.regions:
                for notice in self.naming.get(up, []):  # 晋城 names both itself and 沁水
                    found.setdefault(notice["id"], notice)
                up = self.regions[up]["parent"]
            found = self._covering[code] = list(found.values())
        return found

    def covered_codes(self):
        """Every region some notice answers for (the catalogue's tree below each code named)."""
        kids = {}
        for code, row in self.regions.items():
            kids.setdefault(row["parent"], []).append(code)
        out, todo = set(), list(self.naming)
        while todo:
            code = todo.pop()
            if code not in out:
                out.add(code)
                todo.extend(kids.get(code, ()))
        return out


_CACHE = []  # a few recent (data, index) pairs; `is` on the data, so a new dataset never meets an old index


def _index(data):
    for cached, index in _CACHE:
        if cached is data:
            return index
    index = _Index(data)
    _CACHE.insert(0, (data, index))
    del _CACHE[4:]
    return index



def full_name(data, code):
    """省 市 县 as a reader would write it, e.g. 山西省晋城市沁水县."""
    regions = _index(data).regions
    parts = []
    while code:
        row = regions[code]
        parts.append(row["name"])
        code = row["parent"]
    return "".join(reversed(parts))


def notices_for_region(data, code):
    """[(year, notice_id)] of every notice that answers for `code`, newest year first."""
    found = {}
    for notice in _index(data).covering_of(code):
        year = notice["year"]
        best = found.get(year)
        if best is None or _SPECIFIC_FIRST[notice["level"]] < _SPECIFIC_FIRST[data["notices"][best]["level"]]:
            found[year] = notice["id"]
    return sorted(found.items(), reverse=True)


def regions_with_notices(data):
    index = _index(data)
    return [(c, index.regions[c]["name"]) for c in sorted(index.covered_codes())]


def notices_covering(data, code, year):
    """Every notice that covers `code` for `year`, most local first (county, city, province)."""
    found = [n for n in _index(data).covering_of(code) if n["year"] == int(year)]
    return sorted(found, key=lambda n: _SPECIFIC_FIRST[n["level"]])


def answering(data, region, notice):
    """The notice an answer for `region` reads: `notice` (the most local one for its year) with
    the figures it does not state taken from the higher notices covering the region."""
    chain = notices_covering(data, region, notice["year"])
    if not chain or chain[0]["id"] != notice["id"]:
        return notice
    composite = _open_vocabulary(data, region, chain, compose(chain))
    if composite is not notice:
        composite = dict(composite, asked_region=region)
    return composite


def _open_vocabulary(data, region, chain, composite):
    """The composite with every group of the shared vocabulary its groups' notice does not name
    made open (no amount, a note saying where the help is set and what the site holds), unless
    that notice is the region's own complete text: only then does its silence mean the group
    does not exist there (an error when asked). A province's or city's notice, or an excerpt, that
    does not state a group's help leaves it to the county's own rules or to the part not held."""
    from .holding import EXCERPT_SILENCE, notice_name
    from .vocabulary import GROUPS

    groups = composite["figures"]["groups"]
    missing = [gid for gid in GROUPS if gid not in groups]
    giver_id = (composite.get("part_sources") or {}).get("groups", composite["id"])
    giver = next((n for n in chain if n["id"] == giver_id), chain[0])
    origin = giver.get("origin") or {}
    excerpt = origin.get("complete") is False
    if not missing or (giver["region"] == region and not excerpt):
        return composite
    delegating = next((n for n in chain if "groups_delegated" in n["figures"]), None)
    row = _index(data).regions.get(region)
    own = row["name"] if row else "本地"
    name = notice_name(data, giver)
    cite = next(iter(groups.values()))["cite"]
    if delegating is not None:
        d = delegating["figures"]["groups_delegated"]
        if delegating is not chain[0] or composite is not chain[0]:
            cite = f"{delegating['id']}#{d['cite']}" if delegating is not chain[0] else d["cite"]
        text = f"{d['note']}（本站尚未收录{own}的规定，资助金额未知）"
    elif excerpt:
        held = {"report": "报道摘录", "repost": "转载摘录"}.get(origin.get("kind"), "原文摘录")
        text = (f"{EXCERPT_SILENCE}——{name}本站所据为{held}（见 {origin.get('url') or '原件'}），其中没有这一类人员的资助"
                + ("" if giver["region"] == region else f"；{own}的规定本站尚未收录"))
    else:
        text = f"{name}没有写这一类人员的资助；{own}的规定本站尚未收录"
    figures = dict(composite["figures"])
    figures["groups"] = {**groups, **{gid: {"wording": GROUPS[gid], "unknown": text, "cite": cite, "open": True}
                                      for gid in missing}}
    return dict(composite, figures=figures)


def _available(data, region):
    """The notices that answer for `region`, newest first; an InputError when there are none.

    The messages name no list of regions: with every county of China there would be thousands,
    and an answer must not depend on which other notices the data it was given holds (the
    browser is given only the notices of the region asked)."""
    regions = _index(data).regions
    region = str(region).strip()
    if region not in regions:
        raise InputError(f"未知的地区代码“{region}”：全国区划代码表中没有这个代码。请填写6位县（市、区）代码，如 140521；"
                         "可查询的地区用 regions 命令列出。")
    available = notices_for_region(data, region)
    if not available:
        row = regions[region]
        name = full_name(data, region)
        if row["level"] == "province":
            raise InputError(f"{name}（{region}）是省级区划；缴费通知由市、县发布，请填写县（市、区）代码。")
        raise InputError(f"{name}（{region}）：本站尚未收录本地的城乡居民医保缴费通知。")
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
            return answering(data, region, data["notices"][notice_id])
    years = "、".join(str(y) for y, _ in available)
    raise InputError(f"{full_name(data, region)}（{region}）没有 {year} 年度的参保通知。可查询的年度: {years}。")


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
        notice = answering(data, region, data["notices"][by_year.get(collecting, available[0][1])])
    return Choice(notice, collecting, window, asked=year not in (None, ""))
