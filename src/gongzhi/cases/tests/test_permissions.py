"""Who sees which case (404 otherwise, never 403), who may act, and whose phone number is shown in full."""

import pytest
from django.http import Http404

from gongzhi.cases import services
from gongzhi.cases.permissions import (
    cases_visible_to,
    get_case_for_user,
    may_manage_case,
    shown_reporter_phone,
    whistles_visible_to,
)
from gongzhi.cases.tests.conftest import report_sewage

# persona -> sees the 五美 case whistled to the judicial office
SEES = {
    "admin": True, "wumei_staff": True, "wumei_grid_worker": True, "street_staff": True, "district_staff": True,
    "receiver": True, "resident": True,
    "nanmen_staff": False, "liaison": False, "volunteer": False, "outsider": False,
}


@pytest.mark.parametrize("persona,sees", SEES.items())
def test_who_sees_a_whistled_wumei_case(world, whistled, persona, sees):
    user = getattr(world, persona)
    assert cases_visible_to(user).filter(pk=whistled.case.pk).exists() is sees
    if sees:
        assert get_case_for_user(user, whistled.case.pk) == whistled.case
    else:
        with pytest.raises(Http404):
            get_case_for_user(user, whistled.case.pk)


def test_a_receiver_sees_only_cases_whistled_to_her_department(world, whistled, cats):
    other = report_sewage(world, cats, title="另一起")
    services.accept_case(actor=world.wumei_staff, case=other)
    services.blow_whistle(actor=world.wumei_staff, case=other, departments=[whistled.depts.police], request="请协助")
    assert list(cases_visible_to(world.receiver)) == [whistled.case]
    assert set(whistles_visible_to(world.receiver)) == {whistled.judicial}
    assert set(cases_visible_to(whistled.depts.police_receiver)) == {whistled.case, other}
    with pytest.raises(Http404):
        get_case_for_user(world.receiver, other.pk)
    with pytest.raises(Http404):  # she may read it, not handle it
        get_case_for_user(world.receiver, whistled.case.pk, write=True)


def test_a_resident_sees_her_own_cases_only(world, cats, case):
    by_staff_for_her = report_sewage(world, cats, actor=world.wumei_staff, channel="window",
                                     reporter=world.resident_person)
    neighbours = report_sewage(world, cats, actor=world.wumei_staff, channel="window", reporter_name="邻居")
    assert set(cases_visible_to(world.resident)) == {case, by_staff_for_her}
    with pytest.raises(Http404):
        get_case_for_user(world.resident, neighbours.pk)
    assert not cases_visible_to(world.volunteer).exists()


def test_nobody_out_of_scope_sees_a_missing_or_malformed_case(world, case):
    for pk in (case.pk + 1000, "abc"):
        with pytest.raises(Http404):
            get_case_for_user(world.admin, pk)


def test_who_manages_a_case(world, accepted):
    assert may_manage_case(world.wumei_grid_worker, accepted)  # the owner
    assert may_manage_case(world.wumei_staff, accepted) and may_manage_case(world.street_staff, accepted)
    for persona in ("nanmen_staff", "receiver", "resident", "liaison", "outsider"):
        assert not may_manage_case(getattr(world, persona), accepted)


def test_a_grid_worker_who_does_not_own_the_case_only_reads_it(world, case):
    services.accept_case(actor=world.wumei_staff, case=case)
    assert not may_manage_case(world.wumei_grid_worker, case)


@pytest.mark.parametrize("persona,full", [("wumei_staff", True), ("wumei_grid_worker", True), ("admin", True),
                                          ("resident", True), ("street_staff", False), ("district_staff", False),
                                          ("receiver", False)])
def test_the_reporters_phone_per_role(world, whistled, persona, full):
    shown = shown_reporter_phone(getattr(world, persona), whistled.case)
    assert shown == ("13812345678" if full else "138****5678")


def test_a_callers_phone_follows_the_communitys_scope(world, cats):
    case = report_sewage(world, cats, actor=world.wumei_staff, channel="hotline", reporter_name="刘先生",
                         reporter_phone="13900001111")
    assert shown_reporter_phone(world.wumei_staff, case) == "13900001111"
    assert shown_reporter_phone(world.street_staff, case) == "139****1111"
