"""The space platform's to-dos (spaces/todos.py): community staff see the applications waiting for their decision,
those starting within a day (they lapse if nobody decides) as due soon; each count is the application list its link
opens (`?decide=1`, `?decide=soon`). Applications the staffer sees but does not decide (another community seen
through a second role) are neither counted nor listed; street staff, who do not decide, are not asked."""

import datetime as dt

from gongzhi.accounts.models import User
from gongzhi.accounts.services import assign_role
from gongzhi.core.registry import Urgency, todos_for
from gongzhi.spaces import services
from gongzhi.spaces.tests.conftest import t, weekly_class
from gongzhi.testing.todos import check_todos


def _applications(world, s):
    weekly_class(world, s)  # from Friday: waiting, not soon
    services.apply(actor=world.resident, venue=s.hall, applicant=world.resident_person, purpose="读书会",
                   attendance=5, first_date=dt.date(2026, 3, 2), starts=t("14:30"), ends=t("15:30"))  # today: soon
    done = services.apply(actor=world.wumei_staff, venue=s.room, applicant=s.team, purpose="巡逻队例会",
                          attendance=8, first_date=dt.date(2026, 3, 3), starts=t("10:00"), ends=t("11:00"))
    services.approve(actor=world.wumei_staff, application=done)
    nanmen_room = services.create_venue(actor=world.nanmen_staff, community=world.nanmen, name="南门活动室",
                                        kind="room", capacity=20)
    services.set_opening_hours(actor=world.nanmen_staff, venue=nanmen_room,
                               ranges=[(d, t("08:00"), t("20:00")) for d in range(7)])
    services.apply(actor=world.nanmen_staff, venue=nanmen_room, applicant=world.nanmen_person, purpose="棋牌活动",
                   attendance=6, first_date=dt.date(2026, 3, 2), starts=t("15:00"), ends=t("16:00"))


def test_staff_decide_the_applications_their_list_shows(world, spaces, client_for):
    _applications(world, spaces)
    found = check_todos(client_for(world.wumei_staff), world.wumei_staff)
    assert found["spaces.applied"] == 2 and found["spaces.soon"] == 1
    soon = next(t for t in todos_for(world.wumei_staff) if t.key == "spaces.soon")
    assert soon.urgency == Urgency.SOON and soon.url.endswith("?decide=soon")
    assert check_todos(client_for(world.nanmen_staff), world.nanmen_staff)["spaces.soon"] == 1


def test_rows_seen_through_another_role_are_not_to_decide(world, spaces, client_for):
    _applications(world, spaces)
    assign_role(actor=world.admin, user=world.wumei_staff, role="street_staff", region=world.xiangshan_street)
    staff = User.objects.get(pk=world.wumei_staff.pk)
    client = client_for(staff)
    assert client.get("/workbench/spaces/applications/?status=applied").context["page"].paginator.count == 3
    assert check_todos(client, staff)["spaces.applied"] == 2
    assert client.get("/workbench/spaces/applications/?decide=junk").context["page"].paginator.count == 4


def test_who_does_not_decide_is_not_asked(world, spaces, client_for):
    _applications(world, spaces)
    for user in (world.street_staff, spaces.merchant_liaison, world.resident):
        assert not [t for t in todos_for(user) if t.key.startswith("spaces.")]
    page = client_for(world.street_staff).get("/workbench/spaces/applications/").content.decode()
    assert 'name="decide"' not in page


def test_nothing_waiting_shows_zero(world, spaces, client_for):
    found = check_todos(client_for(world.wumei_staff), world.wumei_staff)
    assert found["spaces.applied"] == 0 and found["spaces.soon"] == 0
