"""Fixtures of recognition's tests: the shared personas, a team and an activity of 五美社区, confirmed (and
unconfirmed) hours of 刘洋 (the volunteer persona, who gets an ID number here) and a helper that records hours.

Hours are written as `HoursEntry` rows directly: recognition only reads the shared record, which the volunteering
area writes through its own services."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from gongzhi.core import clock
from gongzhi.lists.models import Category
from gongzhi.lists.services import create_activity
from gongzhi.people.services import create_team, link_account
from gongzhi.volunteering.models import HoursEntry

CST = ZoneInfo("Asia/Shanghai")
VOLUNTEER_ID = "450304199001020035"
TODAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=CST)


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


def add_hours(person, community, served_on: dt.date, hours, *, kind="service", team=None, activity=None,
              status="confirmed", content="", reason=""):
    return HoursEntry.objects.create(
        person=person, community=community, kind=kind, team=team, activity=activity, served_on=served_on,
        hours=Decimal(str(hours)), content=content, status=status, recorded_at=at(2026, 11, 1, 9),
        reason=reason or ("组织方登记" if kind == "honour" else ""))


@pytest.fixture(autouse=True)
def _frozen():
    with clock.frozen(TODAY):
        yield


@pytest.fixture
def served(world):
    return serve(world)


def serve(world):
    """刘洋 (volunteer persona, linked to her account) served in 五美社区: 2025 and 2026, service, duty and honour
    hours, two teams, an activity; plus a pending and a declined entry that must not count."""
    person = world.volunteer_person
    person.id_number = VOLUNTEER_ID
    person.save(update_fields=["id_number"])
    link_account(actor=world.admin, person=person, user=world.volunteer)
    world.volunteer.refresh_from_db()
    # not Category.objects.first(): a live-server test runs after other transactional tests flushed the
    # categories the migrations load, so the category is made here when missing
    category = Category.objects.get_or_create(code="elderly", defaults={"name": "为老服务", "order": 1})[0]
    patrol = create_team(actor=world.admin, name="红袖标安全卫士队", community=world.wumei, speciality="巡逻")
    leifeng = create_team(actor=world.admin, name="学雷锋志愿服务队", community=world.wumei, speciality="学雷锋")
    activity = create_activity(actor=world.admin, community=world.wumei, title="重阳节敬老义诊", category=category,
                               starts_at=at(2026, 10, 29, 9), place="五美社区活动中心")
    add_hours(person, world.wumei, dt.date(2025, 6, 1), "3.0", team=leifeng, content="清理楼道小广告")
    add_hours(person, world.wumei, dt.date(2026, 10, 29), "4.0", team=leifeng, activity=activity)
    add_hours(person, world.wumei, dt.date(2026, 11, 5), "2.5", kind="duty", team=patrol, content="夜间巡逻")
    add_hours(person, world.wumei, dt.date(2026, 11, 6), "1.5", kind="honour", team=leifeng, content="协助布置会场")
    add_hours(person, world.wumei, dt.date(2026, 11, 7), "5.0", status="pending", team=patrol)
    add_hours(person, world.wumei, dt.date(2026, 11, 8), "6.0", status="declined", team=patrol)
    return {"person": person, "patrol": patrol, "leifeng": leifeng, "activity": activity}
