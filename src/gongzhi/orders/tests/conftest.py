"""Fixtures of the orders' tests: 五美社区's service menu built through the real services from published
resources (五美路商家联盟's 一元理发 with 20 places a month, the hospital's 中医义诊) plus a volunteer team's item,
and 南门社区's menu for the out-of-scope checks."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.lists import services as lists
from gongzhi.lists.tests.conftest import seed_categories
from gongzhi.orders import services
from gongzhi.orders.models import MenuItem
from gongzhi.organisations.services import create_organisation
from gongzhi.people.services import create_team, link_account, register_person
from gongzhi.testing.personas import PASSWORD

CST = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 5, 11, 9, 0, tzinfo=CST)  # a Monday morning


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


def build_menu_world(world) -> SimpleNamespace:
    """The menu of 五美社区 and 南门社区, built at T0 through the services; `world` gains the merchant alliance's
    liaison and a volunteer team that 刘洋 (the volunteer persona) belongs to."""
    w = world
    m = SimpleNamespace(world=w, cats=seed_categories())
    cats = m.cats
    with clock.frozen(T0):
        m.merchants = create_organisation(actor=w.admin, name="五美路商家联盟", kind="merchant",
                                          partner_type="social_enterprise", home=w.wumei)
        w.merchant_liaison = create_user(actor=w.admin, username="merchant_liaison", password=PASSWORD,
                                         display_name="商家联盟·蒋丽")
        assign_role(actor=w.admin, user=w.merchant_liaison, role="unit_liaison", organisation=m.merchants)
        m.haircut_resource = lists.register_resource(
            actor=w.merchant_liaison, organisation=m.merchants, title="一元理发", category=cats["repairs"],
            description="老年人理发只收1元，党员志愿理发师上门", times_per_year=12, people_per_session=20,
            place="五美社区党群服务中心", schedule="每月第一个周六上午", cost="semi_free")
        m.clinic_resource = lists.register_resource(
            actor=w.liaison, organisation=w.hospital, title="中医义诊进社区", category=cats["medical"],
            description="测血压血糖、中医问诊、健康咨询", times_per_year=12, people_per_session=50,
            place="五美社区广场", schedule="每月第二个周三上午")
        m.nanmen_resource = lists.register_resource(
            actor=w.nanmen_staff, organisation=w.school, title="课后作业辅导", category=cats["education"],
            times_per_year=40, people_per_session=10, schedule="每周三下午")
        services.build_menu(actor=w.wumei_staff, community=w.wumei)
        services.build_menu(actor=w.nanmen_staff, community=w.nanmen)
        m.haircut = MenuItem.objects.get(resource=m.haircut_resource)
        services.update_item(actor=w.wumei_staff, item=m.haircut, price_note="1元")
        m.clinic = MenuItem.objects.get(resource=m.clinic_resource)
        m.nanmen_item = MenuItem.objects.get(resource=m.nanmen_resource)
        # 刘洋 (the volunteer persona) joins 五美社区's 学雷锋 team and logs in as himself
        m.team = create_team(actor=w.admin, name="学雷锋志愿服务队", community=w.wumei, speciality="助老、陪诊")
        w.volunteer_person.volunteer.teams.add(m.team)  # no service joins a team yet (people app)
        link_account(actor=w.admin, person=w.volunteer_person, user=w.volunteer)
        m.escort = services.create_item(actor=w.wumei_staff, community=w.wumei, title="就医陪诊、代买药品",
                                        category=cats["elderly"], provider=m.team, offer="志愿者陪同独居老人就医",
                                        schedule="预约服务", capacity=None)
        # a second resident of 五美社区, and one of 南门社区 with an account
        m.neighbour_person = register_person(actor=w.admin, name="赵桂兰", home=w.wumei_b1, phone="13900001111")
        w.nanmen_resident = create_user(actor=w.admin, username="nanmen_resident", password=PASSWORD,
                                        display_name="张伟")
        assign_role(actor=w.admin, user=w.nanmen_resident, role="resident", region=w.nanmen_b1)
        link_account(actor=w.admin, person=w.nanmen_person, user=w.nanmen_resident)
    for item in (m.haircut, m.clinic, m.nanmen_item, m.escort):
        item.refresh_from_db()
    return m


@pytest.fixture
def menu(world):
    return build_menu_world(world)


@pytest.fixture
def frozen():
    """Run the test at T0 (the clock moves only when a test freezes it again)."""
    with clock.frozen(T0):
        yield T0


def place(m, *, user=None, item=None, **kwargs):
    """王秀英 (or `user`) orders `item` (default 一元理发)."""
    w = m.world
    return services.place_order(actor=user or w.resident, menu_item=item or m.haircut, **kwargs)


def help_order(m, *, user=None, title="家里水管漏水，需要上门维修", category="repairs"):
    return services.place_order(actor=user or m.world.resident, title=title, category=m.cats[category])


def walk(m, order, until: str):
    """Move an order of 一元理发 along the loop until `until` (dispatched, taken, delivered, confirmed, rated)."""
    w = m.world
    steps = ["dispatched", "taken", "delivered", "confirmed", "rated"]
    for step in steps[: steps.index(until) + 1]:
        if step == "dispatched":
            services.dispatch_order(actor=w.wumei_staff, order=order, menu_item=order.menu_item or m.haircut)
        elif step == "taken":
            services.take_order(actor=w.merchant_liaison, order=order)
        elif step == "delivered":
            services.deliver_order(actor=w.merchant_liaison, order=order, note="已在党群服务中心理发")
        elif step == "confirmed":
            services.confirm_order(actor=w.resident, order=order)
        else:
            services.rate_order(actor=w.resident, order=order, rating=5, comment="师傅手艺好")
    order.refresh_from_db()
    return order
