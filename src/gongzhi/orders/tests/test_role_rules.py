"""The named rules of orders.permissions that its pages and API call instead of inline role checks: who is
allowed, who is not."""

import pytest

from gongzhi.orders.permissions import may_use_dispatch_board

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]
OTHERS = ["liaison", "receiver", "resident", "volunteer", "outsider"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_the_dispatch_board_is_region_staffs(world, persona, allowed):
    assert may_use_dispatch_board(getattr(world, persona)) is allowed
