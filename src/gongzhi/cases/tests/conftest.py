"""Fixtures of the cases' tests: the default categories and a sewage case made through the real services."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.cases import services
from gongzhi.cases.testing import seed_case_categories
from gongzhi.core import clock
from gongzhi.organisations.services import create_department
from gongzhi.testing.personas import PASSWORD

CST = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    """An aware datetime in Beijing time: at(2026, 5, 11, 9) is 9:00 on Monday 11 May 2026."""
    return dt.datetime(*parts, tzinfo=CST)


# Monday 11 May 2026, 09:00 — an ordinary working morning.
MONDAY_9 = at(2026, 5, 11, 9, 0)


@pytest.fixture
def cats(db):
    return seed_case_categories()


def add_receiver(world, username: str, display: str, department):
    user = create_user(actor=world.admin, username=username, password=PASSWORD, display_name=display)
    assign_role(actor=world.admin, user=user, role="department_receiver", department=department)
    return user


@pytest.fixture
def depts(world):
    """The police station and the legal adviser of 象山街道, with their receivers, beside the judicial office."""
    d = SimpleNamespace(judicial=world.judicial_office, judicial_receiver=world.receiver)
    d.police = create_department(actor=world.admin, name="象山派出所", kind="police_station", home=world.xiangshan_street)
    d.police_receiver = add_receiver(world, "police_receiver", "派出所·梁军", d.police)
    d.lawyer = create_department(actor=world.admin, name="五美社区法律顾问", kind="legal_adviser", home=world.wumei)
    d.lawyer_receiver = add_receiver(world, "lawyer_receiver", "法律顾问·秦律师", d.lawyer)
    return d


def report_sewage(world, cats, **kwargs):
    options = {"actor": world.resident, "category": cats["sewage"], "community": world.wumei,
               "title": "楼上邻居下水管堵塞，污水倒灌进我家", "description": "新房卫生间地漏反水，污水漫到客厅，楼上不配合疏通。",
               "channel": "phone_app", "place": world.wumei_b1, "address": "五美小区1栋2单元101"}
    options.update(kwargs)
    return services.report_case(**options)


@pytest.fixture
def case(world, cats):
    with clock.frozen(MONDAY_9):
        return report_sewage(world, cats)


@pytest.fixture
def accepted(world, case):
    with clock.frozen(MONDAY_9 + dt.timedelta(minutes=10)):
        return services.accept_case(actor=world.wumei_grid_worker, case=case)


@pytest.fixture
def whistled(world, accepted, depts):
    """The sewage case whistled to the judicial office and the police station at 09:30 on Monday."""
    with clock.frozen(MONDAY_9 + dt.timedelta(minutes=30)):
        ws = services.blow_whistle(actor=world.wumei_staff, case=accepted, departments=[depts.judicial, depts.police],
                                   request="请司法所、派出所到场调解，督促楼上住户疏通管道")
    accepted.refresh_from_db()
    return SimpleNamespace(case=accepted, judicial=ws[0], police=ws[1], depts=depts)
