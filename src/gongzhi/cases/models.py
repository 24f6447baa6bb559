"""接诉即办 / 吹哨报到: case categories with their time limits, the powers-and-responsibilities list (权责清单),
cases owned by their first responder (首问负责), whistles to departments and their reports (报到), escalations
that fire once, coordination meetings, and the resident's confirmation and rating.

Times are stored as aware datetimes; every deadline is computed once, when its step starts, on the category's
working calendar (gongzhi.worktime) and stored, so rates and escalations read recorded facts only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.organisations.models import Department
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionNode
from gongzhi.worktime.limits import Limit
from gongzhi.worktime.models import Calendar


class Counting(models.TextChoices):
    CALENDAR = "calendar", _("自然时间")
    WORKING = "working", _("工作时间")
    WORKING_DAYS = "working_days", _("工作日")


class Urgency(models.TextChoices):
    """The default limit classes of the issue (editable per category)."""

    EMERGENCY = "emergency", _("紧急（危及生命财产安全）")
    UTILITIES = "utilities", _("水电气暖")
    ORDINARY = "ordinary", _("一般诉求")
    COMPLEX = "complex", _("复杂诉求")


class CaseCategory(models.Model):
    """A kind of problem residents report. Its code is the Open311 service_code."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("类别名称"), max_length=60, unique=True)
    group = models.CharField(_("分组"), max_length=40, help_text=_("如：市政设施、邻里纠纷、环境卫生"))
    description = models.CharField(_("说明"), max_length=300, blank=True)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True, help_text=_("以空格分隔，用于检索"))
    urgency = models.CharField(_("时限类别"), max_length=16, choices=Urgency.choices, default=Urgency.ORDINARY)
    is_dispute = models.BooleanField(_("矛盾纠纷类"), default=False)
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="+", verbose_name=_("工作日历"))
    # Resolution limit of the whole case (and of each department's action on a whistle).
    resolution_counting = models.CharField(_("办结时限计算方式"), max_length=16, choices=Counting.choices)
    resolution_hours = models.PositiveIntegerField(_("办结时限（小时）"), default=0)
    resolution_days = models.PositiveIntegerField(_("办结时限（工作日）"), default=0)
    # A department signs for (报到) a whistle within this limit.
    response_counting = models.CharField(_("报到时限计算方式"), max_length=16, choices=Counting.choices,
                                         default=Counting.WORKING)
    response_hours = models.PositiveIntegerField(_("报到时限（小时）"), default=1)
    # The case owner contacts the resident within this limit (calendar hours).
    contact_hours = models.PositiveIntegerField(_("联系诉求人时限（小时）"), default=24)
    # A resolved case the resident neither confirms nor disputes may be closed by staff after this many days.
    confirm_days = models.PositiveIntegerField(_("确认时限（自然日）"), default=3)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(resolution_counting="working_days", resolution_days__gt=0, resolution_hours=0)
                           | (Q(resolution_counting__in=["calendar", "working"], resolution_hours__gt=0,
                                resolution_days=0))),
                name="case_category_resolution_limit_shape"),
            models.CheckConstraint(
                condition=Q(response_counting__in=["calendar", "working"], response_hours__gt=0),
                name="case_category_response_limit_shape"),
            models.CheckConstraint(condition=Q(contact_hours__gt=0), name="case_category_contact_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def resolution_limit(self) -> Limit:
        if self.resolution_counting == Counting.WORKING_DAYS:
            return Limit(f"{self.code}:resolution", str(self.name), "working_days", working_days=self.resolution_days)
        return Limit(f"{self.code}:resolution", str(self.name), self.resolution_counting,
                     duration=dt.timedelta(hours=self.resolution_hours))

    @property
    def response_limit(self) -> Limit:
        return Limit(f"{self.code}:response", str(self.name), self.response_counting,
                     duration=dt.timedelta(hours=self.response_hours))

    @property
    def contact_limit(self) -> Limit:
        return Limit(f"{self.code}:contact", str(self.name), "calendar", duration=dt.timedelta(hours=self.contact_hours))


class AttributeType(models.TextChoices):
    """Open311 GeoReport v2 attribute datatypes."""

    STRING = "string", _("短文本")
    NUMBER = "number", _("数字")
    DATETIME = "datetime", _("日期时间")
    TEXT = "text", _("长文本")
    SINGLE = "singlevaluelist", _("单选")
    MULTI = "multivaluelist", _("多选")


class CategoryAttribute(models.Model):
    """An extra question asked when reporting in a category (Open311 service definition attribute)."""

    category = models.ForeignKey(CaseCategory, on_delete=models.CASCADE, related_name="attributes")
    code = models.SlugField(_("代码"), max_length=50)
    datatype = models.CharField(_("类型"), max_length=20, choices=AttributeType.choices)
    required = models.BooleanField(_("必填"), default=False)
    description = models.CharField(_("提示"), max_length=200)
    datatype_description = models.CharField(_("填写说明"), max_length=200, blank=True)
    values = models.JSONField(_("选项"), default=list, blank=True,
                              help_text=_("单选/多选的选项：[{\"key\": …, \"name\": …}]"))
    order = models.PositiveSmallIntegerField(_("排序"), default=1)

    class Meta:
        verbose_name = _("类别附加项")
        verbose_name_plural = _("类别附加项")
        ordering = ["category", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="category_attribute_unique")]

    def __str__(self) -> str:
        return f"{self.category} · {self.description}"


