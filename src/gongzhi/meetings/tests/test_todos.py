"""联席会议's to-dos (meetings/todos.py): an owner's tasks late and due today (我的决议事项 filtered by `due`), the
tasks late in the communities of those who run the meetings, a team captain's on the phone. Each count is the
list it opens."""

import datetime as dt

from django.urls import reverse

from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.meetings import services
from gongzhi.meetings.tests.conftest import at, hold
from gongzhi.testing.todos import check_todos

MARCH_5 = at(2026, 3, 5, 9)  # the January task (due 2026-02-28) is late


def ours(found: dict) -> dict:
    """This app's lines of a to-do list (other apps add theirs for the same user)."""
    return {k: v for k, v in found.items() if k.startswith("meetings.")}


def _tasks(world, m, team=None):
    february = hold(world, at(2026, 2, 24))
    add = services.add_resolution
    today = add(actor=world.wumei_staff, meeting=february, title="清理五美路共享单车", deadline=dt.date(2026, 3, 5),
                owner_organisation=world.hospital)
    add(actor=world.wumei_staff, meeting=february, title="义诊进楼院", deadline=dt.date(2026, 3, 20),
        owner_organisation=world.hospital)
    add(actor=world.wumei_staff, meeting=february, title="普法讲座", deadline=dt.date(2026, 3, 1),
        owner_department=world.judicial_office)
    if team is not None:
        add(actor=world.wumei_staff, meeting=february, title="夜间巡逻增加文化里", deadline=dt.date(2026, 3, 2),
            owner_team=team)
    return today


def test_the_owner_sees_her_late_tasks_and_those_due_today(world, m, client_for):
    _tasks(world, m)
    with clock.frozen(MARCH_5):
        found = ours(check_todos(client_for(world.liaison), world.liaison))
        assert found == {"meetings.mine_overdue": 1, "meetings.mine_today": 1}
        keys = [t.key for t in todos_for(world.liaison)]
        assert keys.index("meetings.mine_overdue") < keys.index("meetings.mine_today")
        text = client_for(world.liaison).get(reverse("meetings:my_tasks") + "?due=today").content.decode()
        assert "清理五美路共享单车" in text and "五美路人行道破损修复" not in text and "义诊进楼院" not in text
        assert 'data-testid="list-filter"' in text
        receiver = ours(check_todos(client_for(world.receiver), world.receiver))
        assert receiver == {"meetings.mine_overdue": 1, "meetings.mine_today": 0}


def test_an_unknown_due_value_is_ignored(world, m, client_for):
    _tasks(world, m)
    with clock.frozen(MARCH_5):
        response = client_for(world.liaison).get(reverse("meetings:my_tasks") + "?due=nonsense")
    assert response.status_code == 200 and response.context["page"].paginator.count == 3
    assert 'data-testid="list-filter"' not in response.content.decode()


def test_those_who_run_meetings_see_the_late_tasks_of_their_communities(world, m, client_for):
    _tasks(world, m)
    with clock.frozen(MARCH_5):
        staff = check_todos(client_for(world.wumei_staff), world.wumei_staff)
        assert staff["meetings.overdue"] == 2 and staff["meetings.mine_overdue"] == 0
        assert check_todos(client_for(world.nanmen_staff), world.nanmen_staff)["meetings.overdue"] == 0
        services.update_task(actor=world.liaison, task=m.task, note="已修复", percent=100, done=True)
        assert check_todos(client_for(world.wumei_staff), world.wumei_staff)["meetings.overdue"] == 1
    assert not [t for t in todos_for(world.district_staff) if t.key.startswith("meetings.")]


def test_the_captain_sees_his_team_s_late_task_on_the_phone(world, m, team, client_for):
    _tasks(world, m, team)
    client = client_for(world.volunteer)
    with clock.frozen(MARCH_5):
        assert ours(check_todos(client, world.volunteer, "resident")) == {"meetings.mine_overdue": 1}
        home = client.get("/m/").content.decode()
        assert "逾期的决议事项" in home and "/m/meetings/tasks/?due=overdue" in home
    assert not [t for t in todos_for(world.resident, "resident") if t.key.startswith("meetings.")]
