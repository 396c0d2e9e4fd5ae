"""The audit log in librarians' words: what kind of thing changed, each field by its label
and each value as the pages show it (a reader category by its name, yes/no, a date), never
the database's field names or codes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Item, Record
from thuvien.circulation.models import Fee, LoanRule, Patron
from thuvien.network.models import Library

KINDS: dict[str, Any] = {
    "record": gettext_lazy("biểu ghi"),
    "item": gettext_lazy("bản sách"),
    "import": gettext_lazy("lần nhập"),
    "library": gettext_lazy("thư viện"),
    "library-event": gettext_lazy("sự kiện thư viện"),
    "staff": gettext_lazy("tài khoản cán bộ"),
    "patron": gettext_lazy("bạn đọc"),
    "loan rule": gettext_lazy("quy tắc mượn"),
    "fee": gettext_lazy("khoản thu"),
    "collection": gettext_lazy("bộ sưu tập số"),
    "digital object": gettext_lazy("tài liệu số"),
    "digital access request": gettext_lazy("yêu cầu xem tài liệu số"),
    "harvest_source": gettext_lazy("nguồn thu thập"),
    "sip2-account": gettext_lazy("tài khoản máy tự phục vụ"),
    "admin-units": gettext_lazy("đơn vị hành chính"),
}

MODELS: dict[str, type[models.Model]] = {
    "record": Record,
    "item": Item,
    "library": Library,
    "patron": Patron,
    "loan rule": LoanRule,
    "fee": Fee,
}

LABELS: dict[str, Any] = {
    "terms": gettext_lazy("Điều kiện mượn"),
    "location": gettext_lazy("Vị trí"),
    "barcode": gettext_lazy("Mã vạch"),
    "accession_number": gettext_lazy("Số đăng ký cá biệt"),
    "call_number": gettext_lazy("Ký hiệu xếp giá"),
    "item_type": gettext_lazy("Loại tài liệu"),
    "status": gettext_lazy("Tình trạng"),
    "state": gettext_lazy("Tình trạng"),
    "price": gettext_lazy("Giá"),
    "acquisition_source": gettext_lazy("Nguồn bổ sung"),
    "note": gettext_lazy("Ghi chú"),
    "library": gettext_lazy("Thư viện"),
    "record": gettext_lazy("Biểu ghi"),
    "full_name": gettext_lazy("Họ và tên"),
    "card_number": gettext_lazy("Số thẻ"),
    "home_library": gettext_lazy("Thư viện cấp thẻ"),
    "category": gettext_lazy("Đối tượng bạn đọc"),
    "email": gettext_lazy("Thư điện tử"),
    "phone": gettext_lazy("Điện thoại"),
    "birth_year": gettext_lazy("Năm sinh"),
    "address": gettext_lazy("Địa chỉ"),
    "expires_on": gettext_lazy("Hết hạn thẻ"),
    "guardian": gettext_lazy("Người giám hộ"),
    "evidence_reference": gettext_lazy("Số giấy tờ miễn phí"),
    "blocked_reason": gettext_lazy("Lý do khoá thẻ"),
    "keep_history": gettext_lazy("Lưu lịch sử mượn"),
    "consent_at": gettext_lazy("Lúc đồng ý lưu lịch sử"),
    "last_activity_at": gettext_lazy("Lần hoạt động gần nhất"),
    "code": gettext_lazy("Mã thư viện"),
    "name_vi": gettext_lazy("Tên thư viện"),
    "name_en": gettext_lazy("Tên tiếng Anh"),
    "amount": gettext_lazy("Số tiền (đồng)"),
    "kind": gettext_lazy("Loại khoản thu"),
    "receipt_number": gettext_lazy("Số biên lai"),
    "paid_at": gettext_lazy("Lúc thu tiền"),
    "received_by": gettext_lazy("Người thu"),
    "waived_reason": gettext_lazy("Lý do miễn"),
    "loan_days": gettext_lazy("Số ngày mượn"),
    "renewals": gettext_lazy("Số lần gia hạn"),
    "max_items": gettext_lazy("Số cuốn tối đa"),
}


def kind(entry: AuditEntry) -> str:
    return str(KINDS.get(entry.object_type, entry.object_type))


def label(object_type: str, name: str) -> str:
    if name in LABELS:
        return str(LABELS[name])
    return name.replace("_", " ").capitalize()


def value(object_type: str, name: str, raw: object) -> str:
    if raw is None or raw == "":
        return "—"
    if isinstance(raw, bool):
        return _("Có") if raw else _("Không")
    field = _field(object_type, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(raw, list):
        return ", ".join(value(object_type, name, v) for v in raw)
    return _when(raw) if isinstance(raw, str) else str(raw)


def _when(raw: str) -> str:
    """A moment or a day as the pages write it; any other text as it is."""
    moment = _moment(raw)
    if moment is not None:
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return f"{local:%d/%m/%Y %H:%M}"
    day = _day(raw)
    return f"{day:%d/%m/%Y}" if day is not None else raw


def changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field that changed, in words."""
    t = entry.object_type
    return [
        (label(t, name), value(t, name, before), value(t, name, after))
        for name, before, after in entry.changed_fields()
    ]


def _field(object_type: str, name: str) -> Any:
    model = MODELS.get(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _day(raw: str) -> date | None:
    try:
        found = parse_date(raw) if raw[:1].isdigit() else None
    except ValueError:
        return None
    return found if isinstance(found, date) and not isinstance(found, datetime) else None


def _moment(raw: str) -> datetime | None:
    try:
        return parse_datetime(raw) if raw[:1].isdigit() else None
    except ValueError:
        return None
