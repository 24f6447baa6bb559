"""The demo's joint meetings (`gongzhi.demo.meetings_demo.load`) on the personas' 五美社区: twelve monthly partner
meetings and one 六方议事, all minuted, resolutions tracked as tasks — most done, some open, a few overdue and
reminded once — through the services, with a chronicle that verifies."""

import datetime as dt
import time
from types import SimpleNamespace

from gongzhi.chronicle.services import verify
from gongzhi.core import clock
from gongzhi.demo import meetings_demo
from gongzhi.meetings import selectors, services
from gongzhi.meetings.models import JointMeeting, Task, TaskReminder, TaskStatus
from gongzhi.meetings.tests.conftest import at, make_team
from gongzhi.organisations.services import create_department, create_organisation


def _builder(world):
    units = [create_organisation(actor=world.admin, name=name, kind="social_organisation", home=world.wumei)
             for name in meetings_demo.INVITED_UNITS if name != "桂林市中医医院"]
    create_organisation(actor=world.admin, name=meetings_demo.PROPERTY_COMPANY, kind="private_enterprise",
                        home=world.xiangshan_street)
    housing = create_department(actor=world.admin, name="象山区住房和城乡建设局", kind="housing", home=world.xiangshan)
    make_team(world)
    return SimpleNamespace(
        admin=world.admin, units=[world.hospital, *units],
        departments={"丽景街司法所": world.judicial_office, "象山区住房和城乡建设局": housing},
        demo_users=lambda: {"wumei": world.wumei_staff, "wumei_grid": world.wumei_grid_worker},
        street_communities=lambda: [world.wumei, world.nanmen])


def test_a_year_of_joint_meetings(world):
    builder = _builder(world)
    with clock.frozen(at(2026, 11, 21, 9)):
        started = time.perf_counter()
        counts = meetings_demo.load(builder)
        took = time.perf_counter() - started
    assert took < 20  # about 1 s on an idle machine; generous for a loaded CI runner
    monthly = JointMeeting.objects.filter(kind="partner_monthly", community=world.wumei).order_by("starts_at")
    assert monthly.count() == 12 and JointMeeting.objects.filter(kind="six_party").count() == 1
    assert monthly.first().starts_at.astimezone(meetings_demo.TZ).date() == dt.date(2025, 12, 18)
    assert all(m.is_minuted for m in JointMeeting.objects.all())
    tasks = Task.objects.all()
    done = tasks.filter(status=TaskStatus.DONE).count()
    open_ = tasks.filter(status=TaskStatus.OPEN)
    assert counts == {"joint_meetings": 13, "joint_meeting_tasks": tasks.count(),
                      "joint_meeting_tasks_open": open_.count(), "joint_meeting_reminders": 3}
    assert done > 2 * open_.count() and 3 <= open_.count() <= 8
    overdue = open_.filter(deadline__lt=dt.date(2026, 11, 21))
    assert overdue.count() == TaskReminder.objects.count() == 3
    # the last meeting's agenda carries every open task of earlier monthly meetings
    last = monthly.last()
    assert {t.pk for t in selectors.carried_over(last)} == set(
        open_.filter(meeting__kind="partner_monthly").exclude(meeting=last).values_list("pk", flat=True))
    # every kind of owner has tasks; the sweep does not remind twice
    assert {t.owner_kind for t in tasks} == {"organisation", "department", "team", "user"}
    with clock.frozen(at(2026, 11, 22, 9)):
        assert services.sweep_overdue() == 0
    assert verify().ok
