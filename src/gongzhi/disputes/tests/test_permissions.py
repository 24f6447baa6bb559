"""Who sees which dispute, and how much of the parties' phone numbers and addresses: the matrix of the world's
personas over the detail page, the list, the API and the write pages."""

import pytest
from django.urls import reverse

from gongzhi.cases import services as cases
from gongzhi.disputes.permissions import disputes_visible_to, mask_address

FULL_PHONE, MASKED_PHONE = "13812345678", "138****5678"

# persona -> what the detail page shows: "full", "masked", "hidden" (no contacts) or 404.
MATRIX = {
    "wumei_staff": "full",
    "wumei_grid_worker": "full",
    "street_staff": "masked",
    "district_staff": "masked",
    "admin": "full",
    "nanmen_staff": 404,
    "liaison": 404,
    "receiver": 404,  # before any whistle to the judicial office
}


@pytest.fixture
def whistled(world, dispute):
    cases.blow_whistle(actor=world.wumei_staff, case=dispute.case, departments=[world.judicial_office],
                       request="请司法所派人民调解员参与调解")
    return dispute


@pytest.mark.parametrize("persona, shows", MATRIX.items())
def test_the_detail_page(world, dispute, client_for, persona, shows):
    response = client_for(getattr(world, persona)).get(reverse("disputes:detail", args=[dispute.pk]))
    if shows == 404:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200 and "王秀英" in html and "李明" in html
    if shows == "full":
        assert FULL_PHONE in html and "五美小区1栋101" in html
    else:
        assert FULL_PHONE not in html and MASKED_PHONE in html and "五美小区*栋***" in html
        assert "五美小区1栋101" not in html


@pytest.mark.parametrize("persona, shows", MATRIX.items())
def test_the_api_detail(world, dispute, client_for, persona, shows):
    response = client_for(getattr(world, persona)).get(f"/api/v1/disputes/{dispute.pk}")
    if shows == 404:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    applicant = next(p for p in response.json()["parties"] if p["role"] == "applicant")
    assert applicant["phone"] == (FULL_PHONE if shows == "full" else MASKED_PHONE)


def test_a_receiver_sees_a_whistled_dispute_without_contacts(world, whistled, client_for):
    client = client_for(world.receiver)
    response = client.get(reverse("disputes:detail", args=[whistled.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "王秀英" in html
    assert FULL_PHONE not in html and MASKED_PHONE not in html and "五美小区1栋101" not in html
    api = client.get(f"/api/v1/disputes/{whistled.pk}").json()
    assert all(p["phone"] is None and p["address"] is None for p in api["parties"])
    assert [d["id"] for d in client.get("/api/v1/disputes").json()["items"]] == [whistled.pk]
    # Read-only: the forms answer 404.
    assert client.get(reverse("disputes:session_new", args=[whistled.pk])).status_code == 404
    assert client.post(f"/api/v1/disputes/{whistled.pk}/outcome",
                       {"outcome": "withdrawn", "note": "x"}, content_type="application/json").status_code == 404


@pytest.mark.parametrize("persona", ["resident", "volunteer", "outsider"])
def test_residents_and_outsiders_see_no_dispute(world, dispute, client_for, persona):
    user = getattr(world, persona)
    client = client_for(user)
    assert not disputes_visible_to(user).exists()
    # The workbench sends people without a workbench role to the resident shell; the API answers 404.
    page = client.get(reverse("disputes:detail", args=[dispute.pk]))
    assert page.status_code == 302 and FULL_PHONE not in page.content.decode()
    assert client.get(f"/api/v1/disputes/{dispute.pk}").status_code == 404
    assert client.get("/api/v1/disputes").json()["count"] == 0


def test_the_resident_who_is_a_party_still_sees_no_dispute_record(world, dispute):
    """She follows her case in the cases app (我的诉求); the mediation file is the staff's."""
    assert dispute.parties.filter(person=world.resident_person).exists()
    assert not disputes_visible_to(world.resident).exists()


@pytest.mark.parametrize("persona, count", [
    ("wumei_staff", 1), ("wumei_grid_worker", 1), ("street_staff", 2), ("district_staff", 2), ("nanmen_staff", 1),
    ("liaison", 0), ("receiver", 0), ("resident", 0), ("outsider", 0),
])
def test_the_list_is_scoped(world, cats, dispute, persona, count):
    from gongzhi.disputes.services import PartyInput
    from gongzhi.disputes.tests.conftest import register

    register(world, cats, actor=world.nanmen_staff, community=world.nanmen, title="南门花园噪音纠纷",
             parties=[PartyInput(name="张伟", role="applicant", phone="13607731111"),
                      PartyInput(name="刘强", role="respondent")])
    assert disputes_visible_to(getattr(world, persona)).count() == count


@pytest.mark.parametrize("persona, status", [
    ("wumei_staff", 200), ("wumei_grid_worker", 200), ("street_staff", 200), ("nanmen_staff", 404),
    ("liaison", 404), ("receiver", 404),
])
def test_the_write_pages(world, dispute, client_for, persona, status):
    client = client_for(getattr(world, persona))
    for name in ("disputes:session_new", "disputes:outcome", "disputes:party_new"):
        assert client.get(reverse(name, args=[dispute.pk])).status_code == status, name


@pytest.mark.parametrize("persona, status", [
    ("wumei_staff", 200), ("wumei_grid_worker", 200), ("street_staff", 200), ("district_staff", 200),
    ("nanmen_staff", 200), ("liaison", 404), ("receiver", 404),
])
def test_the_register_page(world, cats, client_for, persona, status):
    assert client_for(getattr(world, persona)).get(reverse("disputes:new")).status_code == status


def test_addresses_are_masked_by_their_numbers():
    assert mask_address("五美路18号3栋502") == "五美路**号*栋***"
    assert mask_address("") == ""


def test_numbers_typed_into_free_text_are_masked_alike(world, dispute, client_for):
    from gongzhi.disputes.tests.conftest import session

    session(world, dispute, result="not_agreed", notes="李明电话13907731234，约定周五再谈")
    detail = reverse("disputes:detail", args=[dispute.pk])
    assert "13907731234" in client_for(world.wumei_staff).get(detail).content.decode()
    street = client_for(world.street_staff)
    html = street.get(detail).content.decode()
    assert "13907731234" not in html and "139****1234" in html
    api = street.get(f"/api/v1/disputes/{dispute.pk}").json()
    assert api["sessions"][0]["notes"] == "李明电话139****1234，约定周五再谈"
