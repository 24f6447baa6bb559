"""楼门管家's to-do (stewards/todos.py): community staff see the suggestions stewards collected that wait for their
answer, and the count is the suggestion list its link opens (`?handle=1`). Suggestions the staffer sees through
another role but does not handle are neither counted nor listed; street staff and the steward are not asked."""

import datetime as dt

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role
from gongzhi.core.registry import todos_for
from gongzhi.stewards import services
from gongzhi.testing.todos import check_todos


def _mine(found: dict) -> dict:
    return {k: v for k, v in found.items() if k.startswith("stewards.")}


def _suggestions(world, p, steward):
    services.submit_suggestion(actor=world.resident, text="1单元楼道灯不亮，请尽快维修")
    declined = services.submit_suggestion(actor=world.resident, text="希望在楼下多放几张长椅")
    services.decline(actor=world.wumei_staff, suggestion=declined, reason="场地不足，另行安排")
    nanmen = services.appoint(actor=world.nanmen_staff, post=world.nanmen_b1, person=world.nanmen_person,
                              selection="recommended", roles=["opinion"], started_on=dt.date(2026, 2, 1))
    services.submit_suggestion(actor=world.nanmen_staff, steward=nanmen, text="南门花园的垃圾桶不够用")


def test_staff_answer_what_their_list_shows(world, posts, steward, client_for):
    _suggestions(world, posts, steward)
    assert _mine(check_todos(client_for(world.wumei_staff), world.wumei_staff)) == {"stewards.suggestions": 1}
    assert _mine(check_todos(client_for(world.nanmen_staff), world.nanmen_staff)) == {"stewards.suggestions": 1}


def test_rows_seen_through_another_role_are_not_to_answer(world, posts, steward, client_for):
    _suggestions(world, posts, steward)
    assign_role(actor=world.admin, user=world.wumei_staff, role="street_staff", region=world.xiangshan_street)
    staff = User.objects.get(pk=world.wumei_staff.pk)
    client = client_for(staff)
    assert client.get("/workbench/stewards/suggestions/?status=new").context["page"].paginator.count == 2
    assert _mine(check_todos(client, staff)) == {"stewards.suggestions": 1}
    assert client.get("/workbench/stewards/suggestions/?handle=0").context["page"].paginator.count == 3


def test_who_answers_nothing_is_not_asked(world, posts, steward, client_for):
    _suggestions(world, posts, steward)
    for user in (world.street_staff, world.wumei_grid_worker):
        assert not [t for t in todos_for(user) if t.key.startswith("stewards.")]
    assert not [t for t in todos_for(world.resident, "resident") if t.key.startswith("stewards.")]
    page = client_for(world.street_staff).get("/workbench/stewards/suggestions/").content.decode()
    assert 'name="handle"' not in page
