"""Heritage flags: by hand, by a rule (previewed, then applied), at import from the record's
own fields; the share digitised per library and kind."""

from __future__ import annotations

import pytest

from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Item, Record
from thuvien.digital import heritage
from thuvien.digital.models import DigitalObject, HeritageFlag, HeritageKind
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.api import book, import_records


def _books(library: Library) -> list[Record]:
    return import_records(
        library,
        book(
            "r1",
            "Gia Định thành thông chí",
            year="1820",
            copies=({"p": "B1", "o": "959.7 GI", "c": "KHO-QUY"},),
        ),
        book(
            "r2",
            "Đại Nam nhất thống chí",
            year="1882",
            copies=({"p": "B2", "o": "959.7 DA", "c": "KHO-MUON"},),
        ),
        book(
            "r3",
            "Địa chí Cà Mau",
            year="2009",
            copies=({"p": "B3", "o": "915.97 DI", "c": "KHO-QUY"},),
        ),
    )


def test_a_cataloguer_flags_a_record_and_a_copy_by_hand(library: Library) -> None:
    r1, r2, _r3 = _books(library)
    user = factories.staff(Role.CATALOGUER, library)
    flag = heritage.flag(user, r1, "rare")
    item = Item.objects.get(barcode="B2")
    heritage.flag(user, r2, "local", item=item)
    assert [(f.kind, f.item_id) for f in heritage.flags_of(r2)] == [("local", item.pk)]
    with pytest.raises(Conflict) as twice:
        heritage.flag(user, r1, "rare")
    assert twice.value.message == f"Biểu ghi #{r1.pk} đã được đánh dấu “Quý hiếm, cổ”."
    with pytest.raises(InvalidInput) as wrong:
        heritage.flag(user, r1, "old")
    assert wrong.value.message == (
        "Loại tài liệu di sản 'old' không có; dùng một trong: rare, local, endogenous, "
        "han-nom, palm-leaf, ethnic."
    )
    heritage.unflag(user, flag.pk)
    assert AuditEntry.objects.filter(object_type="heritage flag").count() == 3
    other = factories.staff(Role.CATALOGUER, factories.library())
    with pytest.raises(NotPermitted):
        heritage.flag(other, r1, "rare")


def test_a_rule_is_previewed_then_applied_once(library: Library) -> None:
    _books(library)
    user = factories.staff(Role.LIBRARY_ADMIN, library)
    rule = heritage.make_rule(user, library, kind="rare", name="Trước 1900", published_before=1900)
    shown = heritage.preview(rule)
    assert (shown.level, shown.count) == ("record", 2)
    assert [s["title"] for s in shown.sample] == [
        "Gia Định thành thông chí",
        "Đại Nam nhất thống chí",
    ]
    assert HeritageFlag.objects.count() == 0  # a preview changes nothing
    assert heritage.apply_rule(user, rule) == 2
    assert heritage.apply_rule(user, rule) == 0  # applying again adds nothing
    assert heritage.preview(rule).count == 0
    entry = AuditEntry.objects.filter(object_type="heritage rule").order_by("pk").last()
    assert entry is not None
    assert entry.summary == "Trước 1900: +0 rare"


def test_a_rule_by_location_flags_copies_and_by_call_number_records(library: Library) -> None:
    _books(library)
    rule = heritage.make_rule("test", library, kind="local", location="KHO-QUY")
    assert heritage.preview(rule).level == "item"
    assert heritage.apply_rule("test", rule) == 2
    assert sorted(HeritageFlag.objects.values_list("item__barcode", flat=True)) == ["B1", "B3"]
    span = heritage.make_rule(
        "test", library, kind="rare", call_number_from="959", call_number_to="959.7"
    )
    assert heritage.apply_rule("test", span) == 2  # "959.7 GI" and "959.7 DA"
    with pytest.raises(InvalidInput) as empty:
        heritage.make_rule("test", library, kind="rare")
    assert empty.value.message.startswith("Quy tắc cần ít nhất một điều kiện")


def test_import_flags_from_990_and_from_008_with_the_leader(library: Library) -> None:
    palm = book("p1", "Kinh lá buông", extra=[["990", " ", " ", [["a", "Địa chí"]]]])
    palm.leader = "00000ntm a2200000 a 4500"
    palm.fields[1] = ["008", "250101s1900    cb            000 0 khm d"]
    plain = book("p2", "Sách thường")
    import_records(library, palm, plain)
    kinds = sorted(HeritageFlag.objects.values_list("record__title", "kind", "source"))
    assert kinds == [
        ("Kinh lá buông", "ethnic", "import"),
        ("Kinh lá buông", "local", "import"),
        ("Kinh lá buông", "palm-leaf", "import"),
    ]


def test_kpis_count_flagged_records_and_those_published(library: Library) -> None:
    r1, r2, r3 = _books(library)
    for record in (r1, r2, r3):
        heritage.flag("test", record, "local")
    heritage.flag("test", r1, "rare", item=Item.objects.get(barcode="B1"))
    heritage.flag("test", r1, "rare")  # the record and its copy: one record held
    DigitalObject.objects.create(identifier="a", library=library, record=r1, title="a")
    DigitalObject.objects.create(
        identifier="b", library=library, record=r2, title="b", status="draft"
    )
    rows = {(k.kind, k.held, k.digitised, k.share) for k in heritage.kpis([library.pk])}
    assert rows == {("local", 3, 1, 33.3), ("rare", 1, 1, 100.0)}
    assert heritage.totals(heritage.kpis()) == {"local": (3, 1), "rare": (1, 1)}
    assert HeritageKind("local").label == "Địa chí"


def test_the_report_and_the_plan_read_the_flags(library: Library) -> None:
    import datetime

    from thuvien.oversight import kpis as plan
    from thuvien.reporting.figures import Period, for_library

    r1, r2, r3 = _books(library)
    for record in (r1, r2):
        heritage.flag("test", record, "rare")
    heritage.flag("test", r2, "local")  # rare and local: one heritage record
    heritage.flag("test", r3, "palm-leaf")
    DigitalObject.objects.create(identifier="a", library=library, record=r1, title="a")
    today = datetime.date.today()
    period = Period(today.year, today - datetime.timedelta(days=30), today)
    shown = for_library(library, period)
    assert (shown["heritage_held"], shown["heritage_digitised"]) == (3, 1)
    done, held = plan.rare_digitised(plan.libraries(), period)
    assert (done[library.pk], held[library.pk]) == (1, 3)  # rare, Hán Nôm, palm-leaf
