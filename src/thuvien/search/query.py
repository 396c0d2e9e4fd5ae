"""The reader's query language, parsed without the engine's parser (user text never reaches it).

    free words            thư viện số            every word must match (see services: then any)
    "a phrase"            "chuyển đổi số"         the words in this order
    word*                 thư*                    a prefix (two letters or more)
    title: author: subject:  title:kiều  author:"nguyễn du"
                          a field takes the next word, or the quoted phrase after it
    isbn:                 isbn:978-604-2-12345-6  (ISBN-10 or -13, hyphens or not)
    year:                 year:2010  year:2010-2020  year:-1975  year:2000-

Anything else is text: an unknown ``name:``, a lone quote, brackets and other punctuation are
read as separators, never as an error. What cannot mean anything — an empty query, one that is
too long, control characters, only wildcards or punctuation, a field with nothing after it, a
year or ISBN that is not one — is refused with :class:`InvalidQuery`, saying what to type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from thuvien.search.analysis import isbn_key
from thuvien.search.types import InvalidQuery
from thuvien.vietnamese import nfc

MAX_LENGTH = 1000
TEXT_FIELDS = ("title", "author", "subject")
FIELDS = (*TEXT_FIELDS, "isbn", "year")
_FIELD = re.compile(r"(title|author|subject|isbn|year):", re.IGNORECASE)
_YEAR = re.compile(r"(\d{1,4})?\s*[-–]\s*(\d{1,4})?|(\d{1,4})")
# Tab, newline and zero-width space separate words; other control characters are refused.
_SEPARATORS = str.maketrans(dict.fromkeys("\t\n\r\u200b", " "))


@dataclass(frozen=True)
class Clause:
    text: str  # NFC, as typed
    field: str | None = None  # None: all text fields; else one of TEXT_FIELDS
    phrase: bool = False
    prefix: bool = False  # the (single) word ends with * and matches as a prefix


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    clauses: tuple[Clause, ...] = ()
    isbns: tuple[str, ...] = ()  # ISBN-13s asked with isbn:
    years: tuple[int | None, int | None] | None = None
    identifier: str = ""  # the whole query, when it could be an identifier typed alone

    @property
    def free_text(self) -> str:
        """The plain words (no field, phrase or prefix): what "did you mean" may correct."""
        return " ".join(
            c.text for c in self.clauses if c.field is None and not c.phrase and not c.prefix
        )


def _refuse(message: str, **ids: object) -> InvalidQuery:
    return InvalidQuery(message, **ids)


def _check_characters(text: str) -> None:
    for position, char in enumerate(text, 1):
        if unicodedata.category(char) == "Cc":
            code = f"U+{ord(char):04X}"
            raise _refuse(
                _(
                    "Câu tìm có ký tự điều khiển {code} ở vị trí {position}; hãy xoá ký tự đó "
                    "rồi tìm lại"
                ).format(code=code, position=position),
                character=code,
                position=position,
            )


def _year_range(value: str) -> tuple[int | None, int | None]:
    match = _YEAR.fullmatch(value)
    if not match or not any(match.groups()):
        raise _refuse(
            _(
                "“year:{value}” không phải năm hay khoảng năm; hãy gõ như year:2010 hoặc "
                "year:2010-2020"
            ).format(value=value),
            value=value,
        )
    if match.group(3):
        year = int(match.group(3))
        return year, year
    low, high = (int(g) if g else None for g in match.group(1, 2))
    if low is not None and high is not None and low > high:
        low, high = high, low  # 2020-2010 means the same range
    return low, high


def _isbn(value: str) -> str:
    key = isbn_key(value)
    if not key:
        raise _refuse(
            _(
                "“isbn:{value}” không phải ISBN-10 hay ISBN-13 hợp lệ; hãy kiểm tra lại các chữ số"
            ).format(value=value),
            value=value,
        )
    return key


def _empty_field(name: str) -> InvalidQuery:
    return _refuse(
        _("Sau “{name}:” cần có nội dung cần tìm, ví dụ {name}:{example}").format(
            name=name, example=_EXAMPLES[name]
        ),
        field=name,
    )


_EXAMPLES = {
    "title": "“thư viện số”",
    "author": "nguyễn du",
    "subject": "lịch sử",
    "isbn": "9786042123456",
    "year": "2010-2020",
}


def _words(segment: str) -> list[str]:
    return segment.split()


class _Builder:
    def __init__(self) -> None:
        self.clauses: list[Clause] = []
        self.isbns: list[str] = []
        self.years: tuple[int | None, int | None] | None = None

    def words(self, segment: str, field: str | None) -> None:
        plain: list[str] = []
        for word in _words(segment):
            stem = word.rstrip("*")
            if word.endswith("*") and sum(c.isalnum() for c in stem) >= 2:
                self.flush(plain, field)
                plain = []
                self.clauses.append(Clause(stem, field, prefix=True))
            elif word.endswith("*") and any(c.isalnum() for c in stem):
                raise _refuse(
                    _("“{word}”: cần ít nhất hai chữ trước dấu *, ví dụ thư*").format(word=word),
                    value=word,
                )
            else:
                plain.append(word)
        self.flush(plain, field)

    def flush(self, words: list[str], field: str | None) -> None:
        if words:
            self.clauses.append(Clause(" ".join(words), field))

    def special(self, name: str, value: str) -> None:
        if name == "isbn":
            self.isbns.append(_isbn(value))
        else:
            self.years = _year_range(value)


def _split_quotes(text: str) -> list[tuple[str, bool]]:
    """(segment, quoted) pairs; a quote without its partner is read as a space."""
    parts: list[tuple[str, bool]] = []
    rest = text
    while '"' in rest or "“" in rest:
        rest = rest.replace("“", '"').replace("”", '"')
        start = rest.index('"')
        end = rest.find('"', start + 1)
        if end < 0:
            rest = rest[:start] + " " + rest[start + 1 :]
            continue
        parts.append((rest[:start], False))
        parts.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    parts.append((rest, False))
    return parts


def parse(q: str) -> ParsedQuery:
    """Parse a reader's query, or raise :class:`InvalidQuery` saying what to change."""
    if len(q) > MAX_LENGTH:
        raise _refuse(
            _(
                "Câu tìm dài {length} ký tự, quá giới hạn {limit}; hãy rút gọn còn vài từ khoá"
            ).format(length=len(q), limit=MAX_LENGTH),
            length=len(q),
        )
    text = nfc(q.translate(_SEPARATORS))
    _check_characters(text)
    text = text.strip()
    if not text:
        raise _refuse(
            _("Hãy nhập từ cần tìm (nhan đề, tác giả, chủ đề, ISBN…)"),
        )
    builder = _Builder()
    field: str | None = None
    waiting: str | None = None  # a text field still without its words
    for segment, quoted in _split_quotes(text):
        if quoted:
            if any(c.isalnum() for c in segment):
                builder.clauses.append(Clause(segment.strip(), field, phrase=True))
                waiting = None
            field = None
            continue
        pieces = _FIELD.split(segment)
        if pieces[0].strip():
            waiting = None
        builder.words(pieces[0], field)
        for i in range(1, len(pieces), 2):
            if waiting:
                raise _empty_field(waiting)
            name, value = pieces[i].lower(), pieces[i + 1]
            if name in ("isbn", "year"):
                first, _sep, after = value.strip().partition(" ")
                if not first:
                    raise _empty_field(name)
                builder.special(name, first)
                field = None
                builder.words(after, None)
                continue
            first, _sep, after = value.strip().partition(" ")
            waiting = None if first else name
            field = name if waiting else None  # an empty field takes the quoted phrase next
            builder.words(first, name)
            builder.words(after, None)
    if waiting:
        raise _empty_field(waiting)
    _check_meaningful(text, builder)
    identifier = ""
    if not _FIELD.search(text) and '"' not in text and len(text) <= 64:
        identifier = text if any(c.isdigit() for c in text) else ""
    return ParsedQuery(
        raw=text,
        clauses=tuple(builder.clauses),
        isbns=tuple(builder.isbns),
        years=builder.years,
        identifier=identifier,
    )


def _check_meaningful(text: str, builder: _Builder) -> None:
    searchable = any(any(ch.isalnum() for ch in c.text) for c in builder.clauses)
    if searchable or builder.isbns or builder.years:
        return
    if any(ch in "*?" for ch in text):
        raise _refuse(
            _(
                "Câu tìm chỉ có ký tự đại diện (* hoặc ?); hãy gõ ít nhất một từ, ví dụ "
                "thư* hoặc thư viện"
            ),
        )
    raise _refuse(
        _("Câu tìm không có chữ hay số nào; hãy gõ từ cần tìm"),
    )
