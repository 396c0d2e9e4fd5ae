"""``/clusters``: the union catalogue's clusters, one edition across member libraries, with
the reasons each record was placed there (what ``thuvien union explain`` prints)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from thuvien.api import public
from thuvien.api.errors import unknown_parameters
from thuvien.api.schemas import ClusterOut, Problem
from thuvien.errors import NotFound
from thuvien.union import clusters

router = Router(tags=["records"])

_ERRORS: dict[int, Any] = {400: Problem, 404: Problem, 429: Problem, 500: Problem}


def _ids(value: object) -> list[int]:
    if isinstance(value, list):
        return [int(v) for v in value]
    return [int(value)] if isinstance(value, int) else []


@router.get(
    "/clusters/{cluster_id}",
    response={200: ClusterOut, **_ERRORS},
    operation_id="get_cluster",
    url_name="get_cluster",
    summary="Một cụm của mục lục liên hợp / One union catalogue cluster",
    description=(
        "The records of member libraries that describe one edition, the one shown for them "
        "all, and for each record the rule and evidence that placed it in the cluster."
    ),
)
def cluster_detail(request: HttpRequest, cluster_id: int) -> dict[str, Any]:
    error = unknown_parameters(request, ())
    if error is not None:
        raise error
    found = clusters.view(cluster_id)
    if found is None:
        raise NotFound(
            _(
                "Không có cụm số {cluster_id}. Số cụm có trong kết quả tìm kiếm và trong "
                "/api/v1/records/{{id}} (trường cluster)."
            ).format(cluster_id=cluster_id),
            cluster=cluster_id,
        )
    return {
        "id": found.id,
        "best_record": found.best_record,
        "work_key": found.work_key,
        "libraries": found.libraries,
        "records": [
            {
                "id": m.record_id,
                "library": m.library,
                "title": m.title,
                "rule": m.rule,
                "linked_with": _ids(m.evidence.get("with")),
                "reasons": clusters.reasons(m),
                "url": public.record_url(m.record_id),
            }
            for m in found.members
        ],
        "other_editions": clusters.other_editions(found.best_record),
    }
