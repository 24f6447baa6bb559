"""For every role: what it can and cannot see, through pages and the API. Out of scope is 404 — never 403,
never data. The objects come from the shared personas (gongzhi.testing.personas)."""

import pytest
from django.urls import reverse

# object key -> (page url name, API path template, world attribute)
OBJECTS = {
    "wumei": ("regions:node", "/api/v1/regions/{}", "wumei"),
    "nanmen": ("regions:node", "/api/v1/regions/{}", "nanmen"),
    "cuizhu": ("regions:node", "/api/v1/regions/{}", "cuizhu"),
    "hospital": ("organisations:detail", "/api/v1/organisations/{}", "hospital"),
    "school": ("organisations:detail", "/api/v1/organisations/{}", "school"),
    "cuizhu_shop": ("organisations:detail", "/api/v1/organisations/{}", "cuizhu_shop"),
    "judicial_office": ("organisations:department", None, "judicial_office"),
    "xiufeng_housing": ("organisations:department", None, "xiufeng_housing"),
    "health_commission": ("organisations:department", None, "health_commission"),
    "wumei_committee": ("party:detail", "/api/v1/party-organisations/{}", "wumei_committee"),
    "nanmen_committee": ("party:detail", "/api/v1/party-organisations/{}", "nanmen_committee"),
    "hospital_committee": ("party:detail", "/api/v1/party-organisations/{}", "hospital_committee"),
    "resident_person": ("people:detail", "/api/v1/people/{}", "resident_person"),
    "nanmen_person": ("people:detail", "/api/v1/people/{}", "nanmen_person"),
    "member_person": ("people:detail", "/api/v1/people/{}", "member_person"),
    "cuizhu_person": ("people:detail", "/api/v1/people/{}", "cuizhu_person"),
}
ALL = set(OBJECTS)
XIANGSHAN = ALL - {"cuizhu", "cuizhu_shop", "xiufeng_housing", "cuizhu_person"}

# persona -> the objects it may see (everything else must be 404)
VISIBLE = {
    "admin": ALL,
    "district_staff": XIANGSHAN,
    "street_staff": XIANGSHAN,
    "wumei_staff": {"wumei", "hospital", "judicial_office", "health_commission", "wumei_committee",
                    "hospital_committee", "resident_person"},
    "wumei_grid_worker": {"wumei", "hospital", "judicial_office", "health_commission", "wumei_committee",
                          "hospital_committee", "resident_person"},
    "nanmen_staff": {"nanmen", "school", "judicial_office", "health_commission", "nanmen_committee",
                     "nanmen_person", "member_person"},
    "liaison": {"hospital", "hospital_committee", "member_person"},
    "receiver": {"judicial_office"},
}
STAFF = list(VISIBLE)
SHELL_ONLY = ["resident", "volunteer", "outsider"]


@pytest.mark.parametrize("persona", STAFF)
def test_staff_pages_show_only_their_scope(world, client_for, persona):
    client = client_for(getattr(world, persona))
    wrong = []
    for key, (url_name, _api, attr) in sorted(OBJECTS.items()):
        status = client.get(reverse(url_name, args=[getattr(world, attr).pk])).status_code
        expected = 200 if key in VISIBLE[persona] else 404
        if status != expected:
            wrong.append(f"{key}: {status}, expected {expected}")
    assert wrong == []


@pytest.mark.parametrize("persona", STAFF)
def test_staff_api_shows_only_their_scope(world, client_for, persona):
    client = client_for(getattr(world, persona))
    wrong = []
    for key, (_url, api, attr) in sorted(OBJECTS.items()):
        if not api:
            continue
        response = client.get(api.format(getattr(world, attr).pk))
        expected = 200 if key in VISIBLE[persona] else 404
        if response.status_code != expected:
            wrong.append(f"{key}: {response.status_code}, expected {expected}")
        if expected == 404 and getattr(world, attr).name in response.content.decode():
            wrong.append(f"{key}: 404 body names the object")
    assert wrong == []


