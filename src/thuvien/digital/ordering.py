"""The order of an object's files, and how many pages its source says it has.

A folder's files are taken in natural order (``p2`` before ``p10``, as a person reads them), or
in the order of a page list the folder holds, ``pages.txt``::

    # Địa chí Cà Mau: bìa, ruột, bìa sau (a line starting with # is a note)
    pages: 26
    bia-truoc.tif
    ruot.pdf
    bia-sau.tif

One file name per line, relative to the folder. ``pages: N`` (optional) states how many pages
the object has, counting every page of a multi-page TIFF or PDF: the ingest is refused with both
numbers when the files hold another number. Every file of the folder must be listed, and every
listed file must be there: nothing is left out without a word.

A catalogue record's extent (300 $a, e.g. ``xii, 240 tr.``) states a count too: fewer scanned
pages than it says is refused (scans add covers and blank leaves, so more is fine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thuvien.digital.errors import Rejected

if TYPE_CHECKING:
    from thuvien.catalogue.models import Record

PAGE_LIST = "pages.txt"
_DIGITS = re.compile(r"(\d+)")
_STATED = re.compile(r"^pages\s*:\s*(\d+)\s*$", re.IGNORECASE)


def natural_key(name: str) -> list[tuple[int, int | str]]:
    """``p2`` < ``p10``: runs of digits compare as numbers, the rest as lower-case text."""
    return [(1, int(part)) if part.isdigit() else (0, part.lower()) for part in _DIGITS.split(name)]


@dataclass
class Sources:
    files: list[Path]
    stated: int | None = None  # pages the page list states
    stated_by: str = ""


def _folder_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_file() and p.name[0] != "." and p.name != PAGE_LIST]


def _from_page_list(page_list: Path) -> Sources:
    folder = page_list.parent
    try:
        lines = page_list.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise Rejected(
            _("Không đọc được {file}: {error}.").format(file=page_list, error=exc)
        ) from None
    files: list[Path] = []
    stated: int | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if match := _STATED.match(line):
            stated = int(match.group(1))
            continue
        path = (folder / line).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            raise Rejected(
                _("{file} dòng {line}: không có tệp {name} trong thư mục.").format(
                    file=PAGE_LIST, line=number, name=line
                ),
                line=number,
            )
        if path in files:
            raise Rejected(
                _("{file} dòng {line}: tệp {name} đã có ở dòng trên.").format(
                    file=PAGE_LIST, line=number, name=line
                ),
                line=number,
            )
        files.append(path)
    listed = set(files)
    unlisted = sorted(
        (p.name for p in _folder_files(folder) if p.resolve() not in listed), key=natural_key
    )
    if unlisted:
        raise Rejected(
            _(
                "Thư mục có tệp không ghi trong {file}: {names}. Hãy ghi chúng vào danh sách "
                "hoặc chuyển ra khỏi thư mục."
            ).format(file=PAGE_LIST, names=", ".join(unlisted[:10])),
            unlisted=len(unlisted),
        )
    return Sources(files, stated, PAGE_LIST)


def expand(paths: list[Path]) -> Sources:
    """Files in the order given; a folder contributes its files by its page list, else in
    natural name order."""
    sources = Sources([])
    for given in paths:
        path = given / PAGE_LIST if given.is_dir() and (given / PAGE_LIST).is_file() else given
        if path.is_file() and path.name == PAGE_LIST:
            listed = _from_page_list(path)
            sources.files.extend(listed.files)
            if listed.stated is not None:
                sources.stated = (sources.stated or 0) + listed.stated
                sources.stated_by = listed.stated_by
        elif path.is_dir():
            sources.files.extend(sorted(_folder_files(path), key=lambda p: natural_key(p.name)))
        elif path.is_file():
            sources.files.append(path)
        else:
            raise Rejected(_("Không tìm thấy tệp {path}.").format(path=path))
    if not sources.files:
        raise Rejected(_("Không có tệp nào để nhập."))
    return sources


_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_PAGINATION = re.compile(
    r"\b(\d+|[ivxlcdm]+)\s*(?=(?:,|\btr\b|\btrang\b|\bp\b|\bpp\b|\bpages\b))", re.IGNORECASE
)


def _roman(text: str) -> int:
    values = [_ROMAN_VALUES[c] for c in text.lower()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def pages_in_extent(extent: str) -> int | None:
    """The pages a 300 $a states: ``240 tr.`` → 240, ``xii, 240 p.`` → 252; None when it
    states no pages (``1 tập``, ``45 tờ``: leaves are not pages)."""
    head = re.split(r"[:;(]", extent, maxsplit=1)[0]
    if not re.search(r"\b(tr|trang|p|pp|pages)\b", head, re.IGNORECASE):
        return None
    total = 0
    for match in _PAGINATION.finditer(head):
        part = match.group(1)
        total += int(part) if part.isdigit() else _roman(part) if _ROMAN.match(part) else 0
    return total or None


def pages_of_record(record: Record) -> int | None:
    from thuvien.catalogue.marc import MarcRecord

    extent = MarcRecord.from_stored(record.leader, record.marc).first("300", "a")
    return pages_in_extent(extent) if extent else None
