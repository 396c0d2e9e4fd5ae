"""The review queue's decisions, and how libraries take part in the union catalogue.

Library admins of the lead library (thư viện đầu mối, Decree 93/2020 Art. 27) decide: link
two records, keep them apart, or never link them. Other cataloguers propose; a proposal
waits for the lead. A decision is refused when either record changed since the pair was
shown (its fingerprint: both records' content hashes), is remembered across rebuilds,
is in the audit log, and can be undone: undoing re-places both records as the rules alone
would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit import services as audit
from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Record
from thuvien.changes import feed
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.network import permissions
from thuvien.network.models import Library
from thuvien.network.permissions import Action
from thuvien.union import services
from thuvien.union.models import Decision, Participation

if TYPE_CHECKING:
    from thuvien.actors import Actor


def fingerprint(a: Record, b: Record) -> str:
    """What both records were when shown: their content hashes (``a`` the older)."""
    return f"{a.content_hash}:{b.content_hash}"


def lead_library() -> Library | None:
    found = Participation.objects.filter(lead=True).select_related("library").first()
    return found.library if found is not None else None


def may_decide(actor: Actor) -> bool:
    """Whether ``actor`` decides (the lead library's admins, network admins, programs)
    rather than proposes."""
    if actors.is_program(actor):
        return True
    return permissions.can(actor, Action.DECIDE_CLUSTERS, lead_library())


def may_propose(actor: Actor) -> bool:
    if actors.is_program(actor):
        return True
    profile = permissions.profile_of(actor)
    library = profile.library if profile is not None else None
    return permissions.can(actor, Action.EDIT_CATALOGUE, library)


def _check_decide(actor: Actor) -> Library | None:
    lead = lead_library()
    permissions.check(actor, Action.DECIDE_CLUSTERS, lead)
    return lead


def _check_propose(actor: Actor) -> None:
    profile = permissions.profile_of(actor) if not actors.is_program(actor) else None
    library = profile.library if profile is not None else None
    permissions.check(actor, Action.EDIT_CATALOGUE, library)


def _pair(first: int, second: int) -> tuple[Record, Record]:
    """The two bibliographic records, older first, locked until the transaction ends."""
    if first == second:
        raise InvalidInput(_("Không thể quyết định một biểu ghi với chính nó."), record=first)
    ids = sorted((first, second))
    found = {
        r.pk: r
        for r in Record.objects.select_for_update().filter(
            pk__in=ids, kind=Record.Kind.BIBLIOGRAPHIC
        )
    }
    for pk in ids:
        if pk not in found:
            raise NotFound(
                _("Không có biểu ghi số {id}: có thể thư viện đã xoá nó.").format(id=pk), record=pk
            )
    return found[ids[0]], found[ids[1]]


def _refuse_if_changed(a: Record, b: Record, seen: str) -> None:
    shown = seen.split(":")
    for record, hash_seen in zip((a, b), (*shown, "", "")[:2], strict=True):
        if record.content_hash != hash_seen:
            raise Conflict(
                _(
                    "Biểu ghi {id} «{title}» đã được sửa sau khi cặp này được đưa ra xem; "
                    "quyết định không được ghi. Hãy mở lại hàng đợi, xem nội dung mới rồi "
                    "quyết định."
                ).format(id=record.pk, title=record.title[:80]),
                record=record.pk,
            )


def _describe(decision: Decision) -> str:
    return (
        f"{decision.get_verdict_display()}: {decision.record_a_id} – {decision.record_b_id} "
        f"({decision.get_status_display()})"
    )


def _log(
    actor: Actor, action: AuditEntry.Action, decision: Decision, before: dict[str, str] | None
) -> None:
    lead = lead_library()
    audit.record(
        actor,
        action,
        "union-decision",
        decision.pk,
        library_code=lead.code if lead is not None else "",
        summary=_describe(decision),
        before=before,
        after={
            "records": f"{decision.record_a_id},{decision.record_b_id}",
            "verdict": decision.verdict,
            "status": decision.status,
            "fingerprint": decision.fingerprint,
        },
    )


def decide(
    actor: Actor, first: int, second: int, verdict: str, *, seen: str, note: str = ""
) -> Decision:
    """Link, keep apart or never link two records, as shown with fingerprint ``seen``.

    The lead library's admins decide at once (the records are re-placed in the same
    transaction); other cataloguers' verdicts wait as proposals."""
    if verdict not in Decision.Verdict.values:
        raise InvalidInput(
            _("Quyết định «{verdict}» không có; chọn gom, tách hoặc không bao giờ gom.").format(
                verdict=verdict
            ),
            verdict=verdict,
        )
    deciding = may_decide(actor)
    if deciding:
        _check_decide(actor)
    else:
        _check_propose(actor)
    with transaction.atomic():
        a, b = _pair(first, second)
        _refuse_if_changed(a, b, seen)
        pair = Decision.objects.filter(record_a=a, record_b=b)
        current = pair.filter(status=Decision.Status.IN_FORCE).first()
        if current is not None:
            raise Conflict(
                _(
                    "Cặp biểu ghi {a} và {b} đã có quyết định đang áp dụng ({verdict}); hãy "
                    "hoàn tác quyết định đó trước."
                ).format(a=a.pk, b=b.pk, verdict=current.get_verdict_display()),
                decision=current.pk,
            )
        if not deciding and pair.filter(status=Decision.Status.PROPOSED).exists():
            raise Conflict(
                _("Cặp biểu ghi {a} và {b} đã có đề xuất chờ thư viện đầu mối duyệt.").format(
                    a=a.pk, b=b.pk
                ),
            )
        label = actors.label(actor)
        try:
            with transaction.atomic():  # two people deciding the same pair at once
                decision = Decision.objects.create(
                    record_a=a,
                    record_b=b,
                    verdict=verdict,
                    status=Decision.Status.IN_FORCE if deciding else Decision.Status.PROPOSED,
                    fingerprint=fingerprint(a, b),
                    note=note,
                    proposed_by=label,
                    decided_by=label if deciding else "",
                    decided_at=timezone.now() if deciding else None,
                )
        except IntegrityError:
            raise Conflict(
                _(
                    "Cặp biểu ghi {a} và {b} đã có quyết định đang áp dụng; hãy hoàn tác quyết "
                    "định đó trước."
                ).format(a=a.pk, b=b.pk),
            ) from None
        _log(actor, AuditEntry.Action.CREATE, decision, None)
        if deciding:
            _place_again([a.pk, b.pk])
    return decision


