"""`thuvien demo`: one command gives a newcomer a whole provincial network to click through."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from thuvien.ai.models import DiacriticProposal
from thuvien.catalogue.models import Item, Record
from thuvien.circulation import patrons, rules
from thuvien.circulation.models import Fee, LoanRule, Patron
from thuvien.demo import loader
from thuvien.demo.vietnamese_sample_data import held_by
from thuvien.demo.vietnamese_samples import vietnamese_records
from thuvien.digital.models import DigitalObject
from thuvien.network import branding, news
from thuvien.network.models import AdministrativeUnit, Library, LibraryEvent, StaffProfile
from thuvien.testing.factories import shared

ACTIVE = [f"VN-CM000{n}" for n in range(1, 8)]


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    """Six accounts hashed at full strength take seconds; the hash is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(**options: Any) -> str:
    out = io.StringIO()
    call_command("demo", load_only=True, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "units": AdministrativeUnit.objects.count(),
        "libraries": Library.objects.count(),
        "events": LibraryEvent.objects.count(),
        "records": Record.objects.count(),
        "items": Item.objects.count(),
        "staff": StaffProfile.objects.count(),
        "users": get_user_model().objects.count(),
        "scans": DigitalObject.objects.count(),
        "readers": Patron.objects.count(),
        "rules": LoanRule.objects.count(),
    }


