"""One row per periodic job and slot the scheduler enqueued (ADR 0021). The unique key (job, slot) is what makes two
schedulers, or a restarted one, enqueue a slot once: the row is inserted in the transaction that enqueues the task,
and a second insert of the same slot fails."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    job = models.CharField(_("任务"), max_length=100)  # the key of `core.registry.register_periodic`
    slot = models.DateTimeField(_("时段开始"))
    enqueued_at = models.DateTimeField(_("入队时间"))
    task_result_id = models.CharField(_("任务结果编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("定时任务记录")
        verbose_name_plural = _("定时任务记录")
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduler_one_run_per_job_and_slot"),
        ]
        indexes = [models.Index(fields=["slot"], name="scheduler_run_slot")]  # pruning

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot.isoformat()}"
