"""The MARC editor: what it shows, what it saves, and what it says when a record is wrong."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from thuvien.audit.models import AuditEntry
from thuvien.catalogue import formats
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.catalogue.services import run_import
from thuvien.network.models import Library
from thuvien.staff import marc_editor
from thuvien.testing.factories import shared

from .conftest import client_for, record_in
from .pages import form_values, text

SAMPLES = ["test.dat", "marc8.dat", "diacritic.dat"]


def _import(library: Library, name: str = "test.dat") -> list[Record]:
    with shared("marc", "pymarc", name).open("rb") as stream:
        run_import(library, stream, actor="test", source=name)
    return list(Record.objects.filter(library=library).order_by("id"))


def _editor_form(client: Client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response.content.decode(), "editor")


def _row_of(values: dict[str, str], tag: str) -> int:
    return next(
        int(k.split("_")[1]) for k, v in values.items() if k.startswith("tag_") and v == tag
    )


def _empty_row(values: dict[str, str]) -> int:
    return next(
        int(k.split("_")[1])
        for k, v in values.items()
        if k.startswith("tag_") and v == "" and values[f"value_{k.split('_')[1]}"] == ""
    )


@pytest.mark.parametrize("name", SAMPLES)
def test_every_field_of_real_records_reads_back_from_its_grid_row(name: str) -> None:
    with shared("marc", "pymarc", name).open("rb") as stream:
        records = [i.record for i in formats.read(stream, "iso2709") if i.record is not None]
    assert records
    for record in records:
        for f in record.fields:
            assert marc_editor.row_to_field(marc_editor.field_row(f)) == f


def test_saving_an_imported_record_unchanged_keeps_its_marc_byte_identical(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    records = _import(library_a)
    assert len(records) == 10
    client = client_for(cataloguer)
    for record in records:
        url = reverse("staff:catalogue:record_edit", args=[record.pk])
        response = client.post(url, _editor_form(client, url))
        assert response.status_code == 302, text(response.content.decode())[:2000]
        saved = Record.objects.get(pk=record.pk)
        assert (saved.leader, saved.marc) == (record.leader, record.marc)
    updates = AuditEntry.objects.filter(object_type="record", action=AuditEntry.Action.UPDATE)
    assert updates.count() == 10


def test_a_record_without_title_is_refused_with_the_rule_and_the_typing_is_kept(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = _import(library_a)[0]
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    values = _editor_form(client, url)
    values[f"value_{_row_of(values, '245')}"] = ""
    row = _empty_row(values)
    values[f"tag_{row}"], values[f"value_{row}"] = "500", "$a Ghi chú vừa gõ"
    response = client.post(url, values)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thiếu trường 245 (nhan đề)" in text(page)
    assert form_values(page, "editor")[f"value_{row}"] == "$a Ghi chú vừa gõ"
    assert Record.objects.get(pk=record.pk).marc == record.marc


def test_a_box_without_subfield_codes_is_named_by_its_row(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a, "Nhan đề cũ")
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    values = _editor_form(client, url)
    row = _row_of(values, "245")
    values[f"value_{row}"] = "Nhan đề mới"
    page = text(client.post(url, values).content.decode())
    assert (
        f"Dòng {row + 1} (trường 245): nội dung phải bắt đầu bằng $ và mã trường con, ví dụ "
        "$a Nhan đề" in page
    )
    assert Record.objects.get(pk=record.pk).title == "Nhan đề cũ"


def test_bad_indicator_and_repeated_field_are_listed_together(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a)
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    values = _editor_form(client, url)
    values[f"ind1_{_row_of(values, '245')}"] = "X"
    row = _empty_row(values)
    values[f"tag_{row}"], values[f"value_{row}"] = "245", "$a Nhan đề thứ hai"
    page = text(client.post(url, values).content.decode())
    assert (
        "Trường 245: chỉ thị 1 'X' không hợp lệ; chỉ dùng chữ số, chữ thường hoặc khoảng trắng"
        in page
    )
    assert "Trường 245 không được lặp (2 lần)" in page


def test_new_record_is_built_from_the_grid_and_the_helpers(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_new")
    values = _editor_form(client, url)
    values[f"value_{_row_of(values, '245')}"] = "$a Truyện Kiều / $c Nguyễn Du"
    values[f"value_{_row_of(values, '100')}"] = "$a Nguyễn Du, $d 1765-1820"
    values[f"ind1_{_row_of(values, '100')}"] = "1"
    row = _empty_row(values)
    values[f"tag_{row}"], values[f"value_{row}"] = "020", "$a 978-604-0-00000-0 $c 50.000 {dollar}"
    values["leader_06"], values["leader_17"] = "t", "7"
    values["f008_language"], values["f008_date1"] = "eng", "2020"
    response = client.post(url, values)
    assert response.status_code == 302
    record = Record.objects.get(library=library_a)
    marc = MarcRecord.from_stored(record.leader, record.marc)
    assert [f[0] for f in marc.fields] == ["008", "020", "100", "245"]
    assert marc.fields[1] == ["020", " ", " ", [["a", "978-604-0-00000-0"], ["c", "50.000 $"]]]
    assert marc.fields[2] == ["100", "1", " ", [["a", "Nguyễn Du,"], ["d", "1765-1820"]]]
    assert (record.leader[6], record.leader[17]) == ("t", "7")
    assert (marc.control("008")[7:11], marc.control("008")[35:38]) == ("2020", "eng")
    assert (record.title, record.language, record.year) == ("Truyện Kiều", "eng", 2020)


def test_the_raw_leader_and_008_win_where_their_helpers_were_left_alone(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a)
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    values = _editor_form(client, url)
    values["leader"] = values["leader"][:17] + "3" + values["leader"][18:]
    row = _row_of(values, "008")
    values[f"value_{row}"] = values[f"value_{row}"][:35] + "fre" + values[f"value_{row}"][38:]
    values["leader_05"] = "c"
    assert client.post(url, values).status_code == 302
    saved = Record.objects.get(pk=record.pk)
    assert (saved.leader[5], saved.leader[17], saved.language) == ("c", "3", "fre")


def test_adding_rows_shows_more_empty_rows_and_saves_nothing(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a)
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    values = _editor_form(client, url)
    values[f"value_{_row_of(values, '245')}"] = "$a Đang sửa dở"
    response = client.post(url, {**values, "add_rows": "1"})
    assert response.status_code == 200
    again = form_values(response.content.decode(), "editor")
    assert int(again["rows"]) == int(values["rows"]) + marc_editor.EXTRA_ROWS
    assert again[f"value_{_row_of(values, '245')}"] == "$a Đang sửa dở"
    assert Record.objects.get(pk=record.pk).title == "Thư viện số"


def test_a_field_typed_in_an_empty_row_takes_its_place_by_tag(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a, extra=[["700", "1", " ", [["a", "Tác giả phụ"]]]])
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    values = _editor_form(client, url)
    row = _empty_row(values)
    values[f"tag_{row}"], values[f"ind2_{row}"] = "650", "4"
    values[f"value_{row}"] = "$a Văn học $x Nghiên cứu"
    assert client.post(url, values).status_code == 302
    marc = MarcRecord.from_stored(record.leader, Record.objects.get(pk=record.pk).marc)
    assert [f[0] for f in marc.fields] == ["008", "245", "650", "700"]
    assert marc.fields[2] == ["650", " ", "4", [["a", "Văn học"], ["x", "Nghiên cứu"]]]


def test_dollar_signs_in_data_are_shown_escaped_and_the_syntax_is_explained(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = record_in(library_a, extra=[["020", " ", " ", [["c", "$12.50"]]]])
    client = client_for(cataloguer)
    page = client.get(reverse("staff:catalogue:record_edit", args=[record.pk])).content.decode()
    values = form_values(page, "editor")
    assert values[f"value_{_row_of(values, '020')}"] == "$c {dollar}12.50"
    assert "Dấu đô-la trong dữ liệu viết là {dollar}" in text(page)
    assert "245 Nhan đề" in text(page)


def test_saving_over_a_version_another_cataloguer_saved_meanwhile_is_refused(
    cataloguer: AbstractUser, library_a: Library
) -> None:
    record = _import(library_a)[0]
    client = client_for(cataloguer)
    url = reverse("staff:catalogue:record_edit", args=[record.pk])
    mine = _editor_form(client, url)  # opened before the other cataloguer saved
    theirs = _editor_form(client, url)
    theirs[f"value_{_row_of(theirs, '245')}"] = "$a Bản của đồng nghiệp"
    assert client.post(url, theirs).status_code == 302
    mine[f"value_{_row_of(mine, '245')}"] = "$a Bản của tôi"
    response = client.post(url, mine)
    assert response.status_code == 200
    assert "Bản ghi vừa được người khác sửa; hãy mở lại để xem bản mới." in text(
        response.content.decode()
    )
    assert Record.objects.get(pk=record.pk).title == "Bản của đồng nghiệp"
