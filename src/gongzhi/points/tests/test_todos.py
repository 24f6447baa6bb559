"""积分超市's to-do (points/todos.py): community staff see the redemptions waiting to be handed out, and the count is
the redemption list its link opens (`?handout=1`). Redemptions the staffer sees through another role but does not
hand out are neither counted nor listed; street staff and residents are not asked."""

import datetime as dt

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role
from gongzhi.core.registry import todos_for
from gongzhi.points import services
from gongzhi.points.tests.conftest import hours_entry
from gongzhi.testing.todos import check_todos


def _mine(found: dict) -> dict:
    return {k: v for k, v in found.items() if k.startswith("points.")}


def _redemptions(world, p):
    first = services.redeem(actor=world.resident, item=p.rice)
    services.redeem(actor=world.resident, item=p.rice)
    services.confirm_pickup(actor=world.wumei_staff, redemption=first)
    services.set_rule(actor=world.nanmen_staff, community=world.nanmen, points_per_hour=10,
                      effective_from=dt.date(2026, 1, 1))
    towel = services.create_item(actor=world.nanmen_staff, community=world.nanmen, name="毛巾", price=20, stock=5)
    hours_entry(world, world.nanmen_person, hours="3.0", community=world.nanmen)
    services.sweep()
    services.redeem(actor=world.nanmen_staff, item=towel, resident=world.nanmen_person)


def test_staff_hand_out_what_their_list_shows(world, earned, client_for):
    _redemptions(world, earned)
    assert _mine(check_todos(client_for(world.wumei_staff), world.wumei_staff)) == {"points.handout": 1}
    assert _mine(check_todos(client_for(world.nanmen_staff), world.nanmen_staff)) == {"points.handout": 1}


def test_rows_seen_through_another_role_are_not_to_hand_out(world, earned, client_for):
    _redemptions(world, earned)
    assign_role(actor=world.admin, user=world.wumei_staff, role="street_staff", region=world.xiangshan_street)
    staff = User.objects.get(pk=world.wumei_staff.pk)
    client = client_for(staff)
    assert client.get("/workbench/points/redemptions/?status=requested").context["page"].paginator.count == 2
    assert _mine(check_todos(client, staff)) == {"points.handout": 1}
    assert client.get("/workbench/points/redemptions/?handout=x").context["page"].paginator.count == 3


def test_who_hands_out_nothing_is_not_asked(world, earned, client_for):
    _redemptions(world, earned)
    for user in (world.street_staff, world.wumei_grid_worker):
        assert not [t for t in todos_for(user) if t.key.startswith("points.")]
    assert not [t for t in todos_for(world.resident, "resident") if t.key.startswith("points.")]
    page = client_for(world.street_staff).get("/workbench/points/redemptions/").content.decode()
    assert 'name="handout"' not in page
