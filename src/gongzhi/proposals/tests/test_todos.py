"""居民提议's to-dos (proposals/todos.py): community staff see the proposals past the answer limit first, then those
due today, then all they are to answer; each count is the staff list its link opens (`?answer=1` with
`overdue=1`, `overdue=soon`, `status=open`). Proposals the staffer sees through another role but does not answer
are neither counted nor listed; street staff, who do not answer, are not asked."""

import datetime as dt

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role
from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.proposals import services
from gongzhi.proposals.tests.conftest import NOW, lamps, neighbour
from gongzhi.testing.todos import check_todos


def _mine(found: dict) -> dict:
    return {k: v for k, v in found.items() if k.startswith("proposals.")}


def _submit(user, title):
    return services.submit_proposal(actor=user, title=title, problem="问题说明", suggestion="建议做法")


def _proposals(world):
    with clock.frozen(NOW - dt.timedelta(days=20)):
        _submit(world.resident, "楼道堆放杂物")  # due five days ago
    with clock.frozen(NOW - dt.timedelta(days=15)):
        _submit(world.resident, "小区门口缺少减速带")  # due today
    with clock.frozen(NOW - dt.timedelta(days=3)):
        answered = _submit(world.resident, "希望增设快递柜")
        services.answer_proposal(actor=world.wumei_staff, proposal=answered, answer="已联系快递公司，下月安装")
    with clock.frozen(NOW):
        lamps(world)
        _submit(neighbour(world, "nanmen_resident", "周红", home=world.nanmen_b1), "南门花园需要凉亭")


def test_late_first_then_due_today_then_waiting(world, frozen, client_for):
    _proposals(world)
    found = check_todos(client_for(world.wumei_staff), world.wumei_staff)
    assert _mine(found) == {"proposals.overdue": 1, "proposals.soon": 1, "proposals.open": 3}
    keys = [t.key for t in todos_for(world.wumei_staff)]
    assert keys.index("proposals.overdue") < keys.index("proposals.soon") < keys.index("proposals.open")
    assert _mine(check_todos(client_for(world.nanmen_staff), world.nanmen_staff)) == {
        "proposals.open": 1, "proposals.overdue": 0, "proposals.soon": 0}


def test_rows_seen_through_another_role_are_not_to_answer(world, frozen, client_for):
    _proposals(world)
    assign_role(actor=world.admin, user=world.wumei_staff, role="street_staff", region=world.xiangshan_street)
    staff = User.objects.get(pk=world.wumei_staff.pk)
    client = client_for(staff)
    assert client.get("/workbench/proposals/?status=open").context["page"].paginator.count == 4
    assert check_todos(client, staff)["proposals.open"] == 3
    assert client.get("/workbench/proposals/?answer=yes").context["page"].paginator.count == 5


def test_who_does_not_answer_is_not_asked(world, frozen, client_for):
    _proposals(world)
    for user in (world.street_staff, world.wumei_grid_worker, world.resident):
        assert not [t for t in todos_for(user) if t.key.startswith("proposals.")]
    assert 'name="answer"' not in client_for(world.street_staff).get("/workbench/proposals/").content.decode()
