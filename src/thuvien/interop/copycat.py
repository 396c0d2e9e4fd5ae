"""Copy cataloguing: search a remote Z39.50 or SRU catalogue, preview, import chosen records.

Targets are written ``z3950://host:port/database`` or ``sru+http://host:port/path`` (also
``sru+https://``). Z39.50 goes through yaz-client (Debian ``yaz``), the reference
implementation, run as a subprocess with a time limit: the retrieved records come back as
ISO 2709 through its ``set_marcdump``. SRU is one HTTP request asking for MARCXML.

A query may be PQF for Z39.50 (starting with ``@``) or CQL for SRU; plain words are searched
as keywords anywhere, and an ISBN typed alone as an ISBN. Every failure — unreachable,
silent, misbehaving server — is a :class:`RemoteError` that says which target and what to
do, raised within ``INTEROP_TIMEOUT`` seconds: never a hung worker.

Importing what was found is a write, so it is :func:`thuvien.interop.services.import_found`:
through the catalogue's importer (permissive, idempotent, audited), with the target and
query as the records' source (:func:`provenance`).
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from thuvien.catalogue import formats
from thuvien.catalogue.marc import MarcRecord
from thuvien.errors import ThuvienError
from thuvien.interop import config, outbound
from thuvien.search.analysis import isbn_key

_TARGET = re.compile(
    r"(?P<scheme>z3950|sru\+https?)://(?P<host>[A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\])"
    r"(?::(?P<port>\d{1,5}))?(?P<path>/[^\s?#]*)?"
)
_HITS = re.compile(r"Number of hits: (\d+)")
MAX_RECORDS = 100


class RemoteError(ThuvienError):
    """The remote catalogue could not be searched; the message says why and what to do."""

    code = "interop.remote"
    status = 502


@dataclass(frozen=True)
class Target:
    scheme: str  # z3950 or sru
    host: str
    port: int
    path: str  # the Z39.50 database, or the SRU path
    url: str  # as written

    @property
    def http_url(self) -> str:
        secure = self.url.startswith("sru+https")
        return f"{'https' if secure else 'http'}://{self.host}:{self.port}{self.path}"


@dataclass(frozen=True)
class Found:
    target: Target
    query: str
    total: int
    records: list[MarcRecord]
    problems: list[str]  # records that came back but could not be read


def parse_target(text: str) -> Target:
    match = _TARGET.fullmatch(text.strip())
    if match is None:
        raise RemoteError(
            _("“{text}” không phải địa chỉ máy chủ hợp lệ.").format(text=text),
            target=text,
        )
    scheme = "z3950" if match["scheme"] == "z3950" else "sru"
    default_port = 210 if scheme == "z3950" else (443 if match["scheme"].endswith("s") else 80)
    port = int(match["port"] or default_port)
    if not 0 < port < 65536:
        raise RemoteError(_("Cổng {port} không hợp lệ.").format(port=port), target=text)
    path = match["path"] or ""
    if scheme == "z3950":
        path = path.lstrip("/") or "Default"
    return Target(scheme, match["host"], port, path or "/", text.strip())


def _clean_query(query: str) -> str:
    text = " ".join(query.split())
    if not text or any(ord(c) < 32 for c in text):
        raise RemoteError(
            _("Hãy nhập câu tìm (từ khoá, ISBN hoặc truy vấn PQF/CQL)."),
        )
    return text


def pqf(query: str) -> str:
    """The Z39.50 (type-1, PQF) form of a query."""
    text = _clean_query(query)
    if text.startswith("@"):
        return text
    words = text.replace('"', " ").strip()
    if isbn := isbn_key(words):
        return f'@attr 1=7 "{isbn}"'
    return f'@attr 1=1016 "{words}"'


def cql_query(query: str) -> str:
    text = _clean_query(query)
    if re.search(r'[=<>"()]', text) or re.search(r"\s(and|or|not|prox)\s", text, re.I):
        return text
    if isbn := isbn_key(text):
        return f'bath.isbn="{isbn}"'
    return f'"{text}"'


# --- Z39.50 ----------------------------------------------------------------------------------


def _z3950(target: Target, query: str, limit: int, host: str) -> Found:
    timeout = config.get_int("INTEROP_TIMEOUT")
    with tempfile.TemporaryDirectory(prefix="thuvien-copycat-") as folder:
        dump = Path(folder) / "records.mrc"
        script = f"set_marcdump {dump}\nformat usmarc\nfind {pqf(query)}\nshow 1+{limit}\nquit\n"
        try:
            result = subprocess.run(  # noqa: S603 - fixed program; the target was validated
                ["yaz-client", f"tcp:{host}:{target.port}/{target.path}"],  # noqa: S607
                input=script, capture_output=True, text=True, timeout=timeout, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise _silent(target, timeout) from None
        except FileNotFoundError:
            raise RemoteError(
                _("Thiếu chương trình yaz-client (gói Debian yaz)."),
            ) from None
        output = result.stdout + result.stderr
        _check_z3950_output(target, output)
        hits = _HITS.search(output)
        total = int(hits.group(1)) if hits else 0
        data = dump.read_bytes() if dump.exists() else b""
    return _read(target, query, total, data, "iso2709")


def _check_z3950_output(target: Target, output: str) -> None:
    if "Connecting...OK" not in output:
        raise _unreachable(target)
    for marker in ("Search was a bad one", "Prefix query error", "Diagnostic message(s) from"):
        if marker in output:
            line = next((ln for ln in output.splitlines() if marker in ln or "error" in ln), marker)
            detail = output.split(marker, 1)[1].strip().splitlines()
            reason = " ".join([line.strip(), *detail[:2]]).strip()[:300]
            raise RemoteError(
                _("Máy chủ {url} từ chối câu tìm: {reason}").format(url=target.url, reason=reason),
                target=target.url,
            )


def _unreachable(target: Target) -> RemoteError:
    return _silent(target, config.get_int("INTEROP_TIMEOUT"))


def _silent(target: Target, timeout: int) -> RemoteError:
    """One text for every network failure: refused, unreachable, silent (a caller learns
    nothing about which ports are open)."""
    return RemoteError(
        _(
            "Không lấy được dữ liệu từ {url}: máy chủ không nhận kết nối "
            "hoặc không trả lời trong {timeout} giây."
        ).format(url=target.url, timeout=timeout),
        target=target.url,
    )


# --- SRU -------------------------------------------------------------------------------------

_SRU_NAMESPACES = (
    "http://www.loc.gov/zing/srw/",
    "http://docs.oasis-open.org/ns/search-ws/sruResponse",
)


def _sru(target: Target, query: str, limit: int) -> Found:
    timeout = config.get_int("INTEROP_TIMEOUT")
    parameters = {
        "operation": "searchRetrieve", "version": "1.2", "query": cql_query(query),
        "maximumRecords": str(limit), "recordSchema": "marcxml", "recordPacking": "xml",
    }  # fmt: skip
    url = f"{target.http_url}?{urllib.parse.urlencode(parameters)}"
    request = urllib.request.Request(url, headers={"User-Agent": "thuvien-copycat"})  # noqa: S310
    try:
        with outbound.urlopen(request, timeout=timeout) as response:
            body = response.read(64 << 20)
    except outbound.Refused as refused:  # a redirect into the library's network
        raise _refused(target, refused) from None
    except TimeoutError:
        raise _silent(target, timeout) from None
    except urllib.error.HTTPError as exc:
        raise RemoteError(
            _("{url} trả lỗi HTTP {status} ({reason}).").format(
                url=target.url, status=exc.code, reason=exc.reason
            ),
            target=target.url,
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise _silent(target, timeout) from None
        raise _unreachable(target) from None
    return _read_sru(target, query, body)


def _read_sru(target: Target, query: str, body: bytes) -> Found:
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        raise RemoteError(
            _("{url} không trả lời bằng SRU.").format(url=target.url),
            target=target.url,
        ) from None
    namespace = etree.QName(root).namespace or ""
    if namespace not in _SRU_NAMESPACES or etree.QName(root).localname != "searchRetrieveResponse":
        raise RemoteError(
            _("{url} không trả lời bằng searchRetrieveResponse của SRU.").format(url=target.url),
            target=target.url,
        )
    ns = {"s": namespace}
    for diagnostic in root.iterfind("s:diagnostics/*", ns):
        message = " ".join(str(t).strip() for t in diagnostic.itertext() if str(t).strip())
        raise RemoteError(
            _("Máy chủ {url} từ chối câu tìm: {reason}").format(url=target.url, reason=message),
            target=target.url,
        )
    total = int(root.findtext("s:numberOfRecords", default="0", namespaces=ns) or 0)
    parts = [f'<collection xmlns="{formats.MARCXML_NS}">'.encode()]
    for data in root.iterfind("s:records/s:record/s:recordData", ns):
        found = data.find(f"{{{formats.MARCXML_NS}}}record")
        if found is not None:
            parts.append(etree.tostring(found, encoding="utf-8"))
        elif data.text and data.text.strip().startswith("<"):  # recordPacking=string
            parts.append(data.text.strip().encode())
    parts.append(b"</collection>")
    return _read(target, query, total, b"".join(parts), "marcxml")


def _read(target: Target, query: str, total: int, data: bytes, fmt: str) -> Found:
    records: list[MarcRecord] = []
    problems: list[str] = []
    if data.strip() and (fmt == "iso2709" or b"<record" in data):
        for item in formats.read(io.BytesIO(data), fmt):
            if item.record is not None:
                records.append(item.record)
            else:
                problems.append(f"record {item.index}: {item.error}")
    return Found(target, query, total, records, problems)


# --- the operations --------------------------------------------------------------------------


def listed(target: Target) -> bool:
    """Whether an administrator listed the target in ``THUVIEN_COPYCAT_TARGETS``."""
    targets = config.get_str("COPYCAT_TARGETS").split(",")
    return any(parse_target(t).url == target.url for t in targets if t.strip())


def _check_destination(target: Target) -> outbound.IPAddress:
    """The address to connect to: the target listed, every address of its host checked."""
    if not listed(target):
        raise RemoteError(
            _(
                "{url} không có trong danh sách máy chủ biên mục sao chép "
                "(THUVIEN_COPYCAT_TARGETS); hãy nhờ quản trị viên thêm vào."
            ).format(url=target.url),
            target=target.url,
        )
    try:
        return outbound.checked_address(target.host, target.port)
    except outbound.Refused as refused:
        raise _refused(target, refused) from None
    except OSError:
        raise _unreachable(target) from None


def _refused(target: Target, refused: outbound.Refused) -> RemoteError:
    return RemoteError(
        _(
            "Không được kết nối tới {host}: đó là địa chỉ nội bộ ({address}). "
            "Chỉ kết nối được khi quản trị viên ghi máy chủ này vào "
            "THUVIEN_OUTBOUND_ALLOWED."
        ).format(host=refused.host, address=refused.address),
        target=target.url,
    )


def search(target_text: str, query: str, limit: int = 10) -> Found:
    target = parse_target(target_text)
    address = _check_destination(target)
    limit = max(1, min(limit, MAX_RECORDS))
    if target.scheme == "z3950":
        # yaz-client connects to the address checked, not to a second lookup of the name.
        pinned = str(address) if address.version == 4 else target.host
        return _z3950(target, query, limit, pinned)
    return _sru(target, query, limit)


def provenance(found: Found) -> str:
    return f"copycat {found.target.url} {found.query}"
