"""The demo's plan (deterministic, scaled) and the loads that cannot share the district: scale 2, and a load
that fails at its last step. The tests that read the loaded district are in test_demo_district.py."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongzhi.accounts.models import User
from gongzhi.chronicle.models import Entry
from gongzhi.demo import names
from gongzhi.demo.builder import (
    chinese_number,
    credit_check_char,
    make_plan,
)
from gongzhi.people.models import Person
from gongzhi.regions.models import RegionNode


def test_chinese_numbers_and_credit_codes():
    assert [chinese_number(n) for n in (1, 10, 12, 20, 105, 110, 2010)] == [
        "一", "十", "十二", "二十", "一百零五", "一百一十", "二千零一十"]
    plan = make_plan(scale=1, seed=names.DEFAULT_SEED)
    for unit in plan.units:
        assert len(unit.credit_code) == 18
        assert credit_check_char(unit.credit_code[:17]) == unit.credit_code[17]


def test_the_plan_is_deterministic_from_the_seed():
    def fingerprint(plan):
        return [(p.name, p.phone, p.id_number) for p in plan.residents]

    first, again = make_plan(scale=1, seed=2026), make_plan(scale=1, seed=2026)
    assert fingerprint(first) == fingerprint(again)
    assert [nb.name for c in first.communities for nb in c.neighbourhoods] == [
        nb.name for c in again.communities for nb in c.neighbourhoods]
    assert fingerprint(make_plan(scale=1, seed=7))[:20] != fingerprint(first)[:20]


def test_scale_multiplies_the_people_but_not_the_named_structure():
    one, three = make_plan(scale=1), make_plan(scale=3)
    assert 2.5 < len(three.residents) / len(one.residents) < 3.5
    assert len(three.communities) == len(one.communities) == 9
    assert len(three.units) == len(one.units) == 48


def test_a_larger_scale_plans_what_the_loader_can_write():
    """What loading at scale 2 checked (two minutes of the suite): the loader writes the plan it is given — the
    loaded district is compared with its plan at scale 1 in test_demo_district.py — so at a larger scale the plan
    must stay loadable: names unique where the database wants them unique, one uncovered neighbourhood, and the
    residents' ID numbers unique. `gongzhi demo --scale 100` is loaded for the README's benchmarks."""
    three = make_plan(scale=3)
    for community in three.communities:
        names_ = [nb.name for nb in community.neighbourhoods]
        assert len(names_) == len(set(names_))
    neighbourhoods = [nb for c in three.communities for nb in c.neighbourhoods]
    assert sum(1 for nb in neighbourhoods if not nb.covered) == 1
    people = [*three.residents, *three.featured.values()]
    assert len({p.id_number for p in people}) == len(people)


@pytest.mark.django_db
def test_a_failed_load_leaves_nothing_behind():
    User.objects.create_user(username="liuyang")  # taken: the demo's last account cannot be created
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("demo", stdout=StringIO())
    assert not RegionNode.objects.exists() and not Person.objects.exists() and not Entry.objects.exists()
    assert User.objects.count() == 1
