"""Harvesting partners' OAI-PMH repositories (Koha, DSpace, Libol, another thuvien) into a
member library: incremental, resumable, idempotent.

* Incremental: a harvest asks for records changed since the partner's ``responseDate`` at
  the start of the last complete harvest (at the partner's granularity).
* Resumable: the resumption token is saved after every page; a harvest cut short (a crash,
  ``max_pages``) continues from there next time. A token the partner no longer honours
  (``badResumptionToken``) is dropped and the next run starts again from the last datestamp.
* Idempotent: records go through the catalogue's importer, which recognises a record it
  already has (001+003, else the content), so harvesting twice changes nothing.
* Errors per record, as imports report them: a record without usable metadata is listed with
  its OAI identifier and the reason, and the harvest goes on.

``marc21`` (MARCXML) is taken as is; ``oai_dc`` (DSpace and most repositories) is turned into
a minimal MARC record (245, 100/700, 650, 260, 020/022, 520, 041, 856).
Deleted records are reported, never applied: removing a member library's record stays a
cataloguer's decision.
"""

from __future__ import annotations

import datetime as dt
import io
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from thuvien.catalogue import iso2709
from thuvien.catalogue.marc import Field, MarcRecord
from thuvien.catalogue.services import run_import
from thuvien.errors import ThuvienError
from thuvien.interop import config, outbound
from thuvien.interop.models import HarvestSource

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"o": OAI, "m": "http://www.loc.gov/MARC21/slim", "dc": "http://purl.org/dc/elements/1.1/"}
MAX_BYTES = 256 << 20


class HarvestError(ThuvienError):
    """The partner could not be harvested; the message says why and what to do."""

    code = "interop.harvest"
    status = 502


@dataclass
class HarvestReport:
    pages: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deleted_upstream: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    complete: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "pages": self.pages, "imported": self.imported, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected,
            "deleted_upstream": self.deleted_upstream[:1000], "errors": self.errors[:1000],
            "complete": self.complete,
        }  # fmt: skip


def _unreachable(source: HarvestSource, timeout: int) -> HarvestError:
    """One text for every network failure (a caller learns nothing about open ports)."""
    return HarvestError(
        _(
            "Không lấy được dữ liệu từ {url}: máy chủ không nhận kết nối "
            "hoặc không trả lời trong {timeout} giây."
        ).format(url=source.base_url, timeout=timeout),
        source=source.pk,
    )


def _refused(source: HarvestSource, refused: outbound.Refused) -> HarvestError:
    return HarvestError(
        _(
            "Không được kết nối tới {host}: đó là địa chỉ nội bộ ({address}). "
            "Chỉ kết nối được khi quản trị viên ghi máy chủ này vào "
            "THUVIEN_OUTBOUND_ALLOWED."
        ).format(host=refused.host, address=refused.address),
        source=source.pk,
    )


def _fetch(source: HarvestSource, params: dict[str, str]) -> etree._Element:
    timeout = config.get_int("INTEROP_TIMEOUT")
    url = f"{source.base_url}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, headers={"User-Agent": "thuvien-harvester"})  # noqa: S310
    try:
        with outbound.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES)
    except outbound.Refused as refused:
        raise _refused(source, refused) from None
    except urllib.error.HTTPError as exc:
        raise HarvestError(
            _("{base_url} trả lỗi HTTP {status} ({reason}).").format(
                base_url=source.base_url, status=exc.code, reason=exc.reason
            ),
            source=source.pk,
        ) from None
    except (urllib.error.URLError, OSError):
        raise _unreachable(source, timeout) from None
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise HarvestError(
            _("{base_url} trả về XML hỏng ({error}).").format(
                base_url=source.base_url, error=exc.msg
            ),
            source=source.pk,
        ) from None
    if root.tag != f"{{{OAI}}}OAI-PMH":
        raise HarvestError(
            _("{base_url} không phải máy chủ OAI-PMH.").format(base_url=source.base_url),
            source=source.pk,
        )
    return root


