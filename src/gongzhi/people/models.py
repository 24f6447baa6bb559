"""People (人员): residents, party members (in-service members who register with the community where they
live), volunteers and their teams. Staff, grid workers, liaisons and receivers are users with roles; a user
who is also a resident links to their person record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock, limits
from gongzhi.organisations.models import Organisation
from gongzhi.party.models import PartyOrganisation
from gongzhi.regions.models import RegionNode


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    home = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="residents",
                             verbose_name=_("居住地"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="person", verbose_name=_("登录账号"))
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["home__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=~models.Q(id_number=""), name="person_id_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.home.path


class PartyMember(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="party_member",
                                  verbose_name=_("人员"))
    party_organisation = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT, related_name="members",
                                           verbose_name=_("所在党组织"))
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    in_service = models.BooleanField(_("在职党员"), default=False)
    work_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="in_service_members", verbose_name=_("工作单位"))
    registered_community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="registered_members", verbose_name=_("报到社区"))
    registered_on = models.DateField(_("报到日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        constraints = [
            models.CheckConstraint(name="in_service_member_has_unit",
                                   condition=models.Q(in_service=False) | models.Q(work_unit__isnull=False)),
        ]

    def __str__(self) -> str:
        return str(self.person)


class TeamKind(models.TextChoices):
    LEIFENG = "leifeng", _("学雷锋")
    PATROL = "patrol", _("红袖标安全卫士")
    PERSUASION = "persuasion", _("文明劝导")
    PROFESSIONAL = "professional", _("专业队伍")
    UNIT = "unit", _("单位队伍")
    OTHER = "other", _("其他")


# Teams that keep duty rosters (weekly shifts with slots): patrol and persuasion
DUTY_KINDS = (TeamKind.PATROL, TeamKind.PERSUASION)


class VolunteerTeam(models.Model):
    name = models.CharField(_("队伍名称"), max_length=100)
    kind = models.CharField(_("队伍类别"), max_length=16, choices=TeamKind.choices, default=TeamKind.OTHER)
    community = models.ForeignKey(RegionNode, on_delete=models.PROTECT, related_name="volunteer_teams",
                                  verbose_name=_("所属社区"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="volunteer_teams", verbose_name=_("依托单位"))
    speciality = models.CharField(_("服务方向"), max_length=100, blank=True)
    captain = models.ForeignKey("Volunteer", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="captained_teams", verbose_name=_("队长"))

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["community__path", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="volunteer_team_unique")]

    def __str__(self) -> str:
        return self.name

    def chronicle_region_path(self) -> str:
        return self.community.path


class Volunteer(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="volunteer",
                                  verbose_name=_("人员"))
    # every team the volunteer has belonged to; the current ones are the open memberships (TeamMembership.current)
    teams = models.ManyToManyField(VolunteerTeam, through="TeamMembership", related_name="volunteers", blank=True,
                                   verbose_name=_("所在队伍"))
    registered_on = models.DateField(_("注册日期"))

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")

    def __str__(self) -> str:
        return str(self.person)


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Open memberships: the team's current members ("current members" everywhere counts are shown)."""
        return self.filter(left_on__isnull=True)


class TeamMembership(models.Model):
    """One spell of a volunteer in a team, from the day they joined to the day they left (open while they
    belong). Leaving closes the spell; rejoining opens a new one, so the history stays."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name=_("志愿者"))
    team = models.ForeignKey(VolunteerTeam, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("队伍"))
    joined_on = models.DateField(_("入队日期"), default=clock.today)
    left_on = models.DateField(_("离队日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=limits.SHORT_TEXT, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        ordering = ["team", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "team"], condition=models.Q(left_on__isnull=True),
                                    name="team_membership_one_open"),
            models.CheckConstraint(name="team_membership_leaves_after_joining",
                                   condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.team}"

    def chronicle_region_path(self) -> str:
        return self.team.community.path

    @property
    def is_current(self) -> bool:
        return self.left_on is None
