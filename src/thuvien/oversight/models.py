"""The Department's oversight of the network: TT 05/2020 evaluations against TCVN 11774
criteria, the plan's KPI targets, inspections and training, and the public holidays that
working-day deadlines skip."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.network.models import Library


class Holiday(models.Model):
    """A public holiday (Tết, 30/4, 2/9…): working-day deadlines skip it, as they skip
    Saturdays and Sundays. Entered each year, since Tết moves."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CriteriaSet(models.Model):
    """A set of evaluation criteria (TCVN 11774:2016 = ISO 11620:2014 indicators, or the
    subset a founding body chose for its libraries)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=255)
    standard = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=255)
    group = models.CharField(max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique")
        ]
        ordering = ["criteria_set", "position", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Evaluation(models.Model):
    """One library's evaluation for one year (period 1 Dec of the year before to 30 Nov):
    its self-evaluation (Mẫu 01) and the Department's result (Mẫu 02)."""

    class Method(models.TextChoices):
        REPORT = "report", _("Qua báo cáo")
        ONLINE = "online", _("Trực tuyến qua phần mềm")
        ON_SITE = "on-site", _("Trực tiếp tại thư viện")

    class State(models.TextChoices):
        SELF_EVALUATING = "self", _("Thư viện đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi báo cáo tự đánh giá")
        VISIT_PLANNED = "planned", _("Đã thông báo đánh giá trực tiếp")
        VISITED = "visited", _("Đã đánh giá trực tiếp")
        DRAFT_RESULT = "draft", _("Đã gửi dự thảo kết quả")
        ANSWERED = "answered", _("Thư viện đã phản hồi")
        FINAL = "final", _("Đã có kết quả chính thức")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.SELF_EVALUATING)
    method = models.CharField(max_length=8, choices=Method.choices, blank=True)
    self_due_on = models.DateField(help_text="30 December of the year (TT 05/2020).")
    self_submitted_on = models.DateField(null=True, blank=True)
    self_summary = models.TextField(blank=True)
    notice_on = models.DateField(null=True, blank=True)
    visit_on = models.DateField(null=True, blank=True)
    visit_plan = models.TextField(blank=True)
    analysed_on = models.DateField(null=True, blank=True)
    draft_due_on = models.DateField(null=True, blank=True)
    draft_on = models.DateField(null=True, blank=True)
    draft_result = models.TextField(blank=True)
    answer_due_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    final_due_on = models.DateField(null=True, blank=True)
    final_on = models.DateField(null=True, blank=True)
    final_result = models.TextField(blank=True)
    grade = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["library", "year"], name="one_evaluation_per_year")
        ]
        ordering = ["-year", "library__code"]

    def __str__(self) -> str:
        return f"{self.library.code} {self.year}"


class Score(models.Model):
    """One criterion of one evaluation: the library's own figure and the Department's."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_value = models.CharField(max_length=80, blank=True)
    self_note = models.TextField(blank=True)
    department_value = models.CharField(max_length=80, blank=True)
    department_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_score_each")
        ]
        ordering = ["evaluation", "criterion__position", "criterion__code"]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.criterion.code}"


class KpiTarget(models.Model):
    """A target of the province's plan: ``kpi`` reaches ``target`` by ``deadline``."""

    kpi = models.CharField(max_length=40)
    target = models.DecimalField(max_digits=12, decimal_places=3)
    deadline = models.DateField()
    plan = models.CharField(max_length=255, blank=True, help_text="The plan's number and name.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kpi", "deadline"], name="one_target_per_deadline")
        ]
        ordering = ["kpi", "deadline"]

    def __str__(self) -> str:
        return f"{self.kpi} {self.target} by {self.deadline}"


class Inspection(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Đã lên kế hoạch")
        DONE = "done", _("Đã kiểm tra")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã huỷ")

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField()
    subject = models.CharField(max_length=255)
    inspectors = models.CharField(max_length=255, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    visited_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.library.code} {self.planned_on}"


class RequiredAction(models.Model):
    """What an inspection asked the library to do, by when, and how it was followed up."""

    class State(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        REPORTED = "reported", _("Thư viện báo đã thực hiện")
        VERIFIED = "verified", _("Đã xác nhận")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    reported_on = models.DateField(null=True, blank=True)
    follow_up = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.description[:40]} (by {self.due_on})"


class TrainingCourse(models.Model):
    title = models.CharField(max_length=255)
    topics = models.CharField(max_length=255, blank=True)
    digital_skills = models.BooleanField(default=False)
    hours = models.DecimalField(max_digits=6, decimal_places=1)
    starts_on = models.DateField()
    ends_on = models.DateField()
    organiser = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """One person on a course: a staff account, or a named member of staff of a library that
    has no accounts. ``person`` is the key that counts a person once (``user:<id>`` or the
    library's code and the name in lower case)."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="people")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=255)
    person = models.CharField(max_length=300)
    completed = models.BooleanField(default=False)
    certificate = models.CharField(max_length=80, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="one_place_per_person")
        ]
        ordering = ["course", "library__code", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.library.code})"
