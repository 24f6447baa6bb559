"""志愿服务's to-dos (volunteering/todos.py). An activity's organiser sees the activities whose hours wait for their
confirmation, those with a check-in closed automatically at the end (flagged: to check) apart; the count is the
organiser's activity list its link opens (`?hours=pending`, `?hours=flagged`), activities the organiser only reads
(another community seen through a second role) left out of both. Staff see the duty hours to confirm and the
in-service registrations to decide, each the list it opens; nothing of this is asked of a resident."""

import datetime as dt

import pytest

from gongzhi.accounts.services import assign_role
from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.testing.todos import check_todos
from gongzhi.volunteering.models import HoursEntry
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.services import hours as hours_services
from gongzhi.volunteering.tests.test_activities_helpers import BEFORE, at, fresh, make_activity, volunteer

pytestmark = pytest.mark.django_db

AFTER = at(2026, 6, 7, 9)


def _code(activity, purpose):
    return services.current_code(actor=None, activity=activity, purpose=purpose).code


def _serve(activity, user, *, check_out=True):
    with clock.frozen(activity.starts_at):
        services.check_in(actor=user, activity=activity, code=_code(activity, "in"))
    if check_out:
        with clock.frozen(activity.ends_at - dt.timedelta(minutes=5)):
            return services.check_out(actor=user, activity=activity, code=_code(activity, "out"))
    return None


def _activities(world):
    cleaning = make_activity(world, quota=3)
    reading = make_activity(world, quota=2, title="五美社区读书角整理")
    garden = make_activity(world, quota=2, community=world.nanmen, actor=world.nanmen_staff, title="南门花园除草")
    users = [volunteer(world, f"v{i}", name) for i, name in enumerate(["陈静", "李明", "黄丽"])]
    neighbour = volunteer(world, "v9", "周红", home=world.nanmen_b1)
    with clock.frozen(BEFORE):
        for u in users:
            services.sign_up(actor=u, activity=cleaning)
        services.sign_up(actor=users[0], activity=reading)
        services.sign_up(actor=neighbour, activity=garden)
    _serve(cleaning, users[0])
    _serve(cleaning, users[1])
    _serve(cleaning, users[2], check_out=False)  # closed by the sweep, flagged
    done = _serve(reading, users[0])
    _serve(garden, neighbour)
    services.sweep_unclosed_checkins(AFTER)
    with clock.frozen(AFTER):
        hours_services.confirm_hours(actor=world.wumei_staff, entry=done)
    return cleaning, reading, garden


def test_the_organiser_confirms_what_the_activity_list_shows(world, client_for):
    _activities(world)
    assert HoursEntry.objects.filter(flagged=True, status="pending").count() == 1
    with clock.frozen(AFTER):
        found = check_todos(client_for(world.wumei_staff), world.wumei_staff)
        assert found["volunteering.hours"] == 1 and found["volunteering.flagged"] == 1
        assert check_todos(client_for(world.nanmen_staff), world.nanmen_staff)["volunteering.hours"] == 1


def test_activities_only_read_are_not_to_confirm(world, client_for):
    _activities(world)
    assign_role(actor=world.admin, user=world.wumei_staff, role="street_staff", region=world.xiangshan_street)
    staff = fresh(world.wumei_staff)
    client = client_for(staff)
    with clock.frozen(AFTER):
        assert client.get("/workbench/volunteering/activities/").context["page"].paginator.count == 3
        found = check_todos(client, staff)
        assert found["volunteering.hours"] == 1 and found["volunteering.flagged"] == 1
        assert client.get("/workbench/volunteering/activities/?hours=all").context["page"].paginator.count == 3


def test_staff_confirm_duty_hours_and_registrations(world, client_for):
    _activities(world)
    with clock.frozen(AFTER):
        street = check_todos(client_for(world.street_staff), world.street_staff)
        assert "volunteering.duty_hours" in street and "volunteering.hours" not in street
        assert "volunteering.inservice" not in street
        staff = check_todos(client_for(world.nanmen_staff), world.nanmen_staff)
        assert {"volunteering.duty_hours", "volunteering.inservice"} <= set(staff)
        assert not [t for t in todos_for(world.resident) if t.key.startswith("volunteering.")]
        page = client_for(world.street_staff).get("/workbench/volunteering/activities/").content.decode()
        assert 'name="hours"' not in page
