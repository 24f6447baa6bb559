"""The two-way lists (双向清单): needs (需求清单), resources (资源清单), activities (活动清单), the
category taxonomy they share, and two-way claims (双向认领) of list items by the other side.

"Two-way": a need is the community's (its residents' needs, which units may claim) or a unit's (what a unit
needs from the community, which the community may claim); likewise resources are offered by units or by the
community itself (venues, party-building guidance, brand incubation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.organisations.models import Organisation
from gongzhi.regions.models import RegionNode


class Category(models.Model):
    """A maintained taxonomy of service categories (the ten Xiangshan categories to start)."""

    name = models.CharField(_("类别名称"), max_length=40, unique=True)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("启用"), default=True)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True, help_text=_("以空格分隔，用于检索与匹配"))

    class Meta:
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Side(models.TextChoices):
    COMMUNITY = "community", _("社区")
    UNIT = "unit", _("驻区单位")


class Beneficiary(models.TextChoices):
    ELDERLY_AND_CHILDREN = "elderly_children", _("一老一小")
    ELDERLY = "elderly", _("老年人")
    CHILDREN = "children", _("青少年儿童")
    HARDSHIP = "hardship", _("困难群众")
    DISABLED = "disabled", _("残疾人")
    PARTY_MEMBERS = "party_members", _("党员")
    ALL_RESIDENTS = "all_residents", _("全体居民")
    UNITS = "units", _("驻区单位")


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口接待")
    ONLINE = "online", _("指尖直通")
    WISH_WALL = "wish_wall", _("心愿上墙")
    QUESTIONNAIRE = "questionnaire", _("问卷调查")
    FORUM = "forum", _("居民座谈会")
    GRID_VISIT = "grid_visit", _("网格走访")
    UNIT = "unit", _("单位提出")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    PUBLISHED = "published", _("已公布")
    MERGED = "merged", _("已合并")
    REJECTED = "rejected", _("未采纳")
    CLOSED = "closed", _("已完成")


class Need(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="needs",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    side = models.CharField(_("需求方"), max_length=16, choices=Side.choices, default=Side.COMMUNITY)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="needs", verbose_name=_("提出需求的单位"))
    title = models.CharField(_("需求"), max_length=120)
    description = models.TextField(_("详细说明"), blank=True, max_length=limits.DESCRIPTION)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="needs", verbose_name=_("类别"))
    beneficiaries = models.JSONField(_("受益人群"), default=list, blank=True)
    place = models.ForeignKey(RegionNode, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("地点"))
    scale = models.PositiveIntegerField(_("涉及人数"), null=True, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED)
    review_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_needs", verbose_name=_("合并到"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("提出时间"))

    class Meta:
        verbose_name = _("需求")
        verbose_name_plural = _("需求清单")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "year", "status"], name="need_board")]
        constraints = [
            models.CheckConstraint(name="unit_need_has_unit",
                                   condition=Q(side="community") | Q(organisation__isnull=False)),
            models.CheckConstraint(name="merged_need_points_elsewhere",
                                   condition=~Q(status="merged") | Q(merged_into__isnull=False)),
            models.CheckConstraint(name="need_scale_bounded",
                                   condition=Q(scale__isnull=True) | Q(scale__lte=limits.NEED_SCALE.high)),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path


class ResourceStatus(models.TextChoices):
    PUBLISHED = "published", _("已公布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Cost(models.TextChoices):
    FREE = "free", _("免费")
    SEMI_FREE = "semi_free", _("低偿")


class Resource(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="resources",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    side = models.CharField(_("提供方"), max_length=16, choices=Side.choices, default=Side.UNIT)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="resources", verbose_name=_("提供单位"))
    title = models.CharField(_("资源"), max_length=120)
    description = models.TextField(_("详细说明"), blank=True, max_length=limits.DESCRIPTION)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="resources",
                                 verbose_name=_("类别"))
    beneficiaries = models.JSONField(_("服务对象"), default=list, blank=True)
    times_per_year = models.PositiveIntegerField(_("每年次数"), null=True, blank=True)
    people_per_session = models.PositiveIntegerField(_("每次人数"), null=True, blank=True)
    place = models.CharField(_("服务地点"), max_length=120, blank=True)
    schedule = models.CharField(_("服务时间"), max_length=120, blank=True)
    cost = models.CharField(_("收费"), max_length=16, choices=Cost.choices, default=Cost.FREE)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=ResourceStatus.choices,
                              default=ResourceStatus.PUBLISHED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("资源")
        verbose_name_plural = _("资源清单")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "year", "status"], name="resource_board")]
        constraints = [
            models.CheckConstraint(name="unit_resource_has_unit",
                                   condition=Q(side="community") | Q(organisation__isnull=False)),
            models.CheckConstraint(name="resource_counts_bounded", condition=(
                (Q(times_per_year__isnull=True) | Q(times_per_year__lte=limits.TIMES_PER_YEAR.high))
                & (Q(people_per_session__isnull=True) | Q(people_per_session__lte=limits.PEOPLE_PER_SESSION.high)))),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path


class Recruitment(models.TextChoices):
    """Whether an activity takes volunteers' sign-ups (志愿服务活动招募) and from whom."""

    NONE = "none", _("不招募志愿者")
    OPEN = "open", _("公开招募")
    TEAM = "team", _("仅限本队队员")


