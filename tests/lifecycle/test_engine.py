"""The lifecycle engine: the table decides, a refused move says why and what is possible, a
move leaves one history row (and an audit entry where the machine asks), and of two desks
moving one object at once exactly one wins."""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import translation

from tests.circulation.conftest import make_desk
from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Item
from thuvien.circulation import machines, requests, services
from thuvien.lifecycle import services as lifecycle
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.machine import Machine, Move
from thuvien.lifecycle.models import Transition

from .conftest import AUDITED_SHELF, SHELF, Shelf, make_shelf


def test_the_table_says_which_moves_are_possible_from_each_state() -> None:
    assert SHELF.allowed("available") == ["repair", "withdraw"]
    assert SHELF.allowed("damaged") == ["mend", "withdraw"]
    assert SHELF.allowed("withdrawn") == []
    assert SHELF.target("damaged", "mend") == "available"
    assert SHELF.target("available", "mend") is None
    assert SHELF.target("available", "no-such-move") is None
    assert machines.ILL.allowed("received") == ["lend", "send-back"]
    assert machines.LOAN.label("renew") == "gia hạn"
    with translation.override("en"):
        assert machines.LOAN.label("renew") == "renew"
        assert machines.LOAN.state_label("returned") == "Returned"


def test_a_misspelt_state_in_a_table_is_refused_when_the_machine_is_declared() -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        Machine("shelf", Item, field="status", noun="bản", moves={"x": Move("x", {"lent"}, "lost")})
    assert str(caught.value) == (
        "Machine 'shelf', action 'x': catalogue.item.status has no state ['lent']."
    )


def test_a_move_changes_the_state_and_writes_one_history_row(shelf: Shelf) -> None:
    item = shelf.items[0]
    stamped = item.updated_at
    row = lifecycle.move(
        SHELF, item, "repair", actor=shelf.clerk, library_code="VN-LC0001", note="Rách gáy"
    )
    assert item.status == Item.Status.DAMAGED
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.status == Item.Status.DAMAGED
    assert fresh.updated_at > stamped  # auto_now is kept, as save() would have
    assert list(Transition.objects.values_list("pk", flat=True)) == [row.pk]
    assert (row.machine, row.model, row.object_id, row.action) == (
        "shelf",
        "catalogue.item",
        str(item.pk),
        "repair",
    )
    assert (row.from_state, row.to_state) == ("available", "damaged")
    assert (row.actor, row.actor_label) == (shelf.clerk, "thu-thu")
    assert (row.library_code, row.note) == ("VN-LC0001", "Rách gáy")
    # This machine is not audited: nothing beyond the catalogue's own entries.
    assert not AuditEntry.objects.filter(object_type="item", action="update").exists()


def test_a_program_is_named_in_the_history_by_its_label(shelf: Shelf) -> None:
    row = lifecycle.move(SHELF, shelf.items[0], "withdraw", actor="sip2:kiosk-1")
    assert (row.actor, row.actor_label) == (None, "sip2:kiosk-1")


def test_an_audited_machine_writes_the_audit_entry_itself(shelf: Shelf) -> None:
    item = shelf.items[0]
    lifecycle.move(
        AUDITED_SHELF, item, "repair", actor=shelf.clerk, library_code="VN-LC0001", location="Xưởng"
    )
    entry = AuditEntry.objects.get(object_type="item", action="update")
    assert (entry.actor, entry.actor_label, entry.object_id) == (
        shelf.clerk,
        "thu-thu",
        "VN-LC0001:TK-1",
    )
    assert entry.library_code == "VN-LC0001"
    assert entry.summary == "VN-LC0001:TK-1: repair (available → damaged)"
    assert entry.before == {"status": "available"}
    assert entry.after == {"status": "damaged", "location": "Xưởng"}


def test_a_move_may_skip_the_audit_or_give_its_own_summary(shelf: Shelf) -> None:
    first, second = shelf.items
    lifecycle.move(AUDITED_SHELF, first, "repair", actor=shelf.clerk, audit=False)
    lifecycle.move(SHELF, second, "repair", actor=shelf.clerk, audit=True, summary="Gửi sửa")
    entry = AuditEntry.objects.get(action="update", object_id=str(second.pk))
    assert (entry.object_type, entry.summary) == ("shelf", "Gửi sửa")
    assert AuditEntry.objects.filter(action="update").count() == 1


def test_an_illegal_move_says_what_was_tried_in_which_state_and_what_is_possible(
    shelf: Shelf,
) -> None:
    item = shelf.items[0]
    with pytest.raises(IllegalTransition) as caught:
        lifecycle.move(SHELF, item, "mend", actor=shelf.clerk)
    error = caught.value
    assert (error.code, error.status) == ("lifecycle.illegal_transition", 409)
    assert error.message == (
        f"Không thể nhận lại sau khi sửa bản #{item.pk} khi đang ở trạng thái “Sẵn sàng”. "
        "Lúc này có thể: gửi sửa, thanh lý."
    )
    assert error.ids == {
        "machine": "shelf",
        "object": str(item.pk),
        "action": "mend",
        "from_state": "available",
        "to_state": "available",
    }
    assert Item.objects.get(pk=item.pk).status == Item.Status.AVAILABLE
    assert not Transition.objects.exists()


