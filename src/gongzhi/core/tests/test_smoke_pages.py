import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["core:workbench", "regions:tree", "organisations:list", "organisations:departments",
                                  "party:list", "people:list", "people:teams", "chronicle:list"])
def test_workbench_pages_render_for_admin(world, client_for, name):
    response = client_for(world.admin).get(reverse(name), follow=True)
    assert response.status_code == 200
