"""The named rules of disputes.permissions that its pages and API call instead of inline role checks: who is
allowed, who is not."""

import pytest

from gongzhi.disputes.permissions import may_see_dispute_chronicle, sees_street_view

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]
OTHERS = ["liaison", "receiver", "resident", "volunteer", "outsider"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_region_staff_read_a_disputes_chronicle(world, persona, allowed):
    assert may_see_dispute_chronicle(getattr(world, persona)) is allowed


@pytest.mark.parametrize(("persona", "allowed"), [("street_staff", True), ("district_staff", True), ("admin", False),
                                                  ("wumei_staff", False), ("wumei_grid_worker", False),
                                                  ("receiver", False)])
def test_street_and_district_staff_get_the_streets_view(world, persona, allowed):
    assert sees_street_view(getattr(world, persona)) is allowed
