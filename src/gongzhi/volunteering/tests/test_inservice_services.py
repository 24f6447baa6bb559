"""In-service party members report to the community where they live: apply, confirm or return with a reason,
report again every six months, lapse when they do not; the district's yearly target is bounded and inherited; the
sweep records each lapse once."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.volunteering.models import InServiceLapse, InServiceReport, YearlyServiceTarget
from gongzhi.volunteering.selectors_inservice import member_list, member_record, present_rows
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import (
    add_member,
    add_school,
    at,
    confirmed_hours,
    id_number,
)


@pytest.fixture
def chen(world):
    return add_member(world)


def _registered(world, chen, when=(2026, 3, 2)):
    with clock.frozen(at(*when)):
        report = services.apply_to_report(actor=chen.user, member=chen.member, note="周末可参加巡逻")
        confirmed = services.confirm_report(actor=world.wumei_staff, report=report)
    chen.member.refresh_from_db()
    return confirmed


# --- dates ----------------------------------------------------------------------------------------------------------

def test_six_months_end_on_the_same_day_or_the_months_last():
    assert services.valid_until_of(dt.date(2026, 3, 2)) == dt.date(2026, 9, 2)
    assert services.valid_until_of(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert services.add_months(dt.date(2027, 8, 31), -6) == dt.date(2027, 2, 28)


@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.integers(min_value=-400, max_value=400))
def test_the_database_cutoff_agrees_with_the_six_months_everywhere(today, offset):
    registered_on = today + dt.timedelta(days=offset)
    current = services.valid_until_of(registered_on) >= today
    assert current == (registered_on >= services.earliest_current(today))


# --- applying and deciding ----------------------------------------------------------------------------------------

def test_a_member_applies_to_her_home_community_and_the_community_confirms(world, chen):
    with clock.frozen(at(2026, 3, 1)):
        report = services.apply_to_report(actor=chen.user, member=chen.member, note="周末可参加巡逻")
    assert report.status == "pending" and report.kind == "first" and report.community == world.wumei
    assert Entry.objects.filter(action="inservice.applied", subject_id=str(report.pk)).exists()
    with clock.frozen(at(2026, 3, 2)):
        services.confirm_report(actor=world.wumei_staff, report=report)
    report.refresh_from_db()
    chen.member.refresh_from_db()
    assert report.status == "confirmed" and report.decided_by == world.wumei_staff
    assert report.valid_until == dt.date(2026, 9, 2)
    assert chen.member.registered_community == world.wumei and chen.member.registered_on == dt.date(2026, 3, 2)
    assert Entry.objects.filter(action="inservice.confirmed").exists()
    assert Entry.objects.filter(action="person.reported_to_community").exists()
    entry = Entry.objects.get(action="inservice.confirmed")
    assert "陈志刚" not in str(entry.data) and "陈志刚" not in entry.subject_label


def test_only_the_member_applies_and_only_her_communitys_staff_decide(world, chen):
    with pytest.raises(PermissionDenied):
        services.apply_to_report(actor=world.resident, member=chen.member)
    with pytest.raises(PermissionDenied):
        services.apply_to_report(actor=world.liaison, member=chen.member)
    report = services.apply_to_report(actor=chen.user, member=chen.member)
    for outsider in (world.nanmen_staff, world.liaison, world.wumei_grid_worker, world.resident, chen.user):
        with pytest.raises(PermissionDenied):
            services.confirm_report(actor=outsider, report=report)
        with pytest.raises(PermissionDenied):
            services.return_report(actor=outsider, report=report, reason="不在本社区居住")
    assert InServiceReport.objects.get(pk=report.pk).status == "pending"


def test_one_application_at_a_time(world, chen):
    services.apply_to_report(actor=chen.user, member=chen.member)
    with pytest.raises(ValidationError, match="等待社区确认"):
        services.apply_to_report(actor=chen.user, member=chen.member)
    assert InServiceReport.objects.filter(member=chen.member).count() == 1


def test_a_returned_application_needs_a_reason_and_she_may_apply_again(world, chen):
    report = services.apply_to_report(actor=chen.user, member=chen.member)
    with pytest.raises(ValidationError, match="理由"):
        services.return_report(actor=world.wumei_staff, report=report, reason="  ")
    with pytest.raises(ValidationError):
        services.return_report(actor=world.wumei_staff, report=report, reason="长" * 301)
    services.return_report(actor=world.wumei_staff, report=report, reason="居住地门牌号有误，请先更正")
    report.refresh_from_db()
    chen.member.refresh_from_db()
    assert report.status == "returned" and report.reason == "居住地门牌号有误，请先更正"
    assert chen.member.registered_community is None
    with pytest.raises(ValidationError, match="已办理"):
        services.confirm_report(actor=world.wumei_staff, report=report)
    again = services.apply_to_report(actor=chen.user, member=chen.member)
    assert again.status == "pending" and again.kind == "first"


def test_a_note_longer_than_the_limit_is_refused(world, chen):
    with pytest.raises(ValidationError):
        services.apply_to_report(actor=chen.user, member=chen.member, note="长" * 301)
    assert not InServiceReport.objects.exists()


# --- every six months again ---------------------------------------------------------------------------------------

def test_renewal_opens_thirty_days_before_the_end_and_moves_the_registration_on(world, chen):
    _registered(world, chen)  # 2026-03-02, valid until 2026-09-02
    with clock.frozen(at(2026, 7, 1)), pytest.raises(ValidationError, match="到期前 30 天内"):
        services.apply_to_report(actor=chen.user, member=chen.member)
    with clock.frozen(at(2026, 8, 20)):
        renewal = services.apply_to_report(actor=chen.user, member=chen.member)
        assert renewal.kind == "renewal"
        services.confirm_report(actor=world.wumei_staff, report=renewal)
    chen.member.refresh_from_db()
    assert chen.member.registered_on == dt.date(2026, 8, 20)
    with clock.frozen(at(2026, 12, 1)):
        state = services.registration_state(chen.member)
    assert state.status == "current" and state.valid_until == dt.date(2027, 2, 20)


def test_a_registration_older_than_six_months_lapses_on_read_and_the_sweep_records_it_once(world, chen):
    _registered(world, chen)  # valid until 2026-09-02
    with clock.frozen(at(2026, 9, 2)):
        assert services.registration_state(chen.member).status == "current"
        assert services.sweep_lapses() == 0
    with clock.frozen(at(2026, 9, 3)):
        state = services.registration_state(chen.member)
        assert state.status == "lapsed" and state.renewal_open
        lapsed = list(member_list(world.wumei_staff, status="lapsed"))
        assert [m.pk for m in lapsed] == [chen.member.pk]
        assert not member_list(world.wumei_staff, status="current").filter(pk=chen.member.pk).exists()
        assert services.sweep_lapses() == 1
        assert services.sweep_lapses() == 0
    lapse = InServiceLapse.objects.get(member=chen.member)
    assert lapse.lapsed_on == dt.date(2026, 9, 3) and lapse.community == world.wumei
    assert Entry.objects.filter(action="inservice.lapsed").count() == 1
    # a lapsed member renews (no window to wait for), and is current again
    with clock.frozen(at(2026, 10, 8)):
        renewal = services.apply_to_report(actor=chen.user, member=chen.member)
        assert renewal.kind == "renewal"
        services.confirm_report(actor=world.wumei_staff, report=renewal)
        chen.member.refresh_from_db()
        assert services.registration_state(chen.member).status == "current"
        services.sweep_lapses()  # records 李建国's lapse in 南门社区 (2026-09-06), not hers again
    assert InServiceLapse.objects.filter(member=chen.member).count() == 1


def test_a_registration_made_before_the_page_flow_lapses_too(world):
    member = world.member  # reported to 南门社区 on 2026-03-05 through people.services directly
    with clock.frozen(at(2026, 9, 5)):
        assert services.registration_state(member).status == "current"
    with clock.frozen(at(2026, 9, 6)):
        assert services.registration_state(member).status == "lapsed"
        assert services.sweep_lapses() == 1


def test_a_member_who_moved_reports_first_to_her_new_community(world):
    li = add_member(world, username="li", name="李梅", home=world.nanmen_b1, id_no=id_number("45030419880505002"),
                    phone="13977309999")
    with clock.frozen(at(2026, 3, 1)):
        report = services.apply_to_report(actor=li.user, member=li.member)
        services.confirm_report(actor=world.nanmen_staff, report=report)
    assert report.community == world.nanmen
    from gongzhi.people.services import update_person

    update_person(actor=world.admin, person=li.person, home=world.wumei_b1)
    li.member.refresh_from_db()
    with clock.frozen(at(2026, 4, 1)):
        moved = services.apply_to_report(actor=li.user, member=li.member)
    assert moved.kind == "first" and moved.community == world.wumei


# --- the district's target ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("hours", [-1, 1001, 100_000, "50", 12.5, True])
def test_a_target_outside_0_to_1000_whole_hours_is_refused(world, hours):
    with pytest.raises(ValidationError):
        services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=hours)
    assert not YearlyServiceTarget.objects.exists()


@pytest.mark.parametrize("hours", [0, 50, 1000])
def test_targets_within_bounds_are_kept(world, hours):
    target = services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026,
                                        hours=hours)
    assert target.hours == hours


def test_only_the_districts_staff_set_its_target_and_a_change_is_chronicled(world):
    for outsider in (world.street_staff, world.wumei_staff, world.liaison, world.resident):
        with pytest.raises(PermissionDenied):
            services.set_yearly_target(actor=outsider, district=world.xiangshan, year=2026, hours=50)
    with pytest.raises(PermissionDenied):
        services.set_yearly_target(actor=world.district_staff, district=world.xiufeng, year=2026, hours=50)
    with pytest.raises(ValidationError):
        services.set_yearly_target(actor=world.district_staff, district=world.xiangshan_street, year=2026, hours=5)
    with pytest.raises(ValidationError):
        services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=1999, hours=50)
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=50)
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=60)
    assert YearlyServiceTarget.objects.get().hours == 60
    changes = [e.data for e in Entry.objects.filter(action="inservice.target_set").order_by("seq")]
    assert [(c["from"], c["to"]) for c in changes] == [(None, 50), (50, 60)]


def test_communities_inherit_their_districts_target_and_confirmed_hours_only_count(world, chen):
    _registered(world, chen)
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=50)
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 3, 14), "3.5")
    confirmed_hours(chen.person, world.nanmen, dt.date(2026, 4, 4), "2")
    confirmed_hours(chen.person, world.wumei, dt.date(2026, 4, 5), "8", status="pending")
    confirmed_hours(chen.person, world.wumei, dt.date(2025, 12, 30), "4")  # last year
    with clock.frozen(at(2026, 5, 1)):
        rec = member_record(chen.member)
        rows = present_rows(member_list(world.liaison), year=2026)
    assert rec.hours == Decimal("5.5") and rec.target == 50 and rec.percent == 11
    assert [q["hours"] for q in rec.by_quarter] == [Decimal("3.5"), Decimal("2"), 0, 0]
    row = next(r for r in rows if r.member.pk == chen.member.pk)
    assert row.hours == Decimal("5.5") and row.target == 50


def test_a_member_in_another_district_has_that_districts_target(world):
    school = add_school(world)
    cuizhu = add_member(world, username="cz", name="黄涛", home=world.cuizhu_estate, unit=world.school,
                        party_organisation=school.committee, id_no=id_number("45030219810101001"), phone="13977302000")
    services.set_yearly_target(actor=world.district_staff, district=world.xiangshan, year=2026, hours=50)
    with clock.frozen(at(2026, 5, 1)):
        assert member_record(cuizhu.member).target is None
        services.set_yearly_target(actor=world.admin, district=world.xiufeng, year=2026, hours=40)
        assert member_record(cuizhu.member).target == 40
        assert member_record(school.teacher.member).target == 50
