"""Readers from a CSV file: each row saved on its own or reported with its line and reason.

A bad row never leaves half a reader behind (each row is one transaction) and never stops
the rows after it. PINs are stored hashed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from thuvien.circulation import patrons
from thuvien.errors import InvalidInput, ThuvienError
from thuvien.network.models import Library
from thuvien.reports import ImportSummary, Reject

REQUIRED = ("card_number", "full_name", "category", "pin", "email")
OPTIONAL = ("phone", "birth_year", "address", "expires_on")


@dataclass
class RowError:
    line: int  # of the file, the header being line 1
    card_number: str
    message: str  # why the row was left out; whoever shows it says the line


@dataclass
class PatronImport:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "rejected": len(self.errors),
            "errors": [e.__dict__ for e in self.errors],
        }

    def summary(self, source: str, library: str) -> ImportSummary:
        """This import in the shape every import reports."""
        return ImportSummary(
            source=source,
            library=library,
            counted_by="line",
            created=self.imported,
            rejected=len(self.errors),
            rejects=[Reject(e.line, e.message, e.card_number) for e in self.errors],
        )


def _optional_values(row: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if row.get("phone"):
        values["phone"] = row["phone"].strip()
    if row.get("address"):
        values["address"] = row["address"].strip()
    if row.get("birth_year"):
        text = row["birth_year"].strip()
        if not text.isdigit() or not 1900 <= int(text) <= date.today().year:
            raise InvalidInput(_("năm sinh “{value}” không hợp lệ (ví dụ 1990)").format(value=text))
        values["birth_year"] = int(text)
    if row.get("expires_on"):
        text = row["expires_on"].strip()
        try:
            values["expires_on"] = date.fromisoformat(text)
        except ValueError:
            raise InvalidInput(
                _("ngày hết hạn “{value}” phải viết YYYY-MM-DD").format(value=text)
            ) from None
    return values


def _import_row(actor: str, library: Library, row: dict[str, str]) -> None:
    email = row["email"].strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(_("email “{email}” không hợp lệ").format(email=email)) from None
    pin = row["pin"].strip()
    patrons.register(
        actor,
        library,
        card_number=row["card_number"],
        full_name=row["full_name"],
        category=row["category"].strip(),
        pin=pin,
        legacy_pin=True,  # readers brought over keep their PINs; short ones change later
        email=email,
        **_optional_values(row),
    )


def import_csv(actor: str, library: Library, text: str) -> PatronImport:
    """Import every good row of ``text``; raises :class:`InvalidInput` only when the header
    lacks a required column (then no row can be read)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            _(
                "Dòng tiêu đề thiếu cột {missing}; cần: {required} (thêm tuỳ chọn {optional})."
            ).format(
                missing=", ".join(missing), required=",".join(REQUIRED), optional=",".join(OPTIONAL)
            ),
            missing=",".join(missing),
        )
    report = PatronImport()
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        card = cells[0].strip() if cells else ""
        if len(cells) != len(header):
            report.errors.append(
                RowError(
                    line,
                    card,
                    _("có {cells} cột, tiêu đề có {header}").format(
                        cells=len(cells), header=len(header)
                    ),
                )
            )
            continue
        row = dict(zip(header, cells, strict=True))
        card = row["card_number"].strip()
        try:
            _import_row(actor, library, row)
        except ThuvienError as exc:
            report.errors.append(RowError(line, card, exc.message))
            continue
        report.imported += 1
    return report
