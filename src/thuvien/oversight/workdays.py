"""Working days, as TT 05/2020's deadlines count them: Monday to Friday, less the public
holidays the Department entered (:class:`~thuvien.oversight.models.Holiday`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from thuvien.oversight.models import Holiday


def holidays_between(start: date, end: date) -> frozenset[date]:
    return frozenset(
        Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
    )


def is_working_day(day: date, holidays: Iterable[date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself not counted): a draft
    due "within 2 working days" of an analysis on Friday is due on Tuesday."""
    # A generous window for the holidays: Tết can close more than a week.
    holidays = holidays_between(start, start + timedelta(days=days * 2 + 30))
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset), holidays)
    )
