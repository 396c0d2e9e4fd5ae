"""Vietnamese MARC 21 sample records: from a bookstore listing, plus a few made by hand.

The listing (``tiki_book_data.csv``, third-party, read at run time and never copied here) has
title, authors, category, pages, publisher and list price, and no ISBN, year or place, so:

* no 020; the year is the one in an edition statement ("Tái Bản 2020") or title ("12.2022"),
  else the listing's year, bracketed as inferred (``[2022]``);
* the place is Hà Nội or TP. Hồ Chí Minh when the publisher's name or seat implies it, else
  ``[Việt Nam]``;
* 082 is guessed from the category with :data:`CATEGORIES`: a small table of the listing's
  common categories to a DDC number and a Vietnamese subject (650). Literature is placed by
  the author's apparent origin (Vietnamese 895.922x, Japanese 895.6x, otherwise 808.8x,
  x = form: 3 fiction, 1 poetry, 7 humour, 8 other). Categories outside the table that are
  really product titles (the column is noisy) go through :data:`KEYWORDS`; the rest get no
  082 and are shelved by author mark only;
* names keep their order where it is the natural one (Vietnamese ``Nguyễn Nhật Ánh``, names
  of East Asian romanisation whose order cannot be known, pseudonyms): 100/700 ind1=0.
  Western names are inverted (``Coelho, Paulo``, ind1=1).

Rows with the same title and authors become one record (001 ``TIKI`` + the first row's
number, so ids are stable as long as the file is). Copies (952) are spread over the given
libraries by a seeded random generator: barcodes are unique within each library, số ĐKCB
has a prefix by kind (VV Vietnamese books, NV other languages, DC local studies, LV theses,
BC serials) and a per-library number.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from thuvien.catalogue.marc import Field, MarcRecord, nfc
from thuvien.demo.vietnamese_sample_data import (
    CATEGORIES,
    HANOI_PUBLISHERS,
    HCMC_PUBLISHERS,
    KEYWORDS,
    LISTING_YEAR,
    LIT_FORM_DIGIT,
    NOT_BOOKS,
    NOT_JAPANESE,
    OTHER_SEATS,
    STAMP,
    Copies,
    fixed_008,
    handwritten_records,
    held_by,  # noqa: F401 - part of this module's interface
)
from thuvien.vietnamese.text import fold, is_vietnamese_syllable

_PUBLISHER_PREFIX = re.compile(r"^(nhà xuất bản|nxb\.?)\s+", re.IGNORECASE)
_EDITION = re.compile(  # "(Tái Bản 2020)", "(TBL22)", "… - Tái Bản"
    r"\(\s*((?:tái bản|tbl)[^)]*?)\s*\)|\s[-–:]\s*((?:tái bản|tbl)\b[^()]*)$", re.IGNORECASE
)
_MARKETING = re.compile(  # gifts, bindings and sizes the shop adds to a title
    r"\s*(\[[^\]]*\]|[-–(]?\s*(bản\s+)?tặng kèm.*$|\(\s*(bìa [^)]*|khổ nhỏ)\s*\)"
    r"|[-–]\s*bìa (gập|áo|cứng|mềm).*$)",
    re.IGNORECASE,
)
_VOLUME = re.compile(r"^(?P<a>.+?)\s*[-–:]?\s*\b(?P<n>Tập\s+\d+)\b\s*[-–:]?\s*(?P<p>.*)$")
_HONORIFICS = re.compile(
    r"^(dịch giả|bs\.?|gs\.?|ht\.|bác sĩ|tiến s[ĩỹ]|pgs\.\s*ts\.|ts\.|ths\.|thiền sư"
    r"|nhà tâm thần học)\s*",
    re.IGNORECASE,
)
ROLES = ("chủ biên", "sưu tầm", "biên soạn", "lời", "tranh", "dịch")
_CORPORATE = ("bộ ", "viện ", "trung tâm ", "hội ", "ủy ban ", "nhóm ")
_KANA = re.compile(r"^(?:(?:ky|gy|sh|ch|ny|hy|my|ry|by|py|ts|[kgsztdnhbpmyrwjf])?[aiueo]|n)+$")


@dataclass(slots=True)
class BookRow:
    row: int  # 1-based data row of the first occurrence
    title: str
    authors: str
    category: str
    pages: str
    publisher: str
    price: str


def read_rows(csv_path: Path) -> list[BookRow]:
    """The listing's rows, NFC and single-spaced, duplicates (title + authors) dropped."""
    rows: list[BookRow] = []
    seen: set[tuple[str, str]] = set()
    with csv_path.open(encoding="utf-8", newline="") as stream:
        for n, raw in enumerate(csv.DictReader(stream), 1):
            row = BookRow(
                n,
                _text(raw["title"]),
                _text(raw["authors"]),
                _text(raw["catagory"]),
                raw["pages"].strip(),
                _text(raw["manufacturer"]),
                raw["original_price"].strip(),
            )
            key = (row.title.casefold(), row.authors.casefold())
            if key not in seen and not row.category.casefold().startswith(NOT_BOOKS):
                seen.add(key)
                rows.append(row)
    return rows