ACTIVITY_MIN_MINUTES = 10  # an activity lasts at least this long …
ACTIVITY_MAX_HOURS = 12  # … and at most this long (one day's service; hours are capped at the length)


class Activity(models.Model):
    """A dated event that uses resources and serves needs (lecture, clinic day, 七彩假期 camp). An activity that
    recruits volunteers has an end, a quota and a cancellation cut-off; its organiser is the community, a unit
    (`organiser`) or a volunteer team (`organiser_team`)."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="activities",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    title = models.CharField(_("活动名称"), max_length=120)
    description = models.TextField(_("活动内容"), blank=True, max_length=limits.DESCRIPTION)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="activities",
                                 verbose_name=_("类别"))
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=120)
    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="activities", verbose_name=_("承办单位"))
    resources = models.ManyToManyField(Resource, related_name="activities", blank=True, verbose_name=_("使用资源"))
    needs = models.ManyToManyField(Need, related_name="activities", blank=True, verbose_name=_("回应需求"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    organiser_team = models.ForeignKey("people.VolunteerTeam", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="activities", verbose_name=_("组织队伍"))
    recruitment = models.CharField(_("志愿者招募"), max_length=16, choices=Recruitment.choices,
                                   default=Recruitment.NONE)
    quota = models.PositiveIntegerField(_("招募人数"), null=True, blank=True)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(_("取消报名截止（开始前小时数）"), default=2)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动清单")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="activity_ends_after_start",
                                   condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(name="activity_quota_bounded",
                                   condition=Q(quota__isnull=True) | (Q(quota__gte=limits.ACTIVITY_QUOTA.low)
                                                                      & Q(quota__lte=limits.ACTIVITY_QUOTA.high))),
            models.CheckConstraint(name="recruiting_activity_has_end_and_quota",
                                   condition=Q(recruitment="none") | Q(ends_at__isnull=False, quota__isnull=False)),
            models.CheckConstraint(name="team_only_activity_has_team",
                                   condition=~Q(recruitment="team") | Q(organiser_team__isnull=False)),
            models.CheckConstraint(name="activity_cancel_cutoff_bounded", condition=Q(cancel_cutoff_hours__lte=168)),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def recruits(self) -> bool:
        return self.recruitment != Recruitment.NONE

    @property
    def length_hours(self):
        """The activity's length in hours (one decimal), the cap of anybody's hours for it; None without an end."""
        from decimal import ROUND_DOWN, Decimal

        if self.ends_at is None:
            return None
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("已认领")
    FULFILLED = "fulfilled", _("已兑现")
    WITHDRAWN = "withdrawn", _("已撤回")


class Claim(models.Model):
    """Two-way claiming (双向认领): a unit claims a community need or resource-side item, the community claims
    a unit's need; each claim carries a deadline."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    side = models.CharField(_("认领方"), max_length=16, choices=Side.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="claims", verbose_name=_("认领单位"))
    deadline = models.DateField(_("完成时限"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(_("认领时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("认领")
        verbose_name_plural = _("双向认领")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(name="claim_one_item",
                                   condition=(Q(need__isnull=False, resource__isnull=True)
                                              | Q(need__isnull=True, resource__isnull=False))),
            models.CheckConstraint(name="unit_claim_has_unit",
                                   condition=Q(side="community") | Q(organisation__isnull=False)),
            models.UniqueConstraint(fields=["need", "organisation"], condition=Q(status="claimed"),
                                    name="one_open_claim_per_need_and_unit"),
            models.UniqueConstraint(fields=["resource", "organisation"], condition=Q(status="claimed"),
                                    name="one_open_claim_per_resource_and_unit"),
            # The community claims as one side (no organisation): one open claim per item.
            models.UniqueConstraint(fields=["need"], condition=Q(status="claimed", side="community"),
                                    name="one_open_community_claim_per_need"),
            models.UniqueConstraint(fields=["resource"], condition=Q(status="claimed", side="community"),
                                    name="one_open_community_claim_per_resource"),
        ]

    def __str__(self) -> str:
        return f"{self.need or self.resource} ← {self.organisation or _('社区')}"

    @property
    def item(self):
        return self.need or self.resource
