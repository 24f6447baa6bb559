"""The 商谈会 form: units of the community concerned first (the street's others behind a switch), each checkbox
inside the label with its name; meeting dates within the platform's life (not before 2025-01-01, at most a year
ahead) through page and API; a contract drafted from a meeting is of the meeting's year, with a warning and a
confirmation when the staffer types another year."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongzhi.contracts import services
from gongzhi.contracts.dates import MEETING_HORIZON, meeting_bounds
from gongzhi.contracts.models import Contract, Meeting
from gongzhi.core import clock
from gongzhi.core.limits import PLATFORM_START
from gongzhi.organisations.services import create_organisation

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _convene(client, world, starts_at, **extra):
    return client.post(reverse("contracts:meeting_new"), {
        "community": world.wumei.pk, "title": "商谈会", "starts_at": starts_at, "place": "党群服务中心",
        "units": [world.hospital.pk], **extra})


def test_the_bounds_live_in_one_place():
    with clock.frozen(NOW):
        assert meeting_bounds() == (PLATFORM_START, NOW.date() + MEETING_HORIZON)
    assert dt.date(2025, 1, 1) == PLATFORM_START and dt.timedelta(days=365) == MEETING_HORIZON


@pytest.mark.parametrize("starts_at", ["2020-01-01T09:00", "0519-05-01T09:00", "2024-12-31T23:00", "2028-01-01T09:00"])
def test_a_meeting_out_of_the_platforms_life_is_a_form_error(world, client_for, starts_at):
    with clock.frozen(NOW):
        response = _convene(client_for(world.street_staff), world, starts_at)
    assert response.status_code == 200
    assert "会议时间须在2025-01-01至2027-12-01之间" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_within_the_bounds_is_convened(world, client_for):
    with clock.frozen(NOW):
        assert _convene(client_for(world.street_staff), world, "2027-11-30T09:00").status_code == 302
        assert _convene(client_for(world.street_staff), world, "2025-01-02T09:00").status_code == 302
    assert Meeting.objects.count() == 2


def test_the_api_refuses_an_implausible_meeting_date(world, client_for):
    with clock.frozen(NOW):
        response = client_for(world.street_staff).post("/api/v1/contracts/meetings", {
            "community_id": world.wumei.pk, "title": "商谈会", "starts_at": "2020-01-01T09:00:00+08:00",
            "place": "党群服务中心", "unit_ids": [world.hospital.pk]}, content_type="application/json")
    assert 400 <= response.status_code < 500 and not Meeting.objects.exists()
    with pytest.raises(Exception, match="会议时间须在"), clock.frozen(NOW):
        services.convene_meeting(actor=world.street_staff, community=world.wumei, title="商谈会", place="中心",
                                 starts_at=dt.datetime(519, 5, 1, 9, tzinfo=dt.UTC), units=[world.hospital])


def test_the_picker_lists_the_communitys_units_first_each_box_inside_its_label(world, client_for):
    create_organisation(actor=world.admin, name="南门小学附属幼儿园", kind="public_institution", home=world.nanmen)
    page = client_for(world.street_staff).get(reverse("contracts:meeting_new"),
                                              {"community": world.wumei.pk}).content.decode()
    local = re.search(r'data-testid="local-units">(.*?)</ul>', page, re.S).group(1)
    others = re.search(r'data-testid="other-units".*?</details>', page, re.S).group(0)
    assert "桂林市中医医院" in local and "桂林市崇善小学" not in local  # the hospital is 五美社区's unit
    assert "桂林市崇善小学" in others and "南门小学附属幼儿园" in others and " open" not in others.split(">")[0]
    for label in re.findall(r"<label>(.*?)</label>", local + others, re.S):
        assert re.match(r'<input type="checkbox" name="units" value="\d+"><span>', label)  # box and name together
    assert "data-unit-search" in page and "data-unit-all" in page and "data-unit-none" in page
    assert 'min="2025-01-01T00:00"' in page


def test_a_unit_of_another_community_can_still_be_invited(world, client_for):
    with clock.frozen(NOW):
        response = _convene(client_for(world.street_staff), world, "2026-12-08T09:00",
                            units=[world.hospital.pk, world.school.pk])
    assert response.status_code == 302
    assert set(Meeting.objects.get().units.all()) == {world.hospital, world.school}


def test_a_contract_from_a_meeting_is_prefilled_with_the_meetings_year_and_warns_when_it_differs(world, client_for):
    with clock.frozen(NOW):
        meeting = services.convene_meeting(actor=world.street_staff, community=world.wumei, title="2027年商谈会",
                                           starts_at=dt.datetime(2027, 1, 8, 1, tzinfo=dt.UTC), place="中心",
                                           units=[world.hospital])
        staff = client_for(world.wumei_staff)
        url = reverse("contracts:new") + f"?meeting={meeting.pk}"
        page = staff.get(url).content.decode()
        assert 'name="year" value="2027"' in page and 'value="2027-01-01"' in page and "2027年度" in page
        data = {"meeting": meeting.pk, "title": "五美社区2026年度契约", "year": 2026, "term_start": "2026-01-01",
                "term_end": "2026-12-31", "units": [world.hospital.pk]}
        response = staff.post(url, data)
        assert response.status_code == 200 and 'data-testid="year-warning"' in response.content.decode()
        assert "商谈会于2027年召开，契约年度却填为2026年" in response.content.decode()
        assert not Contract.objects.exists()
        response = staff.post(url, {**data, "year_confirmed": "1"})
        assert response.status_code == 302 and Contract.objects.get().year == 2026
