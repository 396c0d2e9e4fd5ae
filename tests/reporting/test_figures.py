"""Each figure of the yearly report, counted from rows the test made, to the unit."""

from __future__ import annotations

from datetime import date

from thuvien.circulation.models import IllRequest, PostalLoan
from thuvien.digital.models import AccessLog, DigitalObject
from thuvien.reporting import figures

from .conftest import World, at, dated, make_digital

Y2026 = figures.period(2026)


def test_the_year_2026_runs_from_1_december_2025_to_30_november_2026() -> None:
    assert (Y2026.first, Y2026.last) == (date(2025, 12, 1), date(2026, 11, 30))
    school = figures.period(2026, school_year=True)
    assert (school.first, school.last) == (date(2025, 9, 1), date(2026, 8, 31))


def test_a_loan_on_30_november_counts_in_that_year_and_one_on_1_december_in_the_next(
    world: World,
) -> None:
    item = world.item(world.record(), when=at(2024, 1, 1))
    world.loan(item, when=at(2025, 11, 30, 23, 59))  # year 2025
    world.loan(item, when=at(2025, 12, 1, 0, 0))  # year 2026
    world.loan(item, when=at(2026, 11, 30, 23, 59))  # year 2026
    world.loan(item, when=at(2026, 12, 1, 0, 0))  # year 2027
    assert figures.for_library(world.library, figures.period(2025))["loans"] == 1
    assert figures.for_library(world.library, Y2026)["loans"] == 2
    assert figures.for_library(world.library, figures.period(2027))["loans"] == 1


def test_titles_copies_acquisitions_and_weeding_are_counted_as_held_at_the_end(
    world: World,
) -> None:
    book = world.record(call_number="895.922 NG-A")
    serial = world.record(
        leader="00000nas a2200000 a 4500", material_type="serial", call_number="050 TC"
    )
    hmong = world.record(language="hmn", call_number="ĐC 398")
    world.record(material_type="computer-file", language="eng")
    world.record(when=at(2026, 12, 1, 0, 0))  # catalogued after the period: not counted
    world.record(lib=world.other)  # another library's
    world.item(book, when=at(2025, 6, 1))  # held from before
    world.item(book, when=at(2026, 2, 1), acquisition_source="budget", price=100000)
    world.item(serial, when=at(2026, 3, 1), acquisition_source="donation", price=50000)
    world.item(hmong, when=at(2025, 12, 1, 0, 0), acquisition_source="donation")
    world.item(hmong, when=at(2026, 12, 1, 0, 0))  # after the period
    world.item(book, when=at(2024, 1, 1), status="withdrawn", updated=at(2026, 5, 1))
    world.item(book, when=at(2024, 1, 1), status="withdrawn", updated=at(2025, 5, 1))
    world.item(book, when=at(2024, 1, 1), status="withdrawn", updated=at(2026, 12, 2))

    f = figures.for_library(world.library, Y2026)

    assert f["titles"] == 4
    assert f["titles_by_material_type"] == {"book": 2, "serial": 1, "computer-file": 1}
    assert f["titles_by_medium"] == {"print": 3, "electronic": 1}
    assert f["titles_by_language"] == {"vie": 2, "hmn": 1, "eng": 1}
    assert f["titles_by_class"] == {"8": 1, "0": 1, "other": 2}
    assert f["periodical_titles"] == 1
    assert f["ethnic_language_titles"] == 1
    # held at 30 Nov 2026: 1 old + 3 acquired + 1 withdrawn only after the period
    assert f["copies"] == 5
    assert f["copies_acquired"] == 3
    assert f["acquisitions_by_source"] == {"budget": 1, "donation": 2}
    assert f["acquisitions_value"] == 150000
    assert f["copies_weeded"] == 1


def test_readers_are_counted_registered_new_and_by_group_with_the_fee_waiver_groups(
    world: World,
) -> None:
    world.reader(when=at(2024, 1, 1))
    world.reader(when=at(2024, 1, 1), expires_on=date(2025, 11, 30))  # lapsed before: no
    world.reader(when=at(2024, 1, 1), expires_on=date(2025, 12, 1), category="elderly")
    world.reader(when=at(2026, 1, 5), category="child")
    world.reader(when=at(2026, 2, 5), category="disabled")
    world.reader(when=at(2026, 2, 6), category="student")
    world.reader(when=at(2026, 12, 1, 0, 0))  # next year
    world.reader(when=at(2026, 2, 6), lib=world.other)

    f = figures.for_library(world.library, Y2026)

    assert f["readers_registered"] == 5
    assert f["readers_new"] == 3
    assert f["readers_by_group"] == {
        "adult": 1,
        "elderly": 1,
        "child": 1,
        "disabled": 1,
        "student": 1,
    }
    assert f["readers_fee_waiver"] == 3


