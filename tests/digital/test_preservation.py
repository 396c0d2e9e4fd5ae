"""Preservation and the theses workflow: fixity audits, BagIt round trips, rights years,
submit → review → publish with an embargo."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.digital import samples
from thuvien.digital import rights, storage, workflow
from thuvien.digital.errors import Rejected
from thuvien.digital.models import DigitalObject, Range
from thuvien.digital.preservation import export_bag, import_bag
from thuvien.digital.services import ingest
from thuvien.errors import NotPermitted
from thuvien.lifecycle import services as lifecycle
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network.models import Library, Role
from thuvien.testing import factories

Ingest = Callable[..., DigitalObject]


def test_the_fixity_audit_finds_a_changed_and_a_missing_file(
    tmp_path: Path, ingested: Ingest, capsys: pytest.CaptureFixture[str]
) -> None:
    obj = ingested([samples.png(tmp_path / "a.png"), samples.png(tmp_path / "b.png")], "goc")
    call_command("fixity")
    assert capsys.readouterr().out.strip() == "Đã kiểm tra 4 tệp, 0 sai lệch"
    folder = storage.object_dir("goc")
    damaged = folder / "original" / "0001.png"
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"\x00")
    (folder / "tiles" / "0002.tif").unlink()
    with pytest.raises(CommandError, match=r"^Đã kiểm tra 4 tệp, 2 sai lệch$"):
        call_command("fixity", "goc")
    lines = capsys.readouterr().out.splitlines()
    first = obj.pages.get(sequence=1)
    assert lines[0].startswith(f"  sai lệch: goc/original/0001.png: cần {first.sha256}")
    assert lines[1].endswith(
        "goc/tiles/0002.tif: cần "
        + obj.pages.get(sequence=2).derivative_sha256
        + ", thấy không có tệp"
    )
    assert obj.fixity_checks.count() == 2


def test_a_bag_exports_validates_and_imports_back(
    tmp_path: Path, ingested: Ingest, library: Library
) -> None:
    obj = ingested(
        [samples.pdf_pages(tmp_path / "a.pdf", pages=2), samples.png(tmp_path / "b.png")],
        "ban-goc",
        dublin_core={"creator": ["Trần Văn B"]},
        access="onsite",
    )
    Range.objects.create(digital_object=obj, label="Phần 1", first_page=1, last_page=2)
    bag_folder = export_bag(obj, tmp_path / "bag")
    bagit.Bag(str(bag_folder)).validate()  # the reference implementation agrees
    assert sorted(p.name for p in (bag_folder / "data" / "original").iterdir()) == [
        "0001.pdf",
        "0002.png",
    ]
    again = import_bag(bag_folder, library=library, actor="test", identifier="ban-sao")
    assert again.access == "onsite"
    assert again.dublin_core == {"creator": ["Trần Văn B"]}
    assert list(again.pages.values_list("sha256", flat=True)) == list(
        obj.pages.values_list("sha256", flat=True)
    )
    assert list(again.ranges.values_list("label", "first_page", "last_page")) == [("Phần 1", 1, 2)]


def test_a_tampered_bag_is_refused(tmp_path: Path, ingested: Ingest, library: Library) -> None:
    obj = ingested([samples.png(tmp_path / "a.png")], "mau")
    bag_folder = export_bag(obj, tmp_path / "bag")
    (bag_folder / "data" / "original" / "0001.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(Rejected, match=r"^Gói BagIt không hợp lệ: "):
        import_bag(bag_folder, library=library, actor="test", identifier="mau-2")
    assert not DigitalObject.objects.filter(identifier="mau-2").exists()


@pytest.mark.parametrize(
    ("death", "published", "today", "free"),
    [
        (1970, None, datetime.date(2020, 12, 31), False),  # protected to the end of 2020
        (1970, None, datetime.date(2021, 1, 1), True),
        (None, 1945, datetime.date(2021, 1, 1), True),  # anonymous: 75 years from publication
        (None, 1960, datetime.date(2030, 1, 1), False),
        (None, None, datetime.date(2030, 1, 1), None),
    ],
)
def test_life_plus_fifty_years(
    death: int | None, published: int | None, today: datetime.date, free: bool | None
) -> None:
    assert (
        rights.is_public_domain(death_year=death, publication_year=published, today=today) is free
    )


def test_a_thesis_is_submitted_reviewed_and_published_after_its_embargo(
    tmp_path: Path, library: Library
) -> None:
    author = factories.staff(Role.CIRCULATION_CLERK, factories.library())  # not this library's
    thesis = ingest(
        [samples.png(tmp_path / "luan-van.png")],
        library=library,
        identifier="luan-van-1",
        title="Luận văn thạc sĩ: Thư viện số ở Đồng bằng sông Cửu Long",
        actor=author,
        status=DigitalObject.Status.DRAFT,
    )
    assert Client().get("/iiif/manifests/luan-van-1").status_code == 404
    workflow.move(author, thesis, "submit")
    with pytest.raises(NotPermitted):
        workflow.move(author, thesis, "publish")  # authors do not review their own work
    reviewer = factories.staff(Role.CATALOGUER, library)
    with pytest.raises(IllegalTransition) as caught:
        workflow.move(reviewer, thesis, "withdraw")
    assert caught.value.message == (
        "Không thể rút khỏi bộ sưu tập tài liệu số luan-van-1 khi đang ở trạng thái “Chờ duyệt”. "
        "Lúc này có thể: trả lại cho tác giả, công bố."
    )
    workflow.move(reviewer, thesis, "return", note="Thiếu trang bìa")
    workflow.move(author, thesis, "submit")
    later = datetime.date.today() + datetime.timedelta(days=365)
    thesis = workflow.move(reviewer, thesis, "publish", embargo_until=later)
    assert thesis.status == "published"
    assert Client().get("/iiif/manifests/luan-van-1").status_code == 404  # embargoed
    DigitalObject.objects.filter(pk=thesis.pk).update(embargo_until=datetime.date.today())
    assert Client().get("/iiif/manifests/luan-van-1").status_code == 200
    history = list(
        lifecycle.history(thesis).values_list("action", "from_state", "to_state", "note")
    )
    assert history == [
        ("submit", "draft", "submitted", ""),
        ("return", "submitted", "draft", "Thiếu trang bìa"),
        ("submit", "draft", "submitted", ""),
        ("publish", "submitted", "published", ""),
    ]
