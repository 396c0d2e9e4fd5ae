"""Derivatives with libvips: every page becomes a pyramidal tiled TIFF.

IIIF requests are cut from it: a 256-pixel tile of a 10,000-pixel page reads one or two tiles
of the right pyramid level instead of decoding the whole scan. Making the derivative decodes
every pixel of the original, which is also the check that the file is whole: a truncated
JPEG or a broken PNG fails here, with its reason, before anything is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from thuvien.digital.screening import PDF, damaged

TILE = 256
PDF_DPI = 200


def _loader_options(media_type: str) -> dict[str, Any]:
    return {"fail_on": "truncated"} if media_type != PDF else {}


def open_page(path: Path, media_type: str, page: int = 0) -> Any:
    """The page as 8-bit sRGB or grey without alpha, ready to tile or OCR."""
    import pyvips

    try:
        if media_type == PDF:
            image = pyvips.Image.pdfload(str(path), page=page, dpi=PDF_DPI)
        else:
            options = _loader_options(media_type)
            if page:  # a later page of a multi-page TIFF
                options["page"] = page
            image = pyvips.Image.new_from_file(str(path), **options)
            image = image.autorot()  # cameras and some scanners record the turn in EXIF
        if image.hasalpha():
            image = image.flatten(background=255)
        grey = image.interpretation in ("b-w", "grey16") or image.bands == 1
        image = image.colourspace("b-w" if grey else "srgb")
        if image.format != "uchar":
            image = image.cast("uchar")
    except pyvips.Error as exc:
        raise damaged(exc) from None
    return image


def make_tiles(image: Any, destination: Path) -> tuple[int, int]:
    """Write the pyramid; returns (width, height)."""
    import pyvips

    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        image.tiffsave(
            str(destination),
            tile=True,
            tile_width=TILE,
            tile_height=TILE,
            pyramid=True,
            compression="jpeg",
            Q=88,
        )
    except pyvips.Error as exc:
        destination.unlink(missing_ok=True)
        raise damaged(exc) from None
    return int(image.width), int(image.height)
