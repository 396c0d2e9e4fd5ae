"""The review of AI proposals as a lifecycle: a cataloguer applies or sets aside each one.

Audited: applying one changes a catalogue record, and issue 17 asks that every suggestion's
decision be on record with its score.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.ai.models import DiacriticProposal
from thuvien.lifecycle.machine import Machine, Move

_S = DiacriticProposal.State
DIACRITICS = Machine(
    "diacritic-proposal",
    DiacriticProposal,
    noun=_("đề xuất thêm dấu"),
    audit_as="diacritic proposal",
    moves={
        "accept": Move(_("áp dụng dấu đề xuất"), {_S.PROPOSED}, _S.ACCEPTED),
        "reject": Move(_("bỏ qua dấu đề xuất"), {_S.PROPOSED}, _S.REJECTED),
    },
)
