"""Who reads the chronicle and who checks its chain (chronicle.permissions)."""

import pytest

from gongzhi.chronicle.permissions import entries_visible_to, may_read_chronicle, may_verify_chronicle


@pytest.mark.parametrize(("persona", "allowed"), [("admin", True), ("district_staff", True), ("street_staff", True),
                                                  ("wumei_staff", True), ("wumei_grid_worker", False),
                                                  ("liaison", False), ("receiver", False), ("resident", False),
                                                  ("outsider", False)])
def test_community_street_and_district_staff_read_the_chronicle(world, persona, allowed):
    user = getattr(world, persona)
    assert may_read_chronicle(user) is allowed
    assert entries_visible_to(user).exists() is allowed


@pytest.mark.parametrize(("persona", "allowed"), [("admin", True), ("district_staff", False), ("wumei_staff", False),
                                                  ("resident", False)])
def test_only_administrators_verify_the_chain(world, persona, allowed):
    assert may_verify_chronicle(getattr(world, persona)) is allowed
