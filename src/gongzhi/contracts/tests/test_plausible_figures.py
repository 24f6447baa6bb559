"""Figures that stay plausible: a fulfilment record's person-times, volunteer hours and service date are held to
the bounds of `core.limits` on the page and in the API alike (an outside review entered 99,999 hours for one
person-time and 五美社区's yearly report jumped from 330 to 100,343 hours); a record far above the usual range
needs a second confirmation with a reason, kept on the record and in the chronicle."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from gongzhi.chronicle.models import Entry
from gongzhi.contracts import services
from gongzhi.contracts.models import Commitment, Fulfilment
from gongzhi.contracts.selectors import figures
from gongzhi.core import clock

APRIL = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
GOOD = {"date": "2026-03-20", "content": "第一季度义诊", "person_times": "120", "volunteer_hours": "24"}

# (what is wrong, the fields that make it so, a phrase of the message on the page, a phrase of it in the API)
OUT_OF_RANGE = [
    ("99,999 hours for one person-time", {"person_times": "1", "volunteer_hours": "99999"}, "10000", "10000"),
    ("13 hours for one person-time", {"person_times": "1", "volunteer_hours": "13"}, "12 小时", "12 小时"),
    ("more person-times than a service can serve", {"person_times": "10001"}, "10000", "10000"),
    ("negative person-times", {"person_times": "-1"}, "不小于 0", "0 到 10000"),
    ("negative hours", {"volunteer_hours": "-2"}, "不小于 0", "0 到 10000"),
    ("a day before the platform started", {"date": "2024-12-31"}, "平台启用", "平台启用"),
    ("a day after the contract's term", {"date": "2027-01-04"}, "契约期限", "契约期限"),
    ("a day in the future", {"date": "2026-04-03"}, "不能晚于今天", "不能晚于今天"),
    ("far above the usual range, not confirmed", {"person_times": "600", "volunteer_hours": "1200"},
     "远超常见范围", "远超常见范围"),
    ("confirmed without a reason", {"person_times": "600", "confirm_unusual": "on"}, "远超常见范围", "远超常见范围"),
]


def _page(lifecycle, client_for, data):
    with clock.frozen(APRIL):
        return client_for(lifecycle.world.liaison).post(reverse("contracts:commitment", args=[lifecycle.clinic.pk]),
                                                        {**GOOD, **data})


def _api(lifecycle, client_for, data):
    if data.get("confirm_unusual") == "on":
        data = {**data, "confirm_unusual": "true"}
    with clock.frozen(APRIL):
        return client_for(lifecycle.world.liaison).post(
            f"/api/v1/contracts/commitments/{lifecycle.clinic.pk}/fulfilments", {**GOOD, **data})


@pytest.mark.parametrize(("label", "data", "on_page", "in_api"), OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE])
def test_an_implausible_figure_is_refused_on_the_page_with_a_clear_message(lifecycle, client_for, label, data,
                                                                          on_page, in_api):
    response = _page(lifecycle, client_for, data)
    assert response.status_code == 200  # the form again, with its errors
    errors = " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)
    assert on_page in errors, errors
    assert "变量" not in errors
    assert not Fulfilment.objects.exists()


@pytest.mark.parametrize(("label", "data", "on_page", "in_api"), OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE])
def test_an_implausible_figure_is_refused_by_the_api_with_a_clear_message(lifecycle, client_for, label, data,
                                                                         on_page, in_api):
    response = _api(lifecycle, client_for, data)
    assert response.status_code == 400, response.content
    assert in_api in str(response.json()["detail"])
    assert not Fulfilment.objects.exists()


def test_a_large_service_is_recorded_once_confirmed_with_a_reason(lifecycle, client_for):
    reason = "全街道集中义诊，三百名志愿者参加"
    response = _page(lifecycle, client_for, {"person_times": "600", "volunteer_hours": "1200",
                                             "confirm_unusual": "on", "unusual_reason": reason})
    assert response.status_code == 302
    record = Fulfilment.objects.get()
    assert (record.person_times, record.volunteer_hours, record.unusual_reason) == (600, 1200, reason)
    entry = Entry.objects.filter(action="commitment.fulfilled").get()
    assert entry.data["unusual_reason"] == reason
    with clock.frozen(APRIL):
        page = client_for(lifecycle.world.wumei_staff).get(reverse("contracts:commitment",
                                                                   args=[lifecycle.clinic.pk]))
    assert reason in page.content.decode()


def test_the_api_records_a_confirmed_unusual_service_and_returns_its_reason(lifecycle, client_for):
    response = _api(lifecycle, client_for, {"person_times": "600", "confirm_unusual": "on", "unusual_reason": "集中义诊"})
    assert response.status_code == 201, response.content
    assert response.json()["unusual_reason"] == "集中义诊"


def test_an_ordinary_service_needs_no_confirmation_and_keeps_no_reason(lifecycle, client_for):
    response = _api(lifecycle, client_for, {"unusual_reason": "无关的说明"})
    assert response.status_code == 201, response.content
    assert Fulfilment.objects.get().unusual_reason == ""


def test_the_yearly_report_cannot_be_inflated_by_one_record(lifecycle, client_for):
    assert _api(lifecycle, client_for, {"person_times": "10", "volunteer_hours": "30"}).status_code == 201
    _api(lifecycle, client_for, {"person_times": "1", "volunteer_hours": "99999"})
    assert figures(path=lifecycle.world.wumei.path, year=2026).volunteer_hours == 30


@pytest.mark.parametrize("fields", [{"person_times": 10_001}, {"volunteer_hours": 13, "person_times": 1},
                                    {"volunteer_hours": 10_001, "person_times": 10_000},
                                    {"date": dt.date(2024, 12, 31)}])
def test_the_database_holds_the_hard_bounds(lifecycle, fields):
    values = {"commitment": lifecycle.clinic, "date": dt.date(2026, 3, 1), "content": "x", "person_times": 1,
              "volunteer_hours": 1, "recorded_by": lifecycle.world.liaison, "recorded_at": APRIL, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        Fulfilment.objects.create(**values)


def test_commitment_targets_are_bounded(lifecycle, client_for):
    with clock.frozen(APRIL):
        draft = services.amend_contract(actor=lifecycle.world.wumei_staff, contract=lifecycle.contract,
                                        reason="调整目标")
    response = client_for(lifecycle.world.wumei_staff).post(
        f"/api/v1/contracts/{draft.pk}/commitments",
        {"area": "governance", "title": "义诊", "content": "义诊", "deadline": "2026-12-01",
         "undertaker_ids": [lifecycle.world.hospital.pk], "target_services": 5, "target_person_times": 10_000_000},
        content_type="application/json")
    assert response.status_code == 400 and "200000" in str(response.json())
    assert not Commitment.objects.filter(contract=draft, title="义诊").exists()
