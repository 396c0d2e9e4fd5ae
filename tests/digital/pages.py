"""Printed pages for the quality check and OCR tests: text set by Pango through libvips, on
white, with the scanner's resolution recorded in the file."""

from __future__ import annotations

import random
from pathlib import Path

import pyvips

PHRASE = (
    "địa chí tỉnh cà mau tập một đất và người lịch sử văn hoá kinh tế xã hội sông nước rừng "
    "đước biển đảo làng nghề"
)
WORDS = PHRASE.split()


def lines(seed: int, count: int = 30) -> str:
    pick = random.Random(seed)  # noqa: S311 - the same made-up lines every run
    return "\n".join(
        " ".join(pick.choice(WORDS) for _ in range(pick.randint(8, 12))) for _ in range(count)
    )


def text_page(
    path: Path,
    text: str,
    *,
    dpi: int = 300,
    angle: float = 0.0,
    sideways: bool = False,
    font: str = "DejaVu Serif 11",
) -> Path:
    ink = pyvips.Image.text(text, dpi=dpi, width=6 * dpi, font=font)
    ink = ink.embed(dpi, dpi, ink.width + 2 * dpi, ink.height + 2 * dpi)
    if angle:
        ink = ink.rotate(angle, background=0)
    if sideways:
        ink = ink.rot90()
    page = (255 - ink).cast("uchar").copy(xres=dpi / 25.4, yres=dpi / 25.4)
    page.pngsave(str(path))
    return path


def blank_page(path: Path, dpi: int = 300) -> Path:
    page = (pyvips.Image.black(8 * dpi // 4, 11 * dpi // 4) + 250).cast("uchar")
    page.copy(xres=dpi / 25.4, yres=dpi / 25.4).pngsave(str(path))
    return path
