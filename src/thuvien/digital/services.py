"""The digital library's domain operations: ingest, structure, rights and access requests.

Ingest is all or nothing: files are screened, copied, hashed and tiled in a private folder
under ``.incoming``; the database rows are written in one transaction whose last step moves
that folder into place. A refused file, a crash or a duplicate identifier leaves nothing
behind but the reason.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors, conf
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue.models import Record
from thuvien.digital import imaging, ordering, screening, storage
from thuvien.digital.collections import facet_values
from thuvien.digital.errors import Rejected, UnknownObject
from thuvien.digital.machines import ACCESS_REQUEST
from thuvien.digital.models import DUBLIN_CORE, AccessRequest, Collection, DigitalObject, Page
from thuvien.errors import Conflict, InvalidInput
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check, require
from thuvien.wording import day

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from thuvien.actors import Actor

OCR_LANGUAGES = {"vie", "eng", "khm", "fra", "chi_sim", "chi_tra", "osd"}

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass
class _PageWork:
    """One page to make: from file ``file_index`` (page ``frame`` of a PDF or TIFF)."""

    sequence: int
    file_index: int
    name: str  # the file's name as received, for messages
    source: Path
    original: str
    media_type: str
    sha256: str
    size: int
    frame: int = 0  # the page's index in its file
    page_in_file: int = 0
    width: int = 0
    height: int = 0
    derivative_sha256: str = ""


def _copy_hashed(source: Path, destination: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as stream, destination.open("wb") as out:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _checked_languages(ocr: str | None) -> str:
    if not ocr:
        return ""
    languages = [lang.strip() for lang in ocr.replace(",", "+").split("+") if lang.strip()]
    unknown = [lang for lang in languages if lang not in OCR_LANGUAGES]
    if unknown:
        raise InvalidInput(
            _("Ngôn ngữ OCR không hỗ trợ: {languages} (dùng vie, eng, khm…).").format(
                languages=", ".join(unknown)
            ),
            languages=",".join(unknown),
        )
    return "+".join(languages)


def ingest(
    paths: Sequence[Path],
    *,
    library: Library,
    identifier: str,
    title: str,
    access: str = DigitalObject.Access.OPEN,
    actor: Actor,
    record: Record | None = None,
    collection: Collection | None = None,
    rights: str = DigitalObject.Rights.UNKNOWN,
    author_death_year: int | None = None,
    dublin_core: dict[str, list[str]] | None = None,
    ocr: str | None = None,
    status: str = DigitalObject.Status.PUBLISHED,
    embargo_until: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    expected_pages: int | None = None,
    partial: bool = False,
) -> DigitalObject:
    """Screen, store, hash and tile ``paths`` as the pages of a new object; all or nothing.

    Every page of a multi-page TIFF or PDF is a page; folders are read in natural order or by
    their ``pages.txt`` (see :mod:`ordering`). A page count stated by the caller
    (``expected_pages``, a batch manifest's ``pages``), by ``pages.txt`` or by the record's
    extent (300 $a) and not met refuses the whole ingest with both numbers. ``partial`` says
    the files are knowingly part of the work (sample pages, one volume of several): the
    record's extent is then not checked.

    ``actor`` is a staff user (checked) or, on the command line, a label (``cli:root``).
    A thesis starts as a ``draft`` (see :mod:`workflow`); an author (any signed-in user)
    may deposit their own draft, which staff then review.
    """
    submitted_by = None
    if not actors.is_program(actor):
        if status == DigitalObject.Status.DRAFT and actor.is_authenticated:
            submitted_by = actor
        else:
            require(actor, Action.EDIT_CATALOGUE, library)
    storage.check_identifier(identifier)
    if access not in DigitalObject.Access.values:
        raise InvalidInput(
            _("Mức truy cập {access} không hợp lệ (open, onsite, request, restricted).").format(
                access=repr(access)
            ),
            access=access,
        )
    if rights not in DigitalObject.Rights.values:
        raise InvalidInput(f"Unknown rights status {rights!r}.", rights=rights)
    if not title.strip():
        raise InvalidInput(_("Thiếu nhan đề."))
    if record is not None and record.library_id != library.pk:
        raise InvalidInput(
            _("Biểu ghi thuộc thư viện khác."),
            record=record.pk,
        )
    unknown = sorted(set(dublin_core or {}) - set(DUBLIN_CORE))
    if unknown:
        raise InvalidInput(f"Unknown Dublin Core elements: {', '.join(unknown)}.")
    languages = _checked_languages(ocr)
    if DigitalObject.objects.filter(identifier=identifier).exists():
        raise Conflict(
            _("Đã có đối tượng số mã {identifier}.").format(identifier=identifier),
            identifier=identifier,
        )
    sources = ordering.expand(list(paths))
    stated = _stated_counts(sources, None if partial else record, expected_pages)
    work_dir = Path(tempfile.mkdtemp(prefix=f"{identifier}.", dir=storage.incoming()))
    year, place, language = facet_values(record, dublin_core or {})
    try:
        pages = _prepare(sources.files, work_dir, progress, stated)
        obj = _commit(
            work_dir,
            pages,
            library=library,
            identifier=identifier,
            title=title.strip(),
            access=access,
            actor=actor,
            record=record,
            collection=collection,
            rights=rights,
            author_death_year=author_death_year,
            dublin_core=dublin_core or {},
            languages=languages,
            status=status,
            embargo_until=embargo_until,
            submitted_by_id=submitted_by.pk if submitted_by is not None else None,
            year=year,
            place=place,
            language=language,
        )
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return obj


def _stated_counts(
    sources: ordering.Sources, record: Record | None, expected: int | None
) -> list[tuple[str, int, bool]]:
    """(who says it, how many pages, exactly or at least) for every count the source states."""
    stated: list[tuple[str, int, bool]] = []
    if expected is not None:
        stated.append((_("tệp kê khai (cột pages)"), expected, True))
    if sources.stated is not None:
        stated.append((sources.stated_by, sources.stated, True))
    in_record = ordering.pages_of_record(record) if record is not None else None
    if in_record is not None and record is not None:
        stated.append((_("biểu ghi {record} (300 $a)").format(record=record.pk), in_record, False))
    return stated


def _check_count(found: int, stated: list[tuple[str, int, bool]]) -> None:
    for source, count, exact in stated:
        if found < count or (exact and found != count):
            raise Rejected(
                _(
                    "{source} ghi {stated} trang nhưng các tệp có {found} trang; không nhập gì "
                    "cả. Hãy kiểm tra trang thiếu hoặc thừa, hoặc sửa số trang."
                ).format(source=source, stated=count, found=found),
                stated=count,
                found=found,
            )


def _prepare(
    files: list[Path],
    work_dir: Path,
    progress: Callable[[int, int], None] | None,
    stated: list[tuple[str, int, bool]] | None = None,
) -> list[_PageWork]:
    """Screen and copy every file, then tile every page (in parallel: libvips frees the GIL)."""
    (work_dir / "original").mkdir()
    pages: list[_PageWork] = []
    for index, source in enumerate(files, start=1):
        try:
            screened = screening.screen(source)
        except Rejected as exc:
            raise _named(exc, source.name) from None
        ext = (
            "pdf"
            if screened.media_type == screening.PDF
            else screening.IMAGE_TYPES[screened.media_type]
        )
        original = f"original/{index:04d}.{ext}"
        sha, size = _copy_hashed(source, work_dir / original)
        for in_file, frame in enumerate(screened.frames):
            pages.append(
                _PageWork(
                    sequence=len(pages) + 1,
                    file_index=index,
                    name=source.name,
                    source=work_dir / original,
                    original=original,
                    media_type=screened.media_type,
                    sha256=sha,
                    size=size,
                    frame=frame,
                    page_in_file=in_file,
                )
            )
    _check_count(len(pages), stated or [])  # before the costly tiling
    done = 0

    def tile(page: _PageWork) -> _PageWork:
        try:
            image = imaging.open_page(page.source, page.media_type, page.frame)
            if page.media_type == screening.PDF:
                screening.check_pixels(int(image.width), int(image.height))
            target = work_dir / "tiles" / f"{page.sequence:04d}.tif"
            page.width, page.height = imaging.make_tiles(image, target)
        except Rejected as exc:
            where = (
                _("{name} (trang {page})").format(name=page.name, page=page.page_in_file + 1)
                if page.page_in_file
                else page.name
            )
            raise _named(exc, where) from None
        page.derivative_sha256 = storage.sha256_of(target)
        return page

    workers = min(4, os.cpu_count() or 1, len(pages))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for page in pool.map(tile, pages):
            done += 1
            if progress is not None:
                progress(done, len(pages))
            del page
    return pages


def _named(exc: Rejected, name: str) -> Rejected:
    """The same refusal, saying which file it was about."""
    return Rejected(f"{name}: {exc.message}", file=name, **exc.ids)


def _commit(work_dir: Path, pages: list[_PageWork], **values: Any) -> DigitalObject:
    identifier: str = values["identifier"]
    actor = values.pop("actor")
    languages: str = values.pop("languages")
    final = storage.object_dir(identifier)
    if final.exists():
        raise Conflict(
            _("Thư mục {folder} đã tồn tại.").format(folder=final),
            identifier=identifier,
        )
    moved = False
    try:
        with transaction.atomic():
            obj = DigitalObject.objects.create(ocr_languages=languages, **values)
            Page.objects.bulk_create(
                Page(
                    digital_object=obj,
                    sequence=p.sequence,
                    label=str(p.sequence),
                    original=p.original,
                    media_type=p.media_type,
                    sha256=p.sha256,
                    size=p.size,
                    width=p.width,
                    height=p.height,
                    derivative_sha256=p.derivative_sha256,
                )
                for p in pages
            )
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "digital object",
                identifier,
                library_code=obj.library.code,
                summary=f"{identifier}: {len(pages)} pages ingested ({obj.access})",
                after={"identifier": identifier, "pages": len(pages), "access": obj.access},
            )
            if languages:
                from thuvien.digital.tasks import ocr_object

                ocr_object.enqueue(obj.pk)
            final.parent.mkdir(parents=True, exist_ok=True)
            work_dir.rename(final)  # the last step: the files appear whole or not at all
            moved = True
    except BaseException:
        if moved:
            shutil.rmtree(final, ignore_errors=True)
        raise
    return obj


# --- rights and structure ----------------------------------------------------------------------


def add_collection(
    actor: Actor,
    library: Library,
    *,
    code: str,
    name_vi: str,
    name_en: str = "",
    kind: str = Collection.Kind.OTHER,
) -> Collection:
    """A named collection of the library's digital objects (local studies, rare books…)."""
    check(actor, Action.EDIT_CATALOGUE, library)
    if not _SLUG.fullmatch(code):
        raise InvalidInput(
            _("Mã bộ sưu tập “{code}” chỉ gồm chữ thường không dấu, số và dấu gạch ngang.").format(
                code=code
            ),
            code=code,
        )
    if not name_vi.strip():
        raise InvalidInput(_("Bộ sưu tập cần có tên tiếng Việt."), code=code)
    with transaction.atomic():
        if Collection.objects.filter(code=code).exists():
            raise Conflict(_("Đã có bộ sưu tập mã {code}.").format(code=code), code=code)
        collection = Collection.objects.create(
            code=code, name_vi=name_vi.strip(), name_en=name_en.strip(), kind=kind, library=library
        )
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "collection",
            code,
            library_code=library.code,
            summary=f"{code}: {name_vi}",
        )
    return collection


