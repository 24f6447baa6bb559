"""The named rules of wishes.permissions that its pages and API call instead of inline role checks: who is
allowed, who is not."""

import pytest

from gongzhi.wishes.permissions import sees_wishes_as_staff

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]
OTHERS = ["liaison", "receiver", "resident", "volunteer", "outsider"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_region_staff_see_who_made_a_wish(world, persona, allowed):
    assert sees_wishes_as_staff(getattr(world, persona)) is allowed