def _granularity(source: HarvestSource) -> str:
    root = _fetch(source, {"verb": "Identify"})
    return root.findtext("o:Identify/o:granularity", default="YYYY-MM-DD", namespaces=NS) or ""


def _from(source: HarvestSource, granularity: str) -> str:
    stamp = source.last_datestamp
    if stamp and "T" in stamp and "hh" not in granularity:
        return stamp[:10]
    return stamp


# --- Dublin Core to MARC ---------------------------------------------------------------------


def _dc_marc(identifier: str, metadata: etree._Element) -> MarcRecord:
    def values(name: str) -> list[str]:
        found = (e.text for e in metadata.iterfind(f".//dc:{name}", NS))
        return [" ".join(text.split()) for text in found if text and text.strip()]

    titles = values("title")
    if not titles:
        raise ValueError("the Dublin Core record has no title")
    fields: list[Field] = [["001", identifier[-60:]], ["003", "OAI"]]
    for value in values("identifier"):
        compact = value.replace("-", "").replace(" ", "").replace(":", "").upper()
        if compact.startswith("ISSN") and len(compact) == 12:
            fields.append(["022", " ", " ", [["a", f"{compact[4:8]}-{compact[8:]}"]]])
            continue
        compact = compact.removeprefix("ISBN")
        if len(compact) in (10, 13) and compact[:-1].isdigit():
            fields.append(["020", " ", " ", [["a", compact]]])
    creators = values("creator")
    if creators:
        fields.append(["100", "1", " ", [["a", creators[0]]]])
    fields.append(["245", "1" if creators else "0", "0", [["a", titles[0]]]])
    publication = [["b", v] for v in values("publisher")[:1]] + [
        ["c", v] for v in values("date")[:1]
    ]
    if publication:
        fields.append(["260", " ", " ", publication])
    fields += [["520", " ", " ", [["a", v]]] for v in values("description")[:3]]
    fields += [["650", " ", "4", [["a", v]]] for v in values("subject")]
    fields += [["700", "1", " ", [["a", v]]] for v in creators[1:] + values("contributor")]
    fields += [["856", "4", "0", [["u", v]]] for v in values("identifier") if v.startswith("http")]
    language = next((v.lower() for v in values("language") if len(v) == 3 and v.isalpha()), "")
    year = next((d[:4] for d in values("date") if d[:4].isdigit()), "")
    # 008: entered, s + year, place unknown (xx), language: what the importer reads back.
    fixed = f"000000s{year or '    '}    xx {'':17}{language or '   '} d"
    fields.insert(2, ["008", fixed])
    leader = "00000nam a22000007u 4500"
    return MarcRecord(leader, fields)


def _page_records(
    root: etree._Element, prefix: str, report: HarvestReport
) -> tuple[list[MarcRecord], list[str]]:
    """The page's records as MARC, and their OAI identifiers (same order)."""
    records: list[MarcRecord] = []
    identifiers: list[str] = []
    for element in root.iterfind("o:ListRecords/o:record", NS):
        identifier = element.findtext("o:header/o:identifier", default="?", namespaces=NS) or "?"
        header = element.find("o:header", NS)
        if header is not None and header.get("status") == "deleted":
            report.deleted_upstream.append(identifier)
            continue
        metadata = element.find("o:metadata", NS)
        try:
            if metadata is None:
                raise ValueError("the record has no metadata")
            if prefix == "oai_dc":
                record = _dc_marc(identifier, metadata)
            else:
                marc = metadata.find(".//m:record", NS)
                if marc is None:
                    raise ValueError("the metadata holds no MARCXML <record>")
                record = _marcxml(marc)
        except ValueError as exc:
            report.rejected += 1
            report.errors.append({"identifier": identifier, "reason": str(exc)})
            continue
        records.append(record)
        identifiers.append(identifier)
    return records, identifiers


