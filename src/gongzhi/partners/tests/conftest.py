"""Fixtures of the partners tests: the shared personas plus a merchant of 五美社区 (桂林米粉店) with its own liaison,
and a street merchant alliance of 象山街道."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.partners import services
from gongzhi.testing.personas import PASSWORD

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)


def build_partners(world) -> SimpleNamespace:
    p = SimpleNamespace()
    p.noodles = create_organisation(actor=world.admin, name="五美老字号桂林米粉店", kind="merchant", home=world.wumei)
    p.noodles_liaison = create_user(actor=world.admin, username="noodles_liaison", password=PASSWORD,
                                    display_name="米粉店·莫老板")
    assign_role(actor=world.admin, user=p.noodles_liaison, role="unit_liaison", organisation=p.noodles)
    p.bakery = create_organisation(actor=world.admin, name="南门面包坊", kind="merchant", home=world.nanmen)
    return p


def approved(world, organisation, kind="social_enterprise", community=None):
    partner = services.apply(actor=world.wumei_staff, community=community or world.wumei, organisation=organisation,
                             kind=kind, gives="每月一次便民服务", gets="宣传推广")
    return services.approve(actor=world.wumei_staff, partner=partner, gets="社区公众号宣传",
                            agreement_start=dt.date(2026, 7, 1), agreement_end=dt.date(2027, 6, 30))


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def partners(world, frozen):
    return build_partners(world)


@pytest.fixture
def alliance(world, partners):
    a = services.create_alliance(actor=world.street_staff, region=world.xiangshan_street, name="象山街道商家联盟",
                                 founded_on=dt.date(2026, 3, 1))
    partners.noodles_member = services.add_member(actor=world.street_staff, alliance=a, organisation=partners.noodles,
                                                  joined_on=dt.date(2026, 3, 1))
    partners.bakery_member = services.add_member(actor=world.street_staff, alliance=a, organisation=partners.bakery,
                                                 joined_on=dt.date(2026, 3, 5))
    return a
