from __future__ import annotations

import datetime as dt

import pytest

from thuvien.catalogue import services as catalogue
from thuvien.errors import InvalidInput
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network.models import Role
from thuvien.serials import services
from thuvien.serials.models import Issue
from thuvien.testing import factories

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "dates"),
    [
        ("weekly", [D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 19), D(2026, 1, 26)]),
        ("monthly", [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]),
        ("quarterly", [D(2026, 1, 31), D(2026, 4, 30)]),
    ],
)
def test_expected_dates_follow_the_frequency(frequency: str, dates: list[dt.date]) -> None:
    start = dates[0]
    assert (
        list(services.expected_dates(frequency, start, dates[-1] + dt.timedelta(days=1))) == dates
    )


def test_subscribe_check_in_claim_and_bind() -> None:
    library = factories.library()
    clerk = factories.staff(Role.CATALOGUER, library)
    record = catalogue.create_record(clerk, library, factories.marc("Tạp chí Thư viện Việt Nam"))
    sub = services.subscribe(
        clerk, record, library, frequency="monthly", starts_on=D(2026, 1, 15), supplier="VNPost"
    )
    issues = list(sub.issues.all())
    assert [i.number for i in issues] == list(range(1, 13))
    services.check_in(clerk, issues[0], on=D(2026, 1, 16))
    services.check_in(clerk, issues[1], on=D(2026, 2, 16))
    late = services.missing(library, today=D(2026, 4, 1))
    assert [i.number for i in late] == [3]  # April's is still within its grace days
    services.claim(clerk, late[0], on=D(2026, 4, 1))
    services.claim(clerk, late[0], on=D(2026, 4, 15))
    assert (late[0].state, late[0].claims) == (Issue.State.CLAIMED, 2)
    services.check_in(clerk, late[0], on=D(2026, 4, 20))
    with pytest.raises(IllegalTransition):
        services.check_in(clerk, late[0])
    volume = services.bind(clerk, sub, issues[:3], barcode="TC-2026-1")
    assert volume.item_type == "bound-volume"
    assert volume.note == "Tập đóng các số 1–3"
    assert [i.number for i in volume.bound_issues.all()] == [1, 2, 3]
    with pytest.raises(InvalidInput) as caught:
        services.bind(clerk, sub, [issues[0], issues[5]], barcode="TC-2")
    assert caught.value.message == (
        "Các số 1, 6 chưa nhận, đã đóng tập hoặc không thuộc đăng ký này; chỉ đóng tập các số "
        "đã nhận."
    )
