"""Fixtures of the proposals tests: the shared personas, more residents of 五美社区 who support, and a proposal by
王秀英 about the broken street lamps of 五美小区."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.people.services import link_account, register_person
from gongzhi.proposals import services

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)


def neighbour(world, username: str, name: str, home=None):
    home = home or world.wumei_b1
    person = register_person(actor=world.admin, name=name, home=home)
    user = create_user(actor=world.admin, username=username, password=None, display_name=name)
    assign_role(actor=world.admin, user=user, role="resident", region=home)
    link_account(actor=world.admin, person=person, user=user)
    return user


def lamps(world):
    return services.submit_proposal(actor=world.resident, title="五美小区路灯坏了三盏",
                                    problem="五美小区主干道路灯晚上不亮，老人夜里出门不安全。",
                                    suggestion="请社区联系物业尽快更换，并在小区东门加装一盏。")


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def proposal(world, frozen):
    return lamps(world)


def meeting(world, *, community=None, days=10, kind="partner_monthly"):
    """A scheduled joint meeting of 五美社区 (or `community`) `days` after NOW."""
    from gongzhi.meetings.services import create_meeting

    return create_meeting(actor=world.wumei_staff if community is None else world.admin,
                          community=community or world.wumei, kind=kind, starts_at=NOW + dt.timedelta(days=days),
                          place="五美社区党群服务中心", convener="五美社区党委", title="7月合伙人月度例会")
