"""楼门管家: one current steward per building entrance (单元) — or per building where the region tree has no
entrances under it — chosen by residents' recommendation, self-nomination or the community's appointment (recorded
how), with their roles; evaluated monthly by community staff; commended; honourably retired (光荣退休), which leaves
the post vacant until the next steward is chosen. Suggestions a steward collects from neighbours are turned by staff
into needs (lists) or cases (cases), the link kept.

"One current steward per post" and "one current post per person", "one evaluation per steward and month" and "one
reminder per community and month" are database constraints."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode


class Selection(models.TextChoices):
    RECOMMENDED = "recommended", _("居民推荐")
    SELF = "self", _("本人自荐")
    APPOINTED = "appointed", _("社区任命")


class StewardRole(models.TextChoices):
    POLICY = "policy", _("政策宣传员")
    OPINION = "opinion", _("社情民意联络员")
    MEDIATION = "mediation", _("矛盾纠纷调解员")
    SAFETY = "safety", _("安全隐患排查员")
    ENVIRONMENT = "environment", _("环境卫生监督员")
    CARE = "care", _("邻里互助关爱员")


class StewardStatus(models.TextChoices):
    CURRENT = "current", _("在任")
    RETIRED = "retired", _("光荣退休")


class Steward(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="stewards_here",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    post = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="stewards",
                             verbose_name=_("楼门（单元或楼栋）"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="steward_posts",
                               verbose_name=_("楼门管家"))
    selection = models.CharField(_("产生方式"), max_length=16, choices=Selection.choices)
    selection_note = models.CharField(_("产生说明"), max_length=limits.SHORT_TEXT, blank=True)
    roles = models.JSONField(_("职责"), default=list)
    started_on = models.DateField(_("上任日期"))
    status = models.CharField(_("状态"), max_length=16, choices=StewardStatus.choices, default=StewardStatus.CURRENT)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    appointed_at = models.DateTimeField(_("登记时间"))
    retired_on = models.DateField(_("退休日期"), null=True, blank=True)
    retirement_reason = models.CharField(_("退休原因"), max_length=limits.SHORT_TEXT, blank=True)
    retired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    retired_at = models.DateTimeField(_("退休登记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("楼门管家")
        verbose_name_plural = _("楼门管家")
        ordering = ["post__path", "-started_on", "-pk"]
        indexes = [models.Index(fields=["community", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(status="current"),
                                    name="stewards_one_current_per_post"),
            models.UniqueConstraint(fields=["person"], condition=Q(status="current"),
                                    name="stewards_one_current_post_per_person"),
            models.CheckConstraint(name="stewards_retired_has_date_and_reason",
                                   condition=Q(status="current", retired_on__isnull=True)
                                   | (Q(status="retired", retired_on__isnull=False) & ~Q(retirement_reason=""))),
            models.CheckConstraint(name="stewards_retires_after_starting",
                                   condition=Q(retired_on__isnull=True) | Q(retired_on__gte=models.F("started_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.post}"

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def role_labels(self) -> list[str]:
        labels = dict(StewardRole.choices)
        return [str(labels[r]) for r in self.roles if r in labels]

    @property
    def is_current(self) -> bool:
        return self.status == StewardStatus.CURRENT


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class Evaluation(models.Model):
    """The community's evaluation of one steward for one calendar month (stored as its first day)."""

    steward = models.ForeignKey(Steward, on_delete=models.PROTECT, related_name="evaluations",
                                verbose_name=_("楼门管家"))
    month = models.DateField(_("月份"))
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices)
    note = models.CharField(_("评价意见"), max_length=limits.SHORT_TEXT, blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    evaluated_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("楼门管家月度评价")
        verbose_name_plural = _("楼门管家月度评价")
        ordering = ["-month", "steward_id"]
        constraints = [
            models.UniqueConstraint(fields=["steward", "month"], name="stewards_one_evaluation_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.steward} · {self.month:%Y-%m}"

    def chronicle_region_path(self) -> str:
        return self.steward.community.path


class Commendation(models.Model):
    """表彰: dated, with the title and the name the community chooses to publish on its board (by default the
    masked name, as honours publish them)."""

    steward = models.ForeignKey(Steward, on_delete=models.PROTECT, related_name="commendations",
                                verbose_name=_("楼门管家"))
    awarded_on = models.DateField(_("表彰日期"))
    title = models.CharField(_("表彰名称"), max_length=limits.TITLE)
    reason = models.CharField(_("事迹"), max_length=limits.SHORT_TEXT, blank=True)
    public_name = models.CharField(_("公开姓名"), max_length=limits.NAME)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    awarded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("楼门管家表彰")
        verbose_name_plural = _("楼门管家表彰")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} · {self.public_name}"

    def chronicle_region_path(self) -> str:
        return self.steward.community.path


class SuggestionStatus(models.TextChoices):
    NEW = "new", _("待处理")
    NEED = "need", _("已转需求")
    CASE = "case", _("已转诉求")
    DECLINED = "declined", _("不予采纳")


class Suggestion(models.Model):
    """A suggestion a steward collected from the neighbours (on the phone); staff turn it into a need or a case."""

    steward = models.ForeignKey(Steward, on_delete=models.PROTECT, related_name="suggestions",
                                verbose_name=_("楼门管家"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="steward_suggestions",
                                  verbose_name=_("社区"))
    text = models.TextField(_("意见建议"), max_length=limits.NOTE)
    collected_on = models.DateField(_("收集日期"))
    status = models.CharField(_("状态"), max_length=16, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.NEW)
    need = models.ForeignKey("lists.Need", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("转为需求"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("转为诉求"))
    decline_reason = models.CharField(_("不予采纳理由"), max_length=limits.SHORT_TEXT, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"))
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("楼门管家收集的意见建议")
        verbose_name_plural = _("楼门管家收集的意见建议")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"])]
        constraints = [
            models.CheckConstraint(name="stewards_suggestion_links_match_status",
                                   condition=(Q(status="need", need__isnull=False, case__isnull=True)
                                              | Q(status="case", case__isnull=False, need__isnull=True)
                                              | Q(status__in=["new", "declined"], need__isnull=True,
                                                  case__isnull=True))),
        ]

    def __str__(self) -> str:
        return self.text[:30]

    def chronicle_region_path(self) -> str:
        return self.community.path


class EvaluationReminder(models.Model):
    """The sweep's reminder to a community's staff that last month's evaluations are missing: once per community
    and month (the constraint), however often the sweep runs."""

    community = models.ForeignKey(RegionNode, on_delete=models.CASCADE, related_name="steward_reminders")
    month = models.DateField(_("月份"))
    missing = models.PositiveIntegerField(_("未评价人数"))
    message = models.CharField(max_length=limits.SHORT_TEXT)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="steward_reminders")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("月度评价提醒")
        verbose_name_plural = _("月度评价提醒")
        ordering = ["-month", "community_id"]
        constraints = [models.UniqueConstraint(fields=["community", "month"], name="stewards_remind_once_a_month")]

    def __str__(self) -> str:
        return self.message

    def chronicle_region_path(self) -> str:
        return self.community.path