def test_demo_builds_the_network_with_units_parents_history_records_and_staff() -> None:
    output = run_demo(sample=5)
    libraries = {lib.code: lib for lib in Library.objects.select_related("parent", "admin_unit")}
    assert sorted(libraries) == [*ACTIVE, "VN-CM0008", "VN-CM0009"]  # 0009: moved from Koha
    provincial = libraries["VN-CM0001"]
    assert (provincial.name_vi, provincial.library_type, provincial.level) == (
        "Thư viện tỉnh Cà Mau", "public", "provincial"
    )  # fmt: skip
    assert str(provincial.admin_unit) == "Phường An Xuyên, Tỉnh Cà Mau"
    assert [libraries[c].parent for c in ("VN-CM0002", "VN-CM0003", "VN-CM0004")] == [
        provincial
    ] * 3
    assert libraries["VN-CM0007"].parent == libraries["VN-CM0004"]
    assert Counter(lib.library_type for lib in libraries.values()) == {
        "public": 5, "school": 3, "community": 1
    }  # fmt: skip
    assert libraries["VN-CM0007"].is_public is False
    # The district library of Trần Văn Thời was merged into the provincial one with the reform.
    former = libraries["VN-CM0008"]
    assert (former.status, former.level) == ("merged", "district")
    assert str(former.admin_unit) == "Huyện Trần Văn Thời, Tỉnh Cà Mau"
    merger = former.events.get(kind="merged")
    assert (str(merger.date), list(merger.related.all())) == ("2025-07-01", [provincial])
    assert LibraryEvent.objects.filter(kind="founded").count() == 9  # with VN-CM0009
    # Real MARC files (5 records each at most) in the provincial library, Vietnamese records in
    # every library that holds a copy.
    assert Record.objects.filter(library=provincial, source="jazz_1k.mrc").count() == 5
    assert Record.objects.filter(library=provincial, kind="auth").count() == 5
    for code in ACTIVE:
        assert Record.objects.filter(library__code=code, source="vietnamese-samples").exists()
    assert Item.objects.filter(library=provincial, accession_number="DC.000001").exists()
    # Staff accounts sign in with the printed password.
    roles = {p.user.username: (p.role, p.library.code if p.library else None)
             for p in StaffProfile.objects.select_related("user", "library")}  # fmt: skip
    assert roles == {
        "quantri": ("network-admin", None),
        "canbo.so": ("department-officer", None),
        "quantri.tinh": ("library-admin", "VN-CM0001"),
        "bienmuc.tinh": ("cataloguer", "VN-CM0001"),
        "luuthong.tinh": ("circulation-clerk", "VN-CM0001"),
        "bienmuc.datmui": ("cataloguer", "VN-CM0002"),
    }
    assert get_user_model().objects.get(username="bienmuc.datmui").check_password("thuvien-demo")
    assert "[5/18] Tài khoản cán bộ: 6 (mới 6)" in output
    # A printed gazetteer page, queued for OCR, and the IIIF test image from the shared data.
    # (Step 13's objects, the digitisation programme's, are checked in test_demo_programme.py.)
    programme = r"^(dia-chi-[0-9]+|sh-.*|la-buong-soc-trang)$"
    scans = DigitalObject.objects.exclude(identifier__regex=programme).order_by("identifier")
    assert [(o.identifier, o.library.code, o.access, o.pages.count()) for o in scans] == [
        ("67352ccc-d1b0-11e1-89ae-279075081939", "VN-CM0001", "open", 1),
        ("dia-chi-ca-mau-1", "VN-CM0001", "open", 1),
    ]
    gazetteer = scans.get(identifier="dia-chi-ca-mau-1")
    assert (gazetteer.collection.code, gazetteer.ocr_languages) == ("dia-chi-ca-mau", "vie")
    assert gazetteer.record is not None
    assert gazetteer.record.library == provincial
    assert "[6/18] Thư viện số: 2 tài liệu số (mới 2)" in output
    assert "bienmuc.datmui  cataloguer          VN-CM0002" in output
    # Readers to try the desk, SIP2 and the reader's account with, and network loan rules.
    readers = Patron.objects.filter(card_number__startswith="CM-").order_by("card_number")
    assert [(r.card_number, r.home_library.code, r.category) for r in readers] == [
        ("CM-0001", "VN-CM0001", "adult"),
        ("CM-0002", "VN-CM0001", "child"),
        ("CM-0003", "VN-CM0001", "elderly"),
        ("CM-0004", "VN-CM0001", "student"),
        ("CM-0005", "VN-CM0001", "war-invalid"),
    ]
    assert readers.get(card_number="CM-0002").guardian == readers.get(card_number="CM-0001")
    assert all(patrons.check_pin(r, "271828") for r in readers)
    assert rules.rule_for(provincial, "child", "book").loan_days == 14
    assert rules.rule_for(provincial, "adult", "book").loan_days == 21
    # The desk's: the library's own rule, an online registration waiting, a receipt.
    assert rules.rule_for(provincial, "adult", "sách tham khảo").loan_days == 0
    assert [p.full_name for p in patrons.awaiting_approval(provincial)] == ["Đoàn Thị Thu"]
    assert Fee.objects.get().receipt_number.startswith("VN-CM0001/")
    assert "Mật khẩu của mọi tài khoản: thuvien-demo" in output
    assert "Trang cán bộ: http://127.0.0.1:8000/staff/" in output
    # The province's branding on the portal, the provincial library's own colour, and news.
    look = branding.look(None)
    assert (look.name, look.head_colour, look.scope) == (
        "Mạng lưới thư viện tỉnh Cà Mau", "#0f4c45", "province"
    )  # fmt: skip
    assert look.logo_version
    assert branding.look(provincial).head_colour == "#7a1f1f"
    assert [(n.slug, n.kind, n.library) for n in news.published()] == [
        ("ngay-hoi-doc-sach-tinh-ca-mau-2026", "news", provincial),
        ("tap-huan-bien-muc-marc-21-cho-thu-vien-xa", "library-work", provincial),
    ]
    assert "[11/18] Giao diện và tin tức: 2 tin đã đăng (mới 2)" in output
    # A library moved in from Koha: its open loans arrive with their dates, on loan here.
    assert (
        "[13/18] Chuyển dữ liệu từ Koha: Koha → VN-CM0009: 6 sách đang mượn giữ nguyên "
        "ngày mượn, hạn trả (mới 48)" in output
    )
    # One record as an old export left it, and the model's proposal waiting for a cataloguer.
    proposal = DiacriticProposal.objects.select_related("record").get()
    assert proposal.record.source == "demo: bản xuất cũ mất dấu"
    assert proposal.record.title.isascii()
    assert proposal.changes[0]["after"] != proposal.changes[0]["before"]
    step = next(line for line in output.splitlines() if line.startswith("[17/18]"))
    assert step.startswith("[17/18] Trí tuệ nhân tạo: thêm dấu đúng ")
    assert "; 1 đề xuất chờ duyệt (" in step


def test_running_the_demo_twice_adds_nothing_and_says_it_is_already_loaded() -> None:
    run_demo(sample=5)
    before = counts()
    output = run_demo(sample=5)
    assert counts() == before
    assert "Dữ liệu mẫu đã có sẵn, không thêm gì (" in output
    lines = output.splitlines()
    # 5 records of each MARC file, except map_data.mrc (3), marc8.dat and diacritic.dat (1).
    assert "mới 0, sửa 0, không đổi 30, lỗi 0" in lines[2]
    assert "mới 0, sửa 0, không đổi " in lines[3]
    assert "Đã bổ sung" not in output


