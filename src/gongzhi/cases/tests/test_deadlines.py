"""Deadlines computed on the working calendar when each step starts, and escalations that fire exactly once per
step and level — however often, however concurrently, and after a restart."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from gongzhi.cases import services
from gongzhi.cases.models import CaseEvent, Escalation
from gongzhi.cases.tasks import sweep_case_deadlines
from gongzhi.cases.testing import seed_case_categories
from gongzhi.cases.tests.conftest import MONDAY_9, add_receiver, at, report_sewage
from gongzhi.core import clock
from gongzhi.organisations.services import create_department


def _whistle_at(world, cats, when, *, category="sewage", department=None):
    with clock.frozen(when - dt.timedelta(minutes=5)):
        case = report_sewage(world, cats, category=cats[category])
        services.accept_case(actor=world.wumei_staff, case=case)
    with clock.frozen(when):
        (whistle,) = services.blow_whistle(actor=world.wumei_staff, case=case,
                                           departments=[department or world.judicial_office], request="请到场")
    return case, whistle


# --- deadlines --------------------------------------------------------------------------------------------

def test_one_working_hour_over_the_lunch_break(world, cats):
    _, w = _whistle_at(world, cats, at(2026, 5, 11, 11, 30))
    assert w.respond_due_at == at(2026, 5, 11, 15, 0)  # 11:30–12:00, then 14:30–15:00


def test_a_friday_evening_whistle_is_due_monday_morning(world, cats):
    _, w = _whistle_at(world, cats, at(2026, 5, 15, 17, 30))
    assert w.respond_due_at == at(2026, 5, 18, 9, 0)


def test_a_whistle_after_hours_counts_from_the_next_morning(world, cats):
    _, w = _whistle_at(world, cats, at(2026, 5, 12, 20, 0))
    assert w.respond_due_at == at(2026, 5, 13, 9, 30)


def test_over_the_national_day_holiday(world, cats):
    case, w = _whistle_at(world, cats, at(2026, 9, 30, 17, 30))
    assert w.respond_due_at == at(2026, 10, 8, 9, 0)  # 1–7 October are holidays
    # 7 working days from 30 Sept 17:25: 8, 9, 10 (调休 Saturday), 12, 13, 14, 15 October
    assert case.due_at == at(2026, 10, 15, 17, 25)


def test_the_make_up_saturday_is_a_working_day(world, cats):
    _, w = _whistle_at(world, cats, at(2026, 10, 9, 17, 30))
    assert w.respond_due_at == at(2026, 10, 10, 9, 0)  # Saturday 10 October is 调休上班
    _, w = _whistle_at(world, cats, at(2026, 10, 16, 17, 30))
    assert w.respond_due_at == at(2026, 10, 19, 9, 0)  # an ordinary Saturday is not


def test_an_emergency_counts_calendar_hours_at_night(world, cats):
    with clock.frozen(at(2026, 5, 16, 23, 0)):  # Saturday night
        case = report_sewage(world, cats, category=cats["gas_leak"], title="楼道里有很重的煤气味")
        services.accept_case(actor=world.wumei_grid_worker, case=case)
    assert case.due_at == at(2026, 5, 17, 1, 0)
    assert case.contact_due_at == at(2026, 5, 17, 23, 0)
    with clock.frozen(at(2026, 5, 16, 23, 10)):
        (w,) = services.blow_whistle(actor=world.wumei_grid_worker, case=case, departments=[world.judicial_office],
                                     request="请到场")
    assert w.act_due_at == at(2026, 5, 17, 1, 10)


def test_a_category_limit_change_applies_to_new_steps_only(world, cats, whistled):
    services.update_category_limits(actor=world.admin, category=cats["sewage"], response_counting="calendar",
                                    response_hours=2)
    whistled.judicial.refresh_from_db()
    assert whistled.judicial.respond_due_at == at(2026, 5, 11, 10, 30)
    _, w = _whistle_at(world, cats, at(2026, 5, 15, 17, 30))
    assert w.respond_due_at == at(2026, 5, 15, 19, 30)


# --- escalation -------------------------------------------------------------------------------------------

def _esc():
    return sorted(Escalation.objects.values_list("step", "level"))


def test_an_unreported_whistle_goes_to_the_street_then_the_district(world, whistled):
    # respond due 10:30; one more working hour → 11:30
    assert services.sweep_deadlines(now=at(2026, 5, 11, 10, 30)) == 0
    assert services.sweep_deadlines(now=at(2026, 5, 11, 10, 31)) == 2  # judicial office and police station
    street = Escalation.objects.get(whistle=whistled.judicial)
    assert (street.step, street.level, street.to_region) == ("respond", "street", world.xiangshan_street)
    assert list(street.recipients.all()) == [world.street_staff]
    assert "象山街道司法所" in street.message and street.due_at == at(2026, 5, 11, 10, 30)
    assert services.sweep_deadlines(now=at(2026, 5, 11, 11, 0)) == 0
    services.report_whistle(actor=whistled.depts.police_receiver, whistle=whistled.police)
    assert services.sweep_deadlines(now=at(2026, 5, 11, 11, 31)) == 1  # the police reported: judicial only
    district = Escalation.objects.get(whistle=whistled.judicial, level="district")
    assert district.to_region == world.xiangshan and list(district.recipients.all()) == [world.district_staff]
    assert services.sweep_deadlines(now=at(2026, 5, 11, 17, 0)) == 0
    assert CaseEvent.objects.filter(case=whistled.case, action="escalated", public=False).count() == 3


def test_the_second_level_counts_working_time_over_lunch(world, cats):
    _whistle_at(world, cats, at(2026, 5, 11, 10, 30))  # due 11:30; district after 11:30 + 1 h = 15:00
    assert services.sweep_deadlines(now=at(2026, 5, 11, 14, 59)) == 1
    assert _esc() == [("respond", "street")]
    assert services.sweep_deadlines(now=at(2026, 5, 11, 15, 1)) == 1
    assert _esc() == [("respond", "district"), ("respond", "street")]


def test_a_whistle_reported_in_time_never_escalates_its_report(world, whistled):
    for w, receiver in ((whistled.judicial, world.receiver), (whistled.police, whistled.depts.police_receiver)):
        services.report_whistle(actor=receiver, whistle=w)
    services.record_contact(actor=world.wumei_grid_worker, case=whistled.case, note="已联系")
    assert services.sweep_deadlines(now=at(2026, 5, 19, 9, 0)) == 0


def test_overdue_action_escalates_and_case_overdue_too(world, whistled):
    services.record_contact(actor=world.wumei_grid_worker, case=whistled.case, note="已联系")
    services.report_whistle(actor=world.receiver, whistle=whistled.judicial)
    services.withdraw_whistle(actor=world.wumei_staff, whistle=whistled.police, reason="无需")
    # act due 20 May 09:30 (whistled 09:30); the case is due 20 May 09:10 (accepted 09:10)
    assert services.sweep_deadlines(now=at(2026, 5, 20, 9, 20)) == 1
    assert _esc() == [("case", "street")]
    assert services.sweep_deadlines(now=at(2026, 5, 20, 9, 31)) == 1
    assert _esc() == [("act", "street"), ("case", "street")]
    # one more resolution limit (7 working days) after 20 May 09:30 → 29 May 09:30
    assert services.sweep_deadlines(now=at(2026, 5, 29, 9, 29)) == 0
    assert services.sweep_deadlines(now=at(2026, 5, 29, 9, 31)) == 1
    assert _esc() == [("act", "district"), ("act", "street"), ("case", "street")]


def test_contact_overdue_goes_to_the_street_once(world, accepted):
    assert services.sweep_deadlines(now=at(2026, 5, 12, 9, 9)) == 0
    assert services.sweep_deadlines(now=at(2026, 5, 12, 9, 11)) == 1
    assert services.sweep_deadlines(now=at(2026, 5, 13, 9, 11)) == 0
    assert _esc() == [("contact", "street")]


def test_closed_and_rejected_cases_never_escalate(world, cats, case):
    services.reject_case(actor=world.wumei_staff, case=case, reason="重复")
    assert services.sweep_deadlines(now=at(2026, 12, 1, 9, 0)) == 0


def test_sweeping_twice_escalates_once(world, whistled):
    late = at(2026, 6, 30, 9, 0)
    first = services.sweep_deadlines(now=late)
    assert first == 2 * 4 + 2  # two whistles × (respond, act) × (street, district) + case and contact
    assert services.sweep_deadlines(now=late) == 0
    assert Escalation.objects.count() == first


def test_the_sweep_command_runs_inline(world, whistled, capsys):
    with clock.frozen(at(2026, 5, 11, 10, 31)):
        call_command("cases_sweep", now=True)
    assert "escalations created: 2" in capsys.readouterr().out


# --- durable, concurrent ----------------------------------------------------------------------------------

def _transactional_world():
    from gongzhi.testing.personas import build_world

    cats = seed_case_categories()
    world = build_world()
    police = create_department(actor=world.admin, name="象山派出所", kind="police_station", home=world.xiangshan_street)
    add_receiver(world, "police_receiver", "派出所·梁军", police)
    with clock.frozen(MONDAY_9):
        case = report_sewage(world, cats)
        services.accept_case(actor=world.wumei_grid_worker, case=case)
        services.blow_whistle(actor=world.wumei_staff, case=case, departments=[world.judicial_office, police],
                              request="请到场")
    return world


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection between tasks
def test_after_a_restart_the_enqueued_sweep_runs_again_without_duplicates():
    _transactional_world()
    with clock.frozen(at(2026, 5, 11, 11, 31)):
        first = sweep_case_deadlines.enqueue()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
        # the process "restarts": the cron enqueues the sweep again and a new worker runs it
        second = sweep_case_deadlines.enqueue()
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    results = {str(r.id): r for r in DBTaskResult.objects.filter(id__in=[first.id, second.id])}
    assert results[first.id].status == "SUCCESSFUL" and results[first.id].return_value == 4
    assert results[second.id].status == "SUCCESSFUL" and results[second.id].return_value == 0
    assert _esc() == [("respond", "district")] * 2 + [("respond", "street")] * 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_escalate_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing would run concurrently")
    _transactional_world()
    barrier = threading.Barrier(4)
    counts, errors = [], []

    def sweep():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            counts.append(services.sweep_deadlines(now=at(2026, 6, 30, 9, 0)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(counts) == Escalation.objects.count() == 10
    assert Escalation.objects.values("whistle", "case", "step", "level").distinct().count() == 10
