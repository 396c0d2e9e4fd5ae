"""What the portal shows that staff write: the province's and libraries' branding, and the
news a library publishes ("Tin tức", "Công tác thư viện")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.errors import ThuvienError
from thuvien.network import branding, news
from thuvien.network.models import Library, News
from thuvien.network.permissions import Action, can, libraries_for, require
from thuvien.network.services import library_by_code
from thuvien.staff.toolkit import network_wide, paginate, show_error, staff_page

# --- branding ---------------------------------------------------------------------------------


class BrandingForm(forms.Form):
    name = forms.CharField(
        label="Tên hiển thị",
        required=False,
        max_length=120,
        help_text="Để trống: tên đã đăng ký của thư viện (toàn tỉnh: “Tra cứu thư viện”).",
    )
    tagline = forms.CharField(label="Dòng giới thiệu", required=False, max_length=200)
    footer = forms.CharField(
        label="Chân trang", required=False, max_length=300, help_text="Địa chỉ, giờ mở cửa…"
    )
    head_colour = forms.CharField(
        label="Màu đầu trang",
        required=False,
        max_length=7,
        help_text="Dạng #rrggbb, đủ đậm để chữ trắng đọc rõ. Để trống: màu mặc định.",
    )
    accent_colour = forms.CharField(
        label="Màu liên kết và nút",
        required=False,
        max_length=7,
        help_text="Dạng #rrggbb, đủ đậm để chữ trắng đọc rõ. Để trống: màu mặc định.",
    )
    logo = forms.FileField(
        label="Biểu trưng",
        required=False,
        help_text="Ảnh PNG, JPEG hoặc WebP, tối đa 512 KB và 2000 điểm ảnh mỗi cạnh.",
    )
    remove_logo = forms.BooleanField(label="Bỏ biểu trưng", required=False)


def _branding_scope(request: HttpRequest) -> Library | None:
    """The library whose branding the page edits (?library=CODE), or None for the province."""
    code = request.POST.get("library") or request.GET.get("library") or ""
    if code:
        return library_by_code(code)
    if network_wide(request):
        return None
    own = libraries_for(request.user, Action.SET_BRANDING)
    if own:
        return own[0]
    require(request.user, Action.SET_BRANDING)
    return None


@staff_page
@require_http_methods(["GET", "POST"])
def branding_edit(request: HttpRequest) -> HttpResponse:
    library = _branding_scope(request)
    require(request.user, Action.SET_BRANDING, library)
    current = branding.branding_of(library)
    initial = {
        field: getattr(current, field) if current is not None else ""
        for field in (*branding.TEXT_FIELDS, *branding.COLOUR_FIELDS)
    }
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["logo"]
        try:
            branding.set_branding(
                request.user,
                library,
                logo=(upload.name, upload.read()) if upload else None,
                remove_logo=data["remove_logo"],
                **{field: data[field] for field in initial},
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Đã lưu giao diện cổng tra cứu.")
            target = redirect("staff:portal:branding")
            if library is not None:
                target["Location"] += f"?library={library.code}"
            return target
    choices: list[tuple[str, str]] = []
    if can(request.user, Action.SET_BRANDING):
        choices.append(("", "Toàn tỉnh"))
    choices += [
        (lib.code, f"{lib.code} {lib.name_vi}")
        for lib in libraries_for(request.user, Action.SET_BRANDING)
    ]
    context = {
        "form": form,
        "library": library,
        "current": current,
        "look": branding.look(library, "Tra cứu thư viện"),
        "choices": choices,
    }
    return render(request, "staff/portal/branding.html", context)


# --- news -------------------------------------------------------------------------------------


class NewsForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=200)
    kind = forms.ChoiceField(label="Mục", choices=News.Kind.choices)
    slug = forms.CharField(
        label="Địa chỉ (slug)",
        required=False,
        max_length=120,
        help_text="Chữ thường không dấu và dấu gạch ngang; để trống: lấy từ tiêu đề.",
    )
    summary = forms.CharField(label="Tóm tắt", required=False, max_length=300)
    body = forms.CharField(
        label="Nội dung",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Markdown: **đậm**, *nghiêng*, [liên kết](https://…), danh sách bằng “- ”. "
        "Không dùng HTML.",
    )


def _editable_libraries(request: HttpRequest) -> list[Library] | None:
    """None: every library (network-wide roles)."""
    if network_wide(request):
        return None
    return libraries_for(request.user, Action.PUBLISH_NEWS)


def _item(request: HttpRequest, pk: int) -> News:
    rows = news.for_staff(_editable_libraries(request))
    return get_object_or_404(rows, pk=pk)


@staff_page
def news_list(request: HttpRequest) -> HttpResponse:
    libraries = _editable_libraries(request)
    if libraries == []:
        require(request.user, Action.PUBLISH_NEWS)  # the 403 page saying what is missing
    page = paginate(request, news.for_staff(libraries))
    return render(request, "staff/portal/news_list.html", {"page": page, "machine": news.NEWS})


@staff_page
@require_http_methods(["GET", "POST"])
def news_new(request: HttpRequest) -> HttpResponse:
    libraries = libraries_for(request.user, Action.PUBLISH_NEWS)
    province = can(request.user, Action.PUBLISH_NEWS)
    if not libraries and not province:
        require(request.user, Action.PUBLISH_NEWS)
    form = NewsForm(request.POST or None)
    choices = ([("", "Toàn tỉnh (Sở VHTTDL)")] if province else []) + [
        (lib.code, f"{lib.code} {lib.name_vi}") for lib in libraries
    ]
    form.fields["library"] = forms.ChoiceField(label="Thư viện đăng", choices=choices)
    if not province and libraries:
        form.fields["library"].initial = libraries[0].code
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        code = data.pop("library")
        try:
            item = news.write_draft(request.user, library_by_code(code) if code else None, **data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã lưu bản nháp “{item.title}”.")
            return redirect("staff:portal:news_edit", pk=item.pk)
    return render(request, "staff/portal/news_form.html", {"form": form, "item": None})


@staff_page
@require_http_methods(["GET", "POST"])
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    require(request.user, Action.PUBLISH_NEWS, item.library)
    initial = {field: getattr(item, field) for field in news.EDITABLE}
    form = NewsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            news.update(request.user, item, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã lưu “{item.title}”.")
            return redirect("staff:portal:news_edit", pk=item.pk)
    context = {
        "form": form,
        "item": item,
        "moves": [(action, news.NEWS.label(action)) for action in news.NEWS.allowed(item.state)],
        "preview": news.render(item.body),
    }
    return render(request, "staff/portal/news_form.html", context)


@staff_page
@require_POST
def news_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _item(request, pk)
    try:
        news.move(request.user, item, action)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{item.title}”: {item.get_state_display()}.")
    return redirect("staff:portal:news_edit", pk=item.pk)
