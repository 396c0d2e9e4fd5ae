"""An expected issue's lifecycle: received, or claimed from the supplier and then received.
Audited: a check-in is what the periodicals register (sổ theo dõi báo, tạp chí) records."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.lifecycle.machine import Machine, Move
from thuvien.serials.models import Issue

_I = Issue.State
ISSUE = Machine(
    "serial-issue",
    Issue,
    noun=_("số ấn phẩm định kỳ"),
    audit_as="serial issue",
    moves={
        "receive": Move(_("nhận số báo"), {_I.EXPECTED, _I.CLAIMED}, _I.RECEIVED),
        "claim": Move(_("khiếu nại số thiếu"), {_I.EXPECTED, _I.CLAIMED}, _I.CLAIMED),
    },
)
