"""Writing the yearly report: the Department opens a period, a library fills and sends its form,
the Department returns it with a comment or approves it.

Rights (network.permissions): a library's administrator fills and sends only their library's
form; the Department officer reads every form and changes no figure, only comments, returns and
approves. A sent form is kept whole as a version; changing it again needs a return and a new
version, each step audited.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.reporting import checks, figures
from thuvien.reporting.labels import DECIMAL, LABELS
from thuvien.reporting.machines import FORM
from thuvien.reporting.models import ReportForm, ReportPeriod, ReportVersion, ReviewComment

if TYPE_CHECKING:
    from thuvien.actors import Actor

EDITABLE = (ReportForm.State.DRAFT, ReportForm.State.RETURNED)


def open_period(actor: Actor, year: int, deadline: date) -> ReportPeriod:
    """The Department opens year ``year`` (1 Dec year-1 … 30 Nov year) with a deadline."""
    check(actor, Action.REVIEW_REPORTS)
    if deadline <= figures.period(year).last:
        raise InvalidInput(
            _("Hạn nộp {deadline} phải sau ngày cuối kỳ báo cáo {last}.").format(
                deadline=f"{deadline:%d/%m/%Y}", last=f"{figures.period(year).last:%d/%m/%Y}"
            ),
            year=year,
        )
    try:
        with transaction.atomic():
            p = ReportPeriod.objects.create(
                year=year, deadline=deadline, opened_by=actors.label(actor)
            )
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "report-period",
                year,
                summary=f"kỳ báo cáo {year}, hạn {deadline.isoformat()}",
                after={"year": year, "deadline": deadline.isoformat()},
            )
    except IntegrityError:
        raise Conflict(
            _("Kỳ báo cáo năm {year} đã được mở.").format(year=year), year=year
        ) from None
    return p


def get_period(year: int) -> ReportPeriod:
    found = ReportPeriod.objects.filter(year=year).first()
    if found is None:
        raise NotFound(
            _("Chưa mở kỳ báo cáo năm {year}: Sở VHTTDL mở kỳ trước.").format(year=year), year=year
        )
    return found


def last_year_values(form: ReportForm) -> dict[str, Any] | None:
    """Last year's figures as sent (the latest version), for the ±30% check."""
    version = (
        ReportVersion.objects.filter(
            form__library=form.library, form__period__year=form.period.year - 1
        )
        .order_by("-number")
        .first()
    )
    return version.values if version is not None else None


def form_for(
    actor: Actor, p: ReportPeriod, library: Library, *, school_year: bool = False
) -> ReportForm:
    """The library's form for the period, made and pre-filled from live data the first time
    (over the school year ending in the period's year, for a school that chooses it)."""
    check(actor, Action.READ_REPORTS, library)
    existing = ReportForm.objects.filter(period=p, library=library).first()
    if existing is not None:
        return existing
    check(actor, Action.FILL_REPORTS, library)
    counted = figures.for_library(library, figures.period(p.year, school_year=school_year))
    with transaction.atomic():
        form = ReportForm.objects.create(
            period=p,
            library=library,
            school_year=school_year,
            counted=counted,
            values={key: counted[key] for key in figures.NUMBERS},
        )
        lifecycle.start(FORM, form, "open", actor=actor, library_code=library.code)
    return form


def prefill(actor: Actor, form: ReportForm) -> ReportForm:
    """Count again from live data and put the counted figures back in the form."""
    _check_editable(actor, form)
    counted = figures.for_library(
        form.library, figures.period(form.period.year, school_year=form.school_year)
    )
    values = {**form.values, **{key: counted[key] for key in figures.NUMBERS}}
    return _write(
        actor, form, values, form.explanations, source=ReportForm.Source.PREFILLED, counted=counted
    )


def fill(
    actor: Actor,
    form: ReportForm,
    values: dict[str, Any],
    explanations: dict[str, str] | None = None,
    source: str = ReportForm.Source.ONLINE,
) -> ReportForm:
    """Store the figures the library states (every known figure; None leaves one empty)."""
    _check_editable(actor, form)
    clean = {**form.values, **typed(values)}
    notes = {**form.explanations, **{k: v for k, v in (explanations or {}).items() if k in LABELS}}
    return _write(actor, form, clean, notes, source=source, counted=form.counted)


def typed(values: dict[str, Any]) -> dict[str, Any]:
    """Each figure as a number (whole where it must be), or InvalidInput naming the figure."""
    out: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in LABELS:
            raise InvalidInput(_("Không có chỉ tiêu “{key}” trong biểu mẫu.").format(key=key))
        if raw is None or raw == "":
            out[key] = None
            continue
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError:
            number = None
        if number is None or isinstance(raw, bool):
            raise InvalidInput(
                _("“{figure}”: cần một số, nhận “{raw}”.").format(figure=LABELS[key], raw=raw),
                figure=key,
            )
        if key not in DECIMAL:
            if number != int(number):
                raise InvalidInput(
                    _("“{figure}”: cần một số nguyên, nhận “{raw}”.").format(
                        figure=LABELS[key], raw=raw
                    ),
                    figure=key,
                )
            out[key] = int(number)
        else:
            out[key] = number
    return out


def _check_editable(actor: Actor, form: ReportForm) -> None:
    check(actor, Action.FILL_REPORTS, form.library)
    if form.state not in EDITABLE:
        raise Conflict(
            _(
                "Báo cáo {year} của {library} đang ở trạng thái “{state}”, không sửa được: chỉ "
                "sửa khi Sở trả lại báo cáo."
            ).format(
                year=form.period.year, library=form.library.code, state=form.get_state_display()
            ),
            form=form.pk,
        )


