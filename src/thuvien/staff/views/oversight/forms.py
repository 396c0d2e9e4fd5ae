"""The forms of the Department's pages (labels are Vietnamese, like every staff page)."""

from __future__ import annotations

from django import forms

from thuvien.network.models import Library, OnlineService
from thuvien.oversight.kpis import KPIS
from thuvien.oversight.models import Evaluation

DateInput = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
Text = forms.Textarea(attrs={"rows": 4})


def _libraries() -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label="Thư viện", queryset=Library.objects.filter(status=Library.Status.ACTIVE)
    )


class TargetForm(forms.Form):
    kpi = forms.ChoiceField(label="Chỉ tiêu", choices=[(k, str(v.name)) for k, v in KPIS.items()])
    target = forms.DecimalField(label="Mức (% hoặc số trên đầu người)", min_value=0)
    deadline = forms.DateField(label="Hạn", widget=DateInput)
    plan = forms.CharField(label="Kế hoạch", required=False, max_length=255)


class OpenEvaluationForm(forms.Form):
    library = _libraries()
    year = forms.IntegerField(label="Năm đánh giá", min_value=1990, max_value=2100)


class VisitForm(forms.Form):
    visit_on = forms.DateField(label="Ngày đánh giá trực tiếp", widget=DateInput)
    plan = forms.CharField(label="Kế hoạch đánh giá", widget=Text)


class DraftForm(forms.Form):
    method = forms.ChoiceField(
        label="Hình thức (khi không đánh giá trực tiếp)",
        choices=[("", "—"), *Evaluation.Method.choices[:2]],
        required=False,
    )
    result = forms.CharField(label="Dự thảo kết quả", widget=Text)


class TextForm(forms.Form):
    text = forms.CharField(label="Nội dung", widget=Text)


class FinalForm(forms.Form):
    result = forms.CharField(label="Kết quả chính thức", widget=Text)
    grade = forms.CharField(label="Xếp loại", required=False, max_length=40)


class InspectionForm(forms.Form):
    library = _libraries()
    planned_on = forms.DateField(label="Ngày kiểm tra dự kiến", widget=DateInput)
    subject = forms.CharField(label="Nội dung kiểm tra", max_length=255)
    inspectors = forms.CharField(label="Đoàn kiểm tra", required=False, max_length=255)


class FindingsForm(forms.Form):
    visited_on = forms.DateField(label="Ngày kiểm tra", widget=DateInput)
    findings = forms.CharField(label="Kết quả kiểm tra", widget=Text)


class RequiredActionForm(forms.Form):
    description = forms.CharField(label="Việc cần khắc phục", widget=Text)
    due_on = forms.DateField(label="Hạn", widget=DateInput)


class CourseForm(forms.Form):
    title = forms.CharField(label="Tên khoá", max_length=255)
    topics = forms.CharField(label="Chủ đề", required=False, max_length=255)
    digital_skills = forms.BooleanField(label="Kỹ năng số", required=False)
    hours = forms.DecimalField(label="Số giờ", min_value=0)
    starts_on = forms.DateField(label="Từ ngày", widget=DateInput)
    ends_on = forms.DateField(label="Đến ngày", widget=DateInput)
    organiser = forms.CharField(label="Đơn vị tổ chức", required=False, max_length=255)


class ParticipantForm(forms.Form):
    username = forms.CharField(
        label="Tài khoản cán bộ", required=False, help_text="Hoặc ghi họ tên và thư viện."
    )
    name = forms.CharField(label="Họ tên", required=False, max_length=255)
    library = forms.ModelChoiceField(
        label="Thư viện", queryset=Library.objects.all(), required=False, empty_label="—"
    )
    completed = forms.BooleanField(label="Đã hoàn thành", required=False)
    certificate = forms.CharField(label="Số chứng nhận", required=False, max_length=80)


class HolidayForm(forms.Form):
    date = forms.DateField(label="Ngày", widget=DateInput)
    name = forms.CharField(label="Tên ngày nghỉ", max_length=120)


class PopulationForm(forms.Form):
    unit = forms.CharField(label="Mã đơn vị hành chính (2025)", max_length=10)
    year = forms.IntegerField(label="Năm", min_value=1990, max_value=2100)
    population = forms.IntegerField(label="Dân số", min_value=1)
    source = forms.CharField(label="Nguồn số liệu", required=False, max_length=255)


class FacilitiesForm(forms.Form):
    floor_area_m2 = forms.IntegerField(label="Diện tích (m²)", required=False, min_value=0)
    seats = forms.IntegerField(label="Chỗ ngồi", required=False, min_value=0)
    opening_hours = forms.CharField(label="Giờ mở cửa", required=False, max_length=255)
    reader_computers = forms.IntegerField(label="Máy tính cho bạn đọc", min_value=0, initial=0)
    scanners = forms.IntegerField(label="Máy quét", min_value=0, initial=0)
    has_rfid = forms.BooleanField(label="Có RFID", required=False)
    has_internet = forms.BooleanField(label="Có Internet", required=False)
    online_services = forms.MultipleChoiceField(
        label="Dịch vụ trực tuyến",
        choices=OnlineService.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    library_software = forms.CharField(label="Phần mềm thư viện", required=False, max_length=80)
    linked_to_provincial = forms.BooleanField(label="Liên thông với thư viện tỉnh", required=False)
    staff_count = forms.IntegerField(label="Số cán bộ", required=False, min_value=0)
    rare_documents_held = forms.IntegerField(
        label="Tài liệu quý hiếm, cổ đang giữ", required=False, min_value=0
    )
    endogenous_documents_held = forms.IntegerField(
        label="Tài liệu nội sinh đang giữ", required=False, min_value=0
    )