def test_an_unknown_action_is_refused_and_names_no_target(shelf: Shelf) -> None:
    item = shelf.items[0]
    item.status = Item.Status.WITHDRAWN
    with pytest.raises(IllegalTransition) as caught:
        lifecycle.check(SHELF, item, "sell")
    assert caught.value.message == (
        f"Không thể sell bản #{item.pk} khi đang ở trạng thái “Đã thanh lý”. "
        "Ở trạng thái này không còn bước nào."
    )
    assert caught.value.ids == {
        "machine": "shelf",
        "object": str(item.pk),
        "action": "sell",
        "from_state": "withdrawn",
    }


def test_the_refusal_is_written_in_the_language_of_the_request() -> None:
    desk = make_desk()
    hold = services.place_hold(desk.clerk, desk.reader, desk.record, desk.library)
    services.cancel_hold(desk.clerk, hold)
    with translation.override("en"), pytest.raises(IllegalTransition) as caught:
        services.cancel_hold(desk.clerk, hold)
    assert caught.value.message == (
        f"Cannot cancel hold #{hold.pk} while it is “Cancelled”. "
        "Nothing more can be done in this state."
    )
    lender = make_desk("VN-CT0002")
    ill = requests.request_ill(desk.clerk, desk.reader, lender.record)
    with pytest.raises(IllegalTransition) as caught:
        requests.advance(lender.clerk, ill, "ship")
    assert caught.value.message == (
        f"Không thể gửi đi yêu cầu mượn liên thư viện #{ill.pk} khi đang ở trạng thái "
        "“Đã gửi yêu cầu”. Lúc này có thể: chấp thuận, từ chối, huỷ."
    )
    with translation.override("en"), pytest.raises(IllegalTransition) as caught:
        requests.advance(lender.clerk, ill, "ship")
    assert caught.value.message == (
        f"Cannot ship inter-library loan request #{ill.pk} while it is “Requested”. "
        "Possible now: approve, refuse, cancel."
    )


def test_of_two_desks_with_the_same_copy_on_screen_the_second_move_loses(shelf: Shelf) -> None:
    item = shelf.items[0]
    first_desk, second_desk = Item.objects.get(pk=item.pk), Item.objects.get(pk=item.pk)
    lifecycle.move(SHELF, first_desk, "repair", actor=shelf.clerk)
    with pytest.raises(IllegalTransition) as caught:
        lifecycle.move(SHELF, second_desk, "withdraw", actor="sip2:kiosk-1")
    assert caught.value.message == (
        f"Không thể thanh lý bản #{item.pk}: nơi khác vừa thay đổi nó cùng lúc, nay nó ở trạng "
        "thái “Hư hỏng”. Lúc này có thể: nhận lại sau khi sửa, thanh lý."
    )
    assert caught.value.ids["from_state"] == "damaged"
    assert Item.objects.get(pk=item.pk).status == Item.Status.DAMAGED
    assert list(Transition.objects.values_list("action", flat=True)) == ["repair"]


def test_a_guard_no_longer_met_refuses_the_move(shelf: Shelf) -> None:
    item = shelf.items[0]
    Item.objects.filter(pk=item.pk).update(location="Kho B")  # changed since it was read
    with pytest.raises(IllegalTransition):
        lifecycle.move(SHELF, item, "repair", actor=shelf.clerk, guard={"location": ""})
    assert Item.objects.get(pk=item.pk).status == Item.Status.AVAILABLE
    assert not Transition.objects.exists()


def test_a_start_is_the_first_row_of_the_history_and_history_is_per_object(
    shelf: Shelf,
) -> None:
    first, second = shelf.items
    lifecycle.start(SHELF, first, "acquire", actor=shelf.clerk, library_code="VN-LC0001")
    lifecycle.move(SHELF, second, "withdraw", actor=shelf.clerk)
    lifecycle.move(SHELF, first, "repair", actor=shelf.clerk)
    lifecycle.move(SHELF, first, "mend", actor=shelf.clerk)
    moves = lifecycle.history(first).values_list("action", "from_state", "to_state")
    assert list(moves) == [
        ("acquire", "", "available"),
        ("repair", "available", "damaged"),
        ("mend", "damaged", "available"),
    ]
    with pytest.raises(ValueError, match=r"^Machine 'shelf' has no start 'buy'\.$"):
        lifecycle.start(SHELF, first, "buy", actor=shelf.clerk)


def test_history_rows_keep_their_time_order() -> None:
    desk = make_desk()
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.renew(desk.clerk, loan)
    services.checkin(desk.clerk, desk.library, "TK-1")
    rows = list(lifecycle.history(loan))
    assert [r.action for r in rows] == ["checkout", "renew", "checkin"]
    assert rows == sorted(rows, key=lambda r: (r.at, r.pk))
    assert all(isinstance(r.at, datetime.datetime) for r in rows)


@pytest.mark.django_db(transaction=True)
def test_two_desks_moving_one_copy_at_the_same_moment_make_exactly_one_move() -> None:
    shelf = make_shelf()
    item_pk = shelf.items[0].pk
    barrier = threading.Barrier(4)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def desk(action: str) -> None:
        item = Item.objects.get(pk=item_pk)  # each desk has the copy on its screen
        try:
            barrier.wait()
            lifecycle.move(SHELF, item, action, actor=f"desk:{action}")
            result = "moved"
        except IllegalTransition as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=desk, args=(a,)) for a in ("repair", "withdraw") * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == Counter({"moved": 1, "lifecycle.illegal_transition": 3})
    assert Transition.objects.count() == 1