def _text(value: str) -> str:
    return " ".join(nfc(value).split())


@dataclass(slots=True)
class Name:
    heading: str  # as it goes in $a
    ind1: str  # 0 natural (forename) order kept, 1 surname first, 2 corporate name (110/710)
    roles: tuple[str, ...] = ()

    def field(self, tag: str) -> Field:
        subfields = [["a", self.heading]]
        subfields += [["e", role] for role in self.roles]
        for this in subfields[:-1]:
            this[1] += ","
        if not subfields[-1][1].endswith((".", "-", "?", "!", ")")):
            subfields[-1][1] += "."
        return [
            ("1" if tag == "main" else "7") + ("10" if self.ind1 == "2" else "00"),
            self.ind1,
            " ",
            subfields,
        ]


def parse_name(raw: str) -> Name:
    """One person or body from the listing's author column, as a MARC heading."""
    roles: list[str] = []
    text = re.sub(r"\.(?=[A-ZÀ-Ỹ])", ". ", _text(raw))  # "J.Trump" → "J. Trump"
    honorific = _HONORIFICS.match(text)
    if honorific:
        roles += ["dịch"] if honorific.group(1).lower() == "dịch giả" else []
        text = text[honorific.end() :]
    qualifier = ""
    paren = re.search(r"\s*\(([^)]*)\)\s*$", text)
    if paren:
        inner = [p.strip().lower() for p in paren.group(1).split(",")]
        if all(p in ROLES for p in inner):
            roles += inner
        else:
            qualifier = f" ({paren.group(1)})"
        text = text[: paren.start()]
    if text.lower().startswith(_CORPORATE):
        return Name(text, "2", tuple(roles))
    words = text.split()
    vietnamese = _vietnamese(words) or any(
        not w.isascii() and is_vietnamese_syllable(w) for w in words
    )  # "Rosie Nguyễn", "Tony Buổi Sáng": Vietnamese pen names keep their order
    if len(words) < 2 or vietnamese or _japanese(words) or not _latin(text):
        # Natural order: Vietnamese names, pseudonyms, romanised Japanese (the listing does
        # not tell which word is the family name) and names in other scripts.
        return Name(text + qualifier, "0", tuple(roles))
    return Name(f"{words[-1]}, {' '.join(words[:-1])}{qualifier}", "1", tuple(roles))


def _vietnamese(words: Sequence[str]) -> bool:
    return all(is_vietnamese_syllable(w) for w in words)


def _japanese(words: Sequence[str]) -> bool:
    """Hepburn romanisation, and not Vietnamese or Korean (ae, eo, eu: "Hae Min")."""
    lowered = [w.lower() for w in words]
    if " ".join(lowered) in NOT_JAPANESE or _vietnamese(words):
        return False
    return all(_KANA.match(w) and not re.search("ae|eo|eu", w) for w in lowered)


def _latin(text: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())


def split_authors(raw: str) -> list[str]:
    """'A, B & C' → names; ' – ' always separates, ' - ' unless it joins a hyphenated name."""
    text = _text(raw)
    parts: list[str] = []
    for chunk in re.split(r",(?![^()]*\))|;|&| – ", text):
        pieces = [p.strip() for p in chunk.split(" - ")]
        if len(pieces) == 2 and (" " not in pieces[0] or " " not in pieces[1]):
            pieces = ["-".join(pieces)]  # "Jean - Jacques Rousseau", "Kim Jung - Hyuk"
        parts += [p for p in pieces if p]
    if len(parts) == 2 and " " not in parts[0] and "&" in text:  # "Allan & Barbara Pease"
        parts[0] = f"{parts[0]} {parts[1].split()[-1]}"
    return [p for p in parts if fold(p) != "nhieu tac gia" and any(c.isalpha() for c in p)]


