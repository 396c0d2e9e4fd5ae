"""The one shape of an import's report, whatever it imports.

MARC records, readers from CSV, scanned objects from a manifest: each import counts what it
read, created, updated, left unchanged and rejected, and names each reject by its place in
the file (a line of a CSV file, the n-th record of a MARC file) with the reason. Each domain
keeps its own richer report and gives an :class:`ImportSummary` of it; the commands print
that one way (:meth:`thuvien.cli_support.ThuvienCommand.print_import`), with ``--json`` too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Reject:
    """One record an import left out: where it is in the file and why."""

    number: int  # the line of a CSV file, the record (1 = first) of a MARC file
    reason: str
    ref: str = ""  # what else names it: a card number, an identifier, a byte offset


@dataclass
class ImportSummary:
    """What an import did."""

    source: str  # the file (or remote catalogue) read
    library: str  # the code of the library the records went into
    counted_by: Literal["line", "record"]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # may exceed len(rejects): long lists are cut, counts never
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "library": self.library,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "rejects": [
                {self.counted_by: r.number, "ref": r.ref, "reason": r.reason} for r in self.rejects
            ],
            "warnings": self.warnings,
        }

    def where(self, reject: Reject) -> str:
        """``dòng 4 (A003)``, ``bản ghi 2 (byte 1234)``: the reject's place, for people."""
        if self.counted_by == "line":
            where = _("dòng {number}").format(number=reject.number)
        else:
            where = _("bản ghi {number}").format(number=reject.number)
        return f"{where} ({reject.ref})" if reject.ref else where
