"""Micro-wishes (微心愿): a small wish of one resident in hardship ("想要一台收音机", "孩子需要一个书包") that the
community reviews and puts on its public wish wall, and that an in-service party member, a unit or a volunteer
claims — exactly one claimant at a time — and fulfils by a deadline; the resident (or staff on her behalf)
confirms it and may leave a thank-you note.

    submitted ─approve→ open ─claim→ claimed ─fulfil→ fulfilled ─confirm→ confirmed
        │                 │  ↑          │  ↑ (deadline moved)                 (thank-you note)
        └─reject→ rejected │  └release/give up─ overdue (the sweep, once the deadline has passed)
    submitted/open ─withdraw→ withdrawn

Every transition writes a `WishEvent` (from, to, actor, at, note) and a chronicle entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.core.privacy import scrub
from gongzhi.organisations.models import Organisation
from gongzhi.people.models import PartyMember, Person
from gongzhi.regions.models import RegionNode

DEFAULT_CLAIM_DAYS = 14
MAX_CLAIM_DAYS = 90


class Beneficiary(models.TextChoices):
    """Who the wish is for, chosen at posting; the wall shows only this, never a name."""

    ELDERLY_ALONE = "elderly_alone", _("独居老人")
    ELDERLY = "elderly", _("高龄老人")
    HARDSHIP_FAMILY = "hardship_family", _("困难家庭")
    LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
    DISABLED = "disabled", _("残疾人")
    SERIOUSLY_ILL = "seriously_ill", _("大病患者")
    RESIDENT = "resident", _("社区居民")


# How the public wish wall names the person behind a wish: "五美社区 · 一位独居老人".
PUBLIC_PHRASES = {
    Beneficiary.ELDERLY_ALONE: _("一位独居老人"),
    Beneficiary.ELDERLY: _("一位高龄老人"),
    Beneficiary.HARDSHIP_FAMILY: _("一户困难家庭"),
    Beneficiary.LEFT_BEHIND_CHILD: _("一名留守儿童"),
    Beneficiary.DISABLED: _("一位残疾人朋友"),
    Beneficiary.SERIOUSLY_ILL: _("一位大病患者"),
    Beneficiary.RESIDENT: _("一位居民"),
}


class Channel(models.TextChoices):
    ONLINE = "online", _("本人手机发布")
    WINDOW = "window", _("社区窗口代录")
    GRID_VISIT = "grid_visit", _("网格员走访代录")
    PHONE_CALL = "phone_call", _("电话求助代录")


class WishStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    OPEN = "open", _("待认领")
    CLAIMED = "claimed", _("已认领")
    OVERDUE = "overdue", _("认领逾期")
    FULFILLED = "fulfilled", _("待确认")
    CONFIRMED = "confirmed", _("已圆梦")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


# On the public wall (approved and not withdrawn), and among them those a claimant holds.
PUBLIC_STATUSES = (WishStatus.OPEN, WishStatus.CLAIMED, WishStatus.OVERDUE, WishStatus.FULFILLED,
                   WishStatus.CONFIRMED)
HELD_STATUSES = (WishStatus.CLAIMED, WishStatus.OVERDUE)


class CommunityWishPolicy(models.Model):
    """A community's default number of days a claimant has to fulfil a wish (14 unless staff change it)."""

    community = models.OneToOneField(RegionNode, on_delete=models.CASCADE, related_name="wish_policy",
                                     verbose_name=_("社区"))
    claim_days = models.PositiveSmallIntegerField(_("认领后完成天数"), default=DEFAULT_CLAIM_DAYS)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("心愿认领时限")
        verbose_name_plural = _("心愿认领时限")
        constraints = [models.CheckConstraint(name="policy_claim_days_range",
                                              condition=Q(claim_days__gte=1, claim_days__lte=MAX_CLAIM_DAYS))]

    def __str__(self) -> str:
        return f"{self.community}: {self.claim_days}"

    def chronicle_region_path(self) -> str:
        return self.community.path


