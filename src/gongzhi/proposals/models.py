"""居民提议: a resident's problem and suggested fix, supported by other residents of her community (one support
each, a database constraint), answered by the community within a limit; the answer is published on the community's
resident page and public board. A proposal is shown to residents without its author's name; what it says is checked
for phone numbers, ID numbers and building/floor/room details when it is written, because it is public."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

ANSWER_DAYS = 15  # the community answers within 15 calendar days


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class Proposal(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="proposals",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    author = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="proposals",
                               verbose_name=_("提议人"))
    title = models.CharField(_("标题"), max_length=60)
    problem = models.TextField(_("问题"), max_length=limits.NOTE)
    suggestion = models.TextField(_("建议"), max_length=limits.NOTE)
    status = models.CharField(_("状态"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    submitted_at = models.DateTimeField(_("提交时间"))
    answer_due = models.DateField(_("答复期限"))
    support_count = models.PositiveIntegerField(_("支持人数"), default=0)
    answer = models.TextField(_("社区答复"), max_length=limits.NOTE, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reminded_at = models.DateTimeField(_("超期提醒时间"), null=True, blank=True)
    agenda_note = models.CharField(_("列入会议议程"), max_length=limits.SHORT_TEXT, blank=True)
    # The joint meeting's agenda item that takes the proposal up (services.put_on_agenda); agenda_note names the
    # meeting in words for residents.
    agenda_item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("会议议题"))

    class Meta:
        verbose_name = _("居民提议")
        verbose_name_plural = _("居民提议")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "answer_due"], name="proposal_status_due")]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="supports")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    supported_at = models.DateTimeField(_("支持时间"))

    class Meta:
        verbose_name = _("支持")
        verbose_name_plural = _("支持")
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="proposal_one_support_each")]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.person_id}"
