"""core.forms: fields that turn junk into form errors — a number the database can store, an id it can look up, a
date of a plausible year — and the lists forms that use them (scale, times per year: 2^63 used to be a 500)."""

import datetime as dt

import pytest
from django import forms

from gongzhi.core.forms import BoundedIntegerField, DateField, DateTimeField, ModelMultipleChoiceField
from gongzhi.regions.models import RegionNode

HUGE = str(2**63)


def test_a_bounded_integer_refuses_what_the_database_cannot_store():
    field = BoundedIntegerField(required=False)
    assert field.clean("12") == 12
    for junk in (HUGE, "-1", "2147483648"):
        with pytest.raises(forms.ValidationError):
            field.clean(junk)


@pytest.mark.parametrize("junk", [HUGE, "0", "-1", "１２", "x", "9" * 40])
def test_ids_that_cannot_be_keys_are_invalid_choices(world, junk):
    field = ModelMultipleChoiceField(queryset=RegionNode.objects.all())
    assert list(field.clean([str(world.wumei.pk)])) == [world.wumei]
    with pytest.raises(forms.ValidationError):
        field.clean([str(world.wumei.pk), junk])


def test_dates_before_2000_or_after_2100_are_refused():
    assert DateField().clean("2026-06-01") == dt.date(2026, 6, 1)
    for junk in ("0519-06-01", "1229-01-01", "2101-01-01"):
        with pytest.raises(forms.ValidationError, match="2000"):
            DateField().clean(junk)
    with pytest.raises(forms.ValidationError):
        DateTimeField().clean("0519-06-01 10:00")


def test_a_huge_scale_on_the_need_form_is_a_form_error(world, client_for):
    client = client_for(world.wumei_staff)
    page = client.get("/workbench/lists/needs/new/")
    category = page.context["form"].fields["category"].queryset.first()
    response = client.post("/workbench/lists/needs/new/", {
        "community": world.wumei.pk, "channel": "window", "title": "楼道灯坏了", "category": category.pk,
        "description": "三楼楼道灯坏了", "urgency": "normal", "scale": HUGE})
    assert response.status_code == 200 and "scale" in response.context["form"].errors


def test_an_api_meeting_in_the_year_519_is_refused_with_the_field_named(world, client_for):
    import json

    payload = {"community_id": world.wumei.pk, "title": "共建商谈会", "starts_at": "0519-06-01T10:00:00+08:00",
               "place": "五美社区会议室", "unit_ids": [world.hospital.pk]}
    response = client_for(world.street_staff).post("/api/v1/contracts/meetings", json.dumps(payload),
                                                   content_type="application/json")
    assert response.status_code == 422 and "starts_at" in response.json()["message"]
    assert "2000" in response.json()["message"]
