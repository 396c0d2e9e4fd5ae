"""Read-only questions about the union's clusters, for the layers above that publish them
(OAI-PMH's ``union`` set, the export for the National Library)."""

from __future__ import annotations

from collections.abc import Iterator

from thuvien.union.models import Cluster, Membership

CHUNK = 2000


def clusters() -> Iterator[tuple[int, int | None, list[int]]]:
    """(cluster id, best record id, member record ids ascending) of every cluster, read in
    chunks by cluster id."""
    last = 0
    while True:
        rows = list(
            Cluster.objects.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "best_record_id")[:CHUNK]
        )
        if not rows:
            return
        members: dict[int, list[int]] = {cid: [] for cid, _ in rows}
        pairs = (
            Membership.objects.filter(cluster_id__in=members)
            .order_by("cluster_id", "record_id")
            .values_list("cluster_id", "record_id")
        )
        for cid, record_id in pairs:
            members[cid].append(record_id)
        for cid, best in rows:
            yield cid, best, members[cid]
        last = rows[-1][0]