def test_a_larger_run_after_a_sample_tops_up_without_duplicating_copies() -> None:
    run_demo(sample=3)
    output = run_demo(sample=6)
    # 3 more records of the five files that have them; 3 more rows of the listing.
    assert "Đã bổ sung: 15 biểu ghi MARC → VN-CM0001;" in output
    assert "mới 15, sửa 0, không đổi 20" in output
    barcodes = Counter(Item.objects.exclude(barcode=None).values_list("library_id", "barcode"))
    assert barcodes.most_common(1)[0][1] == 1
    assert not Item.objects.filter(barcode=None, library__code__in=ACTIVE).exists()


def test_the_full_vietnamese_listing_loads_into_the_libraries_that_hold_copies() -> None:
    output = run_demo()
    expected = list(vietnamese_records(shared("vietnamese", "tiki_book_data.csv"), ACTIVE))
    assert len(expected) == 1730
    for code in ACTIVE:
        held = [r for r in (held_by(e, code) for e in expected) if r is not None]
        mine = Record.objects.filter(library__code=code, source="vietnamese-samples")
        assert mine.count() == len(held)
        copies = sum(len(list(r.data_fields("952"))) for r in held)
        assert Item.objects.filter(record__in=mine).count() == copies
    titles = set(Record.objects.values_list("title", flat=True))
    assert {"Cây Cam Ngọt Của Tôi", "Nhà Giả Kim", "Địa chí Cà Mau"} <= titles
    assert "1730 biểu ghi (VN-CM0001 " in output


def test_without_shared_data_the_network_and_hand_written_records_are_still_built(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(loader, "REPO", tmp_path / "repo")
    output = run_demo()
    assert "bỏ qua: không tìm thấy thư mục dữ liệu dùng chung (../shared/data)" in output
    assert "thiếu vietnamese/tiki_book_data.csv: chỉ có biểu ghi làm tay" in output
    assert Library.objects.count() == 9
    # The school's acquisitions (step 18) add brief records, without a control number.
    brief = Record.objects.filter(source="acquisitions:brief")
    assert sorted(brief.values_list("title", flat=True)) == [
        "Dế Mèn phiêu lưu ký",
        "Tiếng Việt 3, tập một",
        "Toán 3",
        "Truyện cổ tích Việt Nam",
    ]
    controls = set(
        Record.objects.exclude(library__code="VN-CM0009")
        .exclude(pk__in=brief)
        .values_list("control_number", flat=True)
    )  # VN-CM0009's come from its Koha export
    old_books = {f"TVCO{n:04d}" for n in range(1, 5)}  # the union step's, for its review queue
    stock = {"DEMO-TC-1", "DEMO-KK-1", "DEMO-TL-1"}  # the school library's (demo.stock)
    lost = {"TVMATDAU01"}  # the AI step's record without diacritics, for its review list
    assert controls == {f"TVDEMO000{n}" for n in range(1, 6)} | old_books | stock | lost


def test_the_shared_data_setting_is_used_and_missing_files_are_named(
    settings: Any, tmp_path: Path
) -> None:
    (tmp_path / "vietnamese").symlink_to(shared("vietnamese"))
    settings.THUVIEN_SHARED_DATA_DIR = tmp_path
    output = run_demo(sample=2)
    assert f"0 tệp từ {tmp_path} (THUVIEN_SHARED_DATA_DIR)" in output
    assert "thiếu: marc/evergreen/jazz_1k.mrc, marc/evergreen/lul_fre_500.mrc" in output
    assert Record.objects.filter(source="vietnamese-samples", control_number="TIKI00003").exists()


def test_a_shared_data_folder_that_does_not_exist_stops_before_anything_is_made() -> None:
    with pytest.raises(CommandError) as raised:
        run_demo(shared_data="/no/such/folder")
    assert str(raised.value) == ("--shared-data /no/such/folder: không có thư mục này.")
    assert counts() == dict.fromkeys(counts(), 0)


def test_sample_must_be_at_least_one() -> None:
    with pytest.raises(CommandError, match=r"^--sample phải lớn hơn 0\.$"):
        run_demo(sample=0)
