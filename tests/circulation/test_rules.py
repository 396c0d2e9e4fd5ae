"""Loan rules are added through a service: permitted, audited, one per cell."""

from __future__ import annotations

import pytest
from django.utils import translation

from thuvien.audit.models import AuditEntry
from thuvien.circulation import rules
from thuvien.circulation.models import LoanRule
from thuvien.errors import Conflict, NotPermitted
from thuvien.network.models import Role
from thuvien.testing import factories


def test_a_library_admin_adds_a_rule_for_her_library_and_it_is_logged() -> None:
    library = factories.library("VN-LR0001")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    rule = rules.add_rule(admin, library=library, category="child", loan_days=7, max_items=2)
    assert (rule.library, rule.category, rule.loan_days, rule.renewals, rule.max_items) == (
        library, "child", 7, 2, 2,
    )  # fmt: skip
    entry = AuditEntry.objects.get(object_type="loan rule")
    assert (entry.action, entry.library_code, entry.object_id) == (
        "create",
        "VN-LR0001",
        str(rule.pk),
    )
    assert rules.rule_for(library, "child", "").loan_days == 7


def test_a_rule_for_the_whole_network_is_the_network_admins() -> None:
    library = factories.library("VN-LR0002")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    with pytest.raises(NotPermitted):
        rules.add_rule(admin, library=None, loan_days=30)
    network_admin = factories.staff(Role.NETWORK_ADMIN, None)
    assert rules.add_rule(network_admin, library=None, loan_days=30).library is None
    assert rules.add_rule("cli:root", library=None, category="adult", loan_days=21).loan_days == 21


def test_a_second_rule_for_the_same_cell_is_refused_and_the_first_stays() -> None:
    library = factories.library("VN-LR0003")
    rules.add_rule("cli:root", library=library, item_type="ref", loan_days=0)
    with pytest.raises(Conflict) as caught:
        rules.add_rule("cli:root", library=library, item_type="ref", loan_days=14)
    assert caught.value.message == ("Đã có quy tắc mượn cho VN-LR0003 · * · ref; sửa quy tắc đó.")
    rules.add_rule("cli:root", library=None, loan_days=14)
    with translation.override("en"), pytest.raises(Conflict) as caught:
        rules.add_rule("cli:root", library=None, loan_days=14)
    assert caught.value.message == (
        "A loan rule for the whole network · * · * exists already; change that one."
    )
    assert list(LoanRule.objects.filter(library=library).values_list("loan_days", flat=True)) == [0]