def _place_again(record_ids: list[int]) -> None:
    """Re-place the pair now, and tell the search index (through the change feed, in this
    transaction) that these records and their old and new cluster mates changed: a decision
    moves hits between editions."""
    changed = services.place_checked(record_ids)
    feed.record_changed({*record_ids, *changed})


def _locked(decision_id: int) -> Decision:
    found = Decision.objects.select_for_update().filter(pk=decision_id).first()
    if found is None:
        raise NotFound(
            _("Không có quyết định số {id}.").format(id=decision_id), decision=decision_id
        )
    return found


def _refuse_unless(decision: Decision, status: str, message: str) -> None:
    if decision.status != status:
        raise Conflict(
            message.format(id=decision.pk, status=decision.get_status_display()),
            decision=decision.pk,
        )


def accept(actor: Actor, decision_id: int) -> Decision:
    """The lead library accepts a proposal: it is in force from now, if neither record
    changed since it was proposed."""
    _check_decide(actor)
    with transaction.atomic():
        decision = _locked(decision_id)
        _refuse_unless(
            decision, Decision.Status.PROPOSED, _("Đề xuất {id} không còn chờ duyệt ({status}).")
        )
        a, b = _pair(decision.record_a_id, decision.record_b_id)
        _refuse_if_changed(a, b, decision.fingerprint)
        if Decision.objects.filter(
            record_a=a, record_b=b, status=Decision.Status.IN_FORCE
        ).exists():
            raise Conflict(
                _(
                    "Cặp biểu ghi {a} và {b} đã có quyết định đang áp dụng; hãy hoàn tác quyết "
                    "định đó trước."
                ).format(a=a.pk, b=b.pk),
                decision=decision.pk,
            )
        _settle(actor, decision, Decision.Status.IN_FORCE)
        _place_again([a.pk, b.pk])
    return decision


