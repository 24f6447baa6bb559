"""Duty rosters through their services: shifts made for the coming weeks (idempotently), sign-ups up to the slots,
cancellation before the start, attendance becoming pending duty hours, their confirmation; bad input changes
nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.people.services import leave_team
from gongzhi.volunteering.models import HoursEntry, HoursStatus, Roster, Shift, ShiftSignup, SignupStatus
from gongzhi.volunteering.services import rosters as services
from gongzhi.volunteering.tests import rosters_world
from gongzhi.volunteering.tests.rosters_world import FRIDAY, T0, at

pytestmark = pytest.mark.django_db
duty = pytest.fixture(rosters_world.duty_fixture, name="duty")
frozen = pytest.fixture(rosters_world.frozen_fixture, name="frozen")


def test_a_roster_makes_its_shifts_for_the_coming_weeks(duty):
    shifts = list(duty.roster.shifts.order_by("date"))
    assert [s.date for s in shifts] == [FRIDAY + dt.timedelta(weeks=i) for i in range(4)]
    first = shifts[0]
    assert first.starts_at == at(2026, 5, 15, 19, 30) and first.ends_at == at(2026, 5, 15, 21, 30)
    assert first.slots == 2 and first.hours == Decimal("2.0")


def test_the_sweep_keeps_n_weeks_ahead_and_is_idempotent(duty):
    with clock.frozen(T0 + dt.timedelta(weeks=2)):
        first = services.sweep_rosters()
        again = services.sweep_rosters()
        assert first == {"rosters": 1, "created": 2} and again == {"rosters": 1, "created": 0}
        call_command("rosters_sweep", "--now", "--weeks", "6")
    assert duty.roster.shifts.count() == 8  # from the 15th of May, Fridays until six weeks after the 25th


def test_a_paused_roster_gets_no_new_shifts(duty, frozen):
    services.set_roster_active(actor=duty.captain, roster=duty.roster, active=False)
    with clock.frozen(T0 + dt.timedelta(weeks=3)):
        assert services.sweep_rosters()["created"] == 0


@pytest.mark.parametrize("bad", [
    {"slots": -1}, {"slots": 0}, {"slots": 51}, {"slots": "三"}, {"slots": "abc"},
    {"ends_at": "19:00"}, {"ends_at": "19:30"}, {"starts_at": "ab:cd"}, {"ends_at": "明天"},
    {"weekday": 7}, {"weekday": "x"}, {"title": ""}, {"title": "巡" * 201}, {"ends_at": "19:45"},
])
def test_bad_roster_input_changes_nothing(duty, frozen, bad):
    before = (Roster.objects.count(), Shift.objects.count(), Entry.objects.count())
    fields = {"title": "周六巡逻", "weekday": 5, "starts_at": "19:30", "ends_at": "21:30", "slots": 2, **bad}
    with pytest.raises(ValidationError):
        services.create_roster(actor=duty.world.wumei_staff, team=duty.team, **fields)
    assert (Roster.objects.count(), Shift.objects.count(), Entry.objects.count()) == before


def test_only_staff_over_the_community_or_the_captain_make_rosters(duty, frozen):
    w = duty.world
    for outsider in (w.nanmen_staff, w.volunteer, w.resident, w.liaison):
        with pytest.raises(PermissionDenied):
            services.create_roster(actor=outsider, team=duty.team, title="x", weekday=1, starts_at="8:00",
                                   ends_at="9:00", slots=1)
    roster = services.create_roster(actor=duty.captain, team=duty.team, title="周二早高峰", weekday=1,
                                    starts_at="07:00", ends_at="08:30", slots=3)
    assert roster.shifts.count() == 4


def test_members_sign_up_until_the_slots_are_taken(duty, frozen):
    w = duty.world
    first = services.sign_up(actor=w.volunteer, shift=duty.shift)
    assert first.status == SignupStatus.SIGNED and first.volunteer == duty.liu
    with pytest.raises(ValidationError, match="已报名"):
        services.sign_up(actor=w.volunteer, shift=duty.shift)
    services.sign_up(actor=duty.zhou, shift=duty.shift)
    with pytest.raises(ValidationError, match="该班次已报满"):
        services.sign_up(actor=duty.captain, shift=duty.shift)
    assert ShiftSignup.objects.filter(shift=duty.shift).count() == 2


def test_only_current_members_sign_up(duty, frozen):
    w = duty.world
    with pytest.raises(ValidationError):
        services.sign_up(actor=w.resident, shift=duty.shift)  # not a volunteer
    leave_team(actor=w.volunteer, volunteer=duty.liu, team=duty.team)
    with pytest.raises(ValidationError, match="现任队员"):
        services.sign_up(actor=w.volunteer, shift=duty.shift)


def test_a_member_cancels_before_the_start_and_the_slot_is_free_again(duty, frozen):
    w = duty.world
    signup = services.sign_up(actor=w.volunteer, shift=duty.shift)
    services.sign_up(actor=duty.zhou, shift=duty.shift)
    with pytest.raises(PermissionDenied):
        services.cancel_signup(actor=duty.zhou, signup=signup)
    services.cancel_signup(actor=w.volunteer, signup=signup)
    assert ShiftSignup.objects.get(pk=signup.pk).status == SignupStatus.CANCELLED
    services.sign_up(actor=duty.captain, shift=duty.shift)
    assert ShiftSignup.objects.filter(shift=duty.shift).exclude(status="cancelled").count() == 2
    again = services.sign_up(actor=w.volunteer, shift=duty.shift.roster.shifts.order_by("date")[1])
    services.cancel_signup(actor=duty.captain, signup=again)  # the captain may cancel for a member


def test_no_cancelling_or_signing_up_once_the_shift_has_started(duty, frozen):
    w = duty.world
    signup = services.sign_up(actor=w.volunteer, shift=duty.shift)
    with clock.frozen(at(2026, 5, 15, 19, 31)):
        with pytest.raises(ValidationError, match="已开始"):
            services.cancel_signup(actor=w.volunteer, signup=signup)
        with pytest.raises(ValidationError, match="已开始"):
            services.sign_up(actor=duty.zhou, shift=duty.shift)


def test_attendance_makes_pending_duty_hours_confirmed_by_the_community(duty, frozen):
    w = duty.world
    services.sign_up(actor=w.volunteer, shift=duty.shift)
    services.sign_up(actor=duty.zhou, shift=duty.shift)
    with pytest.raises(ValidationError, match="尚未开始"):
        services.record_attendance(actor=duty.captain, shift=duty.shift, served=[duty.liu.pk])
    with clock.frozen(at(2026, 5, 15, 21, 40)):
        with pytest.raises(PermissionDenied):
            services.record_attendance(actor=w.volunteer, shift=duty.shift, served=[duty.liu.pk])
        with pytest.raises(ValidationError):
            services.record_attendance(actor=duty.captain, shift=duty.shift, served=[duty.captain_volunteer.pk])
        entries = services.record_attendance(actor=duty.captain, shift=duty.shift, served=[duty.liu.pk])
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.person, entry.kind, entry.status, entry.team, entry.shift, entry.hours, entry.community) == (
        w.volunteer_person, "duty", HoursStatus.PENDING, duty.team, duty.shift, Decimal("2.0"), w.wumei)
    statuses = dict(ShiftSignup.objects.filter(shift=duty.shift).values_list("volunteer_id", "status"))
    assert statuses == {duty.liu.pk: "served", duty.zhou_volunteer.pk: "absent"}
    with pytest.raises(ValidationError):  # nothing left to mark
        services.record_attendance(actor=duty.captain, shift=duty.shift, served=[])
    # the captain marks, the community confirms
    with pytest.raises(PermissionDenied):
        services.confirm_duty_hours(actor=duty.captain, entries=[entry])
    with pytest.raises(PermissionDenied):
        services.confirm_duty_hours(actor=w.nanmen_staff, entries=[entry])
    assert services.confirm_duty_hours(actor=w.wumei_staff, entries=[entry]) == 1
    entry.refresh_from_db()
    assert entry.status == HoursStatus.CONFIRMED and entry.decided_by == w.wumei_staff and entry.decided_at
    with pytest.raises(ValidationError, match="不能再次确认"):
        services.confirm_duty_hours(actor=w.wumei_staff, entries=[entry])
    assert Entry.objects.filter(action="duty_hours.confirmed").count() == 1
    assert HoursEntry.objects.count() == 1


def test_letters_in_the_attendance_list_change_nothing(duty, frozen):
    services.sign_up(actor=duty.world.volunteer, shift=duty.shift)
    with clock.frozen(at(2026, 5, 15, 21, 40)), pytest.raises(ValidationError):
        services.record_attendance(actor=duty.captain, shift=duty.shift, served=["abc"])
    assert ShiftSignup.objects.get(shift=duty.shift).status == SignupStatus.SIGNED
    assert not HoursEntry.objects.exists()


def test_figures_count_duty_teams_and_confirmed_duty_person_times(duty, frozen):
    from gongzhi.core.registry import stats
    from gongzhi.volunteering.stats_rosters import count_duty_person_times, count_duty_teams

    w = duty.world
    keys = {s.key for s in stats()}
    assert {"duty_teams", "duty_shifts_served", "volunteer_teams", "volunteers"} <= keys
    assert count_duty_teams(w.wumei) == 1 and count_duty_teams(w.xiangshan_street) == 2
    services.sign_up(actor=w.volunteer, shift=duty.shift)
    with clock.frozen(at(2026, 5, 15, 22)):
        entries = services.record_attendance(actor=duty.captain, shift=duty.shift, served=[duty.liu.pk])
        assert count_duty_person_times(w.wumei, 2026) == 0  # pending does not count
        services.confirm_duty_hours(actor=w.wumei_staff, entries=entries)
    assert count_duty_person_times(w.wumei, 2026) == 1 and count_duty_person_times(w.wumei, 2025) == 0
    assert count_duty_person_times(w.nanmen) == 0


def test_duty_hours_are_declined_or_corrected_like_an_activitys_by_the_community(duty, frozen):
    """One decision path for every kind of hours: a duty shift's entry is declined with a reason or corrected by
    a new entry (never above the shift's length) by the community's staff; the captain and other communities may
    not; the corrected entry keeps its shift."""
    from gongzhi.volunteering.services import hours

    w = duty.world
    services.sign_up(actor=w.volunteer, shift=duty.shift)
    services.sign_up(actor=duty.zhou, shift=duty.shift)
    with clock.frozen(at(2026, 5, 15, 21, 40)):
        liu, zhou = services.record_attendance(actor=duty.captain, shift=duty.shift,
                                               served=[duty.liu.pk, duty.zhou_volunteer.pk])
        for actor in (duty.captain, w.nanmen_staff):
            with pytest.raises(PermissionDenied):
                hours.decline_hours(actor=actor, entry=liu, reason="未到岗")
        with pytest.raises(ValidationError):  # 2.5 h for a two-hour shift
            hours.correct_hours(actor=w.wumei_staff, entry=zhou, hours="2.5", reason="提前离岗")
        assert HoursEntry.objects.filter(kind="duty").count() == 2
        hours.decline_hours(actor=w.wumei_staff, entry=liu, reason="当晚未到岗，队长误记")
        new = hours.correct_hours(actor=w.wumei_staff, entry=zhou, hours="1.5", reason="提前半小时离岗")
    liu.refresh_from_db()
    zhou.refresh_from_db()
    assert (liu.status, liu.reason) == (HoursStatus.DECLINED, "当晚未到岗，队长误记")
    assert zhou.status == HoursStatus.SUPERSEDED and zhou.hours == Decimal("2.0")
    assert (new.status, new.hours, new.shift, new.corrects, new.kind) == (
        HoursStatus.CONFIRMED, Decimal("1.5"), duty.shift, zhou, "duty")
    assert set(Entry.objects.filter(action__startswith="volunteering.hours_").values_list("action", flat=True)) == {
        "volunteering.hours_declined", "volunteering.hours_corrected"}


def test_confirmed_duty_hours_earn_points_on_commit(duty, frozen, django_capture_on_commit_callbacks):
    """Duty hours are decided the way activity hours are (saved, not a queryset update): the points ledger pays
    them when the community's confirmation commits, without waiting for the sweep."""
    from gongzhi.points import services as points
    from gongzhi.points.tests.conftest import build_points

    w = duty.world
    build_points(w)  # 10 points an hour in 五美社区
    services.sign_up(actor=w.volunteer, shift=duty.shift)
    with clock.frozen(at(2026, 5, 15, 22)):
        entries = services.record_attendance(actor=duty.captain, shift=duty.shift, served=[duty.liu.pk])
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_duty_hours(actor=w.wumei_staff, entries=entries)
    assert points.balance_of(entries[0].person, w.wumei) == 20  # 2 hours × 10
    assert points.sweep().credited == 0