def origin(names: Sequence[Name]) -> str:
    """'vi', 'ja' or 'other': where the first person named seems to come from."""
    for name in (n for n in names if n.ind1 != "2"):
        if name.ind1 == "1":
            return "other"
        words = name.heading.split(" (")[0].split()
        return "ja" if len(words) > 1 and _japanese(words) else "vi"
    return "vi"


def classify(category: str, title: str, who: str) -> tuple[str, str, str, str, str] | None:
    """(DDC, subject, 008/33, 008/22, 008/24) for a listing category, or None."""
    key = category.casefold().strip()
    entry = CATEGORIES.get(key)
    probe = f"{key} {title.casefold()}"
    for pattern, guess in KEYWORDS if entry is None else ():
        if re.search(pattern, probe):
            entry = guess
            break
    if entry is None:
        return None
    ddc, subject, form, audience, contents = entry
    if ddc == "LIT":
        base = {"vi": "895.922", "ja": "895.6"}.get(who, "808.8")
        ddc = base + LIT_FORM_DIGIT.get(form, "3")
    return ddc, subject, form, audience, contents


def place_of(publisher: str) -> str:
    lowered = publisher.casefold()
    if any(p in lowered for p in HCMC_PUBLISHERS):
        return "TP. Hồ Chí Minh"
    for seat, place in OTHER_SEATS.items():
        if seat in lowered:
            return place
    return "Hà Nội" if any(p in lowered for p in HANOI_PUBLISHERS) else "[Việt Nam]"


def publisher_name(publisher: str) -> str:
    """'Nhà Xuất Bản Hội Nhà Văn' → 'Nxb. Hội Nhà Văn'; others as they are."""
    fixed = {"hong duc": "Nxb. Hồng Đức", "nxb cong an nhan dan": "Nxb. Công an nhân dân"}
    if publisher.casefold() in fixed:
        return fixed[publisher.casefold()]
    bare = _PUBLISHER_PREFIX.sub("", publisher)
    return f"Nxb. {bare}" if bare != publisher else publisher


def author_mark(name: Name | None, title: str) -> str:
    """Three letters of the surname (inverted names), of the given name (natural order: the
    last word, since Vietnamese surnames repeat so much), else of the title's first word."""
    if name is None:
        word = (title.split() or ["x"])[0]
    elif name.ind1 == "1":
        word = name.heading.split(",")[0]
    else:
        word = name.heading.split(" (")[0].split()[-1]
    return (re.sub(r"[^a-z]", "", fold(word))[:3] or "x").upper()


def clean_title(title: str, authors: str) -> str:
    """The title without the shop's additions: gifts, bindings, edition, the author's name."""
    title = _MARKETING.sub("", _EDITION.sub("", title))
    if authors:
        title = re.sub(rf"\s*\([^)]*{re.escape(authors)}[^)]*\)", "", title)
        title = re.sub(rf"\s+[-–]\s+{re.escape(authors)}\b", "", title)
    title = re.sub(r"\(\s*(Tập\s+\d+)\s*\)", r"- \1", title)  # "X (Tập 2)" → "X - Tập 2"
    title = re.sub(r"^Sách\s*-\s*", "", title).strip(" -–")
    return title[:-1] if title.endswith('"') and title.count('"') % 2 else title


def isbd_245(title: str, statement: str, has_1xx: bool) -> Field:
    """245 with ISBD punctuation: $a Title. $n Tập 1, $p Part : $b subtitle / $c who."""
    parts: list[list[str]] = []
    volume = _VOLUME.match(title)
    if volume and volume.group("a").strip(" -–"):
        parts += [["a", volume.group("a").strip(" -–")], ["n", volume.group("n")]]
        if volume.group("p").strip(" -–:"):
            parts.append(["p", volume.group("p").strip(" -–:")])
    else:
        parts.append(["a", title])
        depth = 0
        for i, char in enumerate(title):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and (char == ":" or title[i - 1 : i + 2] in (" - ", " – ")):
                head, rest = title[:i].strip(" -–"), title[i + 1 :].strip(" -–:")
                if head and rest:
                    parts = [["a", head], ["b", rest]]
                    break
    if any(c.isalpha() for c in statement):
        parts.append(["c", statement])
    linking = {"b": " :", "n": ".", "p": ",", "c": " /"}
    for this, following in itertools.pairwise(parts):
        this[1] += linking[following[0]]
    if not parts[-1][1].endswith((".", "?", "!", "…")):
        parts[-1][1] += "."
    article = re.match(r"(the |an? |l'|les? |la )", title, re.IGNORECASE)
    return ["245", "1" if has_1xx else "0", str(len(article.group(1)) if article else 0), parts]


