"""The named rules of lists.permissions that its pages and API call instead of inline role checks: who is
allowed, who is not."""

import pytest

from gongzhi.lists.permissions import may_see_item_chronicle, sees_community_claims

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]
OTHERS = ["liaison", "receiver", "resident", "volunteer", "outsider"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_region_staff_read_an_items_chronicle(world, persona, allowed):
    assert may_see_item_chronicle(getattr(world, persona)) is allowed


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_region_staff_speak_for_the_communitys_claims(world, persona, allowed):
    assert sees_community_claims(getattr(world, persona)) is allowed