def _marcxml(element: etree._Element) -> MarcRecord:
    from thuvien.catalogue import formats

    data = etree.tostring(element, encoding="utf-8")
    item = next(iter(formats.read(io.BytesIO(data), "marcxml")))
    if item.record is None:
        raise ValueError(item.error)
    return item.record


def _import(
    source: HarvestSource, records: list[MarcRecord], identifiers: list[str], report: HarvestReport
) -> None:
    if not records:
        return
    chunks: list[bytes] = []
    kept: list[str] = []
    for record, identifier in zip(records, identifiers, strict=True):
        try:
            chunks.append(iso2709.encode(record))
            kept.append(identifier)
        except ValueError as exc:
            report.rejected += 1
            report.errors.append({"identifier": identifier, "reason": str(exc)})
    result = run_import(
        source.library, io.BytesIO(b"".join(chunks)), actor=f"harvest:{source.pk}",
        source=f"oai {source.base_url}"[:255], fmt="iso2709",
    )  # fmt: skip
    report.imported += result.imported
    report.updated += result.updated
    report.unchanged += result.unchanged
    report.rejected += result.rejected
    for error in result.errors:
        index = int(error.get("index", 0))
        name = kept[index - 1] if 0 < index <= len(kept) else "?"
        report.errors.append({"identifier": name, "reason": error.get("reason", "")})


def harvest(source: HarvestSource, *, max_pages: int | None = None) -> HarvestReport:
    """Harvest ``source`` from where it stands; save progress after each page."""
    report = HarvestReport()
    granularity = _granularity(source)
    token = source.resumption_token
    while max_pages is None or report.pages < max_pages:
        if token:
            params = {"verb": "ListRecords", "resumptionToken": token}
        else:
            params = {"verb": "ListRecords", "metadataPrefix": source.metadata_prefix}
            if source.set_spec:
                params["set"] = source.set_spec
            if start := _from(source, granularity):
                params["from"] = start
        root = _fetch(source, params)
        if not token:
            source.harvest_started = (
                root.findtext("o:responseDate", default="", namespaces=NS) or ""
            )
        error = root.find("o:error", NS)
        if error is not None:
            code = error.get("code", "")
            if code == "noRecordsMatch":
                token = ""
                report.complete = True
                break
            if code == "badResumptionToken":
                source.resumption_token = ""
                source.save(update_fields=["resumption_token"])
                raise HarvestError(
                    _("{base_url} không nhận resumptionToken nữa ({error}).").format(
                        base_url=source.base_url, error=error.text or code
                    ),
                    source=source.pk,
                )
            raise HarvestError(
                _("{base_url} trả lỗi OAI-PMH {code}: {error}").format(
                    base_url=source.base_url, code=code, error=(error.text or "").strip()
                ),
                source=source.pk,
            )
        records, identifiers = _page_records(root, source.metadata_prefix, report)
        _import(source, records, identifiers, report)
        report.pages += 1
        token = (
            root.findtext("o:ListRecords/o:resumptionToken", default="", namespaces=NS) or ""
        ).strip()
        source.resumption_token = token
        source.save(update_fields=["resumption_token", "harvest_started"])
        if not token:
            report.complete = True
            break
    if report.complete:
        source.last_datestamp = source.harvest_started or source.last_datestamp
        source.resumption_token = ""
    source.last_run_at = timezone.now()
    source.last_report = report.as_dict()
    source.save()
    return report


def due(now: dt.datetime | None = None) -> list[HarvestSource]:
    """Enabled sources whose interval has passed (or never harvested, or left unfinished)."""
    now = now or timezone.now()
    found = []
    for source in HarvestSource.objects.filter(enabled=True).select_related("library"):
        last = source.last_run_at
        waited = last is None or now - last >= dt.timedelta(hours=source.interval_hours)
        if waited or source.resumption_token:
            found.append(source)
    return found
