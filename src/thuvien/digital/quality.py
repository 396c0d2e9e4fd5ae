"""Quality check of a scanned work before OCR: the checks a digitisation officer makes by eye,
made on the pixels with libvips.

- page count: no fewer pages than the record's extent (300 $a, "245 tr.", "45 lá");
- resolution: at least :data:`MIN_DPI` as the file records it (an unknown resolution fails);
- skew: the angle at which the rows of ink line up best (projection profile), beyond
  :data:`MAX_SKEW` degrees;
- blank pages: almost no variation in grey;
- duplicate pages: the same file twice, or two neighbouring pages alike to the pixel at 32×32;
- orientation: a text page whose ink lines up in columns rather than rows lies on its side.

Each finding names the page and what to do; :func:`check` returns them all, and the queue
refuses to pass a work with a failing one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _

from thuvien.catalogue.marc import MarcRecord
from thuvien.digital import storage
from thuvien.digital.models import DigitalObject, Page

MIN_DPI = 300
MAX_SKEW = 1.0  # degrees
BLANK_DEVIATION = 4.0  # grey levels: a scanned blank sheet varies less than this
SAME = 2.0  # mean grey difference at 32×32 under which two pages are the same page
_SIDE = 600  # pixels: the size the geometric checks work at
_COARSE = [float(a) for a in range(-5, 6)]  # -5° … 5° by a degree, then a quarter about the best


@dataclass(frozen=True)
class Finding:
    check: str  # pages, resolution, skew, blank, duplicate, orientation
    page: int | None
    message: str
    failing: bool = True


def expected_pages(record_marc: MarcRecord | None) -> int | None:
    """The number of pages or leaves the record's 300 $a gives ("245 tr.", "xii, 180 p."):
    the largest number followed by a unit of pages or leaves."""
    if record_marc is None:
        return None
    extent = record_marc.first("300", "a")
    numbers = [
        int(n) for n in re.findall(r"(\d+)\s*(?:tr|p|pp|trang|lá|tờ|leaves|l)\b\.?", extent, re.I)
    ]
    return max(numbers) if numbers else None


def _image(obj: DigitalObject, page: Page) -> Any:
    import pyvips

    path = storage.object_dir(obj.identifier) / page.original
    if page.media_type == "application/pdf":
        return pyvips.Image.pdfload(str(path), page=0, dpi=MIN_DPI)
    return pyvips.Image.new_from_file(str(path))


def _grey(image: Any) -> Any:
    if image.hasalpha():
        image = image.flatten(background=255)
    image = image.colourspace("b-w")
    if image.format != "uchar":
        image = image.cast("uchar")
    return image


def dpi(image: Any) -> float:
    return float(image.xres) * 25.4  # libvips keeps pixels per millimetre


def _ink(small: Any) -> Any:
    """Ink as bright on dark, so that sums of rows and columns count ink."""
    return (255 - small).cast("float")


def skew(small: Any) -> float:
    """The angle (degrees) that makes the rows of ink sharpest: the rows' sums vary most."""
    ink = _ink(small)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, background=0) if angle else ink
        _columns, rows = turned.project()
        return float(rows.deviate())

    coarse = max(_COARSE, key=sharpness)
    fine = [coarse + q / 4 for q in (-3, -2, -1, 0, 1, 2, 3)]
    return -max(fine, key=sharpness)


def _spread(profile: Any) -> float:
    """How sharply a profile of sums alternates inside the inked span (margins left out):
    its coefficient of variation."""
    values = [float(v) for row in profile.tolist() for v in row]
    top = max(values, default=0.0)
    inked = [i for i, v in enumerate(values) if v > 0.05 * top]
    if not inked:
        return 0.0
    inner = values[inked[0] : inked[-1] + 1]
    mean = sum(inner) / len(inner)
    return (sum((v - mean) ** 2 for v in inner) / len(inner)) ** 0.5 / mean if mean else 0.0


def turned_sideways(small: Any, skewed: float = 0.0) -> bool:
    """Lines of text make the rows' sums alternate (line, gap, line) much more sharply than
    the columns'; the reverse means the page lies on its side. Measured straightened."""
    ink = _ink(small)
    if skewed:
        ink = ink.rotate(-skewed, background=0)
    columns, rows = ink.project()
    return _spread(columns) > 1.3 * _spread(rows)


def check(obj: DigitalObject, record_marc: MarcRecord | None = None) -> list[Finding]:
    findings: list[Finding] = []
    pages = list(obj.pages.order_by("sequence"))
    wanted = expected_pages(record_marc)
    if wanted is not None and len(pages) < wanted:
        findings.append(
            Finding(
                "pages",
                None,
                _(
                    "Có {scanned} trang quét, biểu ghi ghi {wanted} trang (trường 300 $a): "
                    "quét bổ sung trang thiếu."
                ).format(scanned=len(pages), wanted=wanted),
            )
        )
    previous: tuple[str, Any] | None = None
    for page in pages:
        image = _image(obj, page)
        n = page.sequence
        resolution = dpi(image)
        if resolution < MIN_DPI - 1:
            findings.append(
                Finding(
                    "resolution",
                    n,
                    _("Trang {n}: độ phân giải {dpi} dpi, cần ít nhất {min} dpi: quét lại.").format(
                        n=n, dpi=round(resolution), min=MIN_DPI
                    ),
                )
            )
        grey = _grey(image)
        small = grey.resize(_SIDE / max(grey.width, grey.height))
        thumb = grey.thumbnail_image(32, height=32, size="force")
        if previous is not None and (
            page.sha256 == previous[0] or float((thumb - previous[1]).abs().avg()) < SAME
        ):
            findings.append(
                Finding(
                    "duplicate",
                    n,
                    _("Trang {n} trùng với trang {m}: bỏ một trang hoặc quét trang đúng.").format(
                        n=n, m=n - 1
                    ),
                )
            )
        previous = (page.sha256, thumb)
        if float(small.deviate()) < BLANK_DEVIATION:
            findings.append(
                Finding(
                    "blank",
                    n,
                    _("Trang {n} trắng: bỏ đi nếu là tờ trắng thật, quét lại nếu không.").format(
                        n=n
                    ),
                )
            )
            continue  # a blank page has no lines to measure
        angle = skew(small)
        if turned_sideways(small, angle):
            findings.append(
                Finding(
                    "orientation",
                    n,
                    _("Trang {n} nằm ngang (xoay 90°): xoay lại cho đúng chiều.").format(n=n),
                )
            )
        elif abs(angle) > MAX_SKEW:
            findings.append(
                Finding(
                    "skew",
                    n,
                    _("Trang {n} nghiêng {angle}°, quá {max}°: chỉnh thẳng hoặc quét lại.").format(
                        n=n, angle=angle, max=MAX_SKEW
                    ),
                )
            )
    return findings


def as_json(findings: list[Finding]) -> dict[str, Any]:
    return {
        "passed": not any(f.failing for f in findings),
        "findings": [asdict(f) for f in findings],
    }