def is_in_copyright(obj: DigitalObject) -> bool:
    return obj.rights in (DigitalObject.Rights.IN_COPYRIGHT, DigitalObject.Rights.UNKNOWN)


# --- by-request access: a small state machine (machines.ACCESS_REQUEST) ------------------------


def request_access(
    reader: AbstractBaseUser | None,
    obj: DigitalObject,
    reason: str = "",
    *,
    patron_ref: int | None = None,
    reader_label: str = "",
) -> AccessRequest:
    """A reader asks to see a by-request object: a signed-in account (``reader``) or a reader
    signed in on the portal with their card (``patron_ref``, ``reader_label`` the card). A
    request still waiting is returned as it is, not asked twice."""
    if obj.status != DigitalObject.Status.PUBLISHED:
        raise UnknownObject(
            _("Không có đối tượng số {identifier}.").format(identifier=obj.identifier),
            identifier=obj.identifier,
        )
    if obj.access != DigitalObject.Access.REQUEST:
        raise InvalidInput(
            _("Tài liệu này không cấp quyền theo yêu cầu."),
            identifier=obj.identifier,
        )
    if reader is None and patron_ref is None:
        raise ValueError("request_access needs a reader or a patron_ref")  # a mistake in code
    whose = {"patron_ref": patron_ref} if patron_ref is not None else {"reader_id": reader.pk}  # type: ignore[union-attr]
    with transaction.atomic():
        existing = AccessRequest.objects.filter(
            digital_object=obj, state=AccessRequest.State.PENDING, **whose
        ).first()
        if existing is not None:
            return existing
        asked = AccessRequest.objects.create(
            digital_object=obj, reason=reason[:2000], reader_label=reader_label[:150], **whose
        )
        actor = actors.reader(reader_label) if patron_ref is not None else reader
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "digital access request",
            asked.pk,
            library_code=obj.library.code,
            summary=f"{obj.identifier}: {asked.who}",
        )
    return asked


