"""The chronicle (纪实档案): an append-only, hash-chained log of every state change.

Entry n stores sha256(entry n-1's hash + the canonical form of its own fields). The single `Head` row
holds the number and hash of the last entry, so that deleting the newest entries is detected too.
Rows refuse updates and deletes through the ORM; `verify()` detects any change made around it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AppendOnlyError(Exception):
    pass


class Entry(models.Model):
    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    subject_type = models.CharField(_("对象类型"), max_length=64)
    subject_id = models.CharField(_("对象编号"), max_length=64)
    subject_label = models.CharField(_("对象"), max_length=200, blank=True)
    region_path = models.CharField(max_length=255, blank=True, help_text="where the subject sits, for scoping")
    action = models.CharField(_("动作"), max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("操作人"))
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    data = models.JSONField(_("内容"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("纪实条目")
        verbose_name_plural = _("纪实档案")
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "seq"], name="chronicle_subject"),
            models.Index(fields=["region_path"], name="chronicle_region", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_type}:{self.subject_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("chronicle entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("chronicle entries cannot be deleted")


class Head(models.Model):  # noqa: DJ008
    """One row: the last entry's number and hash. Locked while appending, so numbers never collide."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("纪实链头")
        verbose_name_plural = _("纪实链头")


class RegionVersion(models.Model):  # noqa: DJ008
    """For each region path, the number of the last chronicle entry about something at that node (`own_seq`) and at
    that node or below it (`subtree_seq`). Written with the entry, in the same transaction, so a public page cached
    under "the versions it was built from" is never served after a change it shows (chronicle/versions.py).
    The path "" stands for subjects that belong to no region (categories, the whole city)."""

    path = models.CharField(primary_key=True, max_length=255)
    subtree_seq = models.PositiveBigIntegerField(default=0)
    own_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("区域版本")
        verbose_name_plural = _("区域版本")
