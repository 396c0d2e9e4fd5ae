"""Circulation's refusals: each a stable code and a message naming the value, in the language
active when it was raised; the SIP2 kiosk shows that message on its screen."""

from __future__ import annotations

from thuvien.errors import Conflict, InvalidInput, NotFound, ThuvienError


class CirculationError(ThuvienError):
    code = "circulation.error"

    @property
    def screen_message(self) -> str:
        """The message for a kiosk's one-line screen."""
        return self.message


class UnknownCard(CirculationError, NotFound):
    code = "circulation.unknown_card"


class UnknownItem(CirculationError, NotFound):
    code = "circulation.unknown_item"


class PatronBlocked(CirculationError):
    code = "circulation.patron_blocked"
    status = 403


class PatronExpired(CirculationError):
    code = "circulation.patron_expired"
    status = 403


class ItemOnLoan(CirculationError, Conflict):
    code = "circulation.item_on_loan"


class ItemNotLoanable(CirculationError, Conflict):
    code = "circulation.item_not_loanable"


class ItemHeldForAnother(CirculationError, Conflict):
    code = "circulation.item_held"


class LimitReached(CirculationError, Conflict):
    code = "circulation.limit_reached"


class NotOnLoan(CirculationError, Conflict):
    code = "circulation.not_on_loan"


class RenewalRefused(CirculationError, Conflict):
    code = "circulation.renewal_refused"


class HoldRefused(CirculationError, Conflict):
    code = "circulation.hold_refused"


class BadRow(CirculationError, InvalidInput):
    code = "circulation.bad_row"
