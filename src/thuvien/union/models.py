from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.catalogue.models import Record
from thuvien.network.models import Library


class Cluster(models.Model):
    """One edition as the network holds it. The shown record is the best of its members."""

    best_record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work_key = models.CharField(
        max_length=120, blank=True, db_index=True, help_text="Shared by other editions of a work."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"cluster {self.pk}"


class Membership(models.Model):
    """A record's place in a cluster, with the rule that put it there (explainable matching)."""

    record = models.OneToOneField(
        Record, primary_key=True, on_delete=models.CASCADE, related_name="union_membership"
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    rule = models.CharField(max_length=40, blank=True, help_text="isbn, issn, 035, key, decision…")
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["cluster", "record"], name="union_member_cluster")]

    def __str__(self) -> str:
        return f"record {self.record_id} in cluster {self.cluster_id}"


class ReviewPair(models.Model):
    """Two records that may describe one edition, waiting for a person (rare material, …).

    Written by the rebuild and by place() in the same transaction as the clusters, so the
    queue always says what the clusters say. ``record_a`` is the older record."""

    record_a = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="Share of the compared facts that agree, 0 to 1.")
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="union_review_pair"),
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")),
                name="union_review_pair_ordered",
            ),
        ]
        indexes = [models.Index(fields=["record_b"], name="union_review_b")]

    def __str__(self) -> str:
        return f"review {self.record_a_id}–{self.record_b_id}"


class Decision(models.Model):
    """A person's verdict on two records, remembered across rebuilds until undone.

    ``link`` and ``never`` hold whatever the records become later; ``split`` (keep apart
    as they are now) holds while both records stay as they were when it was made
    (``fingerprint``), so an edit that changes the picture brings the pair back."""

    class Verdict(models.TextChoices):
        LINK = "link", _("Gom (cùng một ấn bản)")
        SPLIT = "split", _("Tách (để riêng)")
        NEVER = "never", _("Không bao giờ gom")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất, chờ thư viện đầu mối")
        IN_FORCE = "in-force", _("Đang áp dụng")
        REJECTED = "rejected", _("Bị từ chối")
        UNDONE = "undone", _("Đã hoàn tác")

    record_a = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    fingerprint = models.CharField(
        max_length=129, help_text="Content hashes of both records when the pair was shown."
    )
    note = models.TextField(blank=True)
    proposed_by = models.CharField(max_length=150)
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.CharField(max_length=150, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")),
                name="union_decision_ordered",
            ),
            # One verdict in force per pair: undo it before deciding otherwise.
            models.UniqueConstraint(
                fields=["record_a", "record_b"],
                condition=models.Q(status="in-force"),
                name="union_one_decision_in_force",
            ),
        ]
        indexes = [models.Index(fields=["record_b"], name="union_decision_b")]

    def __str__(self) -> str:
        return f"{self.verdict} {self.record_a_id}–{self.record_b_id} ({self.status})"


class Participation(models.Model):
    """How a library takes part in the union catalogue: whether it is the lead library
    (thư viện đầu mối, Decree 93/2020 Art. 27) and what it shares. A library without a row
    shares search and view only."""

    class Sharing(models.TextChoices):
        SEARCH = "search", _("Tìm và xem biểu ghi")
        READ = "read", _("Tìm, xem và đọc trực tuyến")
        DOWNLOAD = "download", _("Tìm, xem, đọc trực tuyến và tải về")

    library = models.OneToOneField(
        Library, primary_key=True, on_delete=models.CASCADE, related_name="union_participation"
    )
    lead = models.BooleanField(default=False)
    sharing = models.CharField(max_length=10, choices=Sharing.choices, default=Sharing.SEARCH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead"], condition=models.Q(lead=True), name="union_one_lead_library"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id}: {self.sharing}{' (lead)' if self.lead else ''}"
