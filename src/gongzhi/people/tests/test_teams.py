"""Volunteer teams: kinds and captains, dated memberships (join, leave, rejoin), current members counted alike
everywhere, and the migration that turned the old team links into memberships."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.people.models import TeamMembership, VolunteerTeam
from gongzhi.people.permissions import teams_visible_to
from gongzhi.people.selectors import current_members, with_team_figures
from gongzhi.people.services import create_team, join_team, leave_team, register_volunteer, set_captain
from gongzhi.testing.scratch import scratch_database
from gongzhi.volunteering.tests.rosters_world import T0, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    with clock.frozen(T0):
        return create_team(actor=world.wumei_staff, name="红袖标安全卫士巡逻队", community=world.wumei, kind="patrol")


def test_a_team_has_a_kind_and_bad_kinds_are_refused(world, team):
    assert team.get_kind_display() == "红袖标安全卫士"
    with pytest.raises(ValidationError):
        create_team(actor=world.wumei_staff, name="x", community=world.wumei, kind="pirates")
    with pytest.raises(PermissionDenied):
        create_team(actor=world.nanmen_staff, name="x", community=world.wumei)


def test_join_leave_and_rejoin_keep_the_history(world, team):
    liu = world.volunteer_person.volunteer
    with clock.frozen(T0):
        join_team(actor=world.wumei_staff, volunteer=liu, team=team, on=dt.date(2026, 3, 1))
        with pytest.raises(ValidationError, match="已是该队队员"):
            join_team(actor=world.wumei_staff, volunteer=liu, team=team)
        leave_team(actor=world.wumei_staff, volunteer=liu, team=team, on=dt.date(2026, 4, 1))
        with pytest.raises(ValidationError, match="不是该队队员"):
            leave_team(actor=world.wumei_staff, volunteer=liu, team=team)
        with pytest.raises(ValidationError, match="不能早于上次离队"):
            join_team(actor=world.wumei_staff, volunteer=liu, team=team, on=dt.date(2026, 3, 15))
        join_team(actor=world.wumei_staff, volunteer=liu, team=team, on=dt.date(2026, 5, 1))
    spells = list(TeamMembership.objects.filter(team=team).order_by("joined_on").values_list("joined_on", "left_on"))
    assert spells == [(dt.date(2026, 3, 1), dt.date(2026, 4, 1)), (dt.date(2026, 5, 1), None)]
    assert current_members(team).count() == 1
    assert list(liu.teams.distinct()) == [team]  # Volunteer.teams still reads every team they have been in
    assert Entry.objects.filter(action="volunteer_team.joined").count() == 2
    assert Entry.objects.filter(action="volunteer_team.left").count() == 1


def test_bad_dates_change_nothing(world, team):
    liu = world.volunteer_person.volunteer
    with clock.frozen(T0):
        for on in (dt.date(2026, 1, 1), dt.date(2027, 1, 1)):  # before registering, in the future
            with pytest.raises(ValidationError):
                join_team(actor=world.wumei_staff, volunteer=liu, team=team, on=on)
        join_team(actor=world.wumei_staff, volunteer=liu, team=team, on=dt.date(2026, 3, 1))
        with pytest.raises(ValidationError):
            leave_team(actor=world.wumei_staff, volunteer=liu, team=team, on=dt.date(2026, 2, 1))
    assert TeamMembership.objects.filter(team=team).count() == 1 and current_members(team).count() == 1


def test_the_database_holds_one_open_membership(world, team):
    liu = world.volunteer_person.volunteer
    TeamMembership.objects.create(volunteer=liu, team=team, joined_on=dt.date(2026, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(volunteer=liu, team=team, joined_on=dt.date(2026, 3, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(volunteer=liu, team=team, joined_on=dt.date(2026, 3, 2),
                                      left_on=dt.date(2026, 3, 1))


def test_the_old_add_still_works_for_set_up_code(world, team):
    with clock.frozen(T0):
        world.volunteer_person.volunteer.teams.add(team)
    assert TeamMembership.objects.get(team=team).joined_on == T0.date()


def test_only_staff_name_a_captain_who_is_a_current_member_and_a_leaving_captain_steps_down(world, team):
    liu = world.volunteer_person.volunteer
    with clock.frozen(T0):
        with pytest.raises(ValidationError, match="现任队员"):
            set_captain(actor=world.wumei_staff, team=team, volunteer=liu)
        join_team(actor=world.wumei_staff, volunteer=liu, team=team)
        with pytest.raises(PermissionDenied):
            set_captain(actor=world.nanmen_staff, team=team, volunteer=liu)
        set_captain(actor=world.wumei_staff, team=team, volunteer=liu)
        assert VolunteerTeam.objects.get(pk=team.pk).captain == liu
        leave_team(actor=world.wumei_staff, volunteer=liu, team=team)
    assert VolunteerTeam.objects.get(pk=team.pk).captain is None


def test_counts_are_current_members(world, team):
    with clock.frozen(T0):
        vols = []
        for i in range(3):
            from gongzhi.people.services import register_person
            p = register_person(actor=world.admin, name=f"队员{i}", home=world.wumei_b1)
            vols.append(register_volunteer(actor=world.admin, person=p, teams=[team], on=dt.date(2026, 3, 1)))
        leave_team(actor=world.wumei_staff, volunteer=vols[0], team=team)
    row = with_team_figures(VolunteerTeam.objects.filter(pk=team.pk), year=2026).get()
    assert row.member_count == 2 and row.hours == 0


def test_scope_of_teams(world, team):
    assert team in teams_visible_to(world.wumei_staff) and team in teams_visible_to(world.street_staff)
    assert team not in teams_visible_to(world.nanmen_staff) and team not in teams_visible_to(world.resident)



def _grow_teams(world, start: int, n: int):
    """`n` more teams in 五美社区, each with a captain, two current members, a past one and confirmed hours."""
    from decimal import Decimal

    from gongzhi.people.services import register_person
    from gongzhi.volunteering.models import HoursEntry

    with clock.frozen(T0):
        for i in range(start, start + n):
            team = create_team(actor=world.wumei_staff, name=f"第{i}志愿服务队", community=world.wumei,
                               kind="patrol" if i % 2 else "leifeng")
            vols = [register_volunteer(actor=world.admin, person=register_person(
                actor=world.admin, name=f"队员{i}_{j}", home=world.wumei_b1), teams=[team], on=dt.date(2026, 3, 1))
                for j in range(3)]
            leave_team(actor=world.wumei_staff, volunteer=vols[0], team=team)
            set_captain(actor=world.wumei_staff, team=team, volunteer=vols[1])
            HoursEntry.objects.create(person=vols[1].person, community=world.wumei, kind="duty", team=team,
                                      served_on=dt.date(2026, 4, 1), hours=Decimal("2.0"), status="confirmed",
                                      recorded_at=at(2026, 4, 1, 12))


@pytest.mark.parametrize("persona", ["wumei_staff", "street_staff"])
def test_the_team_list_keeps_its_query_count(world, client_for, persona):
    client = client_for(getattr(world, persona))

    def count() -> int:
        with clock.frozen(T0), CaptureQueriesContext(connection) as ctx:
            assert client.get("/workbench/people/teams/").status_code == 200
        return len(ctx.captured_queries)

    _grow_teams(world, 1, 1)
    small = count()
    _grow_teams(world, 10, 6)
    assert count() == small

# --- the migration -----------------------------------------------------------------------------------------------

def test_the_membership_migration_keeps_every_team_link(django_db_blocker, tmp_path):
    """0002 turns every (volunteer, team) pair into a membership joined on the registration day; run on a scratch
    database that holds only the people app's history (testing/scratch.py)."""
    with django_db_blocker.unblock(), scratch_database(tmp_path) as scratch:
        old, new = [("people", "0001_initial")], [("people", "0002_team_kind_captain_memberships")]
        executor = MigrationExecutor(scratch)
        executor.migrate(old)
        apps = executor.loader.project_state(old).apps
        Node = apps.get_model("regions", "RegionNode")
        Person = apps.get_model("people", "Person")
        Team = apps.get_model("people", "VolunteerTeam")
        OldVolunteer = apps.get_model("people", "Volunteer")
        db = scratch.alias
        community = Node.objects.using(db).create(kind="community", name="五美社区", path="9001/", depth=1)
        teams = [Team.objects.using(db).create(name=f"队{i}", community=community) for i in range(2)]
        days = [dt.date(2025, 3, 5), dt.date(2026, 1, 9)]
        for i, day in enumerate(days):
            person = Person.objects.using(db).create(name=f"志愿者{i}", home=community)
            volunteer = OldVolunteer.objects.using(db).create(person=person, registered_on=day)
            volunteer.teams.set(teams[: i + 1])
        executor = MigrationExecutor(scratch)
        executor.loader.build_graph()
        executor.migrate(new)
        apps = executor.loader.project_state(new).apps
        Membership = apps.get_model("people", "TeamMembership")
        rows = sorted(Membership.objects.using(db).values_list("volunteer__person__name", "team__name", "joined_on",
                                                                "left_on"))
        assert rows == [("志愿者0", "队0", days[0], None), ("志愿者1", "队0", days[1], None),
                        ("志愿者1", "队1", days[1], None)]
        NewVolunteer = apps.get_model("people", "Volunteer")
        assert NewVolunteer.objects.using(db).get(person__name="志愿者1").teams.count() == 2
    assert at(2026, 1, 1)  # the helper module imports cleanly
