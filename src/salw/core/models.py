"""Base models, the jurisdiction tree and the hash-chained audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from salw.core.ids import uuid7


class BaseModel(models.Model):
    """UUID key, creation stamp, and voiding instead of deleting."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    void_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Jurisdiction(BaseModel):
    """A node of the national tree (nation, region, district) or an agency within it."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        REGION = "region", _("Region / province")
        DISTRICT = "district", _("District")
        AGENCY = "agency", _("Agency")

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    # Materialised path ("/SLE/SL-E/SL-E-KENEMA/") so "everything under X" is one prefix query.
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    country = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def contains(self, other: Jurisdiction) -> bool:
        return other.path.startswith(self.path)


class AuditEntry(models.Model):
    """One audited write. Append-only (database triggers) and SHA-256 chained."""

    seq = models.BigIntegerField(primary_key=True)
    at = models.DateTimeField()
    actor_id = models.CharField(max_length=64, blank=True)
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    # Canonical JSON, stored as text so the hash covers exactly the stored bytes.
    changes = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    HASHED_FIELDS = ("seq", "at", "actor_id", "actor_name", "action", "object_type",
                     "object_id", "changes")

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"


class ChainHead(models.Model):
    """Latest sequence number and hash of a chain, so truncating its tail is detected too."""

    name = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64)
