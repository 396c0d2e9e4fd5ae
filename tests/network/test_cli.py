"""The ``thuvien library``, ``staff`` and ``units`` commands, as an operator uses them."""

from __future__ import annotations

import getpass
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from thuvien.audit.models import AuditEntry
from thuvien.network.models import Library, LibraryEvent
from thuvien.testing import factories

TYPES = "national, public, specialised, armed-forces, university, school, community, foreign"
BAD_TYPE = f'Loại thư viện "publik" không hợp lệ; hãy chọn một trong: {TYPES}.'
THUVIEN = Path(sys.executable).parent / "thuvien"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_library_add_registers_the_library_and_audits_the_operator() -> None:
    factories.library("VN-HN0001", name_vi="Thư viện Hà Nội")
    output = run(
        "library",
        "add",
        "VN-HN0002",
        "--name",
        "Thư viện quận Ba Đình",
        "--type",
        "public",
        "--non-public",
        "--level",
        "commune",
        "--parent",
        "VN-HN0001",
        "--host",
        "UBND phường",
        "--email",
        "tv@badinh.vn",
        "--website",
        "https://badinh.vn",
        "--founded",
        "1999-09-02",
    )
    assert output == "Đã đăng ký VN-HN0002 Thư viện quận Ba Đình\n"
    library = Library.objects.get(code="VN-HN0002")
    assert (library.is_public, library.parent, library.host_organisation) == (
        False,
        Library.objects.get(code="VN-HN0001"),
        "UBND phường",
    )
    assert LibraryEvent.objects.get(library=library).kind == "founded"
    assert AuditEntry.objects.get(object_type="library").actor_label == f"cli:{getpass.getuser()}"


def test_library_add_with_a_bad_type_exits_2_with_the_types_listed() -> None:
    with pytest.raises(CommandError) as caught:
        run("library", "add", "VN-HN0001", "--name", "Thư viện", "--type", "publik")
    assert (str(caught.value), caught.value.returncode) == (BAD_TYPE, 2)
    assert not Library.objects.exists()


def test_library_add_with_a_bad_date_or_unknown_parent_exits_2() -> None:
    with pytest.raises(CommandError) as caught:
        run(
            "library",
            "add",
            "VN-HN0001",
            "--name",
            "T",
            "--type",
            "public",
            "--founded",
            "2/9/1999",
        )
    assert str(caught.value) == (
        '--founded: "2/9/1999" không phải ngày dạng YYYY-MM-DD, ví dụ 2025-07-01.'
    )
    with pytest.raises(CommandError) as caught:
        run("library", "add", "VN-HN0001", "--name", "T", "--type", "public", "--parent", "VN-XX")
    assert (str(caught.value), caught.value.returncode) == (
        "Không có thư viện mã VN-XX. Xem `thuvien library list`, hoặc thêm bằng "
        "`thuvien library add`.",
        2,
    )
    with translation.override("en"), pytest.raises(CommandError) as caught:
        run("library", "add", "VN-HN0001", "--name", "T", "--type", "public", "--parent", "VN-XX")
    assert str(caught.value) == (
        "No library has code VN-XX; see `thuvien library list`, or add it with "
        "`thuvien library add`."
    )
    assert not Library.objects.exists()


def test_library_list_prints_a_table_or_json_filtered_by_type() -> None:
    factories.library("VN-HN0001", name_vi="Thư viện Hà Nội")
    factories.library("VN-HN0101", name_vi="Thư viện trường Chu Văn An", library_type="school")
    assert run("library", "list").splitlines() == [
        "Mã         Loại    Trạng thái  Tên",
        "VN-HN0001  public  active      Thư viện Hà Nội",
        "VN-HN0101  school  active      Thư viện trường Chu Văn An",
        "2 thư viện",
    ]
    with translation.override("en"):
        assert run("library", "list").splitlines()[0] == "Code       Type    Status  Name"
    listed = json.loads(run("library", "list", "--type", "school", "--json"))
    assert [(x["code"], x["type"], x["name_vi"]) for x in listed] == [
        ("VN-HN0101", "school", "Thư viện trường Chu Văn An")
    ]


