"""Fixtures of the elections tests: the shared personas and the residents of 五美小区 who vote (each a user linked
to a person record with an ID number, so their age is known), an election of 2 百姓监督员 for the renovation of
五美小区 with three candidates, published five days before voting."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.people.services import id_check_char, link_account, register_person

CST = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CST)
OPENS = dt.datetime(2026, 6, 21, 8, 0, tzinfo=CST)
CLOSES = dt.datetime(2026, 6, 21, 18, 0, tzinfo=CST)
VOTING = dt.datetime(2026, 6, 21, 9, 0, tzinfo=CST)
AFTER = dt.datetime(2026, 6, 21, 19, 0, tzinfo=CST)


def resident(world, username: str, name: str, *, home=None, id_number: str = "", birth_year=None, password=None):
    """A resident with a login, as the people and accounts services register her."""
    home = home or world.wumei_b1
    person = register_person(actor=world.admin, name=name, home=home, id_number=id_number, birth_year=birth_year)
    user = create_user(actor=world.admin, username=username, password=password, display_name=name)
    assign_role(actor=world.admin, user=user, role="resident", region=home)
    link_account(actor=world.admin, person=person, user=user)
    return user


def id_number(i: int, born: str = "19700101") -> str:
    """A valid ID number (check character included) of somebody born on `born` (YYYYMMDD)."""
    body = f"450304{born}{i % 1000:03d}"
    return body + id_check_char(body)


def build_election(world, *, voters: int = 4) -> SimpleNamespace:
    e = SimpleNamespace()
    e.voters = [resident(world, f"voter{i}", f"选民{i}", id_number=id_number(i)) for i in range(voters)]
    e.candidates_people = [resident(world, f"cand{i}", name, id_number=id_number(100 + i, "19650505")).person
                           for i, name in enumerate(["陈建华", "李桂兰", "黄志强"])]
    e.election = services.create_election(
        actor=world.wumei_staff, community=world.wumei, constituency=world.wumei_estate, kind="supervisor",
        title="五美小区老旧小区改造百姓监督员选举", project="五美小区老旧小区改造", seats=2, opens_at=OPENS,
        closes_at=CLOSES)
    e.candidates = [services.nominate_candidate(actor=world.wumei_staff, election=e.election, person=p,
                                                note="10名居民联名推荐") for p in e.candidates_people]
    return e


@pytest.fixture
def frozen():
    with clock.frozen(NOW):
        yield NOW


@pytest.fixture
def drafted(world, frozen):
    return build_election(world)


@pytest.fixture
def published(world, drafted):
    services.publish_election(actor=world.wumei_staff, election=drafted.election)
    drafted.election.refresh_from_db()
    return drafted


@pytest.fixture
def voting(published):
    with clock.frozen(VOTING):
        yield published
