"""登记居民: community staff register residents of their community — page (with the htmx building picker)
and API; everybody else is refused without learning anything."""

import pytest
from django.urls import reverse

from gongzhi.people.models import Person

URL = "people:register"


def _form(world, **overrides):
    data = {"name": "黄桂兰", "gender": "female", "birth_year": "1949", "phone": "13707731234",
            "id_number": "", "neighbourhood": world.wumei_estate.pk, "building": world.wumei_b1.pk}
    data.update(overrides)
    return data


def test_community_staff_register_a_resident_in_a_building(world, client_for):
    response = client_for(world.wumei_staff).post(reverse(URL), _form(world))
    person = Person.objects.get(name="黄桂兰")
    assert response.status_code == 302 and response.url == reverse("people:detail", args=[person.pk])
    assert person.home == world.wumei_b1 and person.phone == "13707731234"


def test_without_a_building_the_resident_is_registered_in_the_neighbourhood(world, client_for):
    client_for(world.wumei_staff).post(reverse(URL), _form(world, building=""))
    assert Person.objects.get(name="黄桂兰").home == world.wumei_estate


def test_bad_input_is_a_form_error_and_nothing_is_saved(world, client_for):
    response = client_for(world.wumei_staff).post(reverse(URL), _form(world, phone="12345", id_number="4503"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "手机号格式不正确" in body and "身份证号无效" in body
    assert not Person.objects.filter(name="黄桂兰").exists()


def test_a_building_of_another_neighbourhood_is_refused(world, client_for):
    response = client_for(world.wumei_staff).post(reverse(URL), _form(world, building=world.wenhua_b2.pk))
    assert response.status_code == 200 and not Person.objects.filter(name="黄桂兰").exists()


def test_it_requires_the_neighbourhood_to_be_in_the_staffers_scope(world, client_for):
    response = client_for(world.nanmen_staff).post(reverse(URL), _form(world))
    assert response.status_code == 200  # 五美小区 is not among the choices: a form error, nothing saved
    assert not Person.objects.filter(name="黄桂兰").exists()


@pytest.mark.parametrize("persona", ["wumei_grid_worker", "liaison", "receiver"])
def test_it_requires_a_registrar_role(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(reverse(URL)).status_code == 404
    assert client_for(getattr(world, persona)).post(reverse(URL), _form(world)).status_code == 404


def test_it_requires_login(db, client):
    assert client.get(reverse(URL)).status_code == 302


def test_the_building_picker_lists_only_buildings_the_user_may_register_in(world, client_for):
    url = reverse("people:building_options")
    mine = client_for(world.wumei_staff).get(url, {"neighbourhood": world.wumei_estate.pk}).content.decode()
    assert f'value="{world.wumei_b1.pk}"' in mine
    theirs = client_for(world.nanmen_staff).get(url, {"neighbourhood": world.wumei_estate.pk}).content.decode()
    assert f'value="{world.wumei_b1.pk}"' not in theirs


def test_the_api_registers_a_resident(world, client_for):
    response = client_for(world.wumei_staff).post("/api/v1/people", {"name": "黄桂兰", "home_id": world.wumei_b1.pk,
                                                                     "phone": "13707731234"},
                                                  content_type="application/json")
    assert response.status_code == 201 and response.json()["phone"] == "13707731234"


def test_the_api_answers_400_with_messages_for_bad_input(world, client_for):
    response = client_for(world.wumei_staff).post("/api/v1/people", {"name": "黄桂兰", "home_id": world.wumei_b1.pk,
                                                                     "phone": "123"},
                                                  content_type="application/json")
    assert response.status_code == 400
    assert "手机号格式不正确" in str(response.json()["detail"])
    assert not Person.objects.filter(name="黄桂兰").exists()


@pytest.mark.parametrize("persona", ["nanmen_staff", "wumei_grid_worker", "liaison", "resident"])
def test_the_api_requires_a_registrar_in_scope(world, client_for, persona):
    response = client_for(getattr(world, persona)).post(
        "/api/v1/people", {"name": "黄桂兰", "home_id": world.wumei_b1.pk}, content_type="application/json")
    assert response.status_code == 404
