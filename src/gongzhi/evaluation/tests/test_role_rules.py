"""The named rules of evaluation.permissions that its pages and API call instead of inline role checks: who is
allowed, who is not."""

import pytest

from gongzhi.evaluation.permissions import may_see_scheme_chronicle, sees_commendations_early

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]
OTHERS = ["liaison", "receiver", "resident", "volunteer", "outsider"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], *[(p, False) for p in OTHERS]])
def test_region_staff_read_a_schemes_chronicle(world, persona, allowed):
    assert may_see_scheme_chronicle(getattr(world, persona)) is allowed


@pytest.mark.parametrize(("persona", "allowed"), [("admin", True), ("wumei_staff", True), ("street_staff", True),
                                                  ("district_staff", True), ("wumei_grid_worker", False),
                                                  ("liaison", False), ("receiver", False), ("resident", False)])
def test_evaluators_see_commendations_before_they_are_published(world, persona, allowed):
    assert sees_commendations_early(getattr(world, persona)) is allowed
