"""Shared set-up of the activities' tests (no tests here): a recruiting activity of 五美社区 made through the lists'
service, volunteers with accounts linked to their person records, and the clock at a given Beijing time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.lists.models import Category
from gongzhi.lists.services import create_activity
from gongzhi.people.services import link_account, register_person
from gongzhi.testing.personas import PASSWORD

CST = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


START = at(2026, 6, 6, 9)  # a Saturday morning, 9:00–12:00
END = at(2026, 6, 6, 12)
BEFORE = at(2026, 6, 1, 10)  # sign-ups happen days before


def _category():
    """环境整治 (seeded by a migration; a transactional test's flush removes it, so it is made again then)."""
    return Category.objects.get_or_create(code="environment", defaults={"name": "环境整治", "order": 8})[0]


def make_activity(world, *, quota: int = 2, starts=START, ends=END, recruitment: str = "open", team=None,
                  community=None, actor=None, title: str = "五美社区环境清洁日", cutoff: int = 2):
    return create_activity(actor=actor or world.wumei_staff, community=community or world.wumei, title=title,
                           category=_category(), starts_at=starts, ends_at=ends,
                           place="五美社区广场", recruitment=recruitment, quota=quota, organiser_team=team,
                           cancel_cutoff_hours=cutoff)


def volunteer(world, username: str, name: str, *, home=None, phone: str = ""):
    """A resident of 五美社区 (文化里 2栋 by default) with an account linked to her person record."""
    home = home or world.wenhua_b2
    person = register_person(actor=world.admin, name=name, home=home, phone=phone)
    user = create_user(actor=world.admin, username=username, password=PASSWORD, display_name=name)
    assign_role(actor=world.admin, user=user, role="resident", region=home)
    link_account(actor=world.admin, person=person, user=user)
    user.refresh_from_db()
    return user


def fresh(user):
    """The user re-read (their scope and person are cached per request, as in a new request)."""
    return type(user).objects.get(pk=user.pk)
