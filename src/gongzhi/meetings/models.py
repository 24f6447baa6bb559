"""联席会议 (joint meetings) of a community or street: monthly partner meetings, big-party-committee meetings and
six-party deliberation. A meeting invites organisations and departments, has an agenda (free text, or items from
the lists, cases or — through `services.add_agenda_item` — any higher app), attendance per invitation, minutes
written once (corrections are appended notes) and resolutions (决议事项) that are tracked tasks with exactly one
owner, a deadline and dated progress updates. An overdue task reminds its owner once (`TaskReminder`).

Named `JointMeeting` so it is never confused with contracts' negotiation meeting (商谈会) or cases' coordination
meeting (协调会)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case
from gongzhi.core import limits
from gongzhi.lists.models import Need, Resource
from gongzhi.organisations.models import Department, Organisation
from gongzhi.people.models import VolunteerTeam
from gongzhi.regions.models import RegionNode


class MeetingKind(models.TextChoices):
    PARTNER_MONTHLY = "partner_monthly", _("合伙人月度例会")
    BIG_COMMITTEE = "big_committee", _("大党委联席会议")
    SIX_PARTY = "six_party", _("六方议事")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    MINUTED = "minuted", _("已记录纪要")


class JointMeeting(models.Model):
    """One joint meeting of a body: the body is (community or street, kind)."""

    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="joint_meetings",
                                  verbose_name=_("社区或街道"))
    kind = models.CharField(_("会议类别"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=limits.TITLE)
    convener = models.CharField(_("召集人"), max_length=limits.NAME * 2,
                                help_text=_("召集的组织或负责人，如：五美社区党委"))
    starts_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("地点"), max_length=limits.TITLE)
    status = models.CharField(_("状态"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    host_attendees = models.CharField(_("社区方参会人员"), max_length=limits.SHORT_TEXT, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True, max_length=limits.MINUTES)
    minutes_recorded_at = models.DateTimeField(_("纪要记录时间"), null=True, blank=True)
    minutes_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["community", "kind", "starts_at"], name="jointmeeting_body")]
        constraints = [
            # minutes are written once: a minuted meeting has its minutes and their time, a scheduled one neither
            models.CheckConstraint(name="jointmeeting_minutes_once", condition=(
                Q(status=MeetingStatus.SCHEDULED, minutes_recorded_at__isnull=True)
                | Q(status=MeetingStatus.MINUTED, minutes_recorded_at__isnull=False))),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.community.path

    @property
    def is_minuted(self) -> bool:
        return self.status == MeetingStatus.MINUTED


class SixPartyRole(models.TextChoices):
    COMMUNITY_COMMITTEE = "community_committee", _("社区党委")
    RESIDENTS_COMMITTEE = "residents_committee", _("居委会")
    DEPARTMENT = "department", _("职能部门")
    UNIT = "unit", _("驻区单位")
    PROPERTY_COMPANY = "property_company", _("物业公司")
    OWNERS_COMMITTEE = "owners_committee", _("业主委员会")


class Attendance(models.TextChoices):
    PENDING = "pending", _("待登记")
    ATTENDED = "attended", _("出席")
    ABSENT = "absent", _("缺席")


class Invitation(models.Model):
    """An organisation or a department invited to a meeting, and whether (and who) it attended."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="joint_meeting_invitations", verbose_name=_("单位"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="joint_meeting_invitations", verbose_name=_("职能部门"))
    role = models.CharField(_("议事方"), max_length=24, choices=SixPartyRole.choices, blank=True)
    attendance = models.CharField(_("出席情况"), max_length=12, choices=Attendance.choices,
                                  default=Attendance.PENDING)
    attendees = models.CharField(_("参会人员"), max_length=limits.SHORT_TEXT, blank=True)
    absence_reason = models.CharField(_("缺席原因"), max_length=limits.SHORT_TEXT, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("参会邀请")
        verbose_name_plural = _("参会邀请")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(name="invitation_one_invitee", condition=(
                Q(organisation__isnull=False, department__isnull=True)
                | Q(organisation__isnull=True, department__isnull=False))),
            models.UniqueConstraint(fields=["meeting", "organisation"], name="invitation_unit_once",
                                    condition=Q(organisation__isnull=False)),
            models.UniqueConstraint(fields=["meeting", "department"], name="invitation_department_once",
                                    condition=Q(department__isnull=False)),
            models.CheckConstraint(name="invitation_absent_has_reason", condition=(
                ~Q(attendance=Attendance.ABSENT) | ~Q(absence_reason=""))),
        ]

    def __str__(self) -> str:
        return self.invitee_name

    @property
    def invitee_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.department.name


class AgendaSource(models.TextChoices):
    FREE = "free", _("自由议题")
    NEED = "need", _("需求清单")
    RESOURCE = "resource", _("资源清单")
    CASE = "case", _("诉求案件")
    OTHER = "other", _("其他来源")


