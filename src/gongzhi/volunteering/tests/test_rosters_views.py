"""Duty roster pages: the workbench (rosters, gaps, a new roster, a shift's attendance, duty hours to confirm) and
the member's phone (值班: sign up, cancel; the captain's gaps and attendance); scope is 404; lists keep a constant
query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.volunteering.models import HoursEntry, Roster, ShiftSignup
from gongzhi.volunteering.services import rosters as services
from gongzhi.volunteering.tests import rosters_world
from gongzhi.volunteering.tests.rosters_world import T0, add_member, at

pytestmark = pytest.mark.django_db
duty = pytest.fixture(rosters_world.duty_fixture, name="duty")
frozen = pytest.fixture(rosters_world.frozen_fixture, name="frozen")


def test_a_member_signs_up_and_cancels_on_the_phone(duty, frozen, client_for):
    c = client_for(duty.world.volunteer)
    page = c.get(reverse("volunteering:m_duty")).content.decode()
    assert "红袖标安全卫士巡逻队" in page and "周五晚间巡逻" in page
    url = reverse("volunteering:m_shift", args=[duty.shift.pk])
    assert "报名值班" in c.get(url).content.decode()
    c.post(reverse("volunteering:m_signup", args=[duty.shift.pk]))
    signup = ShiftSignup.objects.get(shift=duty.shift, volunteer=duty.liu)
    page = c.get(url).content.decode()
    assert "您已报名" in page and "取消报名" in page
    c.post(reverse("volunteering:m_duty_cancel", args=[signup.pk]))
    assert ShiftSignup.objects.get(pk=signup.pk).status == "cancelled"


def test_a_full_shift_offers_no_sign_up_and_a_forced_post_is_refused(duty, frozen, client_for):
    services.sign_up(actor=duty.zhou, shift=duty.shift)
    services.sign_up(actor=duty.captain, shift=duty.shift)
    c = client_for(duty.world.volunteer)
    page = c.get(reverse("volunteering:m_shift", args=[duty.shift.pk])).content.decode()
    assert "已报满" in page and "报名值班" not in page
    response = c.post(reverse("volunteering:m_signup", args=[duty.shift.pk]), follow=True)
    assert "该班次已报满" in response.content.decode()
    assert ShiftSignup.objects.filter(shift=duty.shift).count() == 2


def test_the_captain_sees_gaps_members_and_marks_attendance_on_the_phone(duty, frozen, client_for):
    services.sign_up(actor=duty.world.volunteer, shift=duty.shift)
    c = client_for(duty.captain)
    page = c.get(reverse("volunteering:m_duty")).content.decode()
    assert "缺人的班次" in page and 'data-testid="m-gap"' in page
    team_page = c.get(reverse("volunteering:m_team", args=[duty.team.pk])).content.decode()
    assert "周梅" in team_page and "139****0002" in team_page  # masked for a resident captain
    with clock.frozen(at(2026, 5, 15, 21, 45)):
        assert 'data-testid="attendance-form"' in c.get(reverse("volunteering:m_shift", args=[duty.shift.pk])).content.decode()
        c.post(reverse("volunteering:m_attendance", args=[duty.shift.pk]), {"served": [duty.liu.pk]})
    entry = HoursEntry.objects.get()
    assert entry.kind == "duty" and entry.status == "pending" and entry.shift == duty.shift


def test_members_do_not_mark_attendance_and_outsiders_get_404(duty, frozen, client_for):
    w = duty.world
    services.sign_up(actor=w.volunteer, shift=duty.shift)
    with clock.frozen(at(2026, 5, 15, 21, 45)):
        assert client_for(w.volunteer).post(reverse("volunteering:m_attendance", args=[duty.shift.pk]),
                                            {"served": [duty.liu.pk]}).status_code == 404
    assert not HoursEntry.objects.exists()
    for user in (w.resident, w.nanmen_staff, w.outsider):
        c = client_for(user)
        assert c.get(reverse("volunteering:m_shift", args=[duty.shift.pk])).status_code == 404
        assert c.post(reverse("volunteering:m_signup", args=[duty.shift.pk])).status_code == 404
    assert client_for(w.nanmen_staff).get(reverse("volunteering:shift_detail", args=[duty.shift.pk])).status_code == 404
    assert client_for(w.nanmen_staff).get(reverse("volunteering:roster_detail", args=[duty.roster.pk])).status_code == 404
    assert client_for(w.nanmen_staff).get(reverse("people:team_detail", args=[duty.team.pk])).status_code == 404
    signup = ShiftSignup.objects.get()
    assert client_for(duty.zhou).post(reverse("volunteering:m_duty_cancel", args=[signup.pk])).status_code == 404


def test_staff_create_a_roster_and_bad_input_is_a_form_error(duty, frozen, client_for):
    c = client_for(duty.world.wumei_staff)
    url = reverse("volunteering:roster_new")
    assert c.get(url).status_code == 200
    before = Roster.objects.count()
    for bad in ({"slots": "-1"}, {"slots": "abc"}, {"ends_at": "18:00"}, {"starts_at": "xx"}, {"weekday": "9"},
                {"team": "abc"}, {"team": str(duty.nanmen_team.pk)}):
        data = {"team": duty.team.pk, "title": "周日巡逻", "weekday": 6, "starts_at": "19:00", "ends_at": "21:00",
                "slots": 2, **bad}
        response = c.post(url, data)
        assert response.status_code == 200 and 'class="errorlist"' in response.content.decode(), bad
    assert Roster.objects.count() == before
    response = c.post(url, {"team": duty.team.pk, "title": "周日巡逻", "weekday": 6, "starts_at": "19:00",
                            "ends_at": "21:00", "slots": 2})
    assert response.status_code == 302 and Roster.objects.count() == before + 1
    assert client_for(duty.world.nanmen_staff).post(url, {"team": duty.team.pk}).status_code == 200  # no such choice
    assert client_for(duty.world.liaison).get(url).status_code == 404


def test_staff_mark_attendance_and_confirm_duty_hours_on_the_workbench(duty, frozen, client_for):
    w = duty.world
    services.sign_up(actor=w.volunteer, shift=duty.shift)
    services.sign_up(actor=duty.zhou, shift=duty.shift)
    c = client_for(w.wumei_staff)
    with clock.frozen(at(2026, 5, 16, 9)):
        page = c.get(reverse("volunteering:shift_detail", args=[duty.shift.pk])).content.decode()
        assert "150****3333" not in page and "15077303333" in page  # community staff see phones whole
        c.post(reverse("volunteering:shift_attendance", args=[duty.shift.pk]),
               {"served": [duty.liu.pk, duty.zhou_volunteer.pk]})
        assert HoursEntry.objects.filter(status="pending").count() == 2
        assert "待确认值班时长 2 条" in c.get(reverse("volunteering:rosters")).content.decode()
        ids = list(HoursEntry.objects.values_list("pk", flat=True))
        client_for(w.nanmen_staff).post(reverse("volunteering:duty_hours"), {"entries": ids})  # not theirs
        assert HoursEntry.objects.filter(status="pending").count() == 2
        c.post(reverse("volunteering:duty_hours"), {"entries": ids})
    assert HoursEntry.objects.filter(status="confirmed").count() == 2


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_list_pages_keep_a_constant_query_count(duty, frozen, client_for):
    w = duty.world
    pages = [(w.wumei_staff, reverse("volunteering:rosters")), (w.wumei_staff, reverse("people:teams")),
             (w.wumei_staff, reverse("volunteering:duty_hours")), (duty.captain, reverse("volunteering:m_duty")),
             (duty.captain, reverse("volunteering:m_team", args=[duty.team.pk])),
             (w.wumei_staff, reverse("people:team_detail", args=[duty.team.pk])),
             (w.wumei_staff, reverse("volunteering:roster_detail", args=[duty.roster.pk])),
             (w.wumei_staff, reverse("api:gap_shifts")), (w.wumei_staff, reverse("api:list_teams")),
             (duty.captain, reverse("api:upcoming_shifts"))]

    def grow(start):
        for i in range(start, start + 4):
            _user, _v = add_member(w, duty.team, username=f"m{i}", name=f"队员{i}", phone=f"1590773{i:04d}")
            roster = services.create_roster(actor=w.wumei_staff, team=duty.team, title=f"巡逻{i}", weekday=i % 7,
                                            starts_at="08:00", ends_at="10:00", slots=3)
            services.sign_up(actor=_user, shift=roster.shifts.order_by("date")[0])

    grow(0)
    before = [_count(client_for(u), url) for u, url in pages]
    grow(10)
    after = [_count(client_for(u), url) for u, url in pages]
    assert before == after, list(zip([p[1] for p in pages], before, after, strict=True))


def test_the_captain_records_a_member_leaving_on_the_phone(duty, frozen, client_for):
    from gongzhi.people.models import TeamMembership

    spell = TeamMembership.objects.current().get(team=duty.team, volunteer=duty.zhou_volunteer)
    url = reverse("volunteering:m_team_leave", args=[duty.team.pk, spell.pk])
    assert client_for(duty.world.volunteer).post(url).status_code == 404  # a member is no captain
    assert client_for(duty.world.nanmen_staff).post(url).status_code == 404
    assert client_for(duty.captain).post(url).status_code == 302
    assert TeamMembership.objects.get(pk=spell.pk).left_on == T0.date()
    assert client_for(duty.captain).post(url).status_code == 404  # already gone
