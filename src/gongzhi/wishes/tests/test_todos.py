"""微心愿's to-dos (wishes/todos.py): community staff's review queue and claims past their deadline, a unit's
liaison's own overdue claims, a resident's fulfilled wishes to confirm (我的心愿 filtered by status). Each count
is the list it opens."""

import datetime as dt

from django.urls import reverse

from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.testing.todos import check_todos
from gongzhi.wishes import services
from gongzhi.wishes.tests.conftest import fulfilled, post


def ours(found: dict) -> dict:
    """This app's lines of a to-do list (other apps add theirs for the same user)."""
    return {k: v for k, v in found.items() if k.startswith("wishes.")}


def my_wishes_shown(response, fragment: str) -> int:
    """我的心愿 (the phone's list) does not page: its rows."""
    return len(response.context["wishes"])


def test_staff_see_the_review_queue_and_the_late_claims(world, wishes, client_for):
    assert ours(check_todos(client_for(world.wumei_staff), world.wumei_staff)) == {"wishes.overdue": 0,
                                                                                   "wishes.review": 1}
    assert ours(check_todos(client_for(world.liaison), world.liaison)) == {"wishes.mine_overdue": 0}
    with clock.frozen(clock.now() + dt.timedelta(days=20)):  # the hospital's claim (14 days) is late, not swept yet
        assert ours(check_todos(client_for(world.wumei_staff), world.wumei_staff))["wishes.overdue"] == 1
        assert ours(check_todos(client_for(world.liaison), world.liaison)) == {"wishes.mine_overdue": 1}
        assert services.sweep_overdue_claims() == 1
        assert ours(check_todos(client_for(world.wumei_staff), world.wumei_staff))["wishes.overdue"] == 1
        keys = [t.key for t in todos_for(world.wumei_staff)]
        assert keys.index("wishes.overdue") < keys.index("wishes.review")
    assert ours(check_todos(client_for(world.nanmen_staff), world.nanmen_staff)) == {"wishes.overdue": 0,
                                                                                     "wishes.review": 0}
    assert not [t for t in todos_for(world.street_staff) if t.key.startswith("wishes.")]


def test_the_resident_confirms_from_her_home_page(world, client_for):
    client = client_for(world.resident)
    counters = {"wishes:m_list": my_wishes_shown}
    post(world, "想要一台收音机")
    assert ours(check_todos(client, world.resident, "resident", counters)) == {}
    done = fulfilled(world, "想要一把轮椅")
    assert ours(check_todos(client, world.resident, "resident", counters)) == {"wishes.m_fulfilled": 1}
    home = client.get("/m/").content.decode()
    assert "待我确认的心愿" in home and "/m/wishes/?status=fulfilled" in home
    listed = client.get(reverse("wishes:m_list") + "?status=fulfilled").content.decode()
    assert "想要一把轮椅" in listed and "想要一台收音机" not in listed and 'data-testid="list-filter"' in listed
    everything = client.get(reverse("wishes:m_list") + "?status=whatever")
    assert len(everything.context["wishes"]) == 2  # an unknown status is ignored
    services.confirm_fulfilment(actor=world.resident, wish=done)
    assert not [t for t in todos_for(world.resident, "resident") if t.key.startswith("wishes.")]
