"""Where intake learns about regions: the rows {code, name, level, parent} of a policy dir.

The only place intake reads them, so the division catalogue planned for issue 10 (all 2,978
county-level regions) can replace regions.yaml here without touching the rest of intake.
"""

from pathlib import Path

from .errors import IntakeError


def region_rows(policy_dir):
    """The rows as calculator.sources exposes them (today: policy_dir/regions.yaml, validated)."""
    import yaml

    from calculator.errors import PolicyDataError
    from calculator.validate import validate_regions

    path = Path(policy_dir) / "regions.yaml"
    if not path.is_file():
        raise IntakeError(f"“{policy_dir}”不是政策数据目录（没有 regions.yaml）。")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        validate_regions(data, str(path))
    except (yaml.YAMLError, PolicyDataError) as exc:
        raise IntakeError(f"区划表 {path} 有误：{str(exc).splitlines()[0]}") from None
    return data["regions"]


class Regions:
    def __init__(self, rows):
        self.rows = rows
        self.by_code = {row["code"]: row for row in rows}

    def get(self, code):
        row = self.by_code.get(code)
        if row is None:
            raise IntakeError(f"区划代码“{code}”不存在（区划表里没有这个代码）。")
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
