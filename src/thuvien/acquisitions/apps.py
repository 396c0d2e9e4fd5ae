"""The acquisitions app; it listens for copies deleted in the catalogue below it."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class AcquisitionsConfig(AppConfig):
    name = "thuvien.acquisitions"
    verbose_name = "Bổ sung"

    def ready(self) -> None:
        from thuvien.catalogue.models import Item

        # A copy deleted in the catalogue leaves its register line with a reason: the
        # catalogue sits below and knows nothing of the registers.
        pre_delete.connect(_copy_deleted, sender=Item, dispatch_uid="acquisitions-copy-deleted")


def _copy_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from thuvien.acquisitions.models import Accession

    Accession.objects.filter(item_id=instance.pk, void_reason="").update(
        void_reason="Bản đã xoá khỏi mục lục"
    )
