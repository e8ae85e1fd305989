"""Special situations (domain.md decision 7): how each one changes the general rules.

Each handler looks only at the notice's `figures.situations.<id>` parameters and the dates
asked, and returns a Case: whether the notice accepts it, how the amount is charged, and
where cover starts. The general rules (window, waiting period, late amount) live in
`quote`; a handler returns `None` to say "the general rules apply".
"""

from .dates import add_period, date, describe_period
from .errors import InputError
from .vocabulary import ALWAYS_ALLOWED_SITUATIONS, SITUATIONS


class Case:
    """How one payment is treated. `charge`: standard | free | institution | refused.
    `cover_from`: a date, or None for the notice's cover period."""

    def __init__(self, clause, charge="standard", cover_from=None, cover_end=None,
                 payer=None, notes=(), eligible=True):
        self.clause = clause
        self.charge = charge
        self.cover_from = cover_from
        self.cover_end = cover_end
        self.payer = payer
        self.notes = list(notes)
        self.eligible = eligible


def check_allowed(figures, situation):
    defined = figures.get("situations", {})
    if situation in SITUATIONS and (situation in ALWAYS_ALLOWED_SITUATIONS or situation in defined):
        return
    valid = [s for s in SITUATIONS if s in ALWAYS_ALLOWED_SITUATIONS or s in defined]
    listing = "、".join(f"{s}（{SITUATIONS[s]}）" for s in valid)
    if situation in SITUATIONS:
        raise InputError(f"该通知没有规定“{SITUATIONS[situation]}”（{situation}）的参保办法。可选的情形: {listing}。")
    raise InputError(f"未知的参保情形“{situation}”。可选的情形: {listing}。")


def within(limit, start, day):
    """'Within N days/months of start' means on or before start + N (decision 5)."""
    return day <= add_period(start, limit)


def newborn(spec, year, pay_day, inside, born, parent_insured):
    notes = []
    if born.year > year:
        raise InputError(f"出生日期 {born.isoformat()} 晚于 {year} 参保年度，不能参加该年度的居民医保。")
    if "born_on_or_after" in spec:  # 内乡
        first = date.fromisoformat(spec["born_on_or_after"])
        if born < first:
            pay_by = date.fromisoformat(spec["born_earlier_pay_by"])
            if parent_insured:
                notes.append(f"父母参保免缴费只适用于{first.isoformat()}及以后出生的新生儿。")
            if pay_day <= pay_by:
                return Case(spec["cite"], notes=notes + [
                    f"{born.year}年出生的孩子须在{pay_by.isoformat()}前缴费才能享受次年待遇；按期缴费，自参保年度1月1日起享受待遇。"])
            return Case(spec["cite"], charge="general", notes=notes + [
                f"{born.year}年出生的孩子须在{pay_by.isoformat()}前缴费才能享受次年待遇；已逾期，按集中征缴期外参保处理。"])
        limit = spec["limit"]
        charge = "free" if parent_insured and spec.get("parent_insured_free") else "standard"
        if charge == "free":
            notes.append("父或母参加本市基本医保，新生儿不用缴费即可享受当年待遇。")
        elif spec.get("parent_insured_free"):
            notes.append("父母均未参加本市基本医保，新生儿缴费后方可享受当年待遇。")
        if within(limit, born, pay_day):
            notes.append(f"出生后{describe_period(limit)}内办理参保，自出生之日起享受待遇，不设等待期。")
            return Case(spec["cite"], charge=charge, cover_from=born, notes=notes,
                        payer="免缴（父母参加本市基本医保）" if charge == "free" else None)
        notes.append(f"超过出生后{describe_period(limit)}办理参保，自参保登记之日起享受待遇。")
        return Case(spec["cite"], charge=charge, cover_from=pay_day, notes=notes,
                    payer="免缴（父母参加本市基本医保）" if charge == "free" else None)

    if spec.get("only_outside_window"):  # 沁水: the rule is for newborns who missed the window
        if inside:
            return Case(spec["cite"], cover_from=max(born, date(year, 1, 1)), notes=[
                "在集中缴费期内缴费，按一般规定参保。"])
        limit = spec["limit"]
        if within(limit, born, pay_day):
            return Case(spec["cite"], cover_from=pay_day, notes=[
                f"错过集中缴费期的新生儿，自出生之日起{describe_period(limit)}内可办理参保缴费，参保后享受当年度待遇。"])
        return Case(spec["cite"], charge="refused", eligible=False, notes=[
            f"错过集中缴费期的新生儿须在出生后{describe_period(limit)}内（最迟{add_period(born, limit).isoformat()}）办理参保，逾期不予办理。"])

    # 双清: within the limit, the personal standard and cover from birth; otherwise general rules.
    limit = spec["limit"]
    if born.year == year and within(limit, born, pay_day):
        return Case(spec["cite"], cover_from=born, notes=[
            f"新生儿出生后{describe_period(limit)}内参保并缴纳出生年度居民医保费，按个人缴费标准缴费，自出生之日起享受待遇。"])
    if born.year == year:
        notes.append(f"已超过出生后{describe_period(limit)}，不再适用新生儿办法，按一般规定计算。")
    else:
        notes.append(f"新生儿办法是出生后{describe_period(limit)}内缴纳出生年度（{born.year}年度）的居民医保费；"
                     f"为{year}年度参保不适用该办法，按一般规定计算。")
    return Case(spec["cite"], charge="general", notes=notes)


def employee_lapse(spec, year, pay_day, since):
    limit = spec["limit"]
    if since.year == year and within(limit, since, pay_day):
        return Case(spec["cite"], cover_from=since, notes=[
            f"职工医保断保后{describe_period(limit)}内参保并缴纳断保年度居民医保费，按个人缴费标准缴费，自职工医保断保之日起享受待遇。"])
    if since.year != year:
        note = f"职工医保断保日 {since.isoformat()} 不在 {year} 年度，断保接续办法不适用，按一般规定计算。"
    else:
        note = f"已超过职工医保断保后{describe_period(limit)}，不再适用接续办法，按一般规定计算。"
    return Case(spec["cite"], charge="general", notes=[note])


def welfare_child(spec, year, inside, since):
    start = max(since, date(year, 1, 1))
    if inside:
        return Case(spec["cite"], cover_from=start, notes=[
            "儿童福利机构接收的儿童在集中参保缴费期内参保，属重点保障对象的个人缴费部分按认定类别资助。"])
    rule = spec["outside_window"]
    return Case(spec["cite"], charge="institution", cover_from=start, payer=rule["payer"], notes=[
        f"集中参保缴费期外参保，参保费用由{rule['payer']}全额资助；自进入儿童福利机构之日起享受待遇（不早于参保年度1月1日）。"])


def released(spec, year, inside, pay_day):
    if inside:
        return Case(spec["cite"], notes=["在集中参保缴费期内缴费，自参保年度1月1日起享受待遇。"])
    return Case(spec["cite"], cover_from=max(pay_day, date(year, 1, 1)), notes=[
        "接续当年度医保关系，按个人缴费标准缴费，自参保缴费之日起享受待遇。"])


def freshman(spec, inside):
    if not inside:
        return Case(spec["cite"], charge="general", notes=[
            "新入学大中专学生在集中参保缴费期外缴费，按一般规定计算。"])
    cover = spec["cover"]
    return Case(spec["cite"], cover_from=date.fromisoformat(cover["start"]),
                cover_end=date.fromisoformat(cover["end"]), notes=[
        f"新入学大中专院校学生待遇享受期为{cover['start']}至{cover['end']}。"])