class AgendaItem(models.Model):
    """One item of a meeting's agenda. `title` is always set; the optional links name where it came from. Higher
    apps (居民提议 …) add items through `services.add_agenda_item` with `source=OTHER`, a `source_label` and a
    `source_key` naming their object (unique per meeting, so the same proposal is never put on one agenda twice)."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("议题"), max_length=limits.TITLE)
    note = models.TextField(_("说明"), blank=True, max_length=limits.NOTE)
    source = models.CharField(_("来源"), max_length=12, choices=AgendaSource.choices, default=AgendaSource.FREE)
    need = models.ForeignKey(Need, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    source_label = models.CharField(_("来源说明"), max_length=limits.TITLE, blank=True)
    source_key = models.CharField(max_length=80, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["meeting", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "source_key"], name="agenda_source_once",
                                    condition=~Q(source_key="")),
            models.CheckConstraint(name="agenda_link_matches_source", condition=(
                (Q(source=AgendaSource.NEED) & Q(need__isnull=False, resource__isnull=True, case__isnull=True))
                | (Q(source=AgendaSource.RESOURCE) & Q(need__isnull=True, resource__isnull=False,
                                                       case__isnull=True))
                | (Q(source=AgendaSource.CASE) & Q(need__isnull=True, resource__isnull=True, case__isnull=False))
                | (Q(source__in=[AgendaSource.FREE, AgendaSource.OTHER])
                   & Q(need__isnull=True, resource__isnull=True, case__isnull=True)))),
        ]

    def __str__(self) -> str:
        return self.title


class MinutesNote(models.Model):
    """A correction or addition to frozen minutes: appended, never edited."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="minutes_notes")
    text = models.TextField(_("补充说明"), max_length=limits.NOTE)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        verbose_name = _("纪要补充说明")
        verbose_name_plural = _("纪要补充说明")
        ordering = ["meeting", "written_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class TaskStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已关闭")


class OwnerKind(models.TextChoices):
    ORGANISATION = "organisation", _("单位")
    DEPARTMENT = "department", _("职能部门")
    TEAM = "team", _("志愿服务队")
    USER = "user", _("工作人员")


class Task(models.Model):
    """A resolution (决议事项) of a meeting, tracked as a task: exactly one owner, a deadline, progress."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.PROTECT, related_name="tasks",
                                verbose_name=_("会议"))
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("决议事项"), max_length=limits.TITLE)
    detail = models.TextField(_("具体要求"), blank=True, max_length=limits.NOTE)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="joint_meeting_tasks", verbose_name=_("责任单位"))
    owner_department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="joint_meeting_tasks", verbose_name=_("责任部门"))
    owner_team = models.ForeignKey(VolunteerTeam, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="joint_meeting_tasks", verbose_name=_("责任队伍"))
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="joint_meeting_tasks", verbose_name=_("责任人"))
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("决议事项")
        verbose_name_plural = _("决议事项")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="jointtask_open_due")]
        constraints = [
            models.CheckConstraint(name="task_exactly_one_owner", condition=(
                Q(owner_organisation__isnull=False, owner_department__isnull=True, owner_team__isnull=True,
                  owner_user__isnull=True)
                | Q(owner_organisation__isnull=True, owner_department__isnull=False, owner_team__isnull=True,
                    owner_user__isnull=True)
                | Q(owner_organisation__isnull=True, owner_department__isnull=True, owner_team__isnull=False,
                    owner_user__isnull=True)
                | Q(owner_organisation__isnull=True, owner_department__isnull=True, owner_team__isnull=True,
                    owner_user__isnull=False))),
            models.CheckConstraint(name="task_percent_range", condition=Q(percent__lte=100)),
            models.CheckConstraint(name="task_finished_when_not_open", condition=(
                Q(status=TaskStatus.OPEN, finished_at__isnull=True)
                | (~Q(status=TaskStatus.OPEN) & Q(finished_at__isnull=False)))),
            models.UniqueConstraint(fields=["meeting", "number"], name="task_number_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def chronicle_region_path(self) -> str:
        return self.meeting.community.path

    @property
    def owner_kind(self) -> str:
        if self.owner_organisation_id:
            return OwnerKind.ORGANISATION
        if self.owner_department_id:
            return OwnerKind.DEPARTMENT
        if self.owner_team_id:
            return OwnerKind.TEAM
        return OwnerKind.USER

    @property
    def owner_kind_label(self) -> str:
        return str(OwnerKind(self.owner_kind).label)

    @property
    def owner_name(self) -> str:
        if self.owner_organisation_id:
            return self.owner_organisation.name
        if self.owner_department_id:
            return self.owner_department.name
        if self.owner_team_id:
            return self.owner_team.name
        user = self.owner_user
        return (user.display_name or user.username) if user is not None else ""

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def is_overdue(self, today) -> bool:
        return self.is_open and self.deadline < today


class TaskUpdate(models.Model):
    """A dated progress note on a task (percent and/or the new status). Appended, never edited."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    note = models.TextField(_("进展说明"), max_length=limits.NOTE)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        verbose_name = _("进展")
        verbose_name_plural = _("进展")
        ordering = ["task", "-written_at", "-pk"]
        constraints = [models.CheckConstraint(name="taskupdate_percent_range",
                                              condition=Q(percent__isnull=True) | Q(percent__lte=100))]

    def __str__(self) -> str:
        return self.note[:40]


class TaskReminder(models.Model):
    """An overdue task reminds its owner once: the constraint makes a second sweep (or two at once) a no-op."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, default="overdue")
    created_at = models.DateTimeField()
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="joint_meeting_reminders")
    message = models.CharField(max_length=limits.SHORT_TEXT)

    class Meta:
        verbose_name = _("决议事项逾期提醒")
        verbose_name_plural = _("决议事项逾期提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["task", "kind"], name="task_reminder_once")]

    def __str__(self) -> str:
        return self.message
