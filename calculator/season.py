"""Whether an enrolment year can still be paid for on a day, and the cover a payment buys.

A year that is over is over (issue 19). The enrolment year (参保年度) is the year of cover, so
once its cover has ended — or once paying on the day asked could buy no cover in it at all (a
waiting period that runs past the year's end) — nothing is due for that year: no amount to
collect, no cover start, and one plain line saying so and what to do instead. `quote` decides
this once, here; the household, the page and its household table read `quote`'s answer, so they
follow it (the flyer shows a notice's figures for no particular day: it says, on the reader's
clock, when its year is not the one being collected).

A cover period is made only by `cover_bought`, which returns NO_COVER when the start would fall
after the end: a period that ends before it starts cannot be written down.
"""

from .dates import date, parse_date


class Cover:
    """A cover period: `start` ≤ `end` whenever both are known (None: the notice does not say)."""

    __slots__ = ("start", "end")

    def __init__(self, start, end, _token=None):
        if _token is not _MADE_HERE:  # only cover_bought makes one
            raise TypeError("a cover period is made by season.cover_bought")
        self.start, self.end = start, end

    @property
    def empty(self):
        return self is NO_COVER


_MADE_HERE = object()
NO_COVER = Cover(None, None, _MADE_HERE)


def cover_bought(start, end, last_day):
    """The cover a payment buys from `start` to `end` (either may be None: the notice does not
    say), or NO_COVER when it would start after it ends — after `end`, or after `last_day` (the
    enrolment year's end, `year_end`) when the notice states no end."""
    if start is not None and start > (end or last_day):
        return NO_COVER
    return Cover(start, end, _MADE_HERE)


def year_end(figures, year):
    """The last day of the enrolment year's cover: the notice's own end, else 31 December of
    the enrolment year (the year of cover; domain.md)."""
    end = figures["cover"].get("end")
    return parse_date(end, "cover.end") if end else date(year, 12, 31)


def is_over(figures, year, on):
    """The day asked is after the enrolment year's cover has ended."""
    return on > year_end(figures, year)


def over_line(year, end, stated, on, collecting_year, collecting_notice, reason=None):
    """The one plain line an answer for a year that is over opens with: that the year is over,
    nothing is due for it, and what to do instead. `collecting_notice`: the document number of
    the collecting year's notice when the library holds it, else None. `reason`: why the year
    is over for this person when its cover has not ended yet (a waiting period past its end).
    `stated`: the notice states its cover's end (else `end` is 31 December, and the line says so)."""
    if reason:
        head = f"{reason}，{on.isoformat()}为{year}年度参保缴费已不能享受该年度待遇，不必为{year}年度缴费"
    elif stated:
        head = f"{year}年度的待遇享受期已于{end.isoformat()}结束，{on.isoformat()}不能再为{year}年度缴费，该年度没有应缴金额"
    else:  # the notice states no cover period: the enrolment year is the year of cover
        head = (f"{year}参保年度已于{end.isoformat()}结束（通知未写明待遇享受期，按参保年度即自然年度理解），"
                f"{on.isoformat()}不能再为{year}年度缴费，该年度没有应缴金额")
    after = collecting_year if collecting_year > year else year + 1
    if collecting_notice:
        return f"{head}；请按{after}年度的通知（{collecting_notice}）办理{after}年度的参保缴费。"
    return (f"{head}；请办理{after}年度的参保缴费，{after}年度的缴费通知本站尚未收录，"
            "缴费金额和时间请向当地医保经办机构或税务部门咨询。")
