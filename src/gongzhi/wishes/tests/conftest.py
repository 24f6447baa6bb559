"""Fixtures of the wishes' tests: the shared personas plus an in-service party member of 五美社区 who can log in,
and a few wishes in each state made through the real services."""

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.people.services import link_account, register_party_member, register_person, report_to_community
from gongzhi.testing import files
from gongzhi.testing.personas import PASSWORD
from gongzhi.wishes import services

CST = ZoneInfo("Asia/Shanghai")
RESIDENT_PHONE = "13812345678"  # 王秀英's number in the personas
PNG = files.png()
JPEG = files.jpeg()


def at(*parts: int) -> dt.datetime:
    """An aware datetime in Beijing time: at(2026, 5, 9, 9) is 9:00 on 9 May 2026."""
    return dt.datetime(*parts, tzinfo=CST)


def upload(data: bytes, name: str = "photo.png"):
    f = io.BytesIO(data)
    f.name, f.size = name, len(data)
    return f


def add_party_member(world, *, username: str = "party_member", name: str = "陈志刚", home=None,
                     community=None, phone: str = "13907731234"):
    """An in-service party member of 桂林市中医医院 who lives in 五美社区 and registered (报到) there, with an
    account (a resident of the phone shell)."""
    home = home or world.wenhua_b2
    person = register_person(actor=world.admin, name=name, home=home, phone=phone)
    member = register_party_member(actor=world.admin, person=person, party_organisation=world.hospital_committee,
                                   work_unit=world.hospital)
    report_to_community(actor=world.admin, member=member, community=community or world.wumei,
                        on=dt.date(2026, 3, 1))
    user = create_user(actor=world.admin, username=username, password=PASSWORD, display_name=name)
    assign_role(actor=world.admin, user=user, role="resident", region=home)
    link_account(actor=world.admin, person=person, user=user)
    return user


@pytest.fixture
def member(world):
    return add_party_member(world)


def post(world, title="想要一台收音机", *, beneficiary="elderly_alone", actor=None, **kwargs):
    return services.post_wish(actor=actor or world.resident, title=title, beneficiary=beneficiary, **kwargs)


def approved(world, title="想要一台收音机", **kwargs):
    wish = post(world, title, **kwargs)
    return services.review_wish(actor=world.wumei_staff, wish=wish, decision="approve")


def claimed(world, title="想要一台收音机", *, by=None, **kwargs):
    wish = approved(world, title, **kwargs)
    services.claim_wish(actor=by or world.liaison, wish=wish)
    wish.refresh_from_db()
    return wish


def fulfilled(world, title="想要一台收音机", *, by=None, **kwargs):
    wish = claimed(world, title, by=by, **kwargs)
    services.record_fulfilment(actor=by or world.liaison, wish=wish, note="已送到老人家中")
    wish.refresh_from_db()
    return wish


@pytest.fixture
def wishes(world):
    """五美社区: 王秀英's wishes in several states (submitted, open, claimed by the hospital); one posted by the
    grid worker for 刘洋's household (open); 南门社区: one open wish of 张伟 posted by its staff."""
    w = world
    n = SimpleNamespace()
    n.submitted = post(w, "希望有人帮忙换个灯泡", beneficiary="elderly_alone")
    n.open = approved(w, "想要一台收音机")
    n.claimed = claimed(w, "想要一副老花镜")
    n.by_grid = services.post_wish(actor=w.wumei_grid_worker, resident=w.volunteer_person, channel="grid_visit",
                                   title="孩子需要一个书包和文具", beneficiary="left_behind_child")
    services.review_wish(actor=w.wumei_staff, wish=n.by_grid, decision="approve")
    n.nanmen = services.post_wish(actor=w.nanmen_staff, resident=w.nanmen_person, channel="window",
                                  title="想要一个助行器", beneficiary="disabled")
    services.review_wish(actor=w.nanmen_staff, wish=n.nanmen, decision="approve")
    for attr in ("submitted", "open", "claimed", "by_grid", "nanmen"):
        getattr(n, attr).refresh_from_db()
    return n


def today_plus(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)