def requests_of_reader(patron_ref: int) -> list[AccessRequest]:
    """A card reader's requests, newest first, for their account page."""
    return list(
        AccessRequest.objects.filter(patron_ref=patron_ref)
        .select_related("digital_object__record")
        .order_by("-created_at")[:100]
    )


def decide_request(
    actor: Actor, access_request: AccessRequest, move: str, *, days: int | None = None
) -> AccessRequest:
    """Approve (for ``days``, default THUVIEN_DIGITAL_REQUEST_DAYS), refuse or revoke."""
    obj = access_request.digital_object
    check(actor, Action.EDIT_CATALOGUE, obj.library)
    target = lifecycle.check(ACCESS_REQUEST, access_request, move)
    changes: dict[str, Any] = {"decided_by": actors.user_of(actor)}
    if target == AccessRequest.State.APPROVED:
        length = days if days is not None else conf.get_int("DIGITAL_REQUEST_DAYS")
        changes["expires_at"] = timezone.now() + datetime.timedelta(days=length)
    with transaction.atomic():
        if (
            target == AccessRequest.State.APPROVED
            and obj.rights == DigitalObject.Rights.IN_COPYRIGHT
        ):
            _check_lending_cap(obj)
        lifecycle.move(
            ACCESS_REQUEST,
            access_request,
            move,
            actor=actor,
            library_code=obj.library.code,
            summary=f"{obj.identifier}: {move} request of reader {access_request.who}",
            **changes,
        )
    return access_request


