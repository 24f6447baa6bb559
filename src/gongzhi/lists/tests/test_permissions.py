"""Who sees which list entries, on pages and through the API. Out of scope is 404 — never 403, never data."""

import pytest
from django.urls import reverse

from gongzhi.lists import services
from gongzhi.lists.permissions import (
    activities_visible_to,
    claims_visible_to,
    needs_visible_to,
    resources_visible_to,
)
from gongzhi.lists.tests.conftest import at, next_week


def _titles(qs) -> set[str]:
    return set(qs.values_list("title", flat=True))


ALL_NEEDS = {"楼道灯坏了希望维修", "老年人免费体检", "党员志愿服务阵地", "南门花园环境整治"}
WUMEI_NEEDS = ALL_NEEDS - {"南门花园环境整治"}


@pytest.mark.parametrize(("persona", "expected"), [
    ("admin", ALL_NEEDS),
    ("district_staff", ALL_NEEDS),
    ("street_staff", ALL_NEEDS),
    ("wumei_staff", WUMEI_NEEDS),
    ("wumei_grid_worker", WUMEI_NEEDS),
    ("nanmen_staff", {"南门花园环境整治"}),
    ("liaison", {"老年人免费体检", "党员志愿服务阵地"}),  # published in 五美社区, plus the hospital's own
    ("resident", {"楼道灯坏了希望维修", "老年人免费体检", "党员志愿服务阵地"}),  # her own + published of 五美
    ("volunteer", {"老年人免费体检", "党员志愿服务阵地"}),
    ("receiver", set()),
    ("outsider", set()),
])
def test_needs_visible_to_each_persona(world, items, persona, expected):
    assert _titles(needs_visible_to(getattr(world, persona))) == expected


def test_a_resident_does_not_see_her_neighbours_unpublished_needs(world, items, cats):
    services.submit_need(actor=world.volunteer, title="文化里需要读书角", category=cats["culture_sports"])
    assert "文化里需要读书角" not in _titles(needs_visible_to(world.resident))
    assert "文化里需要读书角" in _titles(needs_visible_to(world.volunteer))


def test_a_liaison_sees_their_units_submitted_need_and_the_needs_it_claimed(world, items, cats):
    services.submit_need(actor=world.liaison, organisation=world.hospital, title="需要场地", category=cats["medical"])
    services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    services.close_need(actor=world.wumei_staff, need=items.published)
    visible = _titles(needs_visible_to(world.liaison))
    assert {"需要场地", "老年人免费体检"} <= visible and "楼道灯坏了希望维修" not in visible


@pytest.mark.parametrize(("persona", "expected"), [
    ("wumei_staff", {"中医义诊进社区", "社区党群服务中心会议室"}),
    ("nanmen_staff", set()),
    ("liaison", {"中医义诊进社区", "社区党群服务中心会议室"}),
    ("resident", {"中医义诊进社区", "社区党群服务中心会议室"}),
    ("outsider", set()),
])
def test_resources_visible_to_each_persona(world, items, persona, expected):
    assert _titles(resources_visible_to(getattr(world, persona))) == expected


def test_withdrawn_resources_are_hidden_from_residents_but_not_from_staff_or_the_owner(world, items):
    services.withdraw_resource(actor=world.liaison, resource=items.resource)
    assert "中医义诊进社区" not in _titles(resources_visible_to(world.resident))
    assert "中医义诊进社区" in _titles(resources_visible_to(world.wumei_staff))
    assert "中医义诊进社区" in _titles(resources_visible_to(world.liaison))


def test_activities_and_claims_follow_the_same_scope(world, items):
    services.create_activity(actor=world.wumei_staff, community=world.wumei, title="义诊日",
                             category=items.cats["medical"], starts_at=at(2026, 5, 9, 9),
                             place="党群服务中心")
    made = services.claim(actor=world.liaison, need=items.published, deadline=next_week())
    for persona in ("wumei_staff", "liaison", "resident", "street_staff"):
        assert _titles(activities_visible_to(getattr(world, persona))) == {"义诊日"}
        assert list(claims_visible_to(getattr(world, persona))) == [made]
    for persona in ("nanmen_staff", "outsider", "receiver"):
        assert not activities_visible_to(getattr(world, persona)).exists()
        assert not claims_visible_to(getattr(world, persona)).exists()


# --- pages and API: 404 out of scope ----------------------------------------------------------------------

