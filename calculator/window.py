"""The collection window (集中征缴期) and the days inside it when payment is accepted."""

from .dates import add_days, parse_date


class Window:
    def __init__(self, collection):
        self.start = parse_date(collection["start"], "collection.start")
        self.end = parse_date(collection["end"], "collection.end")
        days = collection.get("payable_days")
        self.payable_days = tuple(days) if days else None
        self.clause = collection["cite"]

    def accepts(self, day):
        """Payment is taken on `day` (沁水、晋城: only days 1–25 of each month)."""
        if not self.start <= day <= self.end:
            return False
        if self.payable_days is None:
            return True
        first, last = self.payable_days
        return first <= day.day <= last

    def next_payable(self, day):
        """First day on or after `day` when the window takes payment, or None once it is over."""
        probe = max(day, self.start)
        while probe <= self.end:
            if self.accepts(probe):
                return probe
            probe = add_days(probe, 1)
        return None

    def describe_days(self):
        if self.payable_days is None:
            return None
        return f"每月{self.payable_days[0]}–{self.payable_days[1]}日"
