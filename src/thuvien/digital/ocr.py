"""OCR with Tesseract: hOCR per page (words with their boxes), text for search.

Tesseract runs as a separate process on the page's full-resolution pixels, with automatic
page segmentation and orientation detection (``--psm 1``), one thread per process so that
several pages run side by side and every core is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import html

from thuvien.digital.errors import Rejected


@dataclass(frozen=True)
class Word:
    text: str
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class PageText:
    hocr: str
    text: str
    words: list[Word]
    orientation: int
    confidence: float | None = None  # Tesseract's mean word confidence, 0-100


def tesseract() -> str:
    program = shutil.which("tesseract")
    if program is None:
        raise Rejected(_("Chưa cài Tesseract (gói tesseract-ocr, tesseract-ocr-vie)."))
    return program


def installed_languages() -> set[str]:
    """The languages Tesseract has traineddata for here (empty without Tesseract)."""
    program = shutil.which("tesseract")
    if program is None:
        return set()
    listed = subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, "--list-langs"], capture_output=True, text=True, check=False
    )
    return {line.strip() for line in listed.stdout.splitlines()[1:] if line.strip()}


def recognise(jpeg: bytes, languages: str, pdf: Path | None = None) -> PageText:
    """OCR one page given as JPEG bytes; with ``pdf``, also write a one-page searchable PDF
    there (the JPEG itself under an invisible text layer)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="thuvien-ocr-") as work:
        base = Path(work) / "page"
        renderers = ["hocr", "pdf"] if pdf is not None else ["hocr"]
        result = subprocess.run(  # noqa: S603 - fixed program; the page comes on stdin
            [tesseract(), "stdin", str(base), "-l", languages, "--psm", "1", *renderers],
            input=jpeg,
            capture_output=True,
            check=False,
            env=env,
        )
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise Rejected(
                _("Tesseract không đọc được trang: {error}").format(
                    error=message[-1] if message else result.returncode
                )
            )
        if pdf is not None:
            shutil.move(base.with_suffix(".pdf"), pdf)
        return parse_hocr(base.with_suffix(".hocr").read_text(encoding="utf-8"))


_LINE_CLASSES = {"ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"}


def parse_hocr(hocr: str) -> PageText:
    tree = html.fromstring(hocr.encode("utf-8"))
    words: list[Word] = []
    lines: list[str] = []
    angles: Counter[int] = Counter()
    confidences: list[float] = []
    for line in tree.iter():
        if not _LINE_CLASSES & set(str(line.get("class") or "").split()):
            continue
        title = str(line.get("title") or "")
        angle = _property(title, "textangle")
        in_line = []
        for span in line.iter():
            if "ocrx_word" not in str(span.get("class") or "").split():
                continue
            text = "".join(str(t) for t in span.itertext()).strip()
            box = _property(str(span.get("title") or ""), "bbox")
            if not text or box is None:
                continue
            x0, y0, x1, y1 = (int(v) for v in box.split()[:4])
            wconf = _property(str(span.get("title") or ""), "x_wconf")
            if wconf is not None:
                confidences.append(float(wconf))
            words.append(Word(text, x0, y0, x1 - x0, y1 - y0))
            in_line.append(text)
        if in_line:
            lines.append(" ".join(in_line))
            angles[int(angle or 0)] += len(in_line)
    orientation = angles.most_common(1)[0][0] if angles else 0
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return PageText(
        hocr=hocr,
        text="\n".join(lines),
        words=words,
        orientation=orientation,
        confidence=confidence,
    )


def _property(title: str, name: str) -> str | None:
    for part in title.split(";"):
        key, _sep, value = part.strip().partition(" ")
        if key == name:
            return value.strip()
    return None


def words_of(hocr_file: Path) -> list[Word]:
    try:
        return parse_hocr(hocr_file.read_text(encoding="utf-8")).words
    except FileNotFoundError:
        return []