def physical_copies(obj: DigitalObject) -> int:
    """Copies the network holds of the object's work: its record's, and those of records in
    other libraries with the same ISBN (0 for an object without a catalogue record)."""
    from thuvien.catalogue.models import Item

    if obj.record is None:
        return 0
    same_work = Q(record_id=obj.record_id)
    if obj.record.isbn:
        same_work |= Q(record__isbn=obj.record.isbn)
    return Item.objects.filter(same_work).count()


def _check_lending_cap(obj: DigitalObject) -> None:
    """In-copyright works are lent digitally no more often at once than the network has
    printed copies (one reader per copy, as on the shelf)."""
    # Lock the object's row so two approvals at once cannot both take the last copy.
    DigitalObject.objects.select_for_update().filter(pk=obj.pk).first()
    lent = AccessRequest.objects.filter(
        digital_object=obj, state=AccessRequest.State.APPROVED, expires_at__gt=timezone.now()
    )
    copies = physical_copies(obj)
    if lent.count() >= copies:
        first_back = lent.order_by("expires_at").values_list("expires_at", flat=True).first()
        when = day(timezone.localtime(first_back).date()) if first_back else "—"
        raise Conflict(
            _(
                "Tài liệu còn bản quyền chỉ cho mượn số cùng lúc bằng số bản in ({copies}); "
                "bản số sớm nhất được trả {when}."
            ).format(copies=copies, when=when),
            identifier=obj.identifier,
            copies=copies,
        )
