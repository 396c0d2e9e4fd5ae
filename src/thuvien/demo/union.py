"""Demo data for the union catalogue: the clusters of the demo records, rebuilt each load.

Clusters are derived from the records (nothing is typed in), so the step adds nothing of
its own: it rebuilds them so that ``thuvien union explain`` has something to show.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from thuvien.union import services


def load(actor: str) -> tuple[list[str], str]:
    """Rebuild the clusters; returns (what was added: nothing, summary)."""
    counts = services.rebuild(actor)
    summary = _("{clusters} cụm, {linked} biểu ghi được gom, {review} chờ duyệt").format(
        clusters=counts.clusters, linked=counts.linked, review=counts.review
    )
    return [], summary
