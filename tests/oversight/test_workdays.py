"""Working days as TT 05/2020 counts them: weekends and the Department's holidays skipped."""

from __future__ import annotations

from datetime import date

from thuvien.oversight.models import Holiday
from thuvien.oversight.workdays import add_working_days, working_days_between


def test_two_working_days_after_a_friday_is_the_tuesday() -> None:
    assert add_working_days(date(2026, 12, 4), 2) == date(2026, 12, 8)


def test_a_holiday_is_skipped_like_a_weekend() -> None:
    Holiday.objects.create(date=date(2026, 9, 2), name="Quốc khánh")
    # Tuesday 1 Sep + 3 working days: Thu 3, Fri 4, Mon 7 (Wed 2 Sep is a holiday).
    assert add_working_days(date(2026, 9, 1), 3) == date(2026, 9, 7)


def test_tet_closes_a_whole_week() -> None:
    for day in range(16, 21):
        Holiday.objects.create(date=date(2026, 2, day), name="Tết Nguyên đán")
    # Friday 13 Feb 2026 + 2 working days: the week of 16–20 Feb is Tết, so Tue 24 Feb.
    assert add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_working_days_between_counts_after_the_start_up_to_the_end() -> None:
    Holiday.objects.create(date=date(2026, 4, 30), name="Giải phóng miền Nam")
    Holiday.objects.create(date=date(2026, 5, 1), name="Quốc tế lao động")
    # Mon 27 Apr → Mon 11 May: 28, 29, 4–8, 11 = 8 working days.
    assert working_days_between(date(2026, 4, 27), date(2026, 5, 11)) == 8
    assert working_days_between(date(2026, 5, 11), date(2026, 5, 11)) == 0
