"""The named rules of rates.permissions that its pages and API call instead of inline role checks: who is
allowed, who is not."""

import pytest

from gongzhi.rates.permissions import may_handle_reviews, tabs_for

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]
OTHERS = ["liaison", "receiver", "resident", "volunteer", "outsider"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_rating_reviews_are_region_staffs_business(world, persona, allowed):
    assert may_handle_reviews(getattr(world, persona)) is allowed


@pytest.mark.parametrize(("persona", "tabs"), [
    ("admin", ["departments", "communities", "streets"]), ("district_staff", ["departments", "communities", "streets"]),
    ("street_staff", ["departments", "communities", "streets"]), ("wumei_staff", ["departments", "communities"]),
    ("wumei_grid_worker", ["departments", "communities"]), ("receiver", ["departments"]), ("liaison", []),
    ("resident", []), ("outsider", []),
])
def test_the_league_table_tabs_follow_the_same_rule(world, persona, tabs):
    assert tabs_for(getattr(world, persona)) == tabs
