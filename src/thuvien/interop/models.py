"""Interoperability: deleted-record tombstones for OAI-PMH, partner endpoints harvested, open
data dumps. Nothing here holds personal data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thuvien.network.models import Library


class DeletedRecord(models.Model):
    """A record that existed and was deleted: OAI-PMH says so (``deletedRecord`` persistent)
    for as long as the repository exists, so harvesters remove their copy.

    It keeps only what an OAI header needs: the id, when, and the sets it was in."""

    record_id = models.BigIntegerField(unique=True)
    library_code = models.CharField(max_length=32)
    material_type = models.CharField(max_length=24, blank=True)
    deleted_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["deleted_at", "record_id"], name="interop_deleted_keyset")]

    def __str__(self) -> str:
        return f"deleted {self.library_code}#{self.record_id}"


class UnionEntry(models.Model):
    """One record of OAI-PMH's ``union`` set as last published: an edition of the union
    catalogue (a cluster, or a record no other library holds), named by the lowest id among
    its member records (stable across rebuilds while the members stay), with the datestamp
    of its last change. Kept when the edition goes (``deleted``), so harvesters learn it.

    :mod:`thuvien.interop.union_set` keeps this table in step with the clusters."""

    anchor = models.BigIntegerField(primary_key=True)
    datestamp = models.DateTimeField()
    deleted = models.BooleanField(default=False)
    best_record_id = models.BigIntegerField(null=True, blank=True)
    members = models.TextField(blank=True, help_text="Member record ids, comma-separated.")
    signature = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["datestamp", "anchor"], name="interop_union_keyset")]

    def __str__(self) -> str:
        return f"union {self.anchor}"

    @property
    def member_ids(self) -> list[int]:
        return [int(i) for i in self.members.split(",") if i]


class HarvestSource(models.Model):
    """A partner's OAI-PMH endpoint whose records flow into one member library."""

    name = models.CharField(max_length=255)
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    base_url = models.URLField(max_length=500)
    metadata_prefix = models.CharField(max_length=40, default="marc21")
    set_spec = models.CharField(max_length=255, blank=True)
    enabled = models.BooleanField(default=True)
    # Incremental harvests ask for records changed since the last complete one; a harvest
    # cut short keeps its resumption token so the next run continues where it stopped.
    last_datestamp = models.CharField(max_length=32, blank=True)
    resumption_token = models.TextField(blank=True)
    # The partner's responseDate when the harvest under way began: the next "from" once done.
    harvest_started = models.CharField(max_length=32, blank=True)
    interval_hours = models.PositiveIntegerField(
        default=24, help_text="A harvest is due this long after the last one."
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_report = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "base_url", "set_spec"], name="interop_source_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.library.code}"


class Dump(models.Model):
    """One generated open-data file: a library's (or the network's) public records."""

    class Format(models.TextChoices):
        MARCXML = "marcxml", "MARCXML"
        JSONL = "jsonl", _("JSON Lines")
        CSV = "csv", "CSV"

    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # None: the whole network
    format = models.CharField(max_length=8, choices=Format.choices)
    file_name = models.CharField(max_length=255)
    records = models.IntegerField(default=0)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    licence = models.CharField(max_length=100, default="CC0-1.0")
    generated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file_name"], name="interop_dump_file_unique")
        ]
        ordering = ["file_name"]

    def __str__(self) -> str:
        return self.file_name
