"""Review of issue 5: concurrent requests on PostgreSQL — four responders accepting one case at once leave exactly
one first responder; a receiver's double-click on 报到 reports once; the case page links to its dispute."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongzhi.cases import services
from gongzhi.cases.models import Case, CaseEvent, CaseStatus, Whistle, WhistleStatus
from gongzhi.cases.testing import seed_case_categories
from gongzhi.cases.tests.conftest import MONDAY_9, report_sewage
from gongzhi.chronicle.models import Entry
from gongzhi.core import clock


def _race(calls):
    """Run the calls at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    wins, refusals, errors = [], [], []

    def run(call):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            wins.append(call())
        except ValidationError as exc:
            refusals.append(exc)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return wins, refusals


def _world_with_case():
    from gongzhi.testing.personas import build_world

    cats = seed_case_categories()
    world = build_world()
    with clock.frozen(MONDAY_9):
        case = report_sewage(world, cats)
    return world, case


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_responders_accepting_at_once_leave_one_first_responder():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing would run concurrently")
    world, case = _world_with_case()
    actors = [world.wumei_grid_worker, world.wumei_staff, world.street_staff, world.district_staff]
    wins, refusals = _race([
        (lambda a=a: services.accept_case(actor=a, case=Case.objects.get(pk=case.pk))) for a in actors])
    assert len(wins) == 1 and len(refusals) == 3
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.owner_id == wins[0].owner_id
    assert CaseEvent.objects.filter(case=case, action="accepted").count() == 1
    assert Entry.objects.filter(action="case.accepted").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_whistle_reported_twice_at_once_is_reported_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing would run concurrently")
    world, case = _world_with_case()
    services.accept_case(actor=world.wumei_grid_worker, case=case)
    (whistle,) = services.blow_whistle(actor=world.wumei_staff, case=case, departments=[world.judicial_office],
                                       request="请到场")
    wins, refusals = _race([
        (lambda: services.report_whistle(actor=world.receiver, whistle=Whistle.objects.get(pk=whistle.pk)))
        for _ in range(3)])
    assert len(wins) == 1 and len(refusals) == 2
    whistle.refresh_from_db()
    assert whistle.status == WhistleStatus.REPORTED
    assert CaseEvent.objects.filter(case=case, action="whistle_reported").count() == 1
    assert Entry.objects.filter(action="whistle.reported").count() == 1
