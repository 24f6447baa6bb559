"""Regressions found in review: bad ids are not 500s, agreement covers the final text, an amendment keeps
what was fulfilled, minutes are written once, years are bounded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongzhi.contracts import services
from gongzhi.contracts.selectors import figures, unit_figures
from gongzhi.contracts.tests.conftest import JAN
from gongzhi.core import clock

APRIL = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "url"), [("wumei_staff", "/workbench/contracts/new/?community=abc"),
                                              ("wumei_staff", "/workbench/contracts/new/?meeting=abc"),
                                              ("street_staff", "/workbench/contracts/meetings/new/?community=x")])
def test_non_numeric_ids_in_query_strings_are_not_500s(world, persona, url):
    assert _client(getattr(world, persona)).get(url).status_code in (200, 404)


def test_a_malformed_officer_form_is_not_a_500(lifecycle):
    response = _client(lifecycle.world.district_staff).post(
        f"/workbench/contracts/{lifecycle.contract.pk}/officer/", {"organisation": "x", "officer": "1"})
    assert response.status_code == 404


def test_an_out_of_range_year_is_a_400(lifecycle):
    response = _client(lifecycle.world.wumei_staff).post(
        "/api/v1/contracts/publications", {"community_id": lifecycle.world.wumei.pk, "year": 0, "period": 1},
        content_type="application/json")
    assert response.status_code in (400, 422)
    with pytest.raises(ValidationError):
        services.publish(actor=lifecycle.world.wumei_staff, community=lifecycle.world.wumei, year=1, period=1)


def test_changing_the_commitments_after_agreement_asks_the_units_again(lifecycle):
    w = lifecycle.world
    with clock.frozen(JAN):
        draft = services.amend_contract(actor=w.wumei_staff, contract=lifecycle.contract, reason="补充项目")
        services.record_agreement(actor=w.liaison, contract=draft, organisation=w.hospital, representative="周丽华")
        services.record_agreement(actor=w.street_staff, contract=draft, organisation=lifecycle.social_centre,
                                  representative="莫晓琳")
        services.add_commitment(actor=w.wumei_staff, contract=draft, undertakers=[w.hospital], area="governance",
                                title="每周上门巡诊", content="巡诊", deadline=dt.date(2026, 12, 1))
        with pytest.raises(ValidationError, match="尚未确认"):
            services.sign_contract(actor=w.wumei_staff, contract=draft)


def test_an_amendment_carries_the_fulfilment_over(lifecycle):
    w = lifecycle.world
    with clock.frozen(APRIL):
        services.record_fulfilment(actor=w.liaison, commitment=lifecycle.clinic, date=dt.date(2026, 3, 20),
                                   content="义诊", person_times=120)
        draft = services.amend_contract(actor=w.wumei_staff, contract=lifecycle.contract, reason="调整目标")
        for party in draft.parties.all():
            services.record_agreement(actor=w.street_staff, contract=draft, organisation=party.organisation,
                                      representative="代表")
        services.sign_contract(actor=w.wumei_staff, contract=draft)
    f = figures(path=w.wumei.path, year=2026)
    assert (f.contracts, f.services_held, f.person_times) == (1, 1, 120)
    assert unit_figures(organisation=w.hospital, year=2026).person_times == 120


def test_minutes_are_recorded_once(lifecycle):
    with pytest.raises(ValidationError, match="不可改写"):
        services.record_meeting_minutes(actor=lifecycle.world.street_staff, meeting=lifecycle.meeting,
                                        notes="改写后的纪要")
    lifecycle.meeting.refresh_from_db()
    assert lifecycle.meeting.notes == "商定义诊与四点半课堂两个项目"


def test_phone_numbers_typed_into_needs_never_reach_the_public_board(lifecycle):
    from gongzhi.lists import services as lists
    from gongzhi.lists.tests.conftest import seed_categories

    w = lifecycle.world
    cats = seed_categories()
    with clock.frozen(JAN):
        need = lists.submit_need(actor=w.wumei_staff, community=w.wumei, title="独居老人求助，电话13812345678",
                                 category=cats["elderly"], channel="window")
        lists.review_need(actor=w.wumei_staff, need=need, decision="approve")
        pub = services.publish(actor=w.wumei_staff, community=w.wumei, year=2026, period=0)
    assert "13812345678" not in str(pub.snapshot) and "138****5678" in str(pub.snapshot)


def test_a_resident_cannot_be_moved_outside_the_staffers_community(world):
    from django.core.exceptions import PermissionDenied

    from gongzhi.people.services import update_person

    with pytest.raises(PermissionDenied):
        update_person(actor=world.wumei_staff, person=world.resident_person, home=world.nanmen_b1)
    with pytest.raises(ValidationError):
        update_person(actor=world.wumei_staff, person=world.resident_person, gender="unknown")
