"""A school library moving in from Koha: its export (made up here, Koha's own shape) is
migrated with its readers and open loans, which arrive with their loan and due dates."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from thuvien.circulation.models import Loan
from thuvien.legacy.runs import run_files
from thuvien.legacy.sample import write_koha_export
from thuvien.network import services
from thuvien.network.models import Library

CODE = "VN-CM0009"


def load(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    library = Library.objects.filter(code=CODE).first()
    if library is None:
        library = services.register_library(
            actor, code=CODE, name_vi="Thư viện Trường THPT Cà Mau (chuyển từ Koha)",
            name_en="Cà Mau High School Library (moved from Koha)", library_type="school",
            level="institution", is_public=False, parent=libraries["VN-CM0001"],
            host_organisation="Trường THPT Cà Mau", address="Phường An Xuyên, tỉnh Cà Mau",
            founded_on=date(2010, 9, 5),
        )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="thuvien-demo-koha-") as folder:
        files = write_koha_export(
            Path(folder), records=20, copies=2, readers=12, open_loans=6, old_loans=10
        )
        report = run_files(actor, library, "koha", files)
    created = {f.source: f.created for f in report.files}
    new = sum(created.values())
    loans = Loan.objects.filter(library=library, state=Loan.State.ACTIVE).count()
    added = [_("{count} mục chuyển từ Koha").format(count=new)] if new else []
    return (
        added,
        _("Koha → {code}: {loans} sách đang mượn giữ nguyên ngày mượn, hạn trả (mới {new})").format(
            code=CODE, loans=loans, new=new
        ),
    )