def _write(
    actor: Actor,
    form: ReportForm,
    values: dict[str, Any],
    explanations: dict[str, str],
    *,
    source: str,
    counted: dict[str, Any],
) -> ReportForm:
    before = {k: v for k, v in form.values.items() if values.get(k) != v}
    after = {k: values.get(k) for k in before} | {
        k: v for k, v in values.items() if k not in form.values
    }
    with transaction.atomic():
        form.values, form.explanations, form.source, form.counted = (
            values,
            explanations,
            source,
            counted,
        )
        form.save(update_fields=["values", "explanations", "source", "counted", "updated_at"])
        if after:
            audit(
                actor,
                AuditEntry.Action.UPDATE,
                "report-form",
                f"{form.library.code}/{form.period.year}",
                library_code=form.library.code,
                summary=f"{len(after)} chỉ tiêu ({source})",
                before=before,
                after=after,
            )
    return form


def submit(actor: Actor, form: ReportForm) -> ReportVersion:
    """Send the form to the Department after the edit checks; each sending is a new version."""
    _check_editable(actor, form)
    found = checks.problems(form.values, form.explanations, last_year_values(form))
    if found:
        raise InvalidInput(
            _("Chưa gửi được báo cáo: {problems}").format(
                problems=" ".join(p.message for p in found)
            ),
            figures=",".join(p.figure for p in found),
        )
    with transaction.atomic():
        number = form.version + 1
        lifecycle.move(
            FORM,
            form,
            "submit",
            actor=actor,
            library_code=form.library.code,
            summary=f"{form.library.code}/{form.period.year}: gửi phiên bản {number}",
            version=number,
            submitted_at=timezone.now(),
        )
        return ReportVersion.objects.create(
            form=form,
            number=number,
            values=form.values,
            counted=form.counted,
            explanations=form.explanations,
            submitted_by=actors.label(actor),
        )


def return_form(actor: Actor, form: ReportForm, text: str, figure: str = "") -> ReviewComment:
    """The Department sends the form back with what to correct."""
    comment = _review(actor, form, "return", text, figure, required=True)
    assert comment is not None  # noqa: S101 - a return needs its text (checked above)
    return comment


def approve(actor: Actor, form: ReportForm, text: str = "") -> ReviewComment | None:
    return _review(actor, form, "approve", text, "", required=False)


def _review(
    actor: Actor, form: ReportForm, action: str, text: str, figure: str, *, required: bool
) -> ReviewComment | None:
    check(actor, Action.REVIEW_REPORTS)
    text = text.strip()
    if required and not text:
        raise InvalidInput(
            _("Hãy ghi nhận xét: thư viện cần biết phải sửa gì trước khi gửi lại."),
            form=form.pk,
        )
    if figure and figure not in LABELS:
        raise InvalidInput(_("Không có chỉ tiêu “{key}” trong biểu mẫu.").format(key=figure))
    with transaction.atomic():
        lifecycle.move(FORM, form, action, actor=actor, library_code=form.library.code, note=text)
        if not text:
            return None
        return ReviewComment.objects.create(
            form=form, version=form.version, figure=figure, text=text, author=actors.label(actor)
        )


def upload(actor: Actor, form: ReportForm, data: bytes) -> ReportForm:
    """Fill the form from the library's XLSX (the template); a wrong layout or type is
    refused naming the cell, and then nothing is changed."""
    _check_editable(actor, form)
    from thuvien.reporting import sheets

    values, notes = sheets.read_form(data, form.library.code, form.period.year)
    return fill(actor, form, values, notes, source=ReportForm.Source.XLSX)


def pending(p: ReportPeriod) -> list[tuple[Library, str]]:
    """Active libraries whose form has not reached the Department, with the form's state
    ("" when not started): the list reminders go to and, after the deadline, the late list."""
    states = dict(ReportForm.objects.filter(period=p).values_list("library_id", "state"))
    out = []
    for library in Library.objects.filter(status=Library.Status.ACTIVE).order_by("code"):
        state = states.get(library.pk, "")
        if state not in (ReportForm.State.SUBMITTED, ReportForm.State.APPROVED):
            out.append((library, state))
    return out


def remind(p: ReportPeriod, today: date) -> list[tuple[Library, str]]:
    """Mail every library still pending (those with an address) the deadline, before it or
    after it; returns who was pending. Run daily by `thuvien report remind`."""
    from django.core.mail import send_mail

    waiting = pending(p)
    days = (p.deadline - today).days
    if days >= 0:
        subject = _("Nhắc nộp báo cáo thống kê năm {year}: còn {days} ngày").format(
            year=p.year, days=days
        )
    else:
        subject = _("Báo cáo thống kê năm {year} đã quá hạn {days} ngày").format(
            year=p.year, days=-days
        )
    body = _(
        "Hạn nộp báo cáo thống kê năm {year} là {deadline}. Hãy vào trang nghiệp vụ, mục "
        "“Báo cáo thống kê”, lập và gửi báo cáo của thư viện."
    ).format(year=p.year, deadline=f"{p.deadline:%d/%m/%Y}")
    for library, _state in waiting:
        if library.email:
            send_mail(subject, body, None, [library.email], fail_silently=True)
    return waiting
