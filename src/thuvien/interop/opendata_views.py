"""Open data over HTTP: the dumps, a DCAT-AP catalogue (JSON-LD), a CKAN-compatible read API
(``package_list``, ``package_show``) and the sitemap of record pages for search engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thuvien.interop import config, opendata
from thuvien.interop.metadata import text
from thuvien.interop.models import Dump
from thuvien.network.models import Library

LICENCES = {
    "CC0-1.0": ("cc-zero", "Creative Commons CCZero", "http://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("cc-by", "Creative Commons Attribution", "http://creativecommons.org/licenses/by/4.0/"),
}  # fmt: skip
SITEMAP_SIZE = 50_000  # URLs per sitemap file, the protocol's limit


def _datasets() -> dict[str, list[Dump]]:
    found: dict[str, list[Dump]] = {}
    for dump in Dump.objects.select_related("library").order_by("file_name"):
        # The dataset is the file's name before its suffix (thuvien-network, thuvien-digital…).
        found.setdefault(dump.file_name.split(".", 1)[0], []).append(dump)
    return found


def _title(library: Library | None, name: str = "") -> str:
    if name == opendata.DIGITAL_DATASET:
        return "Tài liệu số của mạng lưới thư viện / Digital objects of the library network"
    if library is None:
        return "Mục lục liên hợp của mạng lưới thư viện / Union catalogue of the library network"
    return f"Mục lục {library.name_vi} / Catalogue of {library.name_en or library.name_vi}"


def _description(name: str) -> str:
    if name == opendata.DIGITAL_DATASET:
        return ("Tài liệu số bạn đọc tìm được: IIIF manifest, trang trên cổng, bộ sưu tập, "
                "thời kỳ, địa danh, ngôn ngữ, mức truy cập, bản quyền. / Digital objects readers "
                "can find: IIIF manifest, portal page, collection, period, place, language, "
                "access level, rights.")  # fmt: skip
    return ("Bản ghi thư mục công khai (MARC 21), không có dữ liệu cá nhân. / "
            "Public bibliographic records (MARC 21), without personal data.")  # fmt: skip


def _publisher(library: Library | None) -> str:
    return library.name_vi if library else config.get_str("OAI_REPOSITORY_NAME")


def _download(request: HttpRequest, dump: Dump) -> str:
    return request.build_absolute_uri(reverse("interop:opendata_file", args=[dump.file_name]))


def _licence(code: str) -> tuple[str, str, str]:
    return LICENCES.get(code, (code.lower(), code, ""))


def index(request: HttpRequest) -> HttpResponse:
    datasets = [
        {"name": name, "title": _title(dumps[0].library, name), "dumps": dumps,
         "licence": _licence(dumps[0].licence)}
        for name, dumps in _datasets().items()
    ]  # fmt: skip
    return render(request, "interop/opendata.html", {"datasets": datasets})


def dump_file(request: HttpRequest, name: str) -> FileResponse:
    dump = Dump.objects.filter(file_name=name).first()
    path = opendata.folder() / name
    if dump is None or not path.is_file():
        raise Http404(_("Không có tệp dữ liệu này."))
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = "application/gzip"
    response["Digest"] = f"sha-256={dump.sha256}"
    return response


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dcat(request: HttpRequest) -> JsonResponse:
    """The catalogue in DCAT-AP (JSON-LD)."""
    datasets = []
    for name, dumps in _datasets().items():
        library = dumps[0].library
        _licence_id, _licence_name, licence_url = _licence(dumps[0].licence)
        datasets.append({
            "@id": request.build_absolute_uri(f"/opendata/#{name}"),
            "@type": "dcat:Dataset",
            "dct:identifier": name,
            "dct:title": _title(library, name),
            "dct:description": _description(name),
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": _publisher(library)},
            "dct:modified": {"@value": _stamp(max(d.generated_at for d in dumps)),
                             "@type": "xsd:dateTime"},
            "dcat:keyword": ["thư viện", "library", "MARC 21", "catalogue"],
            "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
            "dcat:distribution": [{
                "@id": _download(request, d),
                "@type": "dcat:Distribution",
                "dct:title": d.file_name,
                "dcat:downloadURL": {"@id": _download(request, d)},
                "dcat:accessURL": {"@id": _download(request, d)},
                "dcat:mediaType": opendata.MEDIA_TYPES[d.format],
                "dcat:compressFormat": "application/gzip",
                "dct:format": d.format.upper(),
                "dcat:byteSize": {"@value": str(d.size), "@type": "xsd:nonNegativeInteger"},
                "spdx:checksum": {"@type": "spdx:Checksum",
                                  "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                                  "spdx:checksumValue": d.sha256},
                "dct:license": {"@id": licence_url or d.licence},
                "dct:modified": {"@value": _stamp(d.generated_at), "@type": "xsd:dateTime"},
            } for d in dumps],
        })  # fmt: skip
    catalogue = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/", "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": request.build_absolute_uri("/opendata/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": "Dữ liệu mở của mạng lưới thư viện / Open data of the library network",
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": _publisher(None)},
        "foaf:homepage": {"@id": request.build_absolute_uri("/opendata/")},
        "dcat:dataset": datasets,
    }  # fmt: skip
    return JsonResponse(
        catalogue, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )


# --- CKAN action API (read only) --------------------------------------------------------------


def _ckan(result: Any, help_name: str, request: HttpRequest, status: int = 200) -> JsonResponse:
    body: dict[str, Any] = {
        "help": request.build_absolute_uri(f"/opendata/api/3/action/help_show?name={help_name}"),
        "success": status == 200,
    }
    body["result" if status == 200 else "error"] = result
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def package_list(request: HttpRequest) -> JsonResponse:
    return _ckan(sorted(_datasets()), "package_list", request)


def package_show(request: HttpRequest) -> JsonResponse:
    name = request.GET.get("id", "")
    dumps = _datasets().get(name)
    if not dumps:
        return _ckan({"__type": "Not Found Error", "message": "Not found"}, "package_show",
                     request, status=404)  # fmt: skip
    library = dumps[0].library
    licence_id, licence_title, licence_url = _licence(dumps[0].licence)
    modified = max(d.generated_at for d in dumps)
    package = {
        "id": name, "name": name, "title": _title(library, name), "type": "dataset",
        "notes": _description(name),
        "license_id": licence_id, "license_title": licence_title, "license_url": licence_url,
        "isopen": True, "private": False, "state": "active",
        "metadata_modified": modified.astimezone(dt.UTC).replace(tzinfo=None).isoformat(),
        "organization": {"name": (library.code if library else "network").lower(),
                         "title": _publisher(library)},
        "tags": [{"name": t} for t in ("thu-vien", "library", "marc21")],
        "num_resources": len(dumps),
        "resources": [{
            "id": d.file_name, "package_id": name, "name": d.file_name,
            "url": _download(request, d), "format": d.format.upper(),
            "mimetype": opendata.MEDIA_TYPES[d.format], "size": d.size,
            "hash": f"sha256:{d.sha256}",
            "last_modified": d.generated_at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(),
            "description": f"{d.records} bản ghi / records, gzip",
        } for d in dumps],
    }  # fmt: skip
    return _ckan(package, "package_show", request)


# --- sitemap ----------------------------------------------------------------------------------


def sitemap(request: HttpRequest) -> HttpResponse:
    """A sitemap index: one sitemap per 50,000 record numbers (keyset by id, never OFFSET)."""
    top = opendata.open_records().aggregate(m=Max("id"))["m"] or 0
    base = request.build_absolute_uri("/").rstrip("/")
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    for n in range(top // SITEMAP_SIZE + 1):
        parts.append(f"<sitemap><loc>{base}/sitemap-{n}.xml</loc></sitemap>")
    parts.append("</sitemapindex>\n")
    return HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")


def sitemap_part(request: HttpRequest, n: int) -> HttpResponse:
    low, high = n * SITEMAP_SIZE, (n + 1) * SITEMAP_SIZE
    rows = (
        opendata.open_records()
        .filter(id__gte=low, id__lt=high)
        .order_by("id")
        .values_list("id", "updated_at")
    )
    base = request.build_absolute_uri("/").rstrip("/")
    template = reverse("opac:record", args=[0])[:-1]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    if n == 0:
        parts.append(f"<url><loc>{text(base)}/</loc></url>")
    for pk, updated in rows.iterator(chunk_size=5000):
        parts.append(
            f"<url><loc>{text(base)}{template}{pk}</loc>"
            f"<lastmod>{updated.astimezone(dt.UTC).date().isoformat()}</lastmod></url>"
        )
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")
