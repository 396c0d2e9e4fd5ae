"""Which directories of a TIFF are pages: a scanner's multi-page TIFF holds one page per image
file directory (IFD), but a pyramidal or thumbnailed TIFF adds reduced-resolution copies of a
page (NewSubfileType bit 0) that are not pages. libvips counts every IFD as a page, so the
directories are read here, from the header only, to tell which are which.
"""

from __future__ import annotations

import struct
from pathlib import Path

NEW_SUBFILE_TYPE = 254
SUBFILE_TYPE = 255  # the old tag: 2 means a reduced-resolution image
REDUCED = 1
MAX_DIRECTORIES = 100_000  # a loop of IFD offsets must not run for ever


def page_directories(path: Path) -> list[int]:
    """The indexes of the directories that are full-resolution pages, in file order."""
    with path.open("rb") as stream:
        head = stream.read(16)
        order = "<" if head[:2] == b"II" else ">"
        big = struct.unpack(order + "H", head[2:4])[0] == 43
        if big:
            offset = struct.unpack(order + "Q", head[8:16])[0]
            count_fmt, entry_size, next_fmt, value_at = "Q", 20, "Q", 12
        else:
            offset = struct.unpack(order + "I", head[4:8])[0]
            count_fmt, entry_size, next_fmt, value_at = "H", 12, "I", 8
        pages: list[int] = []
        seen: set[int] = set()
        index = 0
        while offset and offset not in seen and index < MAX_DIRECTORIES:
            seen.add(offset)
            stream.seek(offset)
            raw = stream.read(struct.calcsize(order + count_fmt))
            if len(raw) < struct.calcsize(order + count_fmt):
                break  # a cut file: libvips reports it when it decodes the pixels
            count = struct.unpack(order + count_fmt, raw)[0]
            entries = stream.read(count * entry_size)
            reduced = False
            for n in range(len(entries) // entry_size):
                entry = entries[n * entry_size : (n + 1) * entry_size]
                tag, kind = struct.unpack(order + "HH", entry[:4])
                if tag not in (NEW_SUBFILE_TYPE, SUBFILE_TYPE):
                    continue
                fmt = {3: "H", 4: "I", 16: "Q"}.get(kind)
                if fmt is None:
                    continue
                value = struct.unpack(
                    order + fmt, entry[value_at : value_at + struct.calcsize(fmt)]
                )[0]
                if tag == NEW_SUBFILE_TYPE and value & REDUCED:
                    reduced = True
                if tag == SUBFILE_TYPE and value == 2:
                    reduced = True
            if not reduced:
                pages.append(index)
            raw = stream.read(struct.calcsize(order + next_fmt))
            if len(raw) < struct.calcsize(order + next_fmt):
                break
            offset = struct.unpack(order + next_fmt, raw)[0]
            index += 1
    return pages
