"""`Scope.is_region_staff`: the one rule "works for an area" that the apps' permissions build on."""

import pytest

from gongzhi.core.scope import Scope


def test_an_administrator_and_staff_with_a_region_are_region_staff():
    assert Scope(everything=True).is_region_staff
    assert Scope(region_paths=("0001/0002/",)).is_region_staff


@pytest.mark.parametrize("scope", [
    Scope(), Scope(organisation_ids=frozenset({1})), Scope(department_ids=frozenset({1})),
    Scope(person_ids=frozenset({1}), home_paths=("0001/",)),
], ids=["nobody", "liaison", "receiver", "resident"])
def test_liaisons_receivers_and_residents_are_not(scope):
    assert not scope.is_region_staff


@pytest.mark.django_db
def test_the_personas_agree(world):
    region = [world.admin, world.wumei_staff, world.wumei_grid_worker, world.street_staff, world.district_staff]
    others = [world.liaison, world.receiver, world.resident, world.volunteer, world.outsider]
    assert all(u.scope.is_region_staff for u in region)
    assert not any(u.scope.is_region_staff for u in others)
