"""A school library takes in a donation and receives an order: both registers filled, the
accession numbers in sequence with the school's own prefix."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.acquisitions import receiving, services
from thuvien.acquisitions.models import Accession, Receipt, Source
from thuvien.network.models import Library

SCHOOL = "VN-CM0006"
PREFIX = "DM-"
DONATED = (("Truyện cổ tích Việt Nam", "Nguyễn Đổng Chi", 3), ("Dế Mèn phiêu lưu ký", "Tô Hoài", 2))
ORDERED = (("Tiếng Việt 3, tập một", "Bộ Giáo dục và Đào tạo", 5), ("Toán 3", "Đỗ Đức Thái", 5))
DEED = "Biên bản 01/BB-TV"


def load(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    school = libraries[SCHOOL]
    added: list[str] = []
    if not Receipt.objects.filter(library=school, document=DEED).exists():
        receiving.set_series(actor, school, "VV", prefix=PREFIX)
        donated = [
            receiving.Entry(
                services.brief_record(
                    actor, school, title, author=author, publisher="NXB Kim Đồng"
                ),
                copies,
                Decimal(35_000),
            )
            for title, author, copies in DONATED
        ]
        receiving.take_in(
            actor,
            school,
            source=Source.DONATION,
            provider="Hội Khuyến học xã Đất Mũi",
            document=DEED,
            entries=donated,
        )
        supplier = services.add_supplier(actor, school, "Nhà sách Cà Mau")
        year = timezone.localdate().year
        fund = services.add_fund(
            actor, school, "NS", name="Ngân sách nhà trường", year=year, amount=Decimal(2_000_000)
        )
        order = services.create_order(actor, school, supplier, fund=fund)
        for title, author, copies in ORDERED:
            services.add_line(
                actor,
                order,
                quantity=copies,
                unit_price=Decimal(18_000),
                brief={"title": title, "author": author, "publisher": "NXB Giáo dục Việt Nam"},
            )
        services.place(actor, order)
        receiving.receive(actor, order, {line.pk: line.quantity for line in order.lines.all()})
        added.append(_("2 phiếu nhập của thư viện trường"))
    codes = Accession.objects.filter(library=school).order_by("series__code", "number")
    first, last = codes.first(), codes.last()
    return added, _("{library}: {receipts} phiếu nhập, số ĐKCB {first} – {last}").format(
        library=school.name_vi,
        receipts=Receipt.objects.filter(library=school).count(),
        first=first.code if first else "—",
        last=last.code if last else "—",
    )