# --- 权责清单 -------------------------------------------------------------------------------------------

class MatterKind(models.TextChoices):
    AUTONOMOUS = "autonomous", _("社区自治事项")
    ACCESS = "access", _("准入协助事项")
    DEPARTMENT = "department", _("部门职责事项")
    REMOVED = "removed", _("已取消事项")


class Responsibility(models.Model):
    """One line of a powers-and-responsibilities list, owned by a district or street node. Lines form a tree of
    at most three levels: category (类) → item (项) → sub-item (子项), so "4 categories, 13 items, 32 sub-items of
    autonomous matters" is a count over this table, never typed in."""

    region = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="responsibilities",
                               verbose_name=_("制定区划"))
    kind = models.CharField(_("事项类型"), max_length=16, choices=MatterKind.choices)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name=_("上级"))
    level = models.PositiveSmallIntegerField(_("层级"), help_text=_("1 类，2 项，3 子项"))
    title = models.CharField(_("事项名称"), max_length=200)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    departments = models.ManyToManyField(Department, blank=True, related_name="responsibilities",
                                         verbose_name=_("责任部门"))
    case_categories = models.ManyToManyField(CaseCategory, blank=True, related_name="responsibilities",
                                             verbose_name=_("对应诉求类别"))
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("权责清单事项")
        verbose_name_plural = _("权责清单事项")
        ordering = ["region", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="responsibility_level_range"),
            models.CheckConstraint(condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                                   name="responsibility_level_parent"),
        ]

    def __str__(self) -> str:
        return self.title


# --- cases ----------------------------------------------------------------------------------------------

class CaseKind(models.TextChoices):
    REQUEST = "request", _("诉求")
    DISPUTE = "dispute", _("矛盾纠纷")


class CaseChannel(models.TextChoices):
    PHONE_APP = "phone_app", _("居民手机端")
    GRID_WORKER = "grid_worker", _("网格员代报")
    WINDOW = "window", _("服务窗口")
    HOTLINE = "hotline", _("热线电话")
    OPEN311 = "open311", _("Open311接口")


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("办理中")
    WHISTLED = "whistled", _("已吹哨")
    RESOLVED = "resolved", _("待确认")
    CLOSED = "closed", _("已办结")
    REJECTED = "rejected", _("不予受理")


OPEN_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.ACCEPTED, CaseStatus.WHISTLED)


