"""The demo's network: Cà Mau as it stands since the 2025-07-01 reform (Cà Mau and Bạc Liêu
are one province, districts are gone).

The provincial library, three commune libraries, two school libraries and a community library
in a Khmer pagoda, with the former district library of Trần Văn Thời merged into the
provincial library on 2025-07-01. Codes, addresses, founding dates and staff are invented for
the demo; the units are the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.network import services, units
from thuvien.network.models import AdministrativeUnit, Library, LibraryEvent

PASSWORD = "thuvien-demo"  # noqa: S105 - printed for the user: demo accounts only
MERGED_ON = date(2025, 7, 1)


@dataclass(frozen=True)
class DemoLibrary:
    code: str
    name_vi: str
    name_en: str
    library_type: str
    level: str
    unit: tuple[str, str]  # (scheme, GSO code) of its commune, or district before 2025
    address: str
    founded_on: date
    parent: str | None = None
    host: str = ""
    is_public: bool = True


PROVINCIAL = "VN-CM0001"
NETWORK = (
    DemoLibrary(PROVINCIAL, "Thư viện tỉnh Cà Mau", "Cà Mau Provincial Library", "public",
                "provincial", ("2025", "32002"), "Đường Hùng Vương, phường An Xuyên, tỉnh Cà Mau",
                date(1997, 1, 1), host="Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau"),
    DemoLibrary("VN-CM0002", "Thư viện xã Đất Mũi", "Đất Mũi Commune Library", "public",
                "commune", ("2025", "32248"), "Ấp Khai Long, xã Đất Mũi, tỉnh Cà Mau",
                MERGED_ON, parent=PROVINCIAL, host="Ủy ban nhân dân xã Đất Mũi"),
    DemoLibrary("VN-CM0003", "Thư viện xã Trần Văn Thời", "Trần Văn Thời Commune Library",
                "public", "commune", ("2025", "32095"), "Khóm 1, xã Trần Văn Thời, tỉnh Cà Mau",
                MERGED_ON, parent=PROVINCIAL, host="Ủy ban nhân dân xã Trần Văn Thời"),
    DemoLibrary("VN-CM0004", "Thư viện phường Bạc Liêu", "Bạc Liêu Ward Library", "public",
                "commune", ("2025", "31825"), "Đường Trần Phú, phường Bạc Liêu, tỉnh Cà Mau",
                MERGED_ON, parent=PROVINCIAL, host="Ủy ban nhân dân phường Bạc Liêu"),
    DemoLibrary("VN-CM0005", "Thư viện Trường THPT chuyên Phan Ngọc Hiển",
                "Phan Ngọc Hiển High School for the Gifted Library", "school", "institution",
                ("2025", "32002"), "Phường An Xuyên, tỉnh Cà Mau", date(1995, 9, 5),
                host="Trường THPT chuyên Phan Ngọc Hiển"),
    DemoLibrary("VN-CM0006", "Thư viện Trường Tiểu học Đất Mũi", "Đất Mũi Primary School Library",
                "school", "institution", ("2025", "32248"), "Xã Đất Mũi, tỉnh Cà Mau",
                date(2005, 9, 5), host="Trường Tiểu học Đất Mũi"),
    DemoLibrary("VN-CM0007", "Thư viện cộng đồng chùa Xiêm Cán",
                "Xiêm Cán Pagoda Community Library", "community", "community", ("2025", "31834"),
                "Chùa Xiêm Cán, phường Vĩnh Trạch, tỉnh Cà Mau", date(2019, 4, 14),
                parent="VN-CM0004", host="Chùa Xiêm Cán", is_public=False),
)  # fmt: skip
FORMER_DISTRICT = DemoLibrary(
    "VN-CM0008", "Thư viện huyện Trần Văn Thời", "Trần Văn Thời District Library", "public",
    "district", ("2004", "968"), "Thị trấn Trần Văn Thời, huyện Trần Văn Thời, tỉnh Cà Mau",
    date(1999, 1, 1), parent=PROVINCIAL, host="Trung tâm Văn hóa huyện Trần Văn Thời",
)  # fmt: skip
# (username, role, library, full name)
STAFF = (
    ("quantri", "network-admin", None, "Nguyễn Văn An"),
    ("canbo.so", "department-officer", None, "Trần Thị Bích"),
    ("quantri.tinh", "library-admin", PROVINCIAL, "Lê Minh Châu"),
    ("bienmuc.tinh", "cataloguer", PROVINCIAL, "Phạm Thị Dung"),
    ("luuthong.tinh", "circulation-clerk", PROVINCIAL, "Huỳnh Văn Em"),
    ("bienmuc.datmui", "cataloguer", "VN-CM0002", "Võ Thị Giang"),
)


def load_units(actor: str) -> tuple[list[str], str]:
    """The administrative units (since 2025, and before when the older data are there)."""
    report = units.load(units.default_pre_2025_wheel(), actor=actor)
    total = AdministrativeUnit.objects.count()
    added = [_("{count} đơn vị").format(count=report.created)] if report.created else []
    note = (
        ""
        if report.pre_2025_loaded
        else _("; chỉ có đơn vị từ 2025, thiếu dữ liệu trước 2025 ({download})").format(
            download=units.DOWNLOAD_HINT
        )
    )
    return added, _("{total} (mới {new}){note}").format(total=total, new=report.created, note=note)


def load_libraries(actor: str) -> tuple[dict[str, Library], list[str], str]:
    """The active libraries by code (the merged one is made, then left out), what was added,
    and the summary."""
    libraries: dict[str, Library] = {}
    new = 0
    with transaction.atomic():
        for spec in (*NETWORK, FORMER_DISTRICT):
            found = Library.objects.filter(code=spec.code).first()
            if found is None:
                found = _register(actor, spec, libraries)
                new += 1
            libraries[spec.code] = found
        former = libraries.pop(FORMER_DISTRICT.code)
        merged = former.status == Library.Status.MERGED
        if not merged:
            services.record_event(
                actor, former, LibraryEvent.Kind.MERGED, MERGED_ON,
                related=[libraries[PROVINCIAL]],
                note="Sáp nhập vào Thư viện tỉnh Cà Mau khi bỏ cấp huyện (01/07/2025). / "
                "Merged into the provincial library when districts were abolished.",
            )  # fmt: skip
    added = [_("{count} thư viện").format(count=new)] if new else []
    if not merged:
        added.append(_("1 sáp nhập"))
    return (
        libraries,
        added,
        _("{active} đang hoạt động + 1 đã sáp nhập (mới {new})").format(
            active=len(NETWORK), new=new
        ),
    )


def _register(actor: str, spec: DemoLibrary, known: dict[str, Library]) -> Library:
    unit = AdministrativeUnit.objects.filter(scheme=spec.unit[0], code=spec.unit[1]).first()
    return services.register_library(
        actor, code=spec.code, name_vi=spec.name_vi, name_en=spec.name_en,
        library_type=spec.library_type, is_public=spec.is_public, level=spec.level,
        parent=known[spec.parent] if spec.parent else None, host_organisation=spec.host,
        address=spec.address, admin_unit=unit, founded_on=spec.founded_on,
    )  # fmt: skip


def load_staff(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    """The staff accounts of :data:`STAFF`, all with :data:`PASSWORD`."""
    users = get_user_model().objects
    new = 0
    for username, role, code, full_name in STAFF:
        if not users.filter(username=username).exists():
            services.create_staff(
                actor,
                username=username,
                password=PASSWORD,
                role=role,
                library=libraries[code] if code else None,
                full_name=full_name,
            )
            new += 1
    added = [_("{count} tài khoản").format(count=new)] if new else []
    return added, _("{total} (mới {new})").format(total=len(STAFF), new=new)


def accounts(host: str, port: int) -> list[str]:
    """The lines printed at the end of a load: who can sign in, where."""
    rows = [
        (
            _("Tên đăng nhập"),
            _("Vai trò"),
            _("Thư viện"),
        )
    ]
    everywhere = _("(toàn mạng lưới)")
    rows += [(u, r, c or everywhere) for u, r, c, _name in STAFF]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    site = f"http://{host}:{port}"
    lines = [""]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return [
        *lines,
        _("Mật khẩu của mọi tài khoản: {password}").format(password=PASSWORD),
        _("Trang cán bộ: {url}").format(url=f"{site}/staff/"),
        _("Trang bạn đọc: {url}").format(url=f"{site}/"),
        _("Bàn lưu thông: {url} (thẻ bạn đọc CM-0001…CM-0005 của VN-CM0001, PIN 271828)").format(
            url=f"{site}/staff/circulation/"
        ),
    ]