class Wish(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="wishes",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    resident = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="wishes", verbose_name=_("许愿居民"))
    beneficiary = models.CharField(_("心愿对象"), max_length=24, choices=Beneficiary.choices)
    title = models.CharField(_("心愿"), max_length=60, help_text=_("居民的原话"))
    story = models.TextField(_("情况说明"), blank=True, help_text=_("仅社区工作人员可见"), max_length=limits.NOTE)
    public_title = models.CharField(_("公开表述"), max_length=60, blank=True,
                                    help_text=_("心愿墙上显示的文字，审核时可修改"))
    channel = models.CharField(_("发布渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=16, choices=WishStatus.choices, default=WishStatus.SUBMITTED)
    claim_days = models.PositiveSmallIntegerField(_("认领后完成天数"), null=True, blank=True,
                                                  help_text=_("不填则按社区默认时限"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    posted_at = models.DateTimeField(_("发布时间"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("上墙时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    confirm_reason = models.CharField(_("代为确认原因"), max_length=300, blank=True)
    thanks_note = models.CharField(_("感谢留言"), max_length=200, blank=True)
    thanked_at = models.DateTimeField(_("留言时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True, help_text=_("撤回或未通过的时间"))

    class Meta:
        verbose_name = _("微心愿")
        verbose_name_plural = _("微心愿")
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="wish_wall")]
        constraints = [
            models.CheckConstraint(name="wish_rejection_has_reason",
                                   condition=~Q(status="rejected") | ~Q(review_reason="")),
            models.CheckConstraint(name="wish_public_has_wording",
                                   condition=~Q(status__in=[s.value for s in PUBLIC_STATUSES])
                                   | (~Q(public_title="") & Q(published_at__isnull=False))),
            models.CheckConstraint(name="wish_confirmed_has_time",
                                   condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False)),
            models.CheckConstraint(name="wish_thanks_only_when_confirmed",
                                   condition=Q(thanks_note="") | Q(status="confirmed")),
            models.CheckConstraint(name="wish_claim_days_range",
                                   condition=Q(claim_days__isnull=True)
                                   | Q(claim_days__gte=1, claim_days__lte=MAX_CLAIM_DAYS)),
        ]

    def __str__(self) -> str:
        # Chronicle labels: the public wording once there is one (numbers masked), before that only the number —
        # the resident's own words (which may say who she is or what ails her) stay out of the chronicle.
        return scrub(self.public_title) if self.public_title else str(_("微心愿 #%(n)s") % {"n": self.pk})

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def public_phrase(self) -> str:
        return str(PUBLIC_PHRASES.get(self.beneficiary, PUBLIC_PHRASES[Beneficiary.RESIDENT]))

    @property
    def public_wording(self) -> str:
        return scrub(self.public_title or self.title)


class ClaimKind(models.TextChoices):
    UNIT = "unit", _("驻区单位")
    PARTY_MEMBER = "party_member", _("在职党员")
    VOLUNTEER = "volunteer", _("志愿者")


class ClaimStatus(models.TextChoices):
    ACTIVE = "active", _("认领中")
    DONE = "done", _("已完成")
    RELEASED = "released", _("已收回")
    ABANDONED = "abandoned", _("已放弃")


# A claim that holds its wish: at most one per wish (the database says so).
HOLDING_CLAIM_STATUSES = (ClaimStatus.ACTIVE, ClaimStatus.DONE)


class WishClaim(models.Model):
    wish = models.ForeignKey(Wish, on_delete=models.PROTECT, related_name="claims", verbose_name=_("心愿"))
    kind = models.CharField(_("认领方"), max_length=16, choices=ClaimKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="wish_claims", verbose_name=_("认领单位"))
    party_member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="wish_claims", verbose_name=_("认领党员"))
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wish_claims")
    claimed_at = models.DateTimeField(_("认领时间"))
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.ACTIVE)
    overdue_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    fulfilment_note = models.TextField(_("完成情况"), blank=True, max_length=limits.NOTE)
    photo = models.FileField(_("照片"), upload_to="wishes/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    photo_sha256 = models.CharField(max_length=64, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    end_reason = models.CharField(_("收回或放弃原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("心愿认领")
        verbose_name_plural = _("心愿认领")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["wish"], condition=Q(status__in=["active", "done"]),
                                    name="one_holding_claim_per_wish"),
            models.CheckConstraint(name="wish_claim_unit_has_unit",
                                   condition=~Q(kind="unit") | Q(organisation__isnull=False)),
            models.CheckConstraint(name="wish_claim_member_has_member",
                                   condition=~Q(kind="party_member") | Q(party_member__isnull=False)),
            models.CheckConstraint(name="wish_claim_done_has_note",
                                   condition=~Q(status="done") | (Q(fulfilled_at__isnull=False)
                                                                  & ~Q(fulfilment_note=""))),
        ]

    def __str__(self) -> str:
        return f"{self.wish} ← {self.public_label}"

    def chronicle_region_path(self) -> str:
        return self.wish.community.path

    @property
    def public_label(self) -> str:
        """How the wall names the claimant: a unit by name, a party member by work unit, never a person's name.
        Load organisation and party_member__work_unit with select_related where this is used in a list."""
        if self.kind == ClaimKind.UNIT:
            return self.organisation.name
        if self.kind == ClaimKind.PARTY_MEMBER:
            unit = self.party_member.work_unit
            return str(_("在职党员（%(unit)s）") % {"unit": unit.name}) if unit else str(_("在职党员"))
        return str(_("社区志愿者"))


# What each action of the timeline reads as, for residents and staff alike.
EVENT_LABELS = {
    "posted": _("提交心愿"),
    "approved": _("审核通过，心愿上墙"),
    "rejected": _("未通过审核"),
    "reworded": _("社区修改了公开表述"),
    "withdrawn": _("心愿已撤回"),
    "claimed": _("心愿被认领"),
    "overdue": _("认领超过完成时限"),
    "deadline_set": _("调整完成时限"),
    "released": _("社区收回认领，心愿重新上墙"),
    "abandoned": _("认领方放弃，心愿重新上墙"),
    "fulfilled": _("认领方登记心愿已完成"),
    "confirmed": _("确认心愿已实现"),
    "thanked": _("留言致谢"),
}


class WishEvent(models.Model):
    """One row per change of a wish: the status timeline residents and staff read."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, choices=WishStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=WishStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("心愿进展")
        verbose_name_plural = _("心愿进展")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.wish_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))
