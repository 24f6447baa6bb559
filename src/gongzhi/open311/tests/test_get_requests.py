"""GET Service Requests and GET Service Request: the fields, the status mapping, the filters, and what never
appears (personal data)."""


import pytest

from gongzhi.cases import services as cases
from gongzhi.core import clock
from gongzhi.open311 import selectors
from gongzhi.open311.tests.conftest import BASE, WUMEI, at, body, errors_of, good_request, post, xml

FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
          "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
          "address", "address_id", "zipcode", "lat", "long", "media_url"]
NOW = at(2026, 5, 15, 12)


def report(world, cats, *, when, code="sewage", actor=None, community=None, place=None, **extra):
    options = {"actor": actor or world.resident, "category": cats[code], "community": community or world.wumei,
               "title": "下水道堵了", "description": "五美小区1栋下水道堵塞，污水外溢。", "channel": "phone_app",
               "place": world.wumei_b1 if place is None else place}
    options.update(extra)
    with clock.frozen(when):
        return cases.report_case(**options)


def get(client, path="requests.json", **params):
    with clock.frozen(NOW):
        return client.get(f"{BASE}/{path}", params)


def by_id(items):
    return {item["service_request_id"]: item for item in items}


def test_requests_json_has_every_spec_field(anon, world, cats):
    case = report(world, cats, when=at(2026, 5, 11, 9), lat="25.265432", long="110.288765", address="1栋2单元101")
    cases.set_public_wording(actor=world.wumei_staff, case=case, wording="五美小区下水道堵塞，污水外溢。")
    [item] = body(get(anon))
    assert list(item) == FIELDS
    assert item == {
        "service_request_id": case.number, "status": "open", "status_notes": "待受理：通过“居民手机端”反映",
        "service_name": "下水道堵塞与污水外溢", "service_code": "sewage",
        "description": "五美小区下水道堵塞，污水外溢。", "agency_responsible": "五美社区",
        "service_notice": "社区受理后 24 小时内联系诉求人，7 个工作日内办结；需要职能部门处理的，由社区吹哨、部门报到。",
        "requested_datetime": "2026-05-11T09:00:00+08:00", "updated_datetime": "2026-05-11T09:00:00+08:00",
        "expected_datetime": None, "address": "五美小区，五美社区，象山街道，象山区，桂林市",
        "address_id": str(world.wumei_estate.pk), "zipcode": None, "lat": 25.27, "long": 110.29, "media_url": None,
    }


