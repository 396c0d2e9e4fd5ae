"""The demo's reporting step: the running year open, one form sent and waiting, one returned with a
comment; a second load adds nothing."""

from __future__ import annotations

from thuvien.demo import network, reporting
from thuvien.reporting.figures import current_year
from thuvien.reporting.models import ReportForm, ReportPeriod


def test_the_demo_opens_the_running_year_with_one_form_waiting_and_one_returned() -> None:
    network.load_units("demo")
    libraries, _made, _summary = network.load_libraries("demo")
    network.load_staff(libraries, "demo")
    added, summary = reporting.load(libraries, "demo")
    year = current_year()
    assert added == [f"kỳ báo cáo {year}"]
    assert summary == f"kỳ {year} mở, 2 báo cáo (1 chờ duyệt, 1 bị trả lại)"
    assert ReportPeriod.objects.get().opened_by == "canbo.so"
    states = dict(ReportForm.objects.values_list("library__code", "state"))
    assert states == {"VN-CM0001": "submitted", "VN-CM0002": "returned"}
    returned = ReportForm.objects.get(library__code="VN-CM0002")
    assert returned.comments.get().text == reporting.RETURN_COMMENT
    assert reporting.load(libraries, "demo") == ([], f"kỳ {year} đã có")
