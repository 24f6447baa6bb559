"""居民选举: elections of resident supervisors (百姓监督员) and residents' representatives.

The secret ballot (ADR 0017-elections-secret-ballot): whether a resident voted is a `VoterRecord` (one per
election and person, a database constraint); WHAT she voted is never a row. A vote adds one to the counter of
each chosen candidate (`Candidate.online_votes`) in the same transaction as her voter record, and that one UPDATE
statement touches EVERY candidate of the election (adding 0 to the others), so no row, column, timestamp, id,
insertion order or PostgreSQL system column (xmin) tells which counters her transaction changed. Counters have
no timestamps. Votes on paper at an on-site meeting are entered as tallies by two different staff members
(`PaperTally`): the second entry must agree with the first; only then are the paper counts added."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

SEATS = limits.Bound(1, 50)  # seats of one election: a residents' representatives' assembly at most
NOTICE_DAYS = limits.Bound(1, 30)  # candidates published this many days before voting (rules: 5)
MIN_AGE = limits.Bound(16, 100)  # the voting age (18 in law; a youth council might say 16)
VOTING_DAYS = 30  # longest voting window
BALLOTS = limits.Bound(0, 100_000)  # paper ballots of one on-site meeting


class ElectionKind(models.TextChoices):
    SUPERVISOR = "supervisor", _("百姓监督员")
    REPRESENTATIVE = "representative", _("居民代表")


class ElectionStatus(models.TextChoices):
    DRAFT = "draft", _("候选人报名中")
    PUBLISHED = "published", _("已公布候选人")
    DECLARED = "declared", _("已公布结果")
    CANCELLED = "cancelled", _("已取消")


class Election(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="elections",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    constituency = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("选民范围"), help_text=_("本社区或其中一个小区的居民"))
    kind = models.CharField(_("选举类别"), max_length=16, choices=ElectionKind.choices)
    title = models.CharField(_("选举名称"), max_length=limits.TITLE)
    project = models.CharField(_("监督项目"), max_length=limits.SHORT_TEXT, blank=True,
                               help_text=_("如：五美小区老旧小区改造"))
    seats = models.PositiveSmallIntegerField(_("应选名额"))
    min_age = models.PositiveSmallIntegerField(_("选民年龄"), default=18)
    notice_days = models.PositiveSmallIntegerField(_("候选人公示天数"), default=5)
    opens_at = models.DateTimeField(_("投票开始"))
    closes_at = models.DateTimeField(_("投票截止"))
    status = models.CharField(_("状态"), max_length=16, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"))
    published_at = models.DateTimeField(_("公布候选人时间"), null=True, blank=True)
    declared_at = models.DateTimeField(_("公布结果时间"), null=True, blank=True)
    result_note = models.CharField(_("结果说明"), max_length=limits.SHORT_TEXT, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("居民选举")
        verbose_name_plural = _("居民选举")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="election_seats_at_least_one", condition=Q(seats__gte=1)),
            models.CheckConstraint(name="election_closes_after_opening", condition=Q(closes_at__gt=models.F("opens_at"))),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path


class CandidateSource(models.TextChoices):
    APPLIED = "applied", _("本人报名")
    NOMINATED = "nominated", _("推荐提名")


class CandidateStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    ACCEPTED = "accepted", _("正式候选人")
    DECLINED = "declined", _("未通过")
    WITHDRAWN = "withdrawn", _("已退出")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="candidacies",
                               verbose_name=_("候选人"))
    source = models.CharField(_("产生方式"), max_length=16, choices=CandidateSource.choices)
    status = models.CharField(_("状态"), max_length=16, choices=CandidateStatus.choices)
    statement = models.CharField(_("参选说明"), max_length=limits.SHORT_TEXT, blank=True)
    nomination_note = models.CharField(_("提名说明"), max_length=limits.SHORT_TEXT, blank=True,
                                       help_text=_("如：10名居民联名推荐"))
    decided_reason = models.CharField(_("审核意见"), max_length=limits.SHORT_TEXT, blank=True)
    # no time column on a candidate row (the ballot counters live here; ADR 0017): the chronicle says when
    withdrawn_reason = models.CharField(_("退出原因"), max_length=limits.SHORT_TEXT, blank=True)
    # The secret ballot's counters: changed only by services.cast_vote (all of an election's rows at once) and by
    # a confirmed paper tally. No timestamp on purpose.
    online_votes = models.PositiveIntegerField(default=0, editable=False)
    paper_votes = models.PositiveIntegerField(default=0, editable=False)
    elected = models.BooleanField(_("当选"), default=False)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["election_id", "person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="election_one_candidacy")]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.election}"

    @property
    def votes(self) -> int:
        return self.online_votes + self.paper_votes

    def chronicle_region_path(self) -> str:
        return self.election.community.path


class VoteChannel(models.TextChoices):
    ONLINE = "online", _("手机投票")
    PAPER = "paper", _("现场书面投票")


class VoterRecord(models.Model):
    """THAT a resident voted (never what): one per election and person, whatever the channel."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voters")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("投票方式"), max_length=8, choices=VoteChannel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", help_text="the staff member who handed out a paper ballot")

    class Meta:
        verbose_name = _("投票登记")
        verbose_name_plural = _("投票登记")
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="election_one_vote_per_person")]

    def __str__(self) -> str:
        return f"{self.election} · {self.person_id}"


class TallyStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    CONFIRMED = "confirmed", _("两次录入一致")
    MISMATCH = "mismatch", _("两次录入不一致，已作废")


class PaperTally(models.Model):
    """One staff member's entry of the on-site paper count. A first entry waits; a second by another staff member
    confirms both when every figure agrees, or voids both."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="paper_tallies")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))
    ballots = models.PositiveIntegerField(_("收回选票"))
    invalid = models.PositiveIntegerField(_("无效票"))
    counts = models.JSONField(_("各候选人得票"), default=dict)  # {candidate id: votes}
    status = models.CharField(_("状态"), max_length=16, choices=TallyStatus.choices)
    pair = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("现场计票录入")
        verbose_name_plural = _("现场计票录入")
        ordering = ["entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.election} · {self.get_status_display()}"

    def chronicle_region_path(self) -> str:
        return self.election.community.path


class Inspection(models.Model):
    """An elected supervisor's inspection of the renovation."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="inspections")
    supervisor = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="inspections",
                                   verbose_name=_("监督员"))
    inspected_on = models.DateField(_("巡查日期"))
    findings = models.TextField(_("巡查情况"), max_length=limits.NOTE)
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("监督巡查")
        verbose_name_plural = _("监督巡查")
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.election} · {self.inspected_on}"

    def chronicle_region_path(self) -> str:
        return self.election.community.path


class Problem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="problems")
    description = models.CharField(_("发现的问题"), max_length=limits.SHORT_TEXT)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("转为诉求"))

    class Meta:
        verbose_name = _("巡查发现的问题")
        verbose_name_plural = _("巡查发现的问题")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description

    def chronicle_region_path(self) -> str:
        return self.inspection.election.community.path