def reject(actor: Actor, decision_id: int) -> Decision:
    """The lead library turns a proposal down: nothing changes in the clusters."""
    _check_decide(actor)
    with transaction.atomic():
        decision = _locked(decision_id)
        _refuse_unless(
            decision, Decision.Status.PROPOSED, _("Đề xuất {id} không còn chờ duyệt ({status}).")
        )
        _settle(actor, decision, Decision.Status.REJECTED)
    return decision


def _settle(
    actor: Actor, decision: Decision, status: str, who: str = "decided_by", when: str = "decided_at"
) -> None:
    """Move ``decision`` to ``status``, saying who and when, in the audit log too."""
    before = {"status": decision.status}
    decision.status = status
    setattr(decision, who, actors.label(actor))
    setattr(decision, when, timezone.now())
    decision.save(update_fields=["status", who, when])
    _log(actor, AuditEntry.Action.UPDATE, decision, before)


def undo(actor: Actor, decision_id: int) -> Decision:
    """Take a decision back: both records are placed again as the rules alone place them
    (a linked pair goes back to the queue, a split one may be linked again)."""
    _check_decide(actor)
    with transaction.atomic():
        decision = _locked(decision_id)
        _refuse_unless(
            decision,
            Decision.Status.IN_FORCE,
            _("Quyết định {id} không còn áp dụng nên không hoàn tác được ({status})."),
        )
        _settle(actor, decision, Decision.Status.UNDONE, who="undone_by", when="undone_at")
        _place_again([decision.record_a_id, decision.record_b_id])
    return decision


def decisions_on(record_ids: set[int]) -> list[Decision]:
    """Every decision touching these records, newest first (a record page's history)."""
    rows = Decision.objects.filter(Q(record_a_id__in=record_ids) | Q(record_b_id__in=record_ids))
    return list(rows.order_by("-proposed_at", "-pk"))


# How libraries take part.


def participation(library: Library) -> Participation:
    """The library's participation, or the default (search and view, not the lead)."""
    found = Participation.objects.filter(library=library).first()
    return found if found is not None else Participation(library=library)


def name_lead(actor: Actor, library: Library) -> Participation:
    """Make ``library`` the lead library (the one before it stops being the lead)."""
    permissions.check(actor, Action.NAME_LEAD_LIBRARY)
    with transaction.atomic():
        previous = lead_library()
        Participation.objects.filter(lead=True).exclude(library=library).update(lead=False)
        row = participation(library)
        row.lead = True
        row.save()
        audit.record(
            actor,
            AuditEntry.Action.UPDATE,
            "union-participation",
            library.code,
            library_code=library.code,
            summary=_("Thư viện đầu mối: {library}").format(library=library.name_vi),
            before={"lead": previous.code if previous is not None else ""},
            after={"lead": library.code},
        )
    return row


def set_sharing(actor: Actor, library: Library, sharing: str) -> Participation:
    """What ``library`` shares with the union: search and view; read online; download."""
    permissions.check(actor, Action.EDIT_LIBRARY, library)
    if sharing not in Participation.Sharing.values:
        raise InvalidInput(
            _(
                "Mức chia sẻ «{sharing}» không có; chọn tìm và xem, đọc trực tuyến hoặc tải về."
            ).format(sharing=sharing),
            sharing=sharing,
        )
    with transaction.atomic():
        row = participation(library)
        before = {"sharing": row.sharing}
        row.sharing = sharing
        row.save()
        audit.record(
            actor,
            AuditEntry.Action.UPDATE,
            "union-participation",
            library.code,
            library_code=library.code,
            summary=_("Mức chia sẻ của {library}: {sharing}").format(
                library=library.code, sharing=row.get_sharing_display()
            ),
            before=before,
            after={"sharing": sharing},
        )
    return row
