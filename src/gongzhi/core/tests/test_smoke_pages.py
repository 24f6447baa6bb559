import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["core:workbench", "regions:tree", "organisations:list", "organisations:departments",
                                  "party:list", "people:list", "people:teams", "chronicle:list"])
def test_workbench_pages_render_for_admin(world, client_for, name):
    response = client_for(world.admin).get(reverse(name), follow=True)
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["regions/regionnode", "organisations/organisation", "people/person",
                                   "party/partyorganisation", "accounts/user", "chronicle/entry"])
def test_admin_is_available_to_system_admins(world, client_for, model):
    assert client_for(world.admin).get(f"/admin/{model}/").status_code == 200


def test_admin_is_closed_to_community_staff(world, client_for):
    assert client_for(world.wumei_staff).get("/admin/people/person/").status_code == 302
