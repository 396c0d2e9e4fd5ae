from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from thuvien.catalogue import services as catalogue
from thuvien.network.models import Role
from thuvien.serials.models import Issue, Subscription
from thuvien.testing import factories

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def test_subscribe_receive_claim_and_bind_from_the_pages(client: Client) -> None:
    library = factories.library()
    user = factories.staff(Role.CATALOGUER, library)
    record = catalogue.create_record(user, library, factories.marc("Báo Nhân Dân"))
    client.force_login(cast("User", user))
    assert (
        reverse("staff:serials:subscriptions") in client.get(reverse("staff:home")).content.decode()
    )
    start = timezone.localdate() - dt.timedelta(days=40)
    client.post(
        reverse("staff:serials:subscriptions"),
        {
            "library": library.pk,
            "record": record.pk,
            "frequency": "weekly",
            "starts_on": start.isoformat(),
            "first_number": 1,
        },
    )
    sub = Subscription.objects.get()
    first, second = sub.issues.all()[:2]
    client.post(reverse("staff:serials:issue_move", args=[first.pk, "receive"]))
    missing = client.get(reverse("staff:serials:missing")).content.decode()
    assert f"/staff/serials/{sub.pk}/" in missing
    client.post(reverse("staff:serials:issue_move", args=[second.pk, "claim"]), {"back": "missing"})
    assert Issue.objects.get(pk=second.pk).claims == 1
    client.post(
        reverse("staff:serials:bind", args=[sub.pk]), {"issue": [first.pk], "barcode": "BD-1"}
    )
    assert Issue.objects.filter(pk=first.pk, bound_in__barcode="BD-1").exists()
    page = client.get(reverse("staff:serials:subscription", args=[sub.pk])).content.decode()
    assert "BD-1" in page
