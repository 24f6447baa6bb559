"""Fixtures of the disputes' tests: the seeded dispute categories, a clock frozen on an ordinary working
morning, and disputes made through the real services (a 漏水 dispute in 五美社区 between 王秀英, a registered
resident, and her upstairs neighbour 李明)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.disputes import services
from gongzhi.disputes.services import PartyInput

CST = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    """An aware datetime in Beijing time: at(2026, 5, 11, 9) is 9:00 on Monday 11 May 2026."""
    return dt.datetime(*parts, tzinfo=CST)


MONDAY_9 = at(2026, 5, 11, 9, 0)


@pytest.fixture(autouse=True)
def _monday_morning(request):
    if request.node.get_closest_marker("browser"):
        yield
        return
    with clock.frozen(MONDAY_9):
        yield


@pytest.fixture
def cats(db):
    return seed_case_categories()


def leak_parties(**overrides) -> list[PartyInput]:
    applicant = {"name": "王秀英", "role": "applicant", "phone": "13812345678", "address": "五美小区1栋101"}
    applicant.update(overrides)
    return [PartyInput(**applicant),
            PartyInput(name="李明", role="respondent", phone="13907731234", address="五美小区1栋201")]


def register(world, cats, *, actor=None, community=None, title="五美小区1栋楼上漏水纠纷", risk="ordinary", parties=None,
             category="neighbour_dispute", **kwargs):
    return services.register_dispute(
        actor=actor or world.wumei_staff, community=community or world.wumei, category=cats[category], title=title,
        description="楼上卫生间漏水，楼下天花板受损，双方就维修和赔偿发生争执。", subject="漏水损失赔偿",
        parties=leak_parties() if parties is None else parties, channel="window", risk=risk, **kwargs)


def session(world, dispute, *, result="agreed", actor=None, next_session_on=None, **kwargs):
    return services.record_session(
        actor=actor or world.wumei_staff, dispute=dispute, held_at=clock.now() - dt.timedelta(hours=1),
        place="社区人民调解室", notes=kwargs.pop("notes", "双方陈述，调解员释法说理。"), result=result,
        mediators=kwargs.pop("mediators", [world.wumei_grid_worker]), mediator_names="人民调解员 张明；法律顾问 李律师",
        next_session_on=next_session_on, **kwargs)


def agree(world, dispute, *, actor=None, follow_up_in: int = 14):
    return services.record_outcome(
        actor=actor or world.wumei_staff, dispute=dispute, outcome="agreement",
        agreement_text="李明负责维修防水层并赔偿王秀英天花板修复费用2000元，7日内付清。", agreed_amount="2000",
        follow_up_on=clock.today() + dt.timedelta(days=follow_up_in))


def follow_up(world, dispute, *, stable=True, actor=None, next_follow_up_on=None):
    return services.record_follow_up(
        actor=actor or world.wumei_staff, dispute=dispute, done_on=clock.today(), note="协议已履行，双方关系缓和。",
        stable=stable, next_follow_up_on=next_follow_up_on)


@pytest.fixture
def dispute(world, cats):
    """A registered 邻里纠纷 in 五美社区 (no session yet)."""
    return register(world, cats)


@pytest.fixture
def agreed(world, cats):
    """A dispute mediated to an agreement, its follow-up due in 14 days."""
    d = register(world, cats)
    session(world, d)
    return agree(world, d)
