"""Forms of the staff pages. They only read and check input; the services change state."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thuvien.catalogue.models import Item
from thuvien.network.models import (
    AdministrativeUnit,
    Facility,
    Library,
    LibraryEvent,
    LibraryLevel,
    LibraryType,
    Role,
)


class DateInput(forms.DateInput):
    input_type = "date"


def _text(
    label: str, *, required: bool = False, max_length: int = 255, **kw: Any
) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kw)


# --- items ------------------------------------------------------------------------------


class ItemForm(forms.Form):
    barcode = _text("Mã vạch", max_length=64, help_text="Duy nhất trong thư viện.")
    accession_number = _text("Số đăng ký cá biệt (ĐKCB)", max_length=64)
    call_number = _text("Ký hiệu xếp giá")
    location = _text("Kho, vị trí")
    item_type = _text("Loại tài liệu", max_length=40)
    status = forms.ChoiceField(label="Tình trạng", choices=Item.Status.choices)
    price = forms.DecimalField(label="Giá (đồng)", required=False, max_digits=14, decimal_places=2)
    acquisition_source = _text("Nguồn bổ sung")
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def for_item(cls, item: Item) -> ItemForm:
        initial = {name: getattr(item, name) for name in cls.base_fields}
        initial["barcode"] = item.barcode or ""
        return cls(initial=initial)


# --- imports ----------------------------------------------------------------------------

FORMAT_CHOICES = [
    ("", "Tự nhận biết"),
    ("iso2709", "ISO 2709 (.mrc, .dat)"),
    ("marcxml", "MARCXML (.xml)"),
    ("json", "MARC-in-JSON (.json)"),
]


class ImportForm(forms.Form):
    library = forms.TypedChoiceField(
        label="Nhập vào thư viện",
        coerce=int,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Bạn không được nhập vào thư viện này; hãy chọn thư viện trong danh sách."
            )
        },
    )
    file = forms.FileField(
        label="Tệp MARC",
        help_text="ISO 2709, MARCXML hoặc MARC-in-JSON.",
        error_messages={"empty": gettext_lazy("Tệp rỗng; hãy chọn tệp đã xuất.")},
    )
    format = forms.ChoiceField(label="Định dạng", choices=FORMAT_CHOICES, required=False)

    def __init__(self, *args: Any, libraries: list[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.libraries = {lib.pk: lib for lib in libraries}
        field = cast(forms.ChoiceField, self.fields["library"])
        field.choices = [(lib.pk, str(lib)) for lib in libraries]


# --- registry ---------------------------------------------------------------------------


def _unit(code: str) -> AdministrativeUnit | None:
    if not code:
        return None
    # The current scheme first: a code is looked up where a new registration would mean it.
    for scheme in (AdministrativeUnit.Scheme.SINCE_2025, AdministrativeUnit.Scheme.BEFORE_2025):
        unit = AdministrativeUnit.objects.filter(scheme=scheme, code=code).first()
        if unit is not None:
            return unit
    raise ValidationError(_("Không có đơn vị hành chính mã {code}.").format(code=code))


class LibraryForm(forms.Form):
    code = _text(
        "Mã thư viện", required=True, max_length=32, help_text="Dạng ISIL, ví dụ VN-HN0001."
    )
    name_vi = _text("Tên tiếng Việt", required=True)
    name_en = _text("Tên tiếng Anh")
    library_type = forms.ChoiceField(
        label="Loại thư viện (Luật Thư viện, Điều 9)", choices=LibraryType.choices
    )
    is_public = forms.BooleanField(label="Thư viện công lập", required=False, initial=True)
    facility = forms.ChoiceField(
        label="Loại cơ sở", choices=Facility.choices, initial=Facility.LIBRARY, required=False
    )
    level = forms.ChoiceField(
        label="Cấp", choices=[("", "—"), *LibraryLevel.choices], required=False
    )
    parent = forms.ModelChoiceField(
        label="Trực thuộc thư viện", queryset=Library.objects.all(), required=False, empty_label="—"
    )
    host_organisation = _text("Cơ quan chủ quản")
    address = _text("Địa chỉ")
    admin_unit = _text("Mã đơn vị hành chính", max_length=10, help_text="Mã GSO của tỉnh hoặc xã.")
    phone = _text("Điện thoại", max_length=40)
    email = forms.EmailField(label="Thư điện tử", required=False)
    website = forms.URLField(label="Trang web", required=False, assume_scheme="https")
    founded_on = forms.DateField(label="Ngày thành lập", required=False, widget=DateInput)

    def clean_facility(self) -> str:
        # Left out (older forms, scripts): a library, as before reading rooms were registered.
        return str(self.cleaned_data.get("facility") or Facility.LIBRARY)

    def clean_admin_unit(self) -> AdministrativeUnit | None:
        return _unit(self.cleaned_data["admin_unit"].strip())

    @classmethod
    def for_library(cls, library: Library) -> LibraryForm:
        initial = {name: getattr(library, name) for name in cls.base_fields if name != "founded_on"}
        initial["admin_unit"] = library.admin_unit.code if library.admin_unit else ""
        return cls(initial=initial)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="Sự kiện", choices=LibraryEvent.Kind.choices)
    date = forms.DateField(label="Ngày", widget=DateInput)
    previous_name = _text("Tên cũ (khi đổi tên)")
    related = _text(
        "Thư viện liên quan",
        max_length=2000,
        help_text="Mã các thư viện sáp nhập, chia tách cùng, cách nhau bởi dấu phẩy.",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_related(self) -> list[Library]:
        codes = [c.strip() for c in self.cleaned_data["related"].split(",") if c.strip()]
        found = {lib.code: lib for lib in Library.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError(
                _("Không có thư viện mã {codes}.").format(codes=", ".join(missing))
            )
        return [found[c] for c in codes]


class StaffForm(forms.Form):
    username = _text("Tên đăng nhập", required=True, max_length=150)
    password = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput, min_length=8)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    full_name = _text("Họ và tên")
    email = forms.EmailField(label="Thư điện tử", required=False)


class CodeForm(forms.Form):
    """A code of the two-step sign-in: six digits from the app, or a recovery code."""

    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class PinResetForm(forms.Form):
    """A librarian's new PIN for a reader who forgot theirs (the reader changes it later)."""

    pin = forms.CharField(
        label=gettext_lazy("Mã PIN mới"),
        min_length=6,
        max_length=8,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric"}),
    )
