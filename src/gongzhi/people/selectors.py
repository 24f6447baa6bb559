"""Read queries over people, starting from the scoped queryset, and their presentation with personal
data masked for the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils.translation import gettext as _

from gongzhi.core.listing import search
from gongzhi.core.numbers import tenths
from gongzhi.people.models import DUTY_KINDS, Person, TeamKind, TeamMembership, VolunteerTeam
from gongzhi.people.permissions import people_visible_to, shown_id_number, shown_phone, teams_visible_to

KINDS = {
    "party_member": Q(party_member__isnull=False),
    "in_service": Q(party_member__in_service=True),
    "registered": Q(party_member__registered_community__isnull=False),
    "volunteer": Q(volunteer__isnull=False),
}


def person_list(user, *, q: str = "", kind: str = "", home: int | None = None):
    qs = people_visible_to(user).select_related("home__parent", "party_member", "party_member__work_unit", "volunteer")
    qs = search(qs, q, ("name", "search_key"))
    if kind in KINDS:
        qs = qs.filter(KINDS[kind])
    if home:
        qs = qs.filter(home_id=home)
    return qs.order_by("home__path", "name", "pk")


@dataclass(frozen=True)
class PersonCard:
    """A person as one viewer may see them: phone and ID number already masked where required."""

    person: Person
    phone: str
    id_number: str

    @property
    def tags(self) -> list[str]:
        p, tags = self.person, []
        member = getattr(p, "party_member", None)
        if member is not None:
            tags.append(_("在职党员") if member.in_service else _("党员"))
        if getattr(p, "volunteer", None) is not None:
            tags.append(_("志愿者"))
        return tags


def present(user, person: Person) -> PersonCard:
    return PersonCard(person, shown_phone(user, person), shown_id_number(user, person))




# --- volunteer teams -------------------------------------------------------------------------------------------
# "Current members" are the open memberships (TeamMembership.objects.current()); every count of a team's members
# on pages, the API and the figures goes through `current_members` / `with_team_figures`.

CONFIRMED = "confirmed"  # HoursEntry.status that counts (volunteering.models.hours.COUNTED; people sits below it)


def current_members(team=None):
    """Open memberships (of `team`, or of every team), with the volunteer's person and home for presenting."""
    qs = TeamMembership.objects.current().select_related("volunteer__person__home", "team")
    return qs.filter(team=team) if team is not None else qs


def with_team_figures(teams, *, year: int):
    """`teams` annotated with `member_count` (current members) and `hours` (confirmed hours served for the team in
    `year`), each a correlated subquery, so a list of teams costs one query however many rows it has."""
    members = (TeamMembership.objects.current().filter(team=OuterRef("pk")).order_by()
               .values("team").annotate(n=Count("pk")).values("n"))
    hours = (VolunteerTeam.objects.filter(pk=OuterRef("pk"))
             .annotate(h=Sum("service_hours__hours", filter=Q(service_hours__status=CONFIRMED,
                                                               service_hours__served_on__year=year)))
             .values("h"))
    return teams.annotate(member_count=Coalesce(Subquery(members), 0),
                          hours=Coalesce(Subquery(hours, output_field=DecimalField(max_digits=12, decimal_places=1)),
                                         Value(Decimal(0)), output_field=DecimalField(max_digits=12, decimal_places=1)))


DUTY = "duty"  # a team-list kind filter: patrol and persuasion teams (DUTY_KINDS)


def team_list(user, *, year: int, q: str = "", kind: str = "", community: int | None = None):
    qs = teams_visible_to(user).select_related("community", "organisation", "captain__person")
    qs = search(qs, q, ("name", "speciality"))
    if kind in TeamKind.values:
        qs = qs.filter(kind=kind)
    elif kind == DUTY:  # patrol and persuasion teams, both on duty rosters
        qs = qs.filter(kind__in=DUTY_KINDS)
    if community:
        qs = qs.filter(community_id=community)
    return with_team_figures(qs, year=year).order_by("community__path", "name", "pk")


def team_hours_by_month(team, *, year: int) -> list[dict]:
    """Confirmed hours of the team per month of `year`: [{"month": 1, "hours": Decimal, "entries": n}, …]."""
    rows = (team.service_hours.filter(status=CONFIRMED, served_on__year=year).annotate(month=ExtractMonth("served_on"))
            .order_by().values("month").annotate(hours=Sum("hours"), entries=Count("pk")))
    by_month = {r["month"]: r for r in rows}
    return [{"month": m, "hours": tenths(by_month.get(m, {}).get("hours")),
             "entries": by_month.get(m, {}).get("entries", 0)} for m in range(1, 13)]


def membership_history(team):
    return (TeamMembership.objects.filter(team=team).select_related("volunteer__person")
            .order_by("-joined_on", "-pk"))


@dataclass(frozen=True)
class MemberCard:
    """A current member as the viewer may see them (phone masked per role)."""

    membership: TeamMembership
    name: str
    phone: str
    is_captain: bool


def present_members(user, team) -> list[MemberCard]:
    return [MemberCard(m, m.volunteer.person.name, shown_phone(user, m.volunteer.person),
                       m.volunteer_id == team.captain_id)
            for m in current_members(team).order_by("joined_on", "pk")]


def volunteers_for_joining(user, text: str):
    """Registered volunteers the user sees whose phone number or name is `text`."""
    text = (text or "").strip()
    if not text:
        return []
    qs = people_visible_to(user).filter(volunteer__isnull=False).filter(Q(phone=text) | Q(name=text))
    return [p.volunteer for p in qs.select_related("volunteer", "home")[:5]]
