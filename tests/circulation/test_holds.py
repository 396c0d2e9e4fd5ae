"""Holds: the queue, trapping on return, the hold shelf's expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thuvien.circulation import errors, services
from thuvien.circulation.models import Hold
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.models import Transition

from .conftest import Desk


def test_returned_copy_is_trapped_for_the_first_reader_in_the_queue(desk: Desk) -> None:
    second = desk.add_reader("B002")
    third = desk.add_reader("B003")
    for item in desk.items:
        services.checkout(desk.clerk, desk.library, "B001", item.barcode or "")
    first_hold = services.place_hold(desk.clerk, second, desk.record, desk.library)
    later_hold = services.place_hold(desk.clerk, third, desk.record, desk.library)
    result = services.checkin(desk.clerk, desk.library, "TK-2")
    assert result.hold == first_hold
    first_hold.refresh_from_db()
    assert first_hold.state == Hold.State.READY
    assert first_hold.item_id == desk.items[1].pk
    assert first_hold.ready_until == timezone.localdate() + timedelta(days=7)
    later_hold.refresh_from_db()
    assert later_hold.state == Hold.State.WAITING
    # The trapped copy goes to B002 only; B003 is refused.
    with pytest.raises(errors.ItemHeldForAnother):
        services.checkout(desk.clerk, desk.library, "B003", "TK-2")
    services.checkout(desk.clerk, desk.library, "B002", "TK-2")
    first_hold.refresh_from_db()
    assert first_hold.state == Hold.State.FULFILLED
    events = list(
        Transition.objects.filter(machine="hold", object_id=first_hold.pk).values_list(
            "action", "to_state"
        )
    )
    assert events == [("place", "waiting"), ("trap", "ready"), ("fulfil", "fulfilled")]


def test_renewal_refused_while_someone_waits(desk: Desk) -> None:
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.place_hold(desk.clerk, desk.add_reader("B002"), desk.record, desk.library)
    with pytest.raises(errors.RenewalRefused) as caught:
        services.renew_item(desk.clerk, desk.library, "TK-1")
    assert caught.value.message == "Không gia hạn được TK-1: có bạn đọc khác đang đặt chờ."


def test_one_hold_per_reader_per_title(desk: Desk) -> None:
    services.place_hold(desk.clerk, desk.reader, desk.record, desk.library)
    with pytest.raises(errors.HoldRefused) as caught:
        services.place_hold(desk.clerk, desk.reader, desk.record, desk.library)
    assert caught.value.message == (
        f"Bạn đọc VN-CT0001:B001 đã đặt trước tài liệu #{desk.record.pk}."
    )


def test_uncollected_hold_expires_and_the_copy_passes_to_the_next_reader(desk: Desk) -> None:
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.checkout(desk.clerk, desk.library, "B001", "TK-2")
    services.checkout(desk.clerk, desk.library, "B001", "TK-3")
    first = services.place_hold(desk.clerk, desk.add_reader("B002"), desk.record, desk.library)
    second = services.place_hold(desk.clerk, desk.add_reader("B003"), desk.record, desk.library)
    services.checkin(desk.clerk, desk.library, "TK-1")
    assert services.expire_holds(timezone.localdate() + timedelta(days=8)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Hold.State.EXPIRED
    assert second.state == Hold.State.READY
    assert second.item_id == desk.items[0].pk


def test_cancelled_waiting_hold_cannot_be_cancelled_twice(desk: Desk) -> None:
    hold = services.place_hold(desk.clerk, desk.reader, desk.record, desk.library)
    services.cancel_hold(desk.clerk, hold)
    with pytest.raises(IllegalTransition):
        services.cancel_hold(desk.clerk, hold)
