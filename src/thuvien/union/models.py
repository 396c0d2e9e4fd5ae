from django.db import models

from thuvien.catalogue.models import Record


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
