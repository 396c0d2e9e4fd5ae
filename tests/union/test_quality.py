"""Decree 93/2020 Art. 28 minimum fields: per-library shares, failing records, the command."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.union.test_services import BOOK, SYSTEM, marc
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.testing import factories
from thuvien.testing.portal import fixed, sub
from thuvien.union import quality


def complete_marc(title: str) -> MarcRecord:
    fields: list[Any] = [
        ["008", fixed("2020")],
        ["090", " ", " ", sub("a", "895.922", "b", "NG-D")],
        ["100", "0", " ", sub("a", "Nguyễn Du")],
        ["245", "1", "0", sub("a", title)],
        ["260", " ", " ", sub("a", "Hà Nội :", "b", "Văn học,", "c", "2020.")],
        ["650", " ", "7", sub("a", "Văn học Việt Nam")],
        ["653", " ", " ", sub("a", "Truyện thơ")],
    ]
    return MarcRecord(BOOK, fields)


@pytest.fixture
def made() -> dict[str, Record]:
    province, commune = factories.library("VN-T9001"), factories.library("VN-T9002")
    full = catalogue.create_record(SYSTEM, province, complete_marc("Truyện Kiều"))
    catalogue.add_item(SYSTEM, full, barcode="B1", accession_number="VV.00001")
    no_copy = catalogue.create_record(SYSTEM, province, complete_marc("Lục Vân Tiên"))
    bare = catalogue.create_record(SYSTEM, commune, marc("Chí Phèo", author="Nam Cao"))
    return {"full": full, "no_copy": no_copy, "bare": bare}


def test_each_library_gets_its_share_and_what_its_records_miss(made: dict[str, Record]) -> None:
    figures = {f.code: f for f in quality.by_library()}
    province, commune = figures["VN-T9001"], figures["VN-T9002"]
    assert (province.records, province.complete, province.share) == (2, 1, 0.5)
    assert province.missing == {
        "title": 0, "author": 0, "publication": 0, "keywords": 0, "subject": 0,
        "accession": 1, "call_number": 0,
    }  # fmt: skip
    assert commune.as_dict()["share"] == 0.0
    assert commune.missing["keywords"] == 1
    assert commune.missing["title"] == 0


def test_the_failing_records_say_which_fields_they_miss(made: dict[str, Record]) -> None:
    failing = quality.failing()
    assert [(f.id, f.missing) for f in failing] == [
        (made["no_copy"].pk, ["accession"]),
        (made["bare"].pk, ["keywords", "subject", "accession", "call_number"]),
    ]
    only = quality.failing(made["bare"].library)
    assert [f.id for f in only] == [made["bare"].pk]


def run(*args: str) -> str:
    out = StringIO()
    call_command("union", "quality", *args, stdout=out)
    return out.getvalue()


def test_the_quality_command_prints_shares_and_failing_records(made: dict[str, Record]) -> None:
    text = run("--library", "VN-T9002")
    assert text == (
        "VN-T9002: 0/1 biểu ghi đủ trường tối thiểu (0%). Thiếu: Từ khoá 1, Chủ đề 1, "
        "Số ĐKCB 1, Mã xếp giá 1.\n"
        f"  {made['bare'].pk} [VN-T9002] «Chí Phèo» thiếu: Từ khoá, Chủ đề, Số ĐKCB, "
        "Mã xếp giá\n"
    )
    data = json.loads(run("--json").splitlines()[-1])
    assert [lib["library"] for lib in data["libraries"]] == ["VN-T9001", "VN-T9002"]
    assert data["libraries"][0]["share"] == 0.5
    assert data["failing"][0] == {
        "id": made["no_copy"].pk,
        "library": "VN-T9001",
        "title": "Lục Vân Tiên",
        "missing": ["accession"],
    }


def test_an_unknown_library_is_one_line(made: dict[str, Record]) -> None:
    with pytest.raises(CommandError) as refused:
        run("--library", "VN-NONE")
    assert "Không có thư viện mã VN-NONE" in str(refused.value)
