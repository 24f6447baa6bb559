"""提出方 of a need a resident filed herself: before issue 16 it read "社区"; now the resident, masked per role
(lists.permissions.need_proposer), and numbers in the need's text follow her phone field — page and API alike."""

import pytest
from django.urls import reverse

from gongzhi.lists import services
from gongzhi.lists.tests.conftest import seed_categories

# persona -> 提出方 as shown
PROPOSER = {"wumei_staff": "居民 王秀英", "wumei_grid_worker": "居民 王秀英", "street_staff": "居民 王秀英",
            "resident": "居民 王秀英"}


@pytest.fixture
def need(world):
    cats = seed_categories()
    return services.submit_need(actor=world.resident, title="希望组织老年人体检 电话13812345678",
                                category=cats["medical"], beneficiaries=["elderly"])


@pytest.mark.parametrize("persona", ["wumei_staff", "wumei_grid_worker", "street_staff"])
def test_staff_see_the_resident_who_proposed_it_on_page_list_and_api(world, client_for, need, persona):
    client = client_for(getattr(world, persona))
    page = client.get(reverse("lists:need", args=[need.pk])).content.decode()
    listing = client.get(reverse("lists:needs")).content.decode()
    api = client.get(f"/api/v1/lists/needs/{need.pk}").json()
    listed = client.get("/api/v1/lists/needs").json()["items"]
    assert PROPOSER[persona] in page and PROPOSER[persona] in listing
    assert api["proposer"] == PROPOSER[persona] == listed[0]["proposer"]
    full = persona != "street_staff"  # street staff see phone numbers masked, in the text too
    assert ("13812345678" in page) == full and ("138****5678" in page) != full
    assert api["title"].endswith("13812345678" if full else "138****5678")


def test_the_proposer_is_masked_for_those_outside_the_community(world, need):
    from gongzhi.lists.permissions import need_proposer

    assert need_proposer(world.liaison, need) == "居民 王**"
    assert need_proposer(world.resident, need) == "居民 王秀英"
