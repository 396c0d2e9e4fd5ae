"""Preservation: the fixity audit (re-hash everything, report what changed) and BagIt
packages of an object (its originals, OCR and metadata) that validate anywhere.

Run the audit periodically (a systemd timer or cron entry calling ``thuvien fixity``): a
silent bit flip on a disk is only found by reading the file again.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thuvien.digital import storage
from thuvien.digital.errors import Rejected
from thuvien.digital.models import DigitalObject, FixityCheck, Range
from thuvien.network.models import Library

BAG_METADATA = "thuvien.json"


def expected_files(obj: DigitalObject) -> dict[str, str]:
    """Path under the object's folder → SHA-256 recorded at ingest."""
    expected: dict[str, str] = {}
    for page in obj.pages.all():
        expected[page.original] = page.sha256
        if page.derivative_sha256:
            expected[f"tiles/{page.sequence:04d}.tif"] = page.derivative_sha256
    return expected


def audit_fixity(obj: DigitalObject) -> FixityCheck:
    folder = storage.object_dir(obj.identifier)
    mismatches: list[dict[str, str]] = []
    expected = expected_files(obj)
    for relative, digest in expected.items():
        path = folder / relative
        found = storage.sha256_of(path) if path.is_file() else "missing"
        if found != digest:
            mismatches.append({"path": relative, "expected": digest, "found": found})
    return FixityCheck.objects.create(
        digital_object=obj, files_checked=len(expected), mismatches=mismatches
    )


def metadata(obj: DigitalObject) -> dict[str, Any]:
    return {
        "identifier": obj.identifier,
        "library": obj.library.code,
        "title": obj.title,
        "dublin_core": obj.dublin_core,
        "access": obj.access,
        "rights": obj.rights,
        "rights_uri": obj.rights_uri,
        "rights_holder": obj.rights_holder,
        "author_death_year": obj.author_death_year,
        "status": obj.status,
        "embargo_until": obj.embargo_until.isoformat() if obj.embargo_until else None,
        "ocr_languages": obj.ocr_languages,
        "pages": [
            {"sequence": p.sequence, "label": p.label, "original": p.original, "sha256": p.sha256}
            for p in obj.pages.all()
        ],
        "ranges": [
            {
                "label": r.label,
                "first_page": r.first_page,
                "last_page": r.last_page,
                "parent": r.parent.label if r.parent else None,
            }
            for r in obj.ranges.select_related("parent")
        ],
    }


def export_bag(obj: DigitalObject, destination: Path) -> Path:
    """Write a BagIt bag of ``obj`` at ``destination`` (a new folder) and validate it."""
    import bagit

    if destination.exists():
        raise Rejected(_("{path} đã tồn tại.").format(path=destination))
    source = storage.object_dir(obj.identifier)
    destination.mkdir(parents=True)
    try:
        shutil.copytree(source / "original", destination / "original")
        if (source / "ocr").is_dir():
            shutil.copytree(
                source / "ocr", destination / "ocr", ignore=shutil.ignore_patterns("document.pdf")
            )
        (destination / BAG_METADATA).write_text(
            json.dumps(metadata(obj), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        bag = bagit.make_bag(
            str(destination),
            {
                "Source-Organization": obj.library.name_vi,
                "External-Identifier": obj.identifier,
                "External-Description": obj.title[:200],
                "Bag-Software-Agent": "thuvien",
            },
            checksums=["sha256", "sha512"],
        )
        bag.validate()
    except BaseException:
        shutil.rmtree(destination, ignore_errors=True)
        raise
    return destination


def import_bag(
    path: Path, *, library: Library, actor: str, identifier: str | None = None
) -> DigitalObject:
    """Validate a bag, then ingest its originals with its metadata (screened again, tiled
    again); the pages' checksums must equal those the bag declares."""
    import bagit

    from thuvien.digital.services import ingest

    try:
        bag = bagit.Bag(str(path))
        bag.validate()
    except (bagit.BagError, bagit.BagValidationError) as exc:
        raise Rejected(_("Gói BagIt không hợp lệ: {error}.").format(error=exc)) from None
    data = Path(path) / "data"
    try:
        meta = json.loads((data / BAG_METADATA).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Rejected(f"The bag has no readable {BAG_METADATA}: {exc}.") from None
    originals = list(dict.fromkeys(p["original"] for p in meta["pages"]))
    declared = {p["original"]: p["sha256"] for p in meta["pages"]}
    for original in originals:
        if storage.sha256_of(data / original) != declared[original]:
            raise Rejected(
                _("{file}: tổng kiểm tra khác với {metadata}.").format(
                    file=original, metadata=BAG_METADATA
                ),
                file=original,
            )
    obj = ingest(
        [data / o for o in originals],
        library=library,
        identifier=identifier or meta["identifier"],
        title=meta["title"],
        access=meta["access"],
        rights=meta["rights"],
        author_death_year=meta.get("author_death_year"),
        dublin_core=meta.get("dublin_core") or {},
        actor=actor,
    )
    made: dict[str, Range] = {}
    for position, item in enumerate(meta.get("ranges") or [], start=1):
        made[item["label"]] = Range.objects.create(
            digital_object=obj,
            parent=made.get(item["parent"]) if item.get("parent") else None,
            position=position,
            label=item["label"],
            first_page=item["first_page"],
            last_page=item["last_page"],
        )
    return obj
