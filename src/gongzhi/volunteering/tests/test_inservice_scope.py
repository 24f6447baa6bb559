"""Which in-service members each role follows, and in what order: the rows of `members_in_charge` and of the lists
(page and API, every status filter) are those of the scope's plain definition — in service, and registered with a
community in the user's following subtrees, living in one, or working for the unit she speaks for — in the order
(community registered with, name, id); everybody else gets 404 for the member. The query is written for a
district's 600,000 residents (issue 12); these tests hold it to the definition."""

import datetime as dt

import pytest
from django.db.models import Q
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.people.models import PartyMember
from gongzhi.people.services import register_party_member, register_person, report_to_community
from gongzhi.volunteering.permissions_inservice import following_scope, follows_members, members_in_charge
from gongzhi.volunteering.selectors_inservice import STATUS_FILTERS, earliest_current, member_list
from gongzhi.volunteering.services import inservice as services
from gongzhi.volunteering.tests.test_inservice_world import add_member, add_school, at, id_number

NOW = at(2026, 8, 1)
BASE = "/api/v1/volunteering/inservice"
PERSONAS = ("admin", "wumei_staff", "nanmen_staff", "street_staff", "district_staff", "liaison", "school_liaison",
            "wumei_grid_worker", "receiver", "resident", "volunteer", "outsider")


def defined(user):
    """The scope as defined (the query before issue 12: one OR over the joins)."""
    if not user.is_authenticated:
        return PartyMember.objects.none()
    staff = following_scope(user)
    condition = (staff.in_regions("registered_community__path") | staff.in_regions("person__home__path")
                 | Q(work_unit_id__in=user.scope.organisation_ids))
    return PartyMember.objects.filter(Q(in_service=True) & condition)


def in_order(qs, status: str = ""):
    cutoff = earliest_current(clock.today())
    if status == "current":
        qs = qs.filter(registered_community__isnull=False, registered_on__gte=cutoff)
    elif status == "lapsed":
        qs = qs.filter(registered_community__isnull=False, registered_on__lt=cutoff)
    elif status == "unregistered":
        qs = qs.filter(registered_community__isnull=True)
    elif status == "pending":
        qs = qs.filter(inservice_reports__status="pending")
    return list(qs.order_by("registered_community__path", "person__name", "pk").values_list("pk", flat=True))


@pytest.fixture
def district(world):
    """Members registered where they live, registered elsewhere than they live (in and out of the district), living
    in the other district, unregistered, waiting for a decision, two of one name, and a party member not in service."""
    school = add_school(world)  # 何丽: lives in 五美社区, works at the school, unregistered
    made = {"teacher": school.teacher.member}
    people = [("chen", "陈志刚", world.wenhua_b2, world.hospital, world.wumei, dt.date(2026, 5, 1)),
              ("chen2", "陈志刚", world.nanmen_b1, world.school, world.wumei, dt.date(2025, 12, 1)),
              ("cui", "蒋平", world.cuizhu_estate, world.hospital, None, None),
              ("cui_wumei", "黄华", world.cuizhu_estate, world.school, world.wumei, dt.date(2026, 6, 1)),
              ("wumei_cui", "甘霖", world.wumei_b1, world.school, world.cuizhu, dt.date(2026, 6, 1)),
              ("nanmen", "莫凡", world.nanmen_b1, world.hospital, world.nanmen, dt.date(2026, 7, 1))]
    for i, (key, name, home, unit, community, on) in enumerate(people):
        m = add_member(world, username=key, name=name, home=home, unit=unit, phone=f"1390773{i:04d}",
                       id_no=id_number(f"4503041985010{i:02d}01"[:17]))
        if community is not None:
            report_to_community(actor=world.admin, member=m.member, community=community, on=on)
        made[key] = m
    with clock.frozen(at(2026, 7, 20)):
        services.apply_to_report(actor=made["cui"].user, member=made["cui"].member)  # to 翠竹社区, pending
    retired = register_person(actor=world.admin, name="蒙老", home=world.wumei_b1, phone="13900000099")
    register_party_member(actor=world.admin, person=retired, party_organisation=world.wumei_committee)
    world.school_liaison = school.liaison
    return made


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_follows_the_defined_members(world, district, persona):
    user = getattr(world, persona)
    with clock.frozen(NOW):
        assert sorted(members_in_charge(user).values_list("pk", flat=True)) == sorted(
            defined(user).values_list("pk", flat=True))
        for status in ("", *STATUS_FILTERS):
            listed = list(member_list(user, status=status).values_list("pk", flat=True))
            assert listed == in_order(defined(user), status), (persona, status)


def test_the_scopes_differ_as_their_roles_do(world, district):
    """Not a vacuous comparison: the personas see different, non-empty sets where they should."""
    with clock.frozen(NOW):
        seen = {p: set(defined(getattr(world, p)).values_list("pk", flat=True)) for p in PERSONAS}
    assert len(seen["admin"]) == 8 and seen["wumei_grid_worker"] == seen["resident"] == seen["outsider"] == set()
    assert seen["wumei_staff"] < seen["street_staff"] == seen["district_staff"] < seen["admin"]
    assert seen["nanmen_staff"] and seen["liaison"] and seen["school_liaison"]
    assert not seen["nanmen_staff"] <= seen["wumei_staff"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_and_api_list_the_defined_members_and_404_the_others(world, district, client_for, persona):
    user = getattr(world, persona)
    client = client_for(user)
    with clock.frozen(NOW):
        expected = in_order(defined(user))
        everyone = PartyMember.objects.filter(in_service=True).values_list("pk", flat=True)
        if follows_members(user):
            assert [m["id"] for m in client.get(f"{BASE}/members?limit=500").json()["items"]] == expected
            for limit in (2, 3):  # pages cut across the communities' groups (the list is paged by them)
                for offset in range(0, len(expected) + 1, limit):
                    got = client.get(f"{BASE}/members?limit={limit}&offset={offset}").json()
                    assert got["count"] == len(expected), (persona, limit, offset)
                    assert [m["id"] for m in got["items"]] == expected[offset:offset + limit], (persona, limit, offset)
            assert client.get(reverse("volunteering:inservice_list")).status_code == 200
        else:
            assert not expected
        for pk in everyone:
            api = client.get(f"{BASE}/members/{pk}").status_code
            page = client.get(reverse("volunteering:inservice_member", args=[pk])).status_code
            if pk in expected:
                assert (api, page) == (200, 200), (persona, pk)
            else:
                assert api == 404 and page in (302, 404), (persona, pk)  # 302: no workbench, to the phone shell