def test_requests_xml_has_every_spec_field(anon, world, cats):
    case = report(world, cats, when=at(2026, 5, 11, 9))
    root = xml(get(anon, "requests.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert [c.tag for c in request] == FIELDS
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("status") == "open"
    assert request.findtext("requested_datetime") == "2026-05-11T09:00:00+08:00"
    assert request.findtext("expected_datetime") == "" and request.findtext("lat") == ""


def test_status_follows_the_case_through_its_life(anon, world, cats):
    submitted = report(world, cats, when=at(2026, 5, 11, 9))
    whistled = report(world, cats, when=at(2026, 5, 11, 10))
    resolved = report(world, cats, when=at(2026, 5, 11, 11))
    closed = report(world, cats, when=at(2026, 5, 11, 12))
    rejected = report(world, cats, when=at(2026, 5, 11, 13))
    with clock.frozen(at(2026, 5, 12, 9)):
        for case in (whistled, resolved, closed):
            cases.accept_case(actor=world.wumei_staff, case=case)
        cases.blow_whistle(actor=world.wumei_staff, case=whistled, departments=[world.judicial_office],
                           request="请司法所到场调解")
        cases.resolve_case(actor=world.wumei_staff, case=resolved, result="已疏通管道，恢复正常")
        cases.resolve_case(actor=world.wumei_staff, case=closed, result="已疏通")
        cases.confirm_case(actor=world.resident, case=closed)
        cases.reject_case(actor=world.wumei_staff, case=rejected, reason="不属于本社区职责范围，已告知居民拨打12345")
    items = by_id(body(get(anon)))
    assert (items[submitted.number]["status"], items[submitted.number]["status_notes"][:3]) == ("open", "待受理")
    assert items[whistled.number]["status"] == "open"
    assert items[whistled.number]["status_notes"].startswith("已吹哨")
    assert items[whistled.number]["agency_responsible"] == "象山街道司法所"
    assert items[resolved.number]["status"] == "open"
    assert items[resolved.number]["status_notes"] == "待确认：已疏通管道，恢复正常"
    assert items[closed.number]["status"] == "closed" and items[closed.number]["status_notes"].startswith("已办结")
    assert items[closed.number]["updated_datetime"] == "2026-05-12T09:00:00+08:00"
    assert items[rejected.number]["status"] == "closed"
    assert items[rejected.number]["status_notes"] == "不予受理：不属于本社区职责范围，已告知居民拨打12345"
    assert items[whistled.number]["expected_datetime"] is not None
    assert items[submitted.number]["updated_datetime"] == items[submitted.number]["requested_datetime"]


def test_personal_data_never_appears(anon, world, cats, api):
    data = good_request(api.key, description="王秀英家门口垃圾没人清，请回电13812345678，身份证450304195803120021")
    response = post(anon, data)
    assert response.status_code == 200
    report(world, cats, when=clock.now(), description="王秀英反映：楼上漏水，电话 13812345678")
    with clock.frozen(clock.now()):
        pages = [anon.get(f"{BASE}/requests.{fmt}").content.decode() for fmt in ("json", "xml")]
        number = body(response)[0]["service_request_id"]
        pages += [anon.get(f"{BASE}/requests/{number}.{fmt}").content.decode() for fmt in ("json", "xml")]
    for page in pages:
        for secret in ("王秀英", "13812345678", "450304195803120021", "wxy@example.com", "dev-42", "acct-7",
                       api.key, "秀英", "1栋2单元"):
            assert secret not in page, secret
        assert "138****5678" not in page  # the resident's words are not published at all


def test_dispute_cases_are_not_published_at_all(anon, world, cats):
    case = report(world, cats, when=at(2026, 5, 11, 9), code="neighbour_dispute", lat="25.265", long="110.288",
                  description="文化里2栋三楼卫生间防水层破损，双方为维修和赔偿争执不下")
    with clock.frozen(at(2026, 5, 12, 9)):
        cases.accept_case(actor=world.wumei_staff, case=case)
        cases.resolve_case(actor=world.wumei_staff, case=case, result="经调解，张伟同意赔偿2000元")
    assert body(get(anon)) == []
    assert get(anon, f"requests/{case.number}.json").status_code == 404
    assert body(get(anon, service_request_id=case.number)) == []


def test_the_description_waits_for_a_reviewed_public_wording(anon, world, cats):
    case = report(world, cats, when=at(2026, 5, 11, 9), description="我家3栋2单元501室下水道堵了，请回电13812345678")
    [item] = body(get(anon))
    assert item["description"] is None
    with pytest.raises(Exception, match="3栋"):
        cases.set_public_wording(actor=world.wumei_staff, case=case, wording="3栋下水道堵塞")
    cases.set_public_wording(actor=world.wumei_staff, case=case, wording="五美小区下水道堵塞")
    [item] = body(get(anon))
    assert item["description"] == "五美小区下水道堵塞"


def test_media_url_and_exact_coordinates_are_not_published(anon, api):
    post(anon, good_request(api.key))
    with clock.frozen(clock.now()):
        [item] = body(anon.get(f"{BASE}/requests.json"))
    assert item["media_url"] is None
    assert (item["lat"], item["long"]) == (round(WUMEI[0], 2), round(WUMEI[1], 2))


# --- filters --------------------------------------------------------------------------------------------------

@pytest.fixture
def spread(world, cats):
    """Cases on 1 Jan (outside the default 90 days), 1 May (sewage), 10 May (noise, closed by rejection)."""
    old = report(world, cats, when=at(2026, 1, 1, 9))
    may = report(world, cats, when=at(2026, 5, 1, 9))
    noise = report(world, cats, when=at(2026, 5, 10, 9), code="noise")
    with clock.frozen(at(2026, 5, 10, 10)):
        cases.reject_case(actor=world.wumei_staff, case=noise, reason="已由派出所处理")
    return old, may, noise


def numbers(response):
    return [item["service_request_id"] for item in body(response)]


def test_default_window_is_the_last_90_days_newest_first(anon, spread):
    _old, may, noise = spread
    assert numbers(get(anon)) == [noise.number, may.number]


def test_service_request_id_overrides_every_other_filter(anon, spread):
    old, _may, noise = spread
    got = numbers(get(anon, service_request_id=f"{old.number}, {noise.number},GZ00000000", status="open"))
    assert got == [noise.number, old.number]


def test_service_code_filter_takes_a_comma_list(anon, spread):
    _old, may, noise = spread
    assert numbers(get(anon, service_code="noise")) == [noise.number]
    assert numbers(get(anon, service_code="noise,sewage")) == [noise.number, may.number]
    assert numbers(get(anon, service_code="potholes")) == []


def test_status_filter(anon, spread):
    _old, may, noise = spread
    assert numbers(get(anon, status="open")) == [may.number]
    assert numbers(get(anon, status="closed")) == [noise.number]
    assert numbers(get(anon, status="open,closed")) == [noise.number, may.number]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_status_is_400(anon, spread, fmt):
    [description] = errors_of(get(anon, f"requests.{fmt}", status="pending"), 400, fmt)
    assert "status" in description


def test_date_window(anon, spread):
    old, may, noise = spread
    assert numbers(get(anon, start_date="2025-12-31T00:00:00Z", end_date="2026-01-02T00:00:00Z")) == [old.number]
    assert numbers(get(anon, start_date="2026-05-01T09:00:00+08:00", end_date="2026-05-05T00:00:00+08:00")) == [
        may.number]
    # A date alone is midnight China Standard Time; only a start date means 90 days from it.
    assert numbers(get(anon, start_date="2026-05-02")) == [noise.number]
    assert numbers(get(anon, end_date="2026-05-05")) == [may.number]
    assert numbers(get(anon, start_date="2026-04")) == [noise.number, may.number]


@pytest.mark.parametrize("params", [
    {"start_date": "yesterday"}, {"start_date": "2026-13-01"}, {"end_date": "2026-02-30T00:00:00Z"},
    {"start_date": "2026-05-01T25:00:00Z"}, {"start_date": "9" * 100}, {"end_date": "2026-05-01T00:00:00+99:00"},
    {"start_date": "2026-05-10", "end_date": "2026-05-01"},
    {"start_date": "2026-01-01", "end_date": "2026-05-01"},
])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_dates_are_400(anon, spread, params, fmt):
    [description] = errors_of(get(anon, f"requests.{fmt}", **params), 400, fmt)
    assert "start_date" in description or "end_date" in description


def test_at_most_1000_results(anon, world, cats, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_REQUESTS", 2)
    made = [report(world, cats, when=at(2026, 5, 11, 9 + i)) for i in range(3)]
    assert numbers(get(anon)) == [made[2].number, made[1].number]


# --- one request ----------------------------------------------------------------------------------------------

def test_one_request_is_an_array_of_one(anon, world, cats):
    case = report(world, cats, when=at(2026, 5, 11, 9))
    [item] = body(get(anon, f"requests/{case.number}.json"))
    assert list(item) == FIELDS and item["service_request_id"] == case.number
    root = xml(get(anon, f"requests/{case.number}.xml"))
    assert root.tag == "service_requests" and len(root.findall("request")) == 1
    assert [c.tag for c in root.find("request")] == FIELDS


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_request_is_404(anon, cats, fmt):
    [description] = errors_of(get(anon, f"requests/GZ202605110001.{fmt}"), 404, fmt)
    assert "GZ202605110001" in description


def test_old_requests_are_still_found_by_id(anon, spread):
    old, *_ = spread
    assert numbers(get(anon, f"requests/{old.number}.json")) == [old.number]


def test_updated_datetime_follows_the_latest_event(anon, world, cats):
    case = report(world, cats, when=at(2026, 5, 11, 9))
    with clock.frozen(at(2026, 5, 11, 9, 45)):
        cases.accept_case(actor=world.wumei_grid_worker, case=case)
    with clock.frozen(at(2026, 5, 11, 10)):
        cases.record_contact(actor=world.wumei_grid_worker, case=case, note="已电话联系居民")
    [item] = body(get(anon, f"requests/{case.number}.json"))
    assert item["updated_datetime"] == "2026-05-11T10:00:00+08:00"
    # The contact note is internal: the public note stays the acceptance.
    assert item["status_notes"].startswith("办理中") and "电话" not in item["status_notes"]
