"""IIIF Presentation API 3.0 manifests: what a viewer needs to show an object.

Labels come in Vietnamese and English; the metadata from the object's catalogue record when
it has one, else its Dublin Core; rights as a rightsstatements.org URI; structure as ranges;
the Content Search service when the object has OCR text.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from thuvien.digital import rights
from thuvien.digital.access import Grant
from thuvien.digital.models import DigitalObject, Range

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
SEARCH_CONTEXT = "http://iiif.io/api/search/2/context.json"

_DC_LABELS = {
    "creator": ("Tác giả", "Creator"),
    "contributor": ("Người đóng góp", "Contributor"),
    "subject": ("Chủ đề", "Subject"),
    "description": ("Mô tả", "Description"),
    "publisher": ("Nhà xuất bản", "Publisher"),
    "date": ("Thời gian", "Date"),
    "type": ("Loại hình", "Type"),
    "format": ("Định dạng", "Format"),
    "identifier": ("Định danh", "Identifier"),
    "source": ("Nguồn", "Source"),
    "language": ("Ngôn ngữ", "Language"),
    "relation": ("Liên kết", "Relation"),
    "coverage": ("Phạm vi", "Coverage"),
    "rights": ("Bản quyền", "Rights"),
}


def _both(vi: str, en: str) -> dict[str, list[str]]:
    return {"vi": [vi], "en": [en]}


def metadata(obj: DigitalObject) -> list[dict[str, Any]]:
    values: dict[str, list[str]] = {}
    if obj.record is not None:
        record = obj.record
        values["creator"] = [a for a in record.authors.split(" ; ") if a]
        values["publisher"] = [p for p in (record.publisher, record.place) if p]
        values["date"] = [str(record.year)] if record.year else []
        values["subject"] = [s for s in record.subjects.split(" ; ") if s]
    for element, items in (obj.dublin_core or {}).items():
        if element != "title":
            values.setdefault(element, [])
            values[element] += [str(v) for v in items if str(v) not in values[element]]
    entries = [
        {"label": _both(*_DC_LABELS[k]), "value": {"none": v}}
        for k, v in values.items()
        if v and k in _DC_LABELS
    ]
    entries.append(
        {
            "label": _both("Tình trạng bản quyền", "Rights status"),
            "value": {
                "vi": [str(DigitalObject.Rights(obj.rights).label)],
                "en": [obj.rights.replace("-", " ")],
            },
        }
    )
    return entries


def manifest(request: HttpRequest, obj: DigitalObject, grant: Grant) -> dict[str, Any]:
    def url(name: str, *args: str) -> str:
        return request.build_absolute_uri(reverse(name, args=args))

    base = url("digital:manifest", obj.identifier)
    pages = list(obj.pages.all())
    canvases = []
    for page in pages:
        canvas_id = f"{base}/canvas/{page.sequence}"
        service = url("digital:image", f"{obj.identifier}~{page.sequence}").rstrip("/")
        canvases.append(
            {
                "id": canvas_id,
                "type": "Canvas",
                "label": {"none": [page.label or str(page.sequence)]},
                "width": page.width,
                "height": page.height,
                "items": [
                    {
                        "id": f"{canvas_id}/page",
                        "type": "AnnotationPage",
                        "items": [
                            {
                                "id": f"{canvas_id}/image",
                                "type": "Annotation",
                                "motivation": "painting",
                                "target": canvas_id,
                                "body": {
                                    "id": f"{service}/full/max/0/default.jpg",
                                    "type": "Image",
                                    "format": "image/jpeg",
                                    "width": page.width,
                                    "height": page.height,
                                    "service": [
                                        {
                                            "id": service,
                                            "type": "ImageService3",
                                            "profile": "level2",
                                        }
                                    ],
                                },
                            }
                        ],
                    }
                ],
            }
        )
    name = obj.library.name_vi
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": base,
        "type": "Manifest",
        "label": _both(obj.title, obj.title),
        "metadata": metadata(obj),
        "rights": obj.rights_uri or rights.RIGHTS_URIS[obj.rights],
        "requiredStatement": {
            "label": _both("Ghi nguồn", "Attribution"),
            "value": _both(
                f"{name} ({obj.library.code}). {obj.rights_holder}".strip(),
                f"{obj.library.name_en or name} ({obj.library.code}). {obj.rights_holder}".strip(),
            ),
        },
        "provider": [
            {
                "id": request.build_absolute_uri("/"),
                "type": "Agent",
                "label": _both(name, obj.library.name_en or name),
            }
        ],
        "items": canvases,
    }
    if pages:
        first = url("digital:image", f"{obj.identifier}~1").rstrip("/")
        data["thumbnail"] = [
            {
                "id": f"{first}/full/!200,200/0/default.jpg",
                "type": "Image",
                "format": "image/jpeg",
                "service": [{"id": first, "type": "ImageService3", "profile": "level2"}],
            }
        ]
    structures = _ranges(base, list(obj.ranges.all()), {p.sequence for p in pages})
    if structures:
        data["structures"] = structures
    if any(p.ocr_done for p in pages):
        data["service"] = [{"id": url("digital:search", obj.identifier), "type": "SearchService2"}]
    pdf_allowed = grant.staff or obj.rights != DigitalObject.Rights.IN_COPYRIGHT
    if pdf_allowed and pages and all(p.ocr_done for p in pages):  # made by the OCR job
        data["rendering"] = [
            {
                "id": url("digital:pdf", obj.identifier),
                "type": "Text",
                "label": _both("Tải PDF (có lớp chữ)", "Download PDF (searchable)"),
                "format": "application/pdf",
            }
        ]
    return data


def _ranges(base: str, ranges: list[Range], sequences: set[int]) -> list[dict[str, Any]]:
    children: dict[int | None, list[Range]] = {}
    for item in ranges:
        children.setdefault(item.parent_id, []).append(item)

    def build(item: Range) -> dict[str, Any]:
        items: list[dict[str, Any]] = [build(child) for child in children.get(item.pk, [])]
        if not items:
            items = [
                {"id": f"{base}/canvas/{n}", "type": "Canvas"}
                for n in range(item.first_page, item.last_page + 1)
                if n in sequences
            ]
        return {
            "id": f"{base}/range/{item.pk}",
            "type": "Range",
            "label": {"none": [item.label]},
            "items": items,
        }

    return [build(item) for item in children.get(None, [])]