class Confirmation(models.TextChoices):
    CONFIRMED = "confirmed", _("居民确认")
    NO_ANSWER = "no_answer", _("居民逾期未确认，工作人员关闭")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Case(models.Model):
    number = models.CharField(_("编号"), max_length=32, unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=CaseKind.choices, default=CaseKind.REQUEST)
    category = models.ForeignKey(CaseCategory, on_delete=models.PROTECT, related_name="cases",
                                 verbose_name=_("类别"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("所属社区"))
    place = models.ForeignKey(RegionNode, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("发生地点（小区/楼栋）"))
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    title = models.CharField(_("标题"), max_length=120)
    description = models.TextField(_("诉求内容"), max_length=4000)
    attributes = models.JSONField(_("附加信息"), default=dict, blank=True)
    channel = models.CharField(_("来源渠道"), max_length=16, choices=CaseChannel.choices)
    # The reporter: a registered person, or a name and phone taken at the window / on the phone / via Open311.
    reporter = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                                 verbose_name=_("诉求人"))
    reporter_name = models.CharField(_("诉求人姓名"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("诉求人电话"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("诉求人邮箱"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reported_cases", verbose_name=_("登记人"))
    reported_at = models.DateTimeField(_("反映时间"))
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED)
    # 首问负责: whoever accepts first owns the case until it is closed; handing over is a recorded transfer.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="owned_cases", verbose_name=_("首问责任人"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    contact_due_at = models.DateTimeField(_("联系诉求人期限"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("联系诉求人时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result = models.TextField(_("办理结果"), max_length=4000, blank=True)
    reject_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    confirm_due_at = models.DateTimeField(_("确认期限"), null=True, blank=True)
    confirmation = models.CharField(_("确认方式"), max_length=16, choices=Confirmation.choices, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("关闭人"))
    close_reason = models.CharField(_("关闭说明"), max_length=300, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=16, choices=Satisfaction.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    # Public surfaces (Open311, the public board) never show the resident's own words: staff write and approve
    # a public wording without names, numbers, buildings or floors; until then the description is left out.
    public_description = models.CharField(_("公开表述"), max_length=300, blank=True,
                                          help_text=_("经工作人员审定后对外公开的诉求表述，不含姓名、电话、楼栋楼层"))
    public_description_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                              blank=True, related_name="+", verbose_name=_("公开表述审定人"))
    public_description_at = models.DateTimeField(_("公开表述审定时间"), null=True, blank=True)
    search_key = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        verbose_name = _("诉求案件")
        verbose_name_plural = _("诉求案件")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["reported_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status="submitted") | Q(status="rejected") | Q(owner__isnull=False),
                                   name="case_owned_once_accepted"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="case_closed_has_time"),
            models.CheckConstraint(condition=Q(satisfaction="") | Q(status="closed"), name="case_rated_when_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to="cases/%Y/%m/")
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("案件照片")
        verbose_name_plural = _("案件照片")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class CaseEvent(models.Model):
    """The case's timeline (also the Open311 status_notes): every transition and notable step."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)
    public = models.BooleanField(default=True, help_text=_("可向诉求人和公开接口展示"))

    class Meta:
        verbose_name = _("案件进展")
        verbose_name_plural = _("案件进展")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class OwnershipTransfer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(_("移交理由"), max_length=300)

    class Meta:
        verbose_name = _("责任移交")
        verbose_name_plural = _("责任移交")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_owner} → {self.to_owner}"


# --- whistles ---------------------------------------------------------------------------------------------

class WhistleStatus(models.TextChoices):
    SENT = "sent", _("待报到")
    REPORTED = "reported", _("已报到")
    DONE = "done", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class Whistle(models.Model):
    """The community (or street) blows the whistle to one department for one case. The department's receivers
    (接哨员) must report (报到) by `respond_due_at` and finish their part by `act_due_at`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="whistles")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="whistles",
                                   verbose_name=_("职能部门"))
    request = models.TextField(_("吹哨事由与请求"), max_length=2000)
    blown_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    blown_at = models.DateTimeField(_("吹哨时间"))
    status = models.CharField(_("状态"), max_length=16, choices=WhistleStatus.choices, default=WhistleStatus.SENT)
    respond_due_at = models.DateTimeField(_("报到期限"))
    reported_at = models.DateTimeField(_("报到时间"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    report_note = models.CharField(_("报到说明"), max_length=300, blank=True)
    act_due_at = models.DateTimeField(_("办理期限"))
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    action = models.TextField(_("办理情况"), max_length=4000, blank=True)
    withdrawn_reason = models.CharField(_("撤回理由"), max_length=300, blank=True)
    # 吹哨满意度赋分 by the community once the department's part is done.
    score = models.PositiveSmallIntegerField(_("社区赋分"), null=True, blank=True, help_text=_("0–100 分"))
    score_comment = models.CharField(_("赋分说明"), max_length=300, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    scored_at = models.DateTimeField(_("赋分时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("吹哨")
        verbose_name_plural = _("吹哨")
        ordering = ["blown_at", "pk"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["blown_at"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], condition=~Q(status="withdrawn"),
                                    name="whistle_one_active_per_department"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="whistle_score_range"),
            models.CheckConstraint(condition=Q(status="sent") | Q(status="withdrawn") | Q(reported_at__isnull=False),
                                   name="whistle_reported_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.department}"

    def chronicle_region_path(self) -> str:
        return self.case.community.path


class EscalationStep(models.TextChoices):
    RESPOND = "respond", _("超时未报到")
    ACT = "act", _("超时未办结（部门）")
    CASE = "case", _("案件超期未办结")
    CONTACT = "contact", _("超时未联系诉求人")


class EscalationLevel(models.TextChoices):
    STREET = "street", _("街道督办")
    DISTRICT = "district", _("城区督办")


class Escalation(models.Model):
    """One overdue step raised to one level — at most once (database constraint), however often the sweep runs,
    and whichever worker runs it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    whistle = models.ForeignKey(Whistle, on_delete=models.CASCADE, null=True, blank=True, related_name="escalations")
    step = models.CharField(_("超时环节"), max_length=16, choices=EscalationStep.choices)
    level = models.CharField(_("督办层级"), max_length=16, choices=EscalationLevel.choices)
    to_region = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="+", verbose_name=_("督办单位"))
    due_at = models.DateTimeField(_("原期限"))
    created_at = models.DateTimeField(_("督办时间"))
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="case_escalations", blank=True)
    message = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("超时督办")
        verbose_name_plural = _("超时督办")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["whistle", "step", "level"], condition=Q(whistle__isnull=False),
                                    name="escalation_once_per_whistle_step_level"),
            models.UniqueConstraint(fields=["case", "step", "level"], condition=Q(whistle__isnull=True),
                                    name="escalation_once_per_case_step_level"),
        ]

    def __str__(self) -> str:
        return self.message


class Meeting(models.Model):
    """A coordination meeting (协调会) on a case: who came, what was said, what was agreed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField(_("召开时间"))
    place = models.CharField(_("地点"), max_length=120)
    departments = models.ManyToManyField(Department, blank=True, related_name="case_meetings",
                                         verbose_name=_("参会部门"))
    participants = models.CharField(_("参会人员"), max_length=500)
    minutes = models.TextField(_("会议纪要"), max_length=5000)
    agreement = models.TextField(_("议定事项"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("协调会议")
        verbose_name_plural = _("协调会议")
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.held_at:%Y-%m-%d}"