def edition_and_year(title: str) -> tuple[str, str, bool]:
    """(250 text, year, whether the year is inferred) from what the title says."""
    edition = ""
    match = _EDITION.search(title)
    said = (match.group(1) or match.group(2)).strip() if match else ""
    if said:
        text = said
        tbl = re.fullmatch(r"tbl\s*(\d+)", text, re.IGNORECASE)
        text = f"Tái bản lần thứ {tbl.group(1)}" if tbl else text[0].upper() + text[1:].lower()
        text = re.sub(r"^Tái bản (\d{4})$", r"Tái bản năm \1", text)
        edition = re.sub(r"lần (\d)", r"lần thứ \1", text)
    # Only a reprint's year or an issue's month ("Tháng 12.2022") date the edition; other years
    # in a title are about the content ("Nobel Văn Chương 1957").
    dated = said + " " + " ".join(re.findall(r"tháng\s*\d{1,2}[./](\d{4})", title, re.I))
    year = re.search(r"(?<!\d)(19[5-9]\d|20[0-2]\d)(?!\d)", dated)
    return (edition, year.group(1), False) if year else (edition, str(LISTING_YEAR), True)


def book_record(row: BookRow, org: str, rng: random.Random, copies: Copies) -> MarcRecord:
    """One listing row as a MARC 21 bibliographic record with its copies."""
    names = [parse_name(n) for n in split_authors(row.authors)]
    main = names[0] if names and not names[0].roles else None
    who = origin(names)
    edition, year, inferred = edition_and_year(row.title)
    found = classify(row.category, row.title, who)
    ddc, subject, form, audience, contents = found or ("", "", "0", " ", " ")
    title = clean_title(row.title, row.authors) or row.title
    fields: list[Field] = [
        ["001", f"TIKI{row.row:05d}"], ["003", org], ["005", STAMP],
        ["008", fixed_008(year, form=form, audience=audience, contents=contents)],
        ["040", " ", " ", [["a", org], ["b", "vie"], ["c", org]]],
        ["041", "0" if who == "vi" else "1", " ", [["a", "vie"]] + [["h", "jpn"]] * (who == "ja")],
    ]  # fmt: skip
    if ddc:
        fields.append(["082", "0", "4", [["a", ddc], ["2", "23"]]])
    if main is not None:
        fields.append(main.field("main"))
    fields.append(isbd_245(title, row.authors, main is not None))
    if edition:
        fields.append(["250", " ", " ", [["a", edition + "."]]])
    publisher = publisher_name(row.publisher) or "[Không rõ nhà xuất bản]"
    fields.append(
        [
            "260",
            " ",
            " ",
            [
                ["a", place_of(row.publisher) + " :"],
                ["b", publisher + ","],
                ["c", f"[{year}]." if inferred else f"{year}."],
            ],
        ]
    )
    if row.pages.isdigit() and int(row.pages) > 0:
        fields.append(["300", " ", " ", [["a", f"{int(row.pages)} tr."]]])
    if subject:
        fields.append(["650", " ", "4", [["a", subject + "."]]])
    fields += [n.field("added") for n in names if n is not main]
    call = " ".join(filter(None, (ddc, author_mark(main, title))))
    children = audience in "jc" and audience != " "
    for _ in range(rng.randint(1, 4)):
        code = rng.choices(copies.libraries, weights=[3] + [1] * (len(copies.libraries) - 1))[0]
        place = "Phòng thiếu nhi" if children else rng.choice(("Kho mượn", "Phòng đọc"))
        price = row.price if row.price.isdigit() else ""
        fields.append(copies.field(code, prefix="VV", call=call, location=place, price=price))
    return MarcRecord("00000nam a22000007i 4500", fields)


def vietnamese_records(
    csv_path: Path | None, libraries: Sequence[str], *, seed: int = 2025, limit: int | None = None
) -> Iterator[MarcRecord]:
    """The hand-written records, then one record per distinct listing row (the first
    ``limit`` of them), with copies spread over ``libraries`` (the first holds the most and
    is the cataloguing agency). Same input and seed, same records."""
    copies = Copies(libraries)
    yield from handwritten_records(copies)
    if csv_path is not None:
        rng = random.Random(seed)  # noqa: S311 - sample data, not security
        for row in read_rows(csv_path)[:limit]:
            yield book_record(row, copies.libraries[0], rng, copies)
