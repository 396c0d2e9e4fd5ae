"""The MARC editor's grid: a record shown as rows of form values, and typed rows read back.

One row per field: tag, two indicators and a text box. A control field's box (001-009)
holds its value exactly. A data field's box holds its subfields as ``$a value $b value``:
``$``, the one-character code, one space, the value; subfields separated by one space. A
dollar sign inside a value is written ``{dollar}``. Blank indicators are left empty (``#``
also means blank). A row whose box is empty is left out of the record.

Rows shown from the stored record carry the position of the field they show; a row sent
back unchanged keeps that stored field exactly, so opening a record and saving it without
change never alters a byte, whatever its data holds.

Helpers show the leader's and the 008's coded positions as separate inputs. A helper is
applied only when it was changed (it is compared with the value the page was drawn with),
so the cataloguer may edit either the helper or the raw leader/008, and the change wins.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thuvien.catalogue.marc import Field, MarcRecord, is_control_tag
from thuvien.staff.marc_labels import BLANK, DATE_TYPES, F008_HELPERS, LEADER_HELPERS, TAG_LABELS

DOLLAR = "{dollar}"
EXTRA_ROWS = 5
MAX_ROWS = 2000
NEW_LEADER = "00000nam a2200000 a 4500"

NEW_ROW_TAGS = ("020", "082", "100", "245", "250", "264", "300", "650", "700")


@dataclass(slots=True)
class Row:
    tag: str = ""
    ind1: str = ""
    ind2: str = ""
    value: str = ""
    source: int | None = None  # position of the stored field shown, None for a new row

    @property
    def label(self) -> str:
        return TAG_LABELS.get(self.tag, "")

    @property
    def is_control(self) -> bool:
        return is_control_tag(self.tag)


@dataclass(slots=True)
class Editor:
    """Everything the editor page shows; built from a record or from a submitted form."""

    leader: str
    f008: str  # the 008 the helpers were drawn from ("" when the record has none)
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def leader_helpers(self) -> list[dict[str, object]]:
        helpers: list[dict[str, object]] = []
        for position, label, choices in LEADER_HELPERS:
            current = _to_choice(self.leader[position : position + 1])
            options = list(choices)
            if current not in {value for value, _ in options}:
                options.insert(0, (current, f"{current} – (giá trị khác, giữ nguyên)"))
            helpers.append(
                {
                    "name": f"leader_{position:02d}",
                    "label": label,
                    "value": current,
                    "options": options,
                }
            )
        return helpers

    @property
    def f008_helpers(self) -> list[dict[str, object]]:
        helpers: list[dict[str, object]] = []
        for name, start, width, label in F008_HELPERS:
            value = self.f008[start : start + width].ljust(width)
            entry: dict[str, object] = {"name": f"f008_{name}", "label": label, "width": width}
            if name == "date_type":
                current = _to_choice(value)
                options = list(DATE_TYPES)
                if current not in {v for v, _ in options}:
                    options.insert(0, (current, f"{current} – (giá trị khác, giữ nguyên)"))
                entry.update(value=current, options=options)
            else:
                entry["value"] = value.rstrip()
            helpers.append(entry)
        return helpers

    @property
    def sources(self) -> str:
        return ",".join("" if r.source is None else str(r.source) for r in self.rows)


def _to_choice(char: str) -> str:
    return BLANK if char in ("", " ") else char


def _from_choice(value: str) -> str:
    return " " if value in ("", BLANK) else value[:1]


# --- record → page ----------------------------------------------------------------------


def format_subfields(subfields: list[list[str]]) -> str:
    return " ".join(f"${code} {value.replace('$', DOLLAR)}" for code, value in subfields)


def field_row(f: Field, source: int | None = None) -> Row:
    if len(f) == 2:
        return Row(tag=f[0], value=f[1], source=source)
    ind1 = "" if f[1] == " " else f[1]
    ind2 = "" if f[2] == " " else f[2]
    return Row(tag=f[0], ind1=ind1, ind2=ind2, value=format_subfields(f[3]), source=source)


def editor_for(record: MarcRecord, extra: int = EXTRA_ROWS) -> Editor:
    rows = [field_row(f, n) for n, f in enumerate(record.fields)]
    rows += [Row() for _ in range(extra)]
    return Editor(leader=record.leader, f008=record.control("008"), rows=rows)


def new_editor(today: datetime.date) -> Editor:
    """A blank book record: leader, 008 for a Vietnamese book, the usual tags to fill in."""
    f008 = f"{today:%y%m%d}s    {'':4}vm {'':17}vie d"
    rows = [Row(tag="008", value=f008)] + [Row(tag=t) for t in NEW_ROW_TAGS]
    rows += [Row() for _ in range(EXTRA_ROWS)]
    return Editor(leader=NEW_LEADER, f008=f008, rows=rows)


# --- page → record ----------------------------------------------------------------------


def parse_subfields(text: str) -> list[list[str]]:
    """``$a value $b value`` → [[code, value], ...]; ValueError says what is wrong."""
    if not text.startswith("$"):
        raise ValueError(_("nội dung phải bắt đầu bằng $ và mã trường con, ví dụ $a Nhan đề"))
    chunks = text.split("$")[1:]
    subfields: list[list[str]] = []
    for n, chunk in enumerate(chunks):
        if not chunk:
            raise ValueError(
                _("sau dấu $ phải có mã trường con (viết dấu $ trong dữ liệu là {dollar})")
            )
        value = chunk[1:]
        value = value.removeprefix(" ")
        if n < len(chunks) - 1:
            value = value.removesuffix(" ")
        subfields.append([chunk[0], value.replace(DOLLAR, "$")])
    return subfields


def _indicator(value: str) -> str:
    return " " if value in ("", " ", BLANK) else value


def _overlay(text: str, start: int, new: str) -> str:
    end = start + len(new)
    return text.ljust(end)[:start] + new + text[end:]


def read_form(data: Mapping[str, str], stored: MarcRecord | None) -> tuple[Editor, MarcRecord]:
    """Read the submitted editor back: the page to show again and the record it describes.

    ``editor.problems`` lists what could not be read (validation proper is the service's);
    ``stored`` is the record the page was drawn from, whose unchanged fields are kept as is.
    """
    try:
        count = min(int(data.get("rows", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    sources = data.get("sources", "").split(",")
    rows: list[Row] = []
    for n in range(count):
        source_text = sources[n] if n < len(sources) else ""
        source = int(source_text) if source_text.isdigit() else None
        if stored is None or source is None or source >= len(stored.fields):
            source = None
        rows.append(
            Row(
                tag=data.get(f"tag_{n}", "").strip(),
                ind1=data.get(f"ind1_{n}", ""),
                ind2=data.get(f"ind2_{n}", ""),
                value=data.get(f"value_{n}", "").replace("\r\n", "\n"),
                source=source,
            )
        )
    editor = Editor(leader=_leader(data), f008=data.get("f008_orig", ""), rows=rows)
    fields: list[Field] = []
    new_fields: list[Field] = []
    for n, row in enumerate(rows, 1):
        f = _row_field(row, stored, n, editor.problems)
        if f is not None:
            (fields if row.source is not None else new_fields).append(f)
    for f in new_fields:
        _insert_in_tag_order(fields, f)
    _apply_008_helpers(data, editor, fields)
    record = MarcRecord(editor.leader, fields)
    # Shown again after a problem, the helpers must start from what was just composed.
    editor.f008 = record.control("008")
    return editor, record


def _leader(data: Mapping[str, str]) -> str:
    leader = data.get("leader", "")
    original = data.get("leader_orig", "")
    for position, _label, _choices in LEADER_HELPERS:
        chosen = data.get(f"leader_{position:02d}")
        if chosen is None:
            continue
        char = _from_choice(chosen)
        if char != original[position : position + 1].ljust(1):
            leader = _overlay(leader, position, char)
    return leader


def row_to_field(row: Row) -> Field | None:
    """The field a typed row describes (None for an empty box); ValueError if unreadable."""
    if row.value.strip() == "":
        return None  # an emptied box removes the field
    if is_control_tag(row.tag):
        if row.ind1.strip() or row.ind2.strip():
            raise ValueError(
                _("trường {tag} là trường kiểm soát, không có chỉ thị").format(tag=row.tag)
            )
        return [row.tag, row.value]
    subfields = parse_subfields(row.value.replace("\n", " "))
    return [row.tag, _indicator(row.ind1), _indicator(row.ind2), subfields]


def _row_field(row: Row, stored: MarcRecord | None, n: int, problems: list[str]) -> Field | None:
    if stored is not None and row.source is not None:
        original = stored.fields[row.source]
        if field_row(original, row.source) == row:
            return original  # unchanged: kept exactly as stored
    try:
        return row_to_field(row)
    except ValueError as exc:
        problems.append(f"Dòng {n} (trường {row.tag or '?'}): {exc}")
        return None


def _insert_in_tag_order(fields: list[Field], new: Field) -> None:
    """Put a field typed in an empty row after the last field with the same or a lower tag."""
    position = 0
    for n, f in enumerate(fields):
        if str(f[0]) <= str(new[0]):
            position = n + 1
    fields.insert(position, new)


def _apply_008_helpers(data: Mapping[str, str], editor: Editor, fields: list[Field]) -> None:
    original = editor.f008
    changes: list[tuple[int, str]] = []
    for name, start, width, _label in F008_HELPERS:
        typed = data.get(f"f008_{name}")
        if typed is None:
            continue
        value = _from_choice(typed) if name == "date_type" else typed[:width].ljust(width)
        if value != original[start : start + width].ljust(width):
            changes.append((start, value))
    if not changes:
        return
    index = next((n for n, f in enumerate(fields) if f[0] == "008" and len(f) == 2), None)
    if index is None:
        _insert_in_tag_order(fields, ["008", " " * 40])
        index = next(n for n, f in enumerate(fields) if f[0] == "008")
    value = str(fields[index][1])
    for start, new in changes:
        value = _overlay(value, start, new)
    fields[index] = ["008", value]
    # The page shown again must show the 008 that was composed.
    row = next((r for r in editor.rows if r.tag == "008"), None)
    if row is None:
        editor.rows.insert(0, Row(tag="008", value=value))
    else:
        row.value = value