@pytest.mark.parametrize("persona", SHELL_ONLY)
def test_residents_are_sent_to_their_shell_and_see_no_staff_objects(world, client_for, persona):
    client = client_for(getattr(world, persona))
    for url_name, api, attr in OBJECTS.values():
        page = client.get(reverse(url_name, args=[getattr(world, attr).pk]))
        assert page.status_code == 302 and page.url == reverse("core:resident_home")
        if api and not (persona == "resident" and attr == "resident_person") \
                and not (persona == "volunteer" and attr == "volunteer_person"):
            assert client.get(api.format(getattr(world, attr).pk)).status_code == 404


def test_a_resident_sees_her_own_record_through_the_api_unmasked(world, client_for):
    data = client_for(world.resident).get(f"/api/v1/people/{world.resident_person.pk}").json()
    assert data["phone"] == "13812345678"
    assert data["id_number"] == "450304195803120021"


@pytest.mark.parametrize("url", ["/api/v1/people", "/api/v1/organisations", "/api/v1/regions",
                                 "/api/v1/party-organisations", "/api/v1/me"])
def test_it_requires_login_for_the_api(db, client, url):
    assert client.get(url).status_code == 401


@pytest.mark.parametrize("name", ["core:workbench", "regions:tree", "organisations:list", "people:list",
                                  "party:list", "chronicle:list", "core:resident_home"])
def test_it_requires_login_for_pages(db, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_lists_contain_only_rows_in_scope(world, client_for):
    names = {p["name"] for p in client_for(world.nanmen_staff).get("/api/v1/people").json()["items"]}
    assert names == {"张伟", "李建国"}
    names = {o["name"] for o in client_for(world.wumei_staff).get("/api/v1/organisations").json()["items"]}
    assert names == {"桂林市中医医院"}
    page = client_for(world.wumei_staff).get(reverse("people:list")).content.decode()
    assert "王秀英" in page and "张伟" not in page and "陈芳" not in page


# --- what each role may change --------------------------------------------------------------------

EDITORS = {"admin", "wumei_staff", "street_staff", "district_staff", "liaison"}


@pytest.mark.parametrize("persona", STAFF + SHELL_ONLY)
def test_who_may_edit_a_unit(world, client_for, persona):
    client = client_for(getattr(world, persona))
    url = reverse("organisations:edit", args=[world.hospital.pk])
    response = client.post(url, {"short_name": "中医院", "address": "五美路2号"})
    if persona in EDITORS:
        assert response.status_code == 302
        world.hospital.refresh_from_db()
        assert world.hospital.short_name == "中医院"
    elif persona in SHELL_ONLY:
        assert response.status_code == 302 and response.url == reverse("core:resident_home")
    else:
        assert response.status_code == 404
        world.hospital.refresh_from_db()
        assert world.hospital.short_name == ""


@pytest.mark.parametrize("persona", STAFF)
def test_who_may_patch_a_unit_through_the_api(world, client_for, persona):
    response = client_for(getattr(world, persona)).patch(
        f"/api/v1/organisations/{world.hospital.pk}", {"address": "五美路8号"}, content_type="application/json")
    assert response.status_code == (200 if persona in EDITORS else 404)


@pytest.mark.parametrize(("persona", "status"), [("wumei_staff", 302), ("admin", 302), ("wumei_grid_worker", 404),
                                                 ("street_staff", 404), ("nanmen_staff", 404), ("liaison", 404)])
def test_only_the_communitys_staff_edit_its_residents(world, client_for, persona, status):
    response = client_for(getattr(world, persona)).post(
        reverse("people:edit", args=[world.resident_person.pk]),
        {"name": "王秀英", "gender": "female", "birth_year": 1958, "phone": "13812345679",
         "id_number": "450304195803120021"})
    assert response.status_code == status
    world.resident_person.refresh_from_db()
    assert (world.resident_person.phone == "13812345679") == (status == 302)
