"""空间使用平台: a community's venues (rooms, halls, shared vegetable-garden plots) with capacity, weekly opening hours
and dated closures; applications for a slot by a partner, a volunteer team or a resident, each with one or more
occurrences (`Booking`, a recurring series is one application with one booking per week); the public or semi-public
service a partner gives in exchange (`ExchangeCommitment`) and its fulfilment records.

**A venue is never booked twice for overlapping times, and the database holds it** (docs/adr/0013-spaces-no-overlap.md):
the bookings that hold their slot are those *applied* (waiting for the community's decision) and *approved*;
rejected, cancelled and lapsed ones free it. On PostgreSQL an exclusion constraint
`EXCLUDE USING gist (venue_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE status IN ('applied',
'approved')` (btree_gist) refuses the second of two overlapping rows, also when twenty requests arrive at once; on
SQLite triggers do the same on INSERT and UPDATE (RAISE(ABORT)). Both are created by migration 0002 for their own
database only, so the model's state does not carry the constraint (SQLite would try to build it when it remakes
the table). Ranges are half-open: a booking ending at 16:00 and one starting at 16:00 do not clash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import limits
from gongzhi.regions.models import RegionNode

CAPACITY = limits.Bound(1, 5_000)  # people one venue holds (a garden plot: the gardeners working it at once)
ATTENDANCE = limits.Bound(1, 5_000)
MAX_OCCURRENCES = 60  # a recurring application: a term of weekly sessions is ~20; more than a year is a typo
MAX_HOURS = 24  # one occurrence never spans more than a day


class VenueKind(models.TextChoices):
    HALL = "hall", _("多功能厅")
    ROOM = "room", _("会议室/活动室")
    GARDEN_PLOT = "garden_plot", _("共享菜园地块")
    OTHER = "other", _("其他场地")


class Venue(models.Model):
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="venues",
                                  limit_choices_to={"kind": "community"}, verbose_name=_("社区"))
    name = models.CharField(_("场地名称"), max_length=limits.NAME)
    kind = models.CharField(_("场地类别"), max_length=16, choices=VenueKind.choices, default=VenueKind.ROOM)
    capacity = models.PositiveIntegerField(_("容纳人数"))
    location = models.CharField(_("位置"), max_length=limits.TITLE, blank=True,
                                help_text=_("公开显示，如：党群服务中心二楼"))
    description = models.CharField(_("说明"), max_length=limits.SHORT_TEXT, blank=True)
    active = models.BooleanField(_("开放预约"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("场地")
        verbose_name_plural = _("场地")
        ordering = ["community__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="spaces_venue_name_once"),
            models.CheckConstraint(name="spaces_venue_capacity_bounded",
                                   condition=Q(capacity__gte=CAPACITY.low) & Q(capacity__lte=CAPACITY.high)),
        ]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.community.path


class OpeningHours(models.Model):
    """One opening range of a venue on one weekday (0 = Monday); a day may have several (上午、下午)."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("星期"))
    opens = models.TimeField(_("开放时间"))
    closes = models.TimeField(_("关闭时间"))

    class Meta:
        verbose_name = _("开放时间")
        verbose_name_plural = _("开放时间")
        ordering = ["venue_id", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(name="spaces_hours_weekday", condition=Q(weekday__gte=0) & Q(weekday__lte=6)),
            models.CheckConstraint(name="spaces_hours_in_order", condition=Q(closes__gt=F("opens"))),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Closure(models.Model):
    """Dates on which a venue is closed (both days included), with the reason shown to applicants."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="closures")
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    reason = models.CharField(_("闭馆原因"), max_length=limits.SHORT_TEXT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("闭馆")
        verbose_name_plural = _("闭馆")
        ordering = ["venue_id", "starts_on"]
        constraints = [models.CheckConstraint(name="spaces_closure_in_order", condition=Q(ends_on__gte=F("starts_on")))]

    def __str__(self) -> str:
        return f"{self.starts_on}—{self.ends_on} {self.reason}"

    def chronicle_region_path(self) -> str:
        return self.venue.community.path


class ApplicantKind(models.TextChoices):
    PARTNER = "partner", _("社区合伙人")
    TEAM = "team", _("志愿服务队")
    RESIDENT = "resident", _("居民")


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已取消")


class Application(models.Model):
    """One application for a venue: a single slot, or a weekly series (`repeat_until` set) whose occurrences are
    its bookings. Accepted whole or not at all; approved or rejected whole; single occurrences can be cancelled."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="applications", verbose_name=_("场地"))
    applicant_kind = models.CharField(_("申请方类别"), max_length=16, choices=ApplicantKind.choices)
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="space_applications", verbose_name=_("社区合伙人"))
    team = models.ForeignKey("people.VolunteerTeam", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="space_applications", verbose_name=_("志愿服务队"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="space_applications", verbose_name=_("居民"))
    purpose = models.CharField(_("用途"), max_length=limits.TITLE)
    attendance = models.PositiveIntegerField(_("预计人数"))
    first_date = models.DateField(_("日期"))
    repeat_until = models.DateField(_("每周重复至"), null=True, blank=True)
    starts = models.TimeField(_("开始时间"))
    ends = models.TimeField(_("结束时间"))
    status = models.CharField(_("状态"), max_length=16, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.APPLIED)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("场地申请")
        verbose_name_plural = _("场地申请")
        ordering = ["-applied_at", "-pk"]
        indexes = [models.Index(fields=["venue", "status"])]
        constraints = [
            models.CheckConstraint(name="spaces_application_one_applicant",
                                   condition=(Q(applicant_kind="partner", partner__isnull=False, team__isnull=True,
                                                person__isnull=True)
                                              | Q(applicant_kind="team", partner__isnull=True, team__isnull=False,
                                                  person__isnull=True)
                                              | Q(applicant_kind="resident", partner__isnull=True,
                                                  team__isnull=True, person__isnull=False))),
            models.CheckConstraint(name="spaces_application_times_in_order", condition=Q(ends__gt=F("starts"))),
            models.CheckConstraint(name="spaces_application_repeat_in_order",
                                   condition=Q(repeat_until__isnull=True) | Q(repeat_until__gte=F("first_date"))),
            models.CheckConstraint(name="spaces_application_attendance_bounded",
                                   condition=Q(attendance__gte=ATTENDANCE.low) & Q(attendance__lte=ATTENDANCE.high)),
        ]

    def __str__(self) -> str:
        return f"{self.venue} · {self.purpose}"

    def chronicle_region_path(self) -> str:
        return self.venue.community.path

    @property
    def recurring(self) -> bool:
        return self.repeat_until is not None


class BookingStatus(models.TextChoices):
    APPLIED = "applied", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    CANCELLED = "cancelled", _("已取消")
    LAPSED = "lapsed", _("逾期未审")


# The statuses that hold a slot: the exclusion constraint (PostgreSQL) and the triggers (SQLite) of migration 0002
# spell the same list.
HOLDING = (BookingStatus.APPLIED, BookingStatus.APPROVED)


class Booking(models.Model):
    """One occurrence: the venue from `starts_at` to `ends_at` (half-open)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="bookings")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    status = models.CharField(_("状态"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.APPLIED)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=limits.SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("场地预约")
        verbose_name_plural = _("场地预约")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["venue", "starts_at"]), models.Index(fields=["application", "starts_at"])]
        constraints = [
            models.CheckConstraint(name="spaces_booking_in_order", condition=Q(ends_at__gt=F("starts_at"))),
        ]

    def __str__(self) -> str:
        return f"{self.venue} {self.starts_at:%Y-%m-%d %H:%M}"

    def chronicle_region_path(self) -> str:
        return self.venue.community.path


class CommitmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审核")
    ACTIVE = "active", _("履行中")
    VOID = "void", _("已失效")


class ExchangeCommitment(models.Model):
    """用服务资源交换服务空间: the public or semi-public service a partner gives in exchange for the space it
    applied for. Proposed with the application, in force once it is approved, void when it is rejected or
    cancelled whole; its fulfilment is recorded like a contract's."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="commitment")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="space_commitments",
                                verbose_name=_("社区合伙人"))
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="space_commitments",
                                  verbose_name=_("社区"))
    service = models.CharField(_("交换的服务"), max_length=limits.SHORT_TEXT,
                               help_text=_("面向居民的公益或半公益服务，如：每次课后为老人免费上一节书法课"))
    status = models.CharField(_("状态"), max_length=16, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.PROPOSED)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("交换服务承诺")
        verbose_name_plural = _("交换服务承诺")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.service

    def chronicle_region_path(self) -> str:
        return self.community.path


class ExchangeFulfilment(models.Model):
    """履约记录 of a commitment: one service delivered (date, content, person-times), as for contracts."""

    commitment = models.ForeignKey(ExchangeCommitment, on_delete=models.PROTECT, related_name="fulfilments")
    date = models.DateField(_("服务日期"))
    content = models.CharField(_("服务内容"), max_length=limits.SHORT_TEXT)
    person_times = models.PositiveIntegerField(_("服务人次"))
    unusual_reason = models.CharField(_("数字超出常见范围的原因"), max_length=limits.UNUSUAL_REASON_LENGTH, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("交换服务履约记录")
        verbose_name_plural = _("交换服务履约记录")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(name="spaces_fulfilment_person_times_bounded",
                                   condition=Q(person_times__lte=limits.PERSON_TIMES.high)),
            models.CheckConstraint(name="spaces_fulfilment_not_before_platform",
                                   condition=Q(date__gte=limits.PLATFORM_START)),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.date}"

    def chronicle_region_path(self) -> str:
        return self.commitment.community.path
