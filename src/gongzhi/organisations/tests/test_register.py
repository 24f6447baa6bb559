import pytest
from django.urls import reverse

from gongzhi.organisations.models import Organisation

URL = "organisations:register"


def _form(world, **overrides):
    data = {"name": "桂林银行五美支行", "kind": "state_enterprise", "partner_type": "", "home": world.wumei.pk,
            "address": "五美路18号", "contact_name": "蒋晓燕", "contact_title": "行长", "contact_phone": "13907731888"}
    data.update(overrides)
    return data


def test_staff_register_a_unit_with_its_liaison_contact(world, client_for):
    response = client_for(world.wumei_staff).post(reverse(URL), _form(world))
    org = Organisation.objects.get(name="桂林银行五美支行")
    assert response.status_code == 302 and response.url == reverse("organisations:detail", args=[org.pk])
    contact = org.contacts.get()
    assert contact.is_liaison and contact.phone == "13907731888"
    assert org.search_key.startswith("glyhwmzx")  # pypinyin reads the branch 支行 as zhixing


def test_a_duplicate_name_or_bad_phone_is_a_form_error_and_nothing_is_saved(world, client_for):
    client = client_for(world.wumei_staff)
    response = client.post(reverse(URL), _form(world, name="桂林市中医医院"))
    assert response.status_code == 200 and "已有名为" in response.content.decode()
    response = client.post(reverse(URL), _form(world, contact_phone="12"))
    assert response.status_code == 200 and "联系电话格式不正确" in response.content.decode()
    assert not Organisation.objects.filter(name="桂林银行五美支行").exists()


def test_it_requires_the_home_to_be_in_scope(world, client_for):
    response = client_for(world.nanmen_staff).post(reverse(URL), _form(world))
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="桂林银行五美支行").exists()


@pytest.mark.parametrize("persona", ["wumei_grid_worker", "liaison", "receiver"])
def test_it_requires_a_registrar_role(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(reverse(URL)).status_code == 404


def test_it_requires_login(db, client):
    assert client.get(reverse(URL)).status_code == 302
