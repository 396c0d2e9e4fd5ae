"""The audit log: who changed what, when, with the state before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "tạo mới"
        UPDATE = "update", "sửa"
        DELETE = "delete", "xoá"
        IMPORT = "import", "nhập"
        VIEW = "view", "xem"  # a staff look at personal data (a reader's record)
        SIGN_IN = "signin", "đăng nhập"  # a reader or staff member signed in
        SIGN_IN_FAILED = "signfail", "đăng nhập sai"  # a wrong secret, or a locked one

    # Set when the entry is made (not by auto_now_add on save): the digest covers it.
    at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too, so the entry still says who it was after the account is gone, and
    # so command-line work without an account says which command did it.
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=40, help_text="library, record, item, staff…")
    object_id = models.CharField(max_length=64)
    library_code = models.CharField(max_length=32, blank=True, db_index=True)
    summary = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The chain (issue 14, level 3): ``digest`` is the SHA-256 of this entry's content and of
    # ``previous``, the digest of the entry written just before it. Changing, inserting or
    # removing a row breaks the next link; ``thuvien audit verify`` names the first break.
    previous = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_label} {self.action} {self.object_type} {self.object_id}"

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class AuditHead(models.Model):
    """One row: the digest of the newest entry. Writers update it first, which takes its
    lock (a row lock on PostgreSQL, the write lock on SQLite), so entries chain one at a time
    in the order of their ids."""

    entries = models.BigIntegerField(default=0)
    digest = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.entries} entries, head {self.digest[:12]}"