def test_library_event_and_show_tell_the_library_history() -> None:
    factories.library("VN-HN0001", name_vi="Thư viện Hà Nội")
    factories.library("VN-HT0001", name_vi="Thư viện Hà Tây")
    assert run(
        "library",
        "event",
        "VN-HT0001",
        "merged",
        "2008-08-01",
        "--related",
        "VN-HN0001",
        "--note",
        "NQ 15/2008/QH12",
    ) == ("Đã ghi: VN-HT0001 merged 2008-08-01; trạng thái: merged\n")
    shown = run("library", "show", "VN-HN0001")
    assert "Mã: VN-HN0001\nTên: Thư viện Hà Nội\n" in shown
    assert shown.endswith("Lịch sử:\n  2008-08-01 VN-HT0001 merged → VN-HN0001 — NQ 15/2008/QH12\n")
    with translation.override("en"):
        shown = run("library", "show", "VN-HN0001")
    assert "Code: VN-HN0001\nName: Thư viện Hà Nội\n" in shown
    assert "\nHistory:\n" in shown
    with pytest.raises(CommandError) as caught:
        run("library", "event", "VN-HT0001", "dissolved", "2009-01-01")
    assert caught.value.returncode == 2
    assert str(caught.value).startswith("Thư viện VN-HT0001 đã sáp nhập; không thể ghi thêm")


def test_staff_add_and_list() -> None:
    factories.library("VN-HN0001")
    assert (
        run(
            "staff",
            "add",
            "an",
            "--role",
            "cataloguer",
            "--library",
            "VN-HN0001",
            "--password",
            "mật-khẩu-dài",
            "--full-name",
            "Nguyễn Văn An",
        )
        == "Đã tạo an (cataloguer, VN-HN0001)\n"
    )
    output = run("staff", "add", "binh", "--role", "network-admin", "--generate-password")
    created, password_line = output.splitlines()
    assert created == "Đã tạo binh (network-admin, toàn mạng lưới)"
    password = password_line.removeprefix("Mật khẩu: ")
    assert get_user_model().objects.get(username="binh").check_password(password)
    assert run("staff", "list").splitlines() == [
        "Tên đăng nhập  Vai trò        Thư viện   Họ tên",
        "binh           network-admin  —",
        "an             cataloguer     VN-HN0001  Nguyễn Văn An",
        "2 tài khoản",
    ]
    with pytest.raises(CommandError, match=r"^Vai trò cataloguer làm việc trong một thư viện"):
        run("staff", "add", "chi", "--role", "cataloguer", "--password", "mật-khẩu-dài")


def test_units_load_and_find() -> None:
    output = run("units", "load")
    assert output.splitlines()[:2] == [
        "Phương án 2025: 34 province, 3321 commune",
        "Phương án 2004: 63 province, 696 district, 10051 commune",
    ]
    assert output.splitlines()[2].startswith(
        "Tạo mới 14165, sửa 0; liên kết cũ→mới: thêm 3373, bỏ 0 (xã: 3310); "
    )
    assert run("units", "find", "truc bach", "--limit", "1").splitlines() == [
        "[2004] 00004 Phường Trúc Bạch, Quận Ba Đình (phường, đến 2025-06-30)",
        "    → [2025] 00004 Phường Ba Đình, Thành phố Hà Nội (phường, từ 2025-07-01)",
    ]
    assert run("units", "find", "Phúc Xá").splitlines() == [
        "[2004] 00001 Phường Phúc Xá, Quận Ba Đình (phường, đến 2025-06-30)",
        "    → nằm trong [2025] 01 Thành phố Hà Nội (thành phố trung ương, từ 2025-07-01)",
    ]
    with translation.override("en"):
        assert run("units", "find", "Phúc Xá").splitlines()[1] == (
            "    → now within [2025] 01 Thành phố Hà Nội (thành phố trung ương, from 2025-07-01)"
        )


def test_the_installed_thuvien_script_reports_a_bad_type_on_stderr_with_status_2(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path), "THUVIEN_DATABASE_URL": ""}

    def thuvien(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(THUVIEN), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    bad = thuvien("library", "add", "VN-HN0001", "--name", "Thư viện", "--type", "publik")
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.splitlines()[-1] == f"CommandError: {BAD_TYPE}"
    good = thuvien("library", "add", "VN-HN0001", "--name", "Thư viện Hà Nội", "--type", "public")
    assert (good.returncode, good.stdout) == (0, "Đã đăng ký VN-HN0001 Thư viện Hà Nội\n")
    # No one at the terminal: the password is generated and shown once.
    staff = thuvien("staff", "add", "an", "--role", "library-admin", "--library", "VN-HN0001")
    assert staff.returncode == 0
    assert staff.stdout.splitlines()[1].startswith("Mật khẩu: ")
    listed = thuvien("library", "list", "--json")
    assert [x["code"] for x in json.loads(listed.stdout)] == ["VN-HN0001"]
