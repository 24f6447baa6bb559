import re

import pytest
from django.urls import reverse

# Each workbench page, the template it renders and the heading only that page has: a page that redirects elsewhere
# (say to the resident shell) or renders another page's template fails here.
WORKBENCH_PAGES = [
    ("core:workbench", "portal/workbench.html", "工作台"),
    ("organisations:list", "organisations/list.html", "驻区单位"),
    ("organisations:departments", "organisations/departments.html", "职能部门"),
    ("party:list", "party/list.html", "党组织"),
    ("people:list", "people/list.html", "人员"),
    ("people:teams", "people/teams.html", "志愿服务队"),
    ("chronicle:list", "chronicle/list.html", "纪实档案"),
]


def _heading(response) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert found, "the page has no <h1>"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


@pytest.mark.parametrize(("name", "template", "heading"), WORKBENCH_PAGES)
def test_workbench_pages_render_for_admin(world, client_for, name, template, heading):
    response = client_for(world.admin).get(reverse(name))
    assert response.status_code == 200  # the page itself, not wherever a redirect lands
    assert response.templates[0].name == template
    assert "workbench.html" in {t.name for t in response.templates}
    assert _heading(response) == heading


def test_the_region_tree_opens_at_the_admins_root_node(world, client_for):
    client = client_for(world.admin)
    response = client.get(reverse("regions:tree"))
    assert response.status_code == 302 and response["Location"] == reverse("regions:node", args=[world.city.pk])
    response = client.get(response["Location"])
    assert response.status_code == 200 and response.templates[0].name == "regions/node.html"
    assert _heading(response).startswith("桂林市")


@pytest.mark.parametrize("model", ["regions/regionnode", "organisations/organisation", "people/person",
                                   "party/partyorganisation", "accounts/user", "chronicle/entry"])
def test_admin_is_available_to_system_admins(world, client_for, model):
    assert client_for(world.admin).get(f"/admin/{model}/").status_code == 200


def test_admin_is_closed_to_community_staff(world, client_for):
    assert client_for(world.wumei_staff).get("/admin/people/person/").status_code == 302


def test_admin_inline_role_grants_are_chronicled(world, client_for):
    from gongzhi.chronicle.models import Entry

    user = world.outsider
    url = f"/admin/accounts/user/{user.pk}/change/"
    client = client_for(world.admin)
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | dict)}
    data.update({"username": user.username, "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                 "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
                 "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
                 "role_assignments-0-role": "street_staff", "role_assignments-0-region": str(world.lijun_street.pk),
                 "role_assignments-0-active": "on", "role_assignments-0-user": str(user.pk)})
    data.pop("password", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    entry = Entry.objects.filter(subject_type="accounts.roleassignment", action="admin.created").get()
    assert entry.actor == world.admin and "role" in entry.data["fields"]


def test_landline_numbers_never_reach_the_chronicle(world):
    from gongzhi.chronicle.models import Entry
    from gongzhi.organisations.services import add_contact

    add_contact(actor=world.admin, organisation=world.hospital, name="李四", phone="0773-2885678")
    data = Entry.objects.filter(action="organisation.contact_added").last().data
    assert "2885678" not in str(data) and data["has_phone"] is True
