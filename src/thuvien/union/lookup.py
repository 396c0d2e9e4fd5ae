"""Read-only questions other layers ask of the union (search, interop, surfaces)."""

from collections.abc import Iterable

from thuvien.union.models import Membership


def cluster_ids(record_ids: Iterable[int]) -> dict[int, int]:
    """Record id → cluster id, for the records that have one (a record alone has none)."""
    ids = list(record_ids)
    rows = Membership.objects.filter(record_id__in=ids).values_list("record_id", "cluster_id")
    return dict(rows)


def member_ids(cluster_id: int) -> list[int]:
    """The record ids of one cluster, oldest first."""
    rows = Membership.objects.filter(cluster_id=cluster_id).order_by("record_id")
    return list(rows.values_list("record_id", flat=True))
