"""Broken files are fully accounted for: every bad record reported, every good one kept."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from thuvien.catalogue import formats, iso2709
from thuvien.catalogue.models import Item, Record
from thuvien.catalogue.services import run_import
from thuvien.testing import factories
from thuvien.testing.factories import shared

from .helpers import import_bytes, import_path


def test_bad_records_file_imports_the_two_good_records_and_explains_the_six_bad() -> None:
    library = factories.library()
    rejects = io.BytesIO()
    report = import_path(library, shared("marc", "pymarc", "bad_records.mrc"), rejects=rejects)
    assert (report.imported, report.rejected) == (2, 6)
    assert report.errors == [
        {
            "index": 2,
            "offset": 127,
            "reason": "leader/12-16 gives base address 99937, outside the record",
        },
        {
            "index": 3,
            "offset": 254,
            "reason": "leader/12-16 gives base address 0, outside the record",
        },
        {"index": 4, "offset": 381, "reason": "the directory is 13 bytes, not a multiple of 12"},
        {
            "index": 5,
            "offset": 509,
            "reason": "the directory is 13 bytes, not a multiple of 12, "
            "and its entry 1 does not match the data; the record is damaged",
        },
        {
            "index": 6,
            "offset": 637,
            "reason": "leader/12-16 (base address of data) is 'f0037', not digits",
        },
        {"index": 7, "offset": 764, "reason": "the directory is empty: the record has no fields"},
    ]
    # The raw bytes of the six rejected records are kept, byte for byte, for repair.
    source = shared("marc", "pymarc", "bad_records.mrc").read_bytes()
    assert rejects.getvalue() == b"".join(
        source[e["offset"] : source.index(b"\x1d", e["offset"]) + 1] for e in report.errors
    )


@pytest.mark.parametrize(
    ("name", "imported", "rejected"),
    [
        ("marc4j/bad_leaders_10_11.mrc", 1, 0),
        ("marc4j/bad_oversize_field_bad_directory.mrc", 5, 0),
        ("marc4j/incomplete_esc_seq.mrc", 0, 1),
        ("marc4j/chabon-missing-subfield-code.xml", 0, 1),
        ("pymarc/bad_indicator.dat", 0, 1),
        ("pymarc/bad_marc8_escape.dat", 1, 0),
        ("pymarc/bad_subfield_code.dat", 0, 1),
        ("pymarc/utf8_errors.dat", 1, 0),
        ("pymarc/utf8_invalid.mrc", 0, 1),
    ],
)
def test_malformed_file_is_accounted_for_record_by_record(
    name: str, imported: int, rejected: int
) -> None:
    library = factories.library()
    path = shared("marc", *name.split("/"))
    report = import_path(library, path)
    assert (report.imported, report.rejected) == (imported, rejected)
    assert Record.objects.filter(library=library).count() == imported
    assert len(report.errors) == rejected


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("pymarc/bad_indicator.dat", "field 1 has tag '0 2', which is not a MARC tag"),
        (
            "pymarc/bad_subfield_code.dat",
            "field 245 has a subfield with code 'á'; a subfield code is "
            "one letter or digit: correct it in the source and import it again",
        ),
        (
            "marc4j/incomplete_esc_seq.mrc",
            "MARC-8 text cannot be converted to Unicode ("
            "field 880: Unable to parse character 0x623c21 in g0=49 g1=69; "
            "field 880: Unable to parse character 0x603121 in g0=49 g1=69; "
            "field 880: Unable to parse character 0x325727 in g0=49 g1=69); "
            "fix the record in the source system or export the file as UTF-8",
        ),
    ],
)
def test_rejected_record_says_what_is_wrong_and_what_to_do(name: str, reason: str) -> None:
    report = import_path(factories.library(), shared("marc", *name.split("/")))
    assert report.errors == [{"index": 1, "offset": 0, "reason": reason}]


def test_oversize_field_is_recovered_and_exported_as_marcxml_but_not_iso2709() -> None:
    from thuvien.catalogue.exporting import export, stored_records

    library = factories.library()
    report = import_path(library, shared("marc", "marc4j", "bad_oversize_field_bad_directory.mrc"))
    assert report.as_dict()["warnings"] == [
        "a directory entry had a 5-digit length (a field over 9,999 bytes); fields were read by "
        "terminator (1 records)"
    ]
    oversize = max(Record.objects.filter(library=library), key=lambda r: len(r.marc))
    result = export(stored_records(library), io.BytesIO(), "iso2709")
    assert (result.written, result.skipped) == (
        4,
        [
            f"record {oversize.pk}: field 520 is 11,242 bytes, more than ISO 2709's 9,999; "
            "export it as MARCXML"
        ],
    )
    assert export(stored_records(library), io.BytesIO(), "marcxml").written == 5


def test_missing_subfield_code_in_marcxml_says_which_field_and_what_to_do() -> None:
    library = factories.library()
    report = import_path(library, shared("marc", "marc4j", "chabon-missing-subfield-code.xml"))
    assert report.errors == [
        {
            "index": 1,
            "offset": 2,
            "reason": "field 020 has a <subfield> without a code; add the code (such as a) "
            "and import it again",
        }
    ]


def _record(n: int) -> bytes:
    record = factories.marc(f"Sách thứ {n}", control=f"R{n:05d}")
    return iso2709.encode(record)


def test_ten_thousand_records_with_seven_broken_imports_9993() -> None:
    broken_at = {17, 1000, 2500, 4999, 5000, 8888, 10000}
    chunks = []
    for n in range(1, 10_001):
        data = _record(n)
        if n in broken_at:
            data = data[:12] + b"9x999" + data[17:]  # base address destroyed
        chunks.append(data)
    library = factories.library()
    report = import_bytes(library, b"".join(chunks))
    assert (report.imported, report.rejected) == (9993, 7)
    assert [e["index"] for e in report.errors] == sorted(broken_at)
    assert {e["reason"] for e in report.errors} == {
        "leader/12-16 (base address of data) is '9x999', not digits"
    }
    offsets = [sum(len(c) for c in chunks[: i - 1]) for i in sorted(broken_at)]
    assert [e["offset"] for e in report.errors] == offsets
    again = import_bytes(library, b"".join(chunks))
    assert (again.imported, again.unchanged, again.rejected) == (0, 9993, 7)


def test_a_file_that_is_not_marc_gets_a_plain_message(tmp_path: Path) -> None:
    with pytest.raises(formats.NotMarc) as caught:
        run_import(factories.library(), io.BytesIO(b"%PDF-1.7\n..."), actor="test", source="x.pdf")
    assert str(caught.value).startswith(
        "Tệp này không phải MARC (ISO 2709, MARCXML hay MARC-in-JSON)."
    )
    assert Record.objects.count() == 0


def test_cli_says_the_file_is_not_marc_and_imports_nothing(tmp_path: Path) -> None:
    factories.library("VN-TEST1")
    path = tmp_path / "notes.txt"
    path.write_text("Danh sách sách mới tháng 11\n")
    with pytest.raises(CommandError) as caught:
        call_command("import", str(path), library="VN-TEST1")
    assert str(caught.value) == "Tệp này không phải MARC (ISO 2709, MARCXML hay MARC-in-JSON)."


def test_cli_json_report_is_the_last_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    factories.library("VN-TEST2")
    rejects = tmp_path / "rejects.mrc"
    call_command(
        "import",
        str(shared("marc", "pymarc", "bad_records.mrc")),
        library="VN-TEST2",
        json=True,
        rejects=str(rejects),
    )
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    counts = ("source", "library", "read", "created", "updated", "unchanged", "rejected")
    assert {k: result[k] for k in counts} == {
        "source": "bad_records.mrc",
        "library": "VN-TEST2",
        "read": 8,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 6,
    }
    assert [e["record"] for e in result["rejects"]] == [2, 3, 4, 5, 6, 7]
    assert all(e["ref"].startswith("byte ") and e["reason"] for e in result["rejects"])
    # The same rejects, one line each on stderr, for whoever reads the terminal.
    rejected = [line for line in captured.err.splitlines() if line.startswith("  bị loại: ")]
    assert [line.split(" (")[0] for line in rejected] == [
        f"  bị loại: bản ghi {n}" for n in (2, 3, 4, 5, 6, 7)
    ]
    assert rejects.read_bytes().count(b"\x1d") == 6


def test_unknown_library_code_is_a_clear_cli_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("import", str(shared("marc", "pymarc", "test.dat")), library="VN-NOPE")
    assert str(caught.value) == (
        "Không có thư viện mã VN-NOPE. Xem `thuvien library list`, hoặc thêm bằng "
        "`thuvien library add`."
    )


class _Crash(Exception):
    pass


def test_crash_between_batches_leaves_whole_batches_and_a_rerun_completes_the_job() -> None:
    library = factories.library()
    data = b"".join(_record(n) for n in range(1, 251))
    calls = 0

    def crash_after_first_batch(position: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise _Crash

    from thuvien.catalogue.importing import Importer

    importer = Importer(
        library, actor="test", source="crash.mrc", batch_size=100, progress=crash_after_first_batch
    )
    with pytest.raises(_Crash):
        importer.run(io.BytesIO(data), "iso2709")
    assert Record.objects.filter(library=library).count() == 200  # two whole batches, no more
    report = import_bytes(library, data)
    assert (report.imported, report.unchanged) == (50, 200)
    assert Record.objects.filter(library=library).count() == 250


def test_records_without_001_or_sharing_one_are_all_kept_and_reimport_adds_nothing() -> None:
    same_001 = [factories.marc(f"Tập {n}", control="DUP") for n in (1, 2, 3)]
    no_001 = [factories.marc("Không số"), factories.marc("Không số"), factories.marc("Khác")]
    data = b"".join(iso2709.encode(r) for r in same_001 + no_001)
    library = factories.library()
    report = import_bytes(library, data)
    assert report.imported == 6
    assert report.warnings == [
        "record 2: control number 'DUP' (003 '') is used by an earlier record of this file; "
        "both are kept, this one is matched by its content",
        "record 3: control number 'DUP' (003 '') is used by an earlier record of this file; "
        "both are kept, this one is matched by its content",
    ]
    again = import_bytes(library, data)
    assert (again.imported, again.unchanged) == (0, 6)


def test_changed_record_with_the_same_001_is_updated_in_place_and_audited() -> None:
    from thuvien.audit.models import AuditEntry

    library = factories.library()
    import_bytes(library, iso2709.encode(factories.marc("Bản cũ", control="A1")))
    first = Record.objects.get(library=library)
    report = import_bytes(library, iso2709.encode(factories.marc("Bản mới", control="A1")))
    assert (report.imported, report.updated) == (0, 1)
    record = Record.objects.get(library=library)
    assert (record.pk, record.title) == (first.pk, "Bản mới")
    entry = AuditEntry.objects.get(object_type="record", action="update")
    assert (entry.before["title"], entry.after["title"]) == ("Bản cũ", "Bản mới")


def test_koha_952_copies_become_items_of_the_importing_library() -> None:
    extra = [
        [
            "952",
            " ",
            " ",
            [
                ["a", "CEN"],
                ["p", "0001"],
                ["i", "VV.000123"],
                ["o", "895.922 NG-A"],
                ["y", "BK"],
                ["g", "150.000 đ"],
            ],
        ],
        ["952", " ", " ", [["p", "0002"], ["7", "1"]]],
    ]
    library = factories.library()
    import_bytes(library, iso2709.encode(factories.marc("Mắt biếc", control="K1", extra=extra)))
    items = list(Item.objects.filter(library=library).order_by("barcode"))
    assert [
        (i.barcode, i.accession_number, i.call_number, i.item_type, i.status, str(i.price))
        for i in items
    ] == [
        ("0001", "VV.000123", "895.922 NG-A", "BK", "available", "150000.00"),
        ("0002", "", "", "", "not-for-loan", "None"),
    ]
    # The record keeps its 952 fields as received.
    assert Record.objects.get().marc.count('"952"') == 2


def test_colliding_barcodes_from_merged_libraries_live_side_by_side_but_not_within_one() -> None:
    extra = [["952", " ", " ", [["p", "0001"]]]]
    first, second = factories.library(), factories.library()
    import_bytes(first, iso2709.encode(factories.marc("A", control="X1", extra=extra)))
    import_bytes(second, iso2709.encode(factories.marc("B", control="X1", extra=extra)))
    assert Item.objects.filter(barcode="0001").count() == 2
    report = import_bytes(first, iso2709.encode(factories.marc("C", control="X2", extra=extra)))
    assert report.warnings == [
        f"record 1: copy 952#1 has barcode '0001', already used by another copy in {first.code}; "
        "the copy was created without a barcode: give it a new one"
    ]
    orphan = Item.objects.get(library=first, record__title="C")
    assert (orphan.barcode, orphan.note) == (None, "[barcode 0001 duplicated]")


def test_marc21_852_with_876_become_items() -> None:
    extra = [
        [
            "852",
            " ",
            " ",
            [["8", "1"], ["b", "Kho mở"], ["h", "959.7"], ["i", "L302"], ["j", "DV.00042"]],
        ],
        ["876", " ", " ", [["8", "1"], ["p", "39000001"], ["c", "85000"], ["e", "Lưu chiểu"]]],
    ]
    library = factories.library()
    import_bytes(library, iso2709.encode(factories.marc("Lịch sử", control="M1", extra=extra)))
    item = Item.objects.get(library=library)
    assert (
        item.barcode,
        item.accession_number,
        item.call_number,
        item.location,
        str(item.price),
        item.acquisition_source,
    ) == ("39000001", "DV.00042", "959.7 L302", "Kho mở", "85000.00", "Lưu chiểu")


def test_copy_with_an_invalid_status_is_refused_with_the_field_named() -> None:
    from thuvien.catalogue import services
    from thuvien.errors import InvalidInput
    from thuvien.network.models import Role

    library = factories.library()
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    record = services.create_record(admin, library, factories.marc("Sách có bản sao"))
    with pytest.raises(InvalidInput) as caught:
        services.add_item(admin, record, barcode="B1", status="borrowed-forever")
    assert caught.value.message == (
        # Django's own part of the message comes in the active language too.
        "Bản sao chưa hợp lệ: status: Giá trị 'borrowed-forever' không phải là lựa chọn hợp lệ."
    )
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        services.add_item(admin, record, barcode="B1", status="borrowed-forever")
    assert caught.value.message == (
        "The copy is not valid: status: Value 'borrowed-forever' is not a valid choice."
    )
    assert Item.objects.count() == 0


def test_saving_over_a_version_someone_else_saved_is_refused() -> None:
    from thuvien.catalogue import services
    from thuvien.errors import Conflict
    from thuvien.network.models import Role

    library = factories.library()
    cataloguer = factories.staff(Role.CATALOGUER, library)
    record = services.create_record(cataloguer, library, factories.marc("Bản đầu"))
    opened = record.content_hash
    services.update_record(cataloguer, record, factories.marc("Bản của người khác"))
    with pytest.raises(Conflict) as caught:
        services.update_record(
            cataloguer, record, factories.marc("Bản của tôi"), expected_hash=opened
        )
    assert caught.value.message.startswith("Bản ghi vừa được người khác sửa")
    assert Record.objects.get().title == "Bản của người khác"
