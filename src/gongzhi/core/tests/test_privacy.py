"""Phone and ID numbers: masked for every role that does not need them — pages, API, logs."""

import logging

import pytest
from django.urls import reverse

from gongzhi.core.privacy import MaskPersonalDataFilter, mask_id_number, mask_phone, scrub

PHONE, ID = "13812345678", "450304195803120021"
MASKED_PHONE, MASKED_ID = "138****5678", "4503**********0021"


def test_masks():
    assert mask_phone(PHONE) == MASKED_PHONE
    assert mask_phone("0773-2881234") == "0773****1234"
    assert mask_phone("") == ""
    assert mask_id_number(ID) == MASKED_ID
    assert scrub(f"居民 {PHONE} 身份证 {ID}") == f"居民 {MASKED_PHONE} 身份证 4503**********0021"


# persona -> (sees phone in full, sees ID number in full) for 王秀英 of 五美社区
RULES = {
    "admin": (True, True),
    "wumei_staff": (True, True),
    "wumei_grid_worker": (True, False),
    "street_staff": (False, False),
    "district_staff": (False, False),
}


@pytest.mark.parametrize("persona", list(RULES))
def test_person_page_and_api_mask_for_roles_that_do_not_need_the_numbers(world, client_for, persona):
    full_phone, full_id = RULES[persona]
    client = client_for(getattr(world, persona))
    page = client.get(reverse("people:detail", args=[world.resident_person.pk])).content.decode()
    api = client.get(f"/api/v1/people/{world.resident_person.pk}").json()
    listing = client.get(reverse("people:list")).content.decode()
    assert (PHONE in page) == full_phone and (MASKED_PHONE in page) != full_phone
    assert (ID in page) == full_id and (MASKED_ID in page) != full_id
    assert api["phone"] == (PHONE if full_phone else MASKED_PHONE)
    assert api["id_number"] == (ID if full_id else MASKED_ID)
    assert (PHONE in listing) == full_phone


def test_unit_contact_phones_are_masked_outside_the_community_and_the_unit(world, client_for):
    url = reverse("organisations:detail", args=[world.hospital.pk])
    assert "13877301234" in client_for(world.liaison).get(url).content.decode()
    assert "13877301234" in client_for(world.wumei_staff).get(url).content.decode()
    street = client_for(world.street_staff).get(url).content.decode()
    assert "13877301234" not in street and "138****1234" in street


def test_the_public_board_has_no_personal_data(world, client):
    page = client.get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "桂林市中医医院" in page
    for secret in (PHONE, MASKED_PHONE, ID, "13877301234", "周丽华", "王秀英"):
        assert secret not in page


def test_log_records_are_masked():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "calling %s about %s", (PHONE, ID), None)
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == f"calling {MASKED_PHONE} about 4503**********0021"


def test_the_logging_configuration_masks_every_handler(settings):
    handlers = settings.LOGGING["handlers"]
    assert all("mask_personal_data" in h.get("filters", []) for h in handlers.values())


def test_digests_and_codes_that_contain_eleven_digits_are_not_mistaken_for_phones():
    digest = "00d26f2c6c72a7e8df88014b19845087274c5b6d156abbe211f8e3471e1b0dd3"
    assert scrub(digest) == digest
    assert scrub("联系电话13812345678，请回电") == "联系电话138****5678，请回电"
