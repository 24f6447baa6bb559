"""Sign-up with a waiting list, cancellation before the cut-off (the first waiting gets the place and is told),
who may sign up (open or team-only), and scope (another community's staff get 404)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.people.models import VolunteerTeam
from gongzhi.people.services import register_volunteer
from gongzhi.volunteering.models import SignUp, SignUpStatus
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.tests.test_activities_helpers import BEFORE, at, fresh, make_activity, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    return [volunteer(world, f"v{i}", name, phone=f"1390773000{i}") for i, name in enumerate(["陈静", "李明", "黄丽"])]


def test_places_then_the_waiting_list_in_order(world, people):
    activity = make_activity(world, quota=2)
    with clock.frozen(BEFORE):
        first, second, third = (services.sign_up(actor=u, activity=activity) for u in people)
    assert [first.status, second.status, third.status] == ["signed", "signed", "waiting"]
    assert [first.position, second.position, third.position] == [1, 2, 3]
    assert Entry.objects.filter(action="volunteering.waiting").count() == 1


def test_signing_up_twice_is_refused(world, people):
    activity = make_activity(world)
    with clock.frozen(BEFORE):
        services.sign_up(actor=people[0], activity=activity)
        with pytest.raises(ValidationError, match="您已报名该活动"):
            services.sign_up(actor=fresh(people[0]), activity=activity)
    assert SignUp.objects.count() == 1


def test_a_cancellation_gives_the_place_to_the_first_waiting_who_is_told(world, people, client_for):
    activity = make_activity(world, quota=1)
    with clock.frozen(BEFORE):
        signed = services.sign_up(actor=people[0], activity=activity)
        first_waiting = services.sign_up(actor=people[1], activity=activity)
        second_waiting = services.sign_up(actor=people[2], activity=activity)
        services.cancel_signup(actor=people[0], signup=signed)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == SignUpStatus.SIGNED and first_waiting.promoted_at == BEFORE
    assert second_waiting.status == SignUpStatus.WAITING
    promotion = Entry.objects.get(action="volunteering.promoted", data__signup=first_waiting.pk)
    assert promotion.actor_id is None and promotion.data["freed_by"] == signed.pk  # the rule's doing, not the canceller's
    with clock.frozen(BEFORE):
        page = client_for(people[1]).get(reverse("volunteering:m_activity", args=[activity.pk])).content.decode()
    assert "候补已转正" in page


def test_cancelling_after_the_cut_off_is_refused_and_changes_nothing(world, people):
    activity = make_activity(world, quota=1, cutoff=24)
    with clock.frozen(BEFORE):
        signed = services.sign_up(actor=people[0], activity=activity)
        waiting = services.sign_up(actor=people[1], activity=activity)
    with clock.frozen(at(2026, 6, 5, 10)), pytest.raises(ValidationError, match="已过取消截止时间"):
        services.cancel_signup(actor=people[0], signup=signed)
    assert SignUp.objects.get(pk=signed.pk).status == "signed"
    assert SignUp.objects.get(pk=waiting.pk).status == "waiting"
    # leaving the waiting list is always allowed before the start
    with clock.frozen(at(2026, 6, 5, 10)):
        services.cancel_signup(actor=people[1], signup=waiting)
    assert SignUp.objects.get(pk=waiting.pk).status == "cancelled"


def test_nobody_cancels_somebody_elses_sign_up(world, people):
    activity = make_activity(world)
    with clock.frozen(BEFORE):
        signed = services.sign_up(actor=people[0], activity=activity)
        with pytest.raises(PermissionDenied):
            services.cancel_signup(actor=people[1], signup=signed)


def test_sign_up_closes_at_the_start(world, people):
    activity = make_activity(world)
    with clock.frozen(at(2026, 6, 6, 9, 1)), pytest.raises(ValidationError, match="报名已截止"):
        services.sign_up(actor=people[0], activity=activity)


def test_team_only_activities_take_the_teams_members_only(world, people, client_for):
    team = VolunteerTeam.objects.create(name="五美红袖标巡逻队", community=world.wumei, speciality="红袖标")
    member = register_volunteer(actor=world.admin, person=people[0].person, on=at(2026, 1, 5).date())
    member.teams.add(team)
    activity = make_activity(world, recruitment="team", team=team)
    with clock.frozen(BEFORE):
        assert services.sign_up(actor=fresh(people[0]), activity=activity).status == "signed"
        with pytest.raises(PermissionDenied):
            services.sign_up(actor=fresh(people[1]), activity=activity)
        assert client_for(people[1]).get(reverse("volunteering:m_activity", args=[activity.pk])).status_code == 404
        page = client_for(people[1]).get(reverse("volunteering:m_activities")).content.decode()
    assert "五美社区环境清洁日" not in page


def test_a_registered_party_member_signs_up_where_she_reported(world, client_for):
    from gongzhi.volunteering.tests.test_activities_helpers import volunteer as make

    user = make(world, "member2", "马红", home=world.nanmen_b1)
    from gongzhi.people.services import register_party_member, report_to_community

    member = register_party_member(actor=world.admin, person=user.person, party_organisation=world.hospital_committee,
                                   work_unit=world.hospital)
    report_to_community(actor=world.admin, member=member, community=world.wumei, on=at(2026, 3, 1).date())
    activity = make_activity(world)
    with clock.frozen(BEFORE):
        assert services.sign_up(actor=fresh(user), activity=activity).status == "signed"


def test_residents_of_another_community_neither_see_nor_join(world, client_for):
    outsider = volunteer(world, "cuizhu1", "周平", home=world.cuizhu_estate)
    activity = make_activity(world)
    with clock.frozen(BEFORE):
        assert client_for(outsider).get(reverse("volunteering:m_activity", args=[activity.pk])).status_code == 404
        assert client_for(outsider).post(reverse("volunteering:m_sign_up", args=[activity.pk])).status_code == 404
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("persona", ["nanmen_staff", "resident", "outsider"])
def test_another_communitys_staff_get_404_on_the_workbench(world, client_for, persona):
    activity = make_activity(world)
    client = client_for(getattr(world, persona))
    response = client.get(reverse("volunteering:activity", args=[activity.pk]))
    assert response.status_code in (404, 302)
    if persona == "nanmen_staff":
        assert response.status_code == 404
        assert client.get(reverse("volunteering:m_code", args=[activity.pk])).status_code == 404
        assert client.get(f"/api/v1/volunteering/activities/{activity.pk}/code").status_code == 404


def test_street_staff_read_but_do_not_run_the_code(world, client_for):
    activity = make_activity(world)
    client = client_for(world.street_staff)
    assert client.get(reverse("volunteering:activity", args=[activity.pk])).status_code == 200
    assert client.get(reverse("volunteering:m_code", args=[activity.pk])).status_code == 404


def test_the_phone_pages_flow(world, people, client_for):
    activity = make_activity(world, quota=1)
    a, b = client_for(people[0]), client_for(people[1])
    with clock.frozen(BEFORE):
        assert "五美社区环境清洁日" in a.get(reverse("volunteering:m_activities")).content.decode()
        a.post(reverse("volunteering:m_sign_up", args=[activity.pk]))
        page = b.get(reverse("volunteering:m_activity", args=[activity.pk])).content.decode()
        assert "报名候补" in page
        b.post(reverse("volunteering:m_sign_up", args=[activity.pk]))
        assert "您在候补名单中" in b.get(reverse("volunteering:m_activity", args=[activity.pk])).content.decode()
        a.post(reverse("volunteering:m_cancel", args=[activity.pk]))
        assert "候补已转正" in b.get(reverse("volunteering:m_activities")).content.decode()


def test_the_workbench_pages_list_sign_ups(world, people, client_for):
    activity = make_activity(world, quota=1)
    with clock.frozen(BEFORE):
        services.sign_up(actor=people[0], activity=activity)
        services.sign_up(actor=people[1], activity=activity)
    client = client_for(world.wumei_staff)
    listing = client.get(reverse("volunteering:activities")).content.decode()
    assert "五美社区环境清洁日" in listing
    page = client.get(reverse("volunteering:activity", args=[activity.pk])).content.decode()
    assert "陈静" in page and "李明" in page and "打开签到码" in page


def test_the_organising_teams_captain_runs_the_code(world, client_for):
    team = VolunteerTeam.objects.create(name="五美红袖标巡逻队", community=world.wumei, speciality="红袖标")
    captain = volunteer(world, "captain", "队长老陈")
    record = register_volunteer(actor=world.admin, person=captain.person, teams=[team], on=at(2026, 1, 5).date())
    team.captain = record
    team.save()
    activity = make_activity(world, recruitment="team", team=team)
    assert client_for(captain).get(reverse("volunteering:m_code", args=[activity.pk])).status_code == 200
    other = make_activity(world, title="别的活动")
    assert client_for(captain).get(reverse("volunteering:m_code", args=[other.pk])).status_code == 404
