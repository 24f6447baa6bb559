"""The named rules of cases.permissions that the case pages and the API call instead of inline role checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.cases.permissions import (
    case_photos_visible_to,
    may_edit_categories,
    may_use_case_workbench,
    sees_case_as_staff,
)
from gongzhi.cases.tests.conftest import report_sewage
from gongzhi.cases.tests.test_views import PNG

REGION_STAFF = ["admin", "wumei_staff", "wumei_grid_worker", "street_staff", "district_staff"]


@pytest.mark.parametrize(("persona", "allowed"), [*[(p, True) for p in REGION_STAFF], ("receiver", True),
                                                  ("liaison", False), ("resident", False), ("volunteer", False),
                                                  ("outsider", False)])
def test_the_case_workbench_is_for_region_staff_and_receivers(world, persona, allowed):
    assert may_use_case_workbench(getattr(world, persona)) is allowed


@pytest.mark.parametrize(("persona", "allowed"), [("admin", True), ("wumei_staff", True), ("wumei_grid_worker", True),
                                                  ("street_staff", True), ("district_staff", True),
                                                  ("nanmen_staff", False), ("receiver", False),
                                                  ("liaison", False), ("resident", False)])
def test_staff_over_the_community_see_the_case_whole(world, cats, persona, allowed):
    case = report_sewage(world, cats)
    assert sees_case_as_staff(getattr(world, persona), case) is allowed


@pytest.mark.parametrize(("persona", "allowed"), [("admin", True), ("wumei_staff", True), ("wumei_grid_worker", True),
                                                  ("resident", True), ("nanmen_staff", False), ("receiver", False),
                                                  ("liaison", False), ("volunteer", False), ("outsider", False)])
def test_photos_are_for_staff_who_see_the_case_and_its_reporter(world, cats, persona, allowed):
    case = report_sewage(world, cats, photos=[SimpleUploadedFile("a.png", PNG, content_type="image/png")])
    assert case_photos_visible_to(getattr(world, persona)).filter(pk=case.pk).exists() is allowed


@pytest.mark.parametrize(("persona", "allowed"), [("admin", True), ("district_staff", False), ("wumei_staff", False),
                                                  ("receiver", False), ("resident", False)])
def test_only_administrators_edit_case_categories(world, persona, allowed):
    assert may_edit_categories(getattr(world, persona)) is allowed
