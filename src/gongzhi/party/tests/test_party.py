import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongzhi.core.registry import compute_stats
from gongzhi.party.selectors import coverage
from gongzhi.party.services import create_party_organisation, join_big_committee


def test_coverage_counts_neighbourhoods_with_a_party_organisation(world):
    # 五美小区 has a branch, 文化里 has none; 南门花园 none.
    assert (coverage(world.wumei).covered, coverage(world.wumei).total) == (1, 2)
    assert coverage(world.wumei).rate == 0.5
    assert (coverage(world.xiangshan).covered, coverage(world.xiangshan).total) == (1, 3)
    create_party_organisation(actor=world.admin, name="文化里2栋党小组", kind="building_group", region=world.wenhua_b2,
                              parent=create_party_organisation(actor=world.admin, name="文化里党支部",
                                                               kind="neighbourhood_branch", region=world.wenhua_li,
                                                               parent=world.wumei_committee))
    assert coverage(world.wumei).rate == 1.0


def test_coverage_of_an_uncovered_street_is_zero_and_below_neighbourhoods_undefined(world):
    assert (coverage(world.lijun_street).covered, coverage(world.lijun_street).total) == (0, 1)
    assert coverage(world.wumei_b1).rate is None


def test_registered_figures_are_queries_over_recorded_facts(world):
    figures = {s["key"]: s["value"] for s in compute_stats(world.xiangshan_street)}
    assert figures["communities"] == 2
    assert figures["units"] == 2
    assert figures["big_committee_units"] == 1
    assert figures["party_coverage"] == pytest.approx(1 / 3, abs=1e-4)
    assert figures["registered_members"] == 1
    assert figures["volunteers"] == 1


@pytest.mark.parametrize(("kind", "region", "parent"), [
    ("neighbourhood_branch", "wumei", "wumei_committee"),        # a branch sits in a neighbourhood
    ("building_group", "wumei_b1", "wumei_committee"),           # a group's parent is a branch
    ("neighbourhood_branch", "nanmen_garden", "wumei_committee"),  # outside the parent's community
    ("unit_branch", "wumei", None),                              # a unit branch needs its unit
])
def test_the_tree_shape_is_enforced(world, kind, region, parent):
    with pytest.raises(ValidationError):
        create_party_organisation(actor=world.admin, name="新党组织", kind=kind, region=getattr(world, region),
                                  parent=getattr(world, parent) if parent else None)


def test_big_committee_members_are_unit_party_organisations_once(world):
    with pytest.raises(ValidationError):
        join_big_committee(actor=world.admin, committee=world.wumei_committee, member=world.hospital_committee,
                           joined_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError):
        join_big_committee(actor=world.admin, committee=world.wumei_committee, member=world.wumei_branch,
                           joined_on=dt.date(2026, 2, 1))
