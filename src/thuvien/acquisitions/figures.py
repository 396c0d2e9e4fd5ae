"""What the yearly report reads of acquisitions: copies registered in a period, by source.

Counted from the individual register, not from the copies: a copy withdrawn since, or
deleted, was still acquired that year; a cancelled receipt's lines and skipped numbers are
not acquisitions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from thuvien.acquisitions.models import Accession, Source

# The report's figure for each source.
FIGURES = {
    Source.PURCHASE: "acquired_purchase",
    Source.DONATION: "acquired_donation",
    Source.LEGAL_DEPOSIT: "acquired_legal_deposit",
    Source.EXCHANGE: "acquired_exchange",
}


def acquired_by_source(
    first: dt.date, last: dt.date, libraries: Iterable[int] | None = None
) -> dict[int, dict[str, int]]:
    """Library id → figure → copies registered between ``first`` and ``last`` inclusive."""
    rows = Accession.objects.filter(
        registered_on__gte=first,
        registered_on__lte=last,
        receipt__isnull=False,
        void_reason="",
    )
    if libraries is not None:
        rows = rows.filter(library_id__in=list(libraries))
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows.order_by().values("library_id", "receipt__source").annotate(n=Count("pk")):
        out[row["library_id"]][FIGURES[Source(row["receipt__source"])]] = row["n"]
    return dict(out)
