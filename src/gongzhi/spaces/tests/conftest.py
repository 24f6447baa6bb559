"""Fixtures of the space platform tests: the shared personas, 五美社区's hall (多功能厅, 80 people, open Monday to
Saturday 08:30—12:00 and 14:30—21:00, closed Sundays) and meeting room, an approved merchant partner (五美书画社)
with its liaison, and a volunteer team captained by 刘洋. The clock stands on Monday 2026-03-02 09:00."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.partners.models import Partner, PartnerKind, PartnerStatus
from gongzhi.people.models import VolunteerTeam
from gongzhi.people.services import link_account
from gongzhi.spaces import services
from gongzhi.testing.personas import PASSWORD

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)  # a Monday
FRIDAY = dt.date(2026, 3, 6)
TERM_END = dt.date(2026, 6, 26)  # 17 Fridays


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def build_spaces(world) -> SimpleNamespace:
    s = SimpleNamespace()
    s.hall = services.create_venue(actor=world.wumei_staff, community=world.wumei, name="党群服务中心多功能厅",
                                   kind="hall", capacity=80, location="党群服务中心一楼")
    services.set_opening_hours(actor=world.wumei_staff, venue=s.hall, ranges=[
        (d, t(o), t(c)) for d in range(6) for o, c in (("08:30", "12:00"), ("14:30", "21:00"))])
    s.room = services.create_venue(actor=world.wumei_staff, community=world.wumei, name="会议室", kind="room",
                                   capacity=12)
    services.set_opening_hours(actor=world.wumei_staff, venue=s.room,
                               ranges=[(d, t("09:00"), t("17:00")) for d in range(5)])
    s.merchant = create_organisation(actor=world.admin, name="五美书画社", kind="merchant", home=world.wumei)
    s.partner = Partner.objects.create(community=world.wumei, organisation=s.merchant,
                                       kind=PartnerKind.SOCIAL_ENTERPRISE, status=PartnerStatus.APPROVED,
                                       gives="每周免费书法课", applied_by=world.admin, applied_at=clock.now(),
                                       decided_by=world.admin, decided_at=clock.now())
    s.merchant_liaison = create_user(actor=world.admin, username="shuhua_liaison", password=PASSWORD,
                                     display_name="书画社·林雪")
    assign_role(actor=world.admin, user=s.merchant_liaison, role="unit_liaison", organisation=s.merchant)
    link_account(actor=world.admin, person=world.volunteer_person, user=world.volunteer)  # 刘洋 logs in as herself
    s.team = VolunteerTeam.objects.create(name="五美巡逻队", community=world.wumei, kind="patrol",
                                          captain=world.volunteer_person.volunteer)
    return s


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def spaces(world, frozen):
    return build_spaces(world)


def weekly_class(world, s, *, actor=None, until=TERM_END, **extra):
    """The merchant's free calligraphy class: the hall every Friday 19:00—20:30 for a term."""
    args = {"actor": actor or s.merchant_liaison, "venue": s.hall, "applicant": s.partner, "purpose": "书法兴趣班",
            "attendance": 30, "first_date": FRIDAY, "repeat_until": until, "starts": t("19:00"),
            "ends": t("20:30"), "exchange_service": "每次课后为社区老人免费上一节书法课"}
    args.update(extra)
    return services.apply(**args)
