"""Django admin for the network registry: the operator's view of the data.

Changes go through :mod:`thuvien.network.services`, as everywhere else, so the admin checks
what they check and writes the audit log (as ``admin:<username>``; whoever the admin site
lets in is trusted like the machine's operator). Administrative units come from the
loader (``thuvien units load``) and are read-only here; events change a library's status and
staff accounts need their password and scope checked, so both are created by the services
(``thuvien library event``, ``thuvien staff add``) and only viewed here.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from thuvien.errors import ThuvienError
from thuvien.network import services
from thuvien.network.models import AdministrativeUnit, Library, LibraryEvent, StaffProfile

_LIBRARY_FIELDS = (
    "code",
    "name_vi",
    "name_en",
    "library_type",
    "is_public",
    "level",
    "parent",
    "host_organisation",
    "address",
    "admin_unit",
    "phone",
    "email",
    "website",
)


class ViewOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ViewOnly):
    list_display = ("code", "name", "division_type", "level", "scheme", "parent")
    list_filter = ("scheme", "level")
    search_fields = ("name", "code")
    list_select_related = ("parent",)


class LibraryForm(forms.ModelForm):  # type: ignore[type-arg]
    # Declared to choose the scheme a bare "thuvien.vn" gets (Django 6 changes the default).
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Library
        fields = _LIBRARY_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        # The services' own checks, on a copy, so the page refuses what they would refuse.
        candidate = copy.copy(self.instance)
        for name, value in data.items():
            setattr(candidate, name, value)
        try:
            services.validate_library(candidate)
        except ThuvienError as exc:
            raise forms.ValidationError(exc.message) from None
        return data


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = LibraryEvent
    fk_name = "library"
    fields = ("date", "kind", "previous_name", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = LibraryForm
    list_display = ("code", "name_vi", "library_type", "is_public", "level", "status")
    list_filter = ("library_type", "is_public", "level", "status")
    search_fields = ("code", "name_vi", "name_en", "host_organisation")
    autocomplete_fields = ("parent", "admin_unit")
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = (EventInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The code identifies the library in other systems and in namespaced identifiers.
        return ("code", *self.readonly_fields) if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a library's end is recorded as an event, never a deletion

    def save_model(self, request: HttpRequest, obj: Library, form: Any, change: bool) -> None:
        actor = f"admin:{request.user.get_username()}"
        if change:
            original = Library.objects.get(pk=obj.pk)
            changes = {f: getattr(obj, f) for f in form.changed_data if f in services.EDITABLE}
            services.update_library(actor, original, **changes)
        else:
            values = {f: getattr(obj, f) for f in _LIBRARY_FIELDS}
            created = services.register_library(actor, **values)
            obj.pk = created.pk


@admin.register(LibraryEvent)
class LibraryEventAdmin(ViewOnly):
    list_display = ("library", "kind", "date", "previous_name")
    list_filter = ("kind",)
    search_fields = ("library__code", "library__name_vi", "note")
    list_select_related = ("library",)


@admin.register(StaffProfile)
class StaffProfileAdmin(ViewOnly):
    list_display = ("user", "role", "library")
    list_filter = ("role",)
    search_fields = ("user__username", "library__code")
    list_select_related = ("user", "library")
