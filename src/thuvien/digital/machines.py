"""The digital library's lifecycles, as tables of :mod:`thuvien.lifecycle`: a thesis going
through review, and a reader's request to see a by-request object.

Both are audited: publishing, withdrawing and granting access are decisions about what readers
may see, so each move writes an audit entry as well as its history row.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.digital.models import AccessRequest, DigitalObject, DigitisationJob, OcrProposal
from thuvien.lifecycle.machine import Machine, Move

# Theses and research papers: the author submits; staff of the owning library send the draft
# back with a note, publish it (with an embargo date, if any), withdraw it and publish it again.
_S = DigitalObject.Status
WORKFLOW = Machine(
    "digital-workflow",
    DigitalObject,
    field="status",
    noun=_("tài liệu số"),
    key=lambda obj: obj.identifier,
    audit_as="digital object",
    moves={
        "submit": Move(_("gửi duyệt"), {_S.DRAFT}, _S.SUBMITTED),
        "return": Move(_("trả lại cho tác giả"), {_S.SUBMITTED}, _S.DRAFT),
        "publish": Move(_("công bố"), {_S.SUBMITTED, _S.WITHDRAWN}, _S.PUBLISHED),
        "withdraw": Move(_("rút khỏi bộ sưu tập"), {_S.PUBLISHED}, _S.WITHDRAWN),
    },
)

# A reader asks to see a by-request object; staff approve it for a limited time, refuse it, or
# revoke an approval.
_R = AccessRequest.State
ACCESS_REQUEST = Machine(
    "access-request",
    AccessRequest,
    noun=_("yêu cầu xem tài liệu số"),
    audit_as="digital access request",
    moves={
        "approve": Move(_("chấp thuận"), {_R.PENDING}, _R.APPROVED),
        "refuse": Move(_("từ chối"), {_R.PENDING}, _R.REFUSED),
        "revoke": Move(_("thu hồi"), {_R.APPROVED}, _R.REFUSED),
    },
)

# A work in the digitisation programme: chosen, scanned, checked (page count, resolution,
# skew, blank and duplicate pages, orientation; see quality.py), read by OCR, its metadata
# reviewed, then published. A failed check sends it back to the scanner. Staff moves of
# their own library's queue; each is audited, as publication changes what readers see.
_D = DigitisationJob.State
DIGITISATION = Machine(
    "digitisation",
    DigitisationJob,
    noun=_("tài liệu trong hàng đợi số hoá"),
    audit_as="digitisation job",
    starts={"select": _("chọn số hoá")},
    moves={
        "scan": Move(_("bắt đầu quét"), {_D.SELECTED}, _D.SCANNING),
        "check": Move(_("gửi kiểm tra chất lượng"), {_D.SCANNING}, _D.CHECKING),
        "rescan": Move(_("trả về quét lại"), {_D.CHECKING, _D.REVIEW}, _D.SCANNING),
        "pass": Move(_("đạt kiểm tra, chuyển OCR"), {_D.CHECKING}, _D.OCR),
        "review": Move(_("xong OCR, chuyển duyệt siêu dữ liệu"), {_D.OCR}, _D.REVIEW),
        "publish": Move(_("công bố"), {_D.REVIEW}, _D.PUBLISHED),
    },
)

# A reader proposes a corrected text of a page; staff take it (it becomes the page's text) or
# refuse it.
_P = OcrProposal.State
OCR_PROPOSAL = Machine(
    "ocr-proposal",
    OcrProposal,
    noun=_("đề xuất sửa văn bản OCR"),
    audit_as="ocr proposal",
    starts={"propose": _("đề xuất")},
    moves={
        "accept": Move(_("nhận bản sửa"), {_P.PENDING}, _P.ACCEPTED),
        "refuse": Move(_("không nhận bản sửa"), {_P.PENDING}, _P.REFUSED),
    },
)