@pytest.mark.parametrize("item", ["submitted", "published", "unit_need"])
def test_a_nanmen_staffer_gets_404_for_wumei_needs(world, items, client_for, item):
    client = client_for(world.nanmen_staff)
    need = getattr(items, item)
    assert client.get(reverse("lists:need", args=[need.pk])).status_code == 404
    response = client.get(f"/api/v1/lists/needs/{need.pk}")
    assert response.status_code == 404 and need.title not in response.content.decode()
    assert client.post(f"/api/v1/lists/needs/{need.pk}/review", {"decision": "approve"},
                       content_type="application/json").status_code == 404
    assert client.post(reverse("lists:need_review", args=[need.pk]), {"decision": "approve"}).status_code == 404
    need.refresh_from_db()
    assert need.status == getattr(items, item).status


def test_a_nanmen_staffer_gets_404_for_wumei_resources(world, items, client_for):
    client = client_for(world.nanmen_staff)
    assert client.get(reverse("lists:resource", args=[items.resource.pk])).status_code == 404
    assert client.get(f"/api/v1/lists/resources/{items.resource.pk}").status_code == 404
    assert client.post(f"/api/v1/lists/resources/{items.resource.pk}/withdraw").status_code == 404


def test_the_lists_do_not_leak_other_communities(world, items, client_for):
    page = client_for(world.nanmen_staff).get(reverse("lists:needs")).content.decode()
    assert "南门花园环境整治" in page and "老年人免费体检" not in page
    data = client_for(world.nanmen_staff).get("/api/v1/lists/needs").json()
    assert {n["title"] for n in data["items"]} == {"南门花园环境整治"}


def test_a_liaison_sees_published_needs_but_cannot_review(world, items, client_for):
    client = client_for(world.liaison)
    assert client.get(reverse("lists:need", args=[items.published.pk])).status_code == 200
    assert client.get(reverse("lists:need", args=[items.submitted.pk])).status_code == 404
    page = client.get(reverse("lists:need", args=[items.published.pk])).content.decode()
    assert 'data-testid="review"' not in page
    own_submitted = services.submit_need(actor=world.liaison, organisation=world.hospital, title="需要场地",
                                         category=items.cats["party_building"])
    assert client.get(reverse("lists:need", args=[own_submitted.pk])).status_code == 200
    assert client.post(reverse("lists:need_review", args=[own_submitted.pk]),
                       {"decision": "approve"}).status_code == 404
    assert client.post(f"/api/v1/lists/needs/{own_submitted.pk}/review", {"decision": "approve"},
                       content_type="application/json").status_code == 404
    own_submitted.refresh_from_db()
    assert own_submitted.status == "submitted"


def test_the_review_queue_shows_review_buttons_only_to_the_communitys_staff(world, items, client_for):
    staff = client_for(world.wumei_staff).get(reverse("lists:queue")).content.decode()
    assert "楼道灯坏了希望维修" in staff and 'data-testid="approve"' in staff
    street = client_for(world.street_staff).get(reverse("lists:queue")).content.decode()
    assert "楼道灯坏了希望维修" in street and 'data-testid="approve"' not in street
    liaison = client_for(world.liaison).get(reverse("lists:queue")).content.decode()
    assert "楼道灯坏了希望维修" not in liaison


def test_a_resident_sees_only_her_own_submissions_and_published_items_of_her_community(world, items, client_for,
                                                                                       cats):
    services.submit_need(actor=world.volunteer, title="文化里需要读书角", category=cats["culture_sports"])
    client = client_for(world.resident)
    page = client.get(reverse("lists:m_needs")).content.decode()
    assert "楼道灯坏了希望维修" in page and "老年人免费体检" in page
    assert "文化里需要读书角" not in page and "南门花园环境整治" not in page
    api = {n["title"] for n in client.get("/api/v1/lists/needs").json()["items"]}
    assert api == {"楼道灯坏了希望维修", "老年人免费体检", "党员志愿服务阵地"}
    assert client.get(f"/api/v1/lists/needs/{items.nanmen_need.pk}").status_code == 404
    assert {r["title"] for r in client.get("/api/v1/lists/resources").json()["items"]} == {
        "中医义诊进社区", "社区党群服务中心会议室"}


@pytest.mark.parametrize("name", ["lists:needs", "lists:queue", "lists:resources", "lists:activities",
                                  "lists:claims", "lists:need_new", "lists:resource_new", "lists:activity_new"])
def test_residents_are_sent_to_their_shell(world, client_for, name):
    response = client_for(world.resident).get(reverse(name))
    assert response.status_code == 302 and response.url == reverse("core:resident_home")


@pytest.mark.parametrize("name", ["lists:needs", "lists:queue", "lists:resources", "lists:activities",
                                  "lists:claims", "lists:m_needs", "lists:m_need_new"])
def test_it_requires_login_for_pages(db, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", ["/api/v1/lists/needs", "/api/v1/lists/resources", "/api/v1/lists/activities",
                                 "/api/v1/lists/claims", "/api/v1/lists/categories", "/api/v1/lists/needs/counts"])
def test_it_requires_login_for_the_api(db, client, url):
    assert client.get(url).status_code == 401