def test_loans_renewals_inter_library_and_postal_loans_are_counted_in_the_period(
    world: World,
) -> None:
    record = world.record()
    item = world.item(record, when=at(2024, 1, 1))
    first = world.loan(item, when=at(2026, 1, 10), category="child")
    world.loan(item, when=at(2026, 2, 10))
    world.loan(item, when=at(2026, 3, 10))
    world.renewal(first, when=at(2026, 1, 20))
    world.renewal(first, when=at(2026, 1, 30))
    world.renewal(first, when=at(2026, 12, 1, 0, 0))  # next year
    patron = world.reader(when=at(2024, 1, 1), lib=world.other)
    for state, when in [
        (IllRequest.State.CLOSED, at(2026, 4, 1)),
        (IllRequest.State.SHIPPED, at(2026, 4, 2)),
        (IllRequest.State.REFUSED, at(2026, 4, 3)),  # never lent: not counted
        (IllRequest.State.CLOSED, at(2025, 11, 30)),  # last year
    ]:
        ill = IllRequest.objects.create(
            patron=patron,
            home_library=world.other,
            lending_library=world.library,
            record=record,
            state=state,
        )
        dated(ill, created_at=when)
    for state in (PostalLoan.State.DELIVERED, PostalLoan.State.CANCELLED):
        post = PostalLoan.objects.create(
            patron=patron, library=world.library, item=item, address="Số 1", state=state
        )
        dated(post, created_at=at(2026, 5, 1))

    f = figures.for_library(world.library, Y2026)
    o = figures.for_library(world.other, Y2026)

    assert (f["loans"], f["renewals"], f["ill_loans"], f["postal_loans"]) == (3, 2, 2, 1)
    assert f["loans_by_group"] == {"child": 1, "adult": 2}
    assert (o["ill_borrowed"], o["ill_loans"], o["loans"]) == (2, 0, 0)


def test_digital_objects_pages_gigabytes_and_what_was_digitised_are_counted(
    world: World,
) -> None:
    make_digital(world.library, "han-nom-1", "rare", pages=3, size=500_000_000, when=at(2025, 3, 1))
    make_digital(
        world.library, "luan-van-1", "thesis", pages=2, size=250_000_000, when=at(2026, 3, 1)
    )
    make_digital(world.library, "dia-chi-1", "local", pages=1, size=1_000, when=at(2026, 3, 1))
    gone = make_digital(world.library, "rut-1", "rare", pages=4, size=1, when=at(2026, 3, 1))
    DigitalObject.objects.filter(pk=gone.pk).update(status=DigitalObject.Status.WITHDRAWN)
    make_digital(world.library, "sau-1", "rare", pages=1, size=1, when=at(2026, 12, 1, 0, 0))
    obj = DigitalObject.objects.get(identifier="han-nom-1")
    for when in (at(2026, 1, 1), at(2026, 2, 1), at(2026, 12, 1, 0, 0)):
        dated(AccessLog.objects.create(digital_object=obj, user_label="x", what="image"), at=when)

    f = figures.for_library(world.library, Y2026)

    assert (f["digital_objects"], f["digitised_pages"]) == (3, 6)
    assert f["digital_gb"] == 2.0
    assert (f["rare_digitised"], f["endogenous_digitised"], f["local_studies_digitised"]) == (
        1,
        1,
        1,
    )
    assert f["visits_online"] == 2


def test_a_library_with_nothing_shows_zeros_not_gaps(world: World) -> None:
    f = figures.for_library(world.other, Y2026)
    assert {key: f[key] for key in ("titles", "copies", "loans", "digitised_pages")} == {
        "titles": 0,
        "copies": 0,
        "loans": 0,
        "digitised_pages": 0,
    }


def test_the_drill_down_lists_exactly_the_rows_counted(world: World) -> None:
    item = world.item(world.record(), when=at(2024, 1, 1))
    inside = world.loan(item, when=at(2026, 1, 10))
    world.loan(item, when=at(2025, 11, 30, 23, 0))
    loans = list(figures.rows("loans", world.library, Y2026))
    assert [row["id"] for row in loans] == [inside.pk]
    renewals = list(figures.rows("renewals", world.library, Y2026))
    assert renewals == []
    for key in figures.drillable():
        assert (
            figures.rows(key, world.library, Y2026).count()
            == (figures.for_library(world.library, Y2026)[key])
        )
