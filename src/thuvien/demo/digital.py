"""The digital library of ``thuvien demo``: a local-studies collection with a scanned page to
zoom into and search inside, and the IIIF test image when the shared data has it.

The "scan" is printed here (DejaVu Serif, speckled, a little askew, as a scanner gives it):
no third-party scan is copied into the repository. Its OCR is queued like any ingest's and
done by the jobs ``thuvien serve`` runs; until then the viewer shows the page without text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyvips
from django.utils.translation import gettext as _

from thuvien.catalogue.models import Record
from thuvien.digital.models import Collection, DigitalObject
from thuvien.digital.services import add_collection, ingest
from thuvien.network.models import Library

IIIF_SAMPLE = Path("iiif") / "67352ccc-d1b0-11e1-89ae-279075081939.png"
GAZETTEER = """ĐỊA CHÍ TỈNH CÀ MAU — TẬP I
Vùng đất Cà Mau nằm ở cực nam của Tổ quốc, ba mặt giáp biển.
Rừng đước, rừng tràm và những dòng sông Gành Hào, Ông Đốc nuôi sống bao thế hệ.
Người dân sống bằng nghề nuôi tôm, đánh bắt hải sản và trồng lúa.
Thư viện tỉnh lưu giữ sách quý, tài liệu địa chí và văn bia của vùng."""


def _scanned_page(path: Path) -> Path:
    printed = pyvips.Image.text(GAZETTEER, font="DejaVu Serif 12", dpi=300, width=2200)
    page = printed.embed(150, 200, printed.width + 300, printed.height + 400, extend="black")
    page = (255 - page).cast("uchar")
    speckle = pyvips.Image.gaussnoise(page.width, page.height, sigma=10, mean=0)
    (page + speckle).cast("uchar").rotate(0.4, background=[255]).jpegsave(str(path), Q=85)
    return path


def load(library: Library, shared: Path | None, actor: str) -> tuple[list[str], str]:
    """Make what is missing; returns (what was added, summary)."""
    collection = Collection.objects.filter(code="dia-chi-ca-mau").first()
    if collection is None:
        collection = add_collection(
            actor, library, code="dia-chi-ca-mau", name_vi="Tài liệu địa chí Cà Mau",
            name_en="Cà Mau local studies", kind=Collection.Kind.LOCAL_STUDIES,
        )  # fmt: skip
    made = 0
    if not DigitalObject.objects.filter(identifier="dia-chi-ca-mau-1").exists():
        with tempfile.TemporaryDirectory() as folder:
            ingest(
                [_scanned_page(Path(folder) / "trang-1.jpg")],
                library=library,
                identifier="dia-chi-ca-mau-1",
                title="Địa chí tỉnh Cà Mau, tập I (trang mẫu)",
                access=DigitalObject.Access.OPEN,
                rights=DigitalObject.Rights.PUBLIC_DOMAIN,
                record=Record.objects.filter(library=library, kind=Record.Kind.BIBLIOGRAPHIC)
                .order_by("id")
                .first(),
                collection=collection,
                partial=True,  # one sample page of the book its record describes
                ocr="vie",
                actor=actor,
            )
        made += 1
    sample = shared / IIIF_SAMPLE if shared else None
    if (
        sample
        and sample.is_file()
        and not DigitalObject.objects.filter(identifier=sample.stem).exists()
    ):
        ingest(
            [sample],
            library=library,
            identifier=sample.stem,
            title="Ảnh thử của IIIF / IIIF test image",
            access=DigitalObject.Access.OPEN,
            collection=collection,
            actor=actor,
        )
        made += 1
    total = DigitalObject.objects.count()
    added = [_("{count} tài liệu số").format(count=made)] if made else []
    return added, _("{total} tài liệu số (mới {new})").format(total=total, new=made)
