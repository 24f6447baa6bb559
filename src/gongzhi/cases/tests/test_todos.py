"""接诉即办's to-dos (cases/todos.py) on the home pages: late cases first, then those due within a day, then the
cases to accept; a receiver's whistles; a resident's resolved cases to confirm. Each count is the list it opens."""

import datetime as dt

from gongzhi.cases import services
from gongzhi.cases.tests.conftest import MONDAY_9, at, report_sewage
from gongzhi.core import clock
from gongzhi.core.registry import todos_for
from gongzhi.testing.todos import check_todos

NOON = at(2026, 5, 11, 12, 0)


def _cases(world, cats):
    with clock.frozen(MONDAY_9):
        waiting = report_sewage(world, cats, title="小区路灯不亮")
        late = report_sewage(world, cats, title="楼道堆放杂物堵塞通道")
        soon = report_sewage(world, cats, title="垃圾清运不及时")
        done = report_sewage(world, cats, title="单元门禁损坏")
        for case in (late, soon, done):
            services.accept_case(actor=world.wumei_grid_worker, case=case)
    with clock.frozen(MONDAY_9 + dt.timedelta(minutes=30)):  # to report by 10:30: late at noon
        services.blow_whistle(actor=world.wumei_staff, case=late, departments=[world.judicial_office], request="请到场")
        services.resolve_case(actor=world.wumei_grid_worker, case=done, result="已更换门禁读卡器")
    with clock.frozen(at(2026, 5, 11, 11, 30)):  # to report by 15:00: due soon at noon
        services.blow_whistle(actor=world.wumei_staff, case=soon, departments=[world.judicial_office], request="请到场")
    return waiting, late, soon, done


def test_the_staffers_list_counts_what_the_case_list_shows(world, cats, client_for):
    _cases(world, cats)
    with clock.frozen(NOON):
        for user in (world.wumei_staff, world.wumei_grid_worker, world.street_staff):
            found = check_todos(client_for(user), user)
            assert found["cases.overdue"] == 1 and found["cases.soon"] == 1
        assert check_todos(client_for(world.wumei_staff), world.wumei_staff)["cases.submitted"] == 1
        keys = [t.key for t in todos_for(world.wumei_grid_worker)]
        assert keys.index("cases.overdue") < keys.index("cases.soon") < keys.index("cases.submitted")


def test_the_receiver_sees_the_whistles_to_report(world, cats, client_for):
    _cases(world, cats)
    with clock.frozen(NOON):
        found = check_todos(client_for(world.receiver), world.receiver)
        assert {k: n for k, n in found.items() if k.startswith("whistles.")} == {
            "whistles.overdue": 1, "whistles.sent": 2, "whistles.reported": 0}
        page = client_for(world.receiver).get("/workbench/").content.decode()
        assert 'data-key="whistles.overdue"' in page and "已超时的哨" in page
    assert todos_for(world.outsider) == []


def test_the_resident_confirms_from_her_home_page(world, cats, client_for):
    *_, done = _cases(world, cats)
    client = client_for(world.resident)
    with clock.frozen(NOON):
        assert check_todos(client, world.resident, "resident") == {"cases.m_resolved": 1}
        home = client.get("/m/").content.decode()
        assert "待我确认的诉求" in home and "/m/cases/?status=resolved" in home
        listed = client.get("/m/cases/?status=resolved").content.decode()
        assert done.title in listed and "小区路灯不亮" not in listed
        services.confirm_case(actor=world.resident, case=done)
        assert todos_for(world.resident, "resident") == []
        assert 'data-testid="todos"' not in client.get("/m/").content.decode()
