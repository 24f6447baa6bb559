"""POST Service Request: a real case through the case service, the key rules, locations, attributes, and every
malformed input answered in the spec's error format."""

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from gongzhi.cases import services as cases
from gongzhi.cases.models import Case, CaseChannel, CaseStatus
from gongzhi.cases.permissions import cases_visible_to
from gongzhi.chronicle.models import Entry
from gongzhi.core import clock
from gongzhi.open311 import services
from gongzhi.open311.models import ApiClient, RequestToken
from gongzhi.open311.tests.conftest import BASE, NANMEN, WUMEI, at, body, errors_of, good_request, post, xml


def only_case() -> Case:
    [case] = Case.objects.all()
    return case


def test_post_creates_an_ordinary_case_owned_by_the_community(anon, world, api):
    response = post(anon, good_request(api.key))
    assert response.status_code == 200, response.content
    [item] = body(response)
    assert list(item) == ["service_request_id", "service_notice", "account_id"]
    case = only_case()
    assert item["service_request_id"] == case.number and case.number.startswith("GZ")
    assert item["account_id"] == "acct-7"
    assert "7 个工作日内办结" in item["service_notice"]
    assert case.channel == CaseChannel.OPEN311 and case.status == CaseStatus.SUBMITTED
    assert case.community == world.wumei and case.category.code == "sanitation"
    assert case.reported_by is None and case.title == "垃圾桶满了三天没人清运，气味很大。"
    assert (case.reporter_name, case.reporter_phone, case.reporter_email) == ("王秀英", "13812345678",
                                                                              "wxy@example.com")
    assert case.address == "五美路与文化路交叉口"
    assert (float(case.lat), float(case.long)) == WUMEI
    # The token row maps the token (also sent in a header) to the case and remembers the media URL.
    token = RequestToken.objects.get()
    assert (token.case, token.client, token.media_url) == (case, api.client, "https://img.example.com/a.jpg")
    assert response["X-Open311-Token"] == token.token


def test_the_case_is_the_communitys_to_handle_with_deadlines(anon, world, api, client_for):
    with clock.frozen(at(2026, 5, 11, 9)):
        post(anon, good_request(api.key))
    case = only_case()
    assert cases_visible_to(world.wumei_staff).filter(pk=case.pk).exists()
    assert not cases_visible_to(world.nanmen_staff).filter(pk=case.pk).exists()
    staff = client_for(world.wumei_staff)
    assert case.number in staff.get(reverse("cases:list")).content.decode()
    page = staff.get(reverse("cases:case", args=[case.pk]))
    assert page.status_code == 200 and "垃圾桶满了三天没人清运" in page.content.decode()
    assert client_for(world.nanmen_staff).get(reverse("cases:case", args=[case.pk])).status_code == 404
    with clock.frozen(at(2026, 5, 11, 9, 20)):
        cases.accept_case(actor=world.wumei_staff, case=case)
    case.refresh_from_db()
    assert case.owner == world.wumei_staff and case.due_at is not None and case.contact_due_at is not None
    # 7 working days from Monday 11 May 2026 09:20.
    assert case.due_at.date() == dt.date(2026, 5, 20)
    with clock.frozen(at(2026, 5, 12, 9)):
        [item] = body(anon.get(f"{BASE}/requests/{case.number}.json"))
    assert item["expected_datetime"] == "2026-05-20T09:20:00+08:00"
    assert item["status"] == "open" and item["status_notes"].startswith("办理中")


def test_post_xml_answers_in_xml(anon, api):
    response = post(anon, good_request(api.key, account_id=None), fmt="xml")
    root = xml(response)
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert [c.tag for c in request] == ["service_request_id", "service_notice", "account_id"]
    assert request.findtext("service_request_id") == only_case().number
    assert request.findtext("account_id") == ""


def test_post_is_chronicled_with_the_client_name_never_the_key(anon, api):
    post(anon, good_request(api.key))
    case = only_case()
    submitted = Entry.objects.get(action="open311.request_submitted")
    assert submitted.data == {"client": "桂林12345热线", "case": case.number, "service_code": "sanitation"}
    reported = Entry.objects.get(action="case.reported", subject_id=str(case.pk))
    assert reported.data["client"] == "桂林12345热线"
    for entry in Entry.objects.all():
        text = str(entry.data) + entry.subject_label
        assert api.key not in text and "13812345678" not in text and "wxy@example.com" not in text


def test_post_marks_the_client_as_used(anon, api):
    assert api.client.last_used_at is None
    with clock.frozen(at(2026, 5, 11, 10)):
        post(anon, good_request(api.key))
    api.client.refresh_from_db()
    assert api.client.last_used_at == at(2026, 5, 11, 10)


def test_token_resource_returns_the_request_id(anon, api):
    response = post(anon, good_request(api.key))
    token = response["X-Open311-Token"]
    assert body(anon.get(f"{BASE}/tokens/{token}.json")) == [{"service_request_id": only_case().number,
                                                              "token": token}]
    root = xml(anon.get(f"{BASE}/tokens/{token}.xml"))
    assert root.tag == "service_requests"
    assert [c.tag for c in root.find("request")] == ["service_request_id", "token"]
    errors_of(anon.get(f"{BASE}/tokens/nonesuch.json"), 404)
    errors_of(anon.get(f"{BASE}/tokens/nonesuch.xml"), 404, "xml")


# --- api_key ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_api_key_missing_wrong_or_revoked_is_403(anon, world, api, fmt):
    [missing] = errors_of(post(anon, good_request(api.key, api_key=None), fmt), 403, fmt)
    assert "api_key" in missing
    errors_of(post(anon, good_request(api.key, api_key=""), fmt), 403, fmt)
    [wrong] = errors_of(post(anon, good_request(api.key + "x"), fmt), 403, fmt)
    assert "无效" in wrong
    services.revoke_client(actor=world.admin, client=api.client)
    [revoked] = errors_of(post(anon, good_request(api.key), fmt), 403, fmt)
    assert "停用" in revoked
    assert not Case.objects.exists()


def test_a_huge_api_key_is_simply_wrong(anon, api):
    errors_of(post(anon, good_request("k" * 100_000)), 403)


def test_api_key_in_the_query_string_is_not_accepted(anon, api):
    """Keys travel in the form body only, so they stay out of access logs."""
    data = good_request(api.key, api_key=None)
    errors_of(anon.post(f"{BASE}/requests.json?api_key={api.key}", data), 403)


def test_only_administrators_issue_and_revoke_keys(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.issue_client(actor=world.wumei_staff, name="x")
    client, _key = services.issue_client(actor=world.admin, name="x")
    with pytest.raises(PermissionDenied):
        services.revoke_client(actor=world.district_staff, client=client)


def test_keys_are_stored_only_as_hashes(world):
    client, key = services.issue_client(actor=None, name="小程序")
    row = ApiClient.objects.filter(pk=client.pk).values().get()
    assert key not in str(row)
    assert row["key_prefix"] == key[:10] and len(row["key_hash"]) == 64


@override_settings(GONGZHI_OPEN311_POSTS_PER_MINUTE=3)
def test_posts_are_throttled_per_key(anon, world, api):
    _other, other_key = services.issue_client(actor=world.admin, name="其他客户端")
    with clock.frozen(at(2026, 5, 11, 10, 0, 5)):
        for _ in range(3):
            assert post(anon, good_request(api.key)).status_code == 200
        response = post(anon, good_request(api.key))
        [description] = errors_of(response, 429)
        assert "每分钟最多提交 3 条" in description and response["Retry-After"] == "55"
        assert post(anon, good_request(other_key)).status_code == 200
    with clock.frozen(at(2026, 5, 11, 10, 1, 1)):
        assert post(anon, good_request(api.key)).status_code == 200
    assert Case.objects.count() == 5


# --- locations -------------------------------------------------------------------------------------------------

def test_address_id_of_a_building_sets_community_and_place(anon, world, api):
    response = post(anon, good_request(api.key, lat=None, long=None, address_string=None,
                                       address_id=str(world.wumei_b1.pk)))
    assert response.status_code == 200, response.content
    case = only_case()
    assert (case.community, case.place) == (world.wumei, world.wumei_b1)


def test_address_id_of_a_community(anon, world, api):
    post(anon, good_request(api.key, lat=None, long=None, address_id=str(world.nanmen.pk)))
    assert (only_case().community, only_case().place) == (world.nanmen, None)


@pytest.mark.parametrize("address_id", ["abc", "-1", "99999999", "1e3", "9" * 40, "２"])
def test_bad_address_id_is_400(anon, world, api, address_id):
    [description] = errors_of(post(anon, good_request(api.key, address_id=address_id)), 400)
    assert "address_id" in description


def test_address_id_above_a_community_is_400(anon, world, api):
    errors_of(post(anon, good_request(api.key, address_id=str(world.xiangshan_street.pk))), 400)


def test_address_string_naming_a_neighbourhood(anon, world, api):
    post(anon, good_request(api.key, lat=None, long=None, address_string="桂林市象山区文化里2栋门口"))
    assert (only_case().community, only_case().place) == (world.wumei, world.wenhua_li)


def test_address_string_naming_a_community(anon, world, api):
    post(anon, good_request(api.key, lat=None, long=None, address_string="南门社区中山南路公交站旁"))
    assert (only_case().community, only_case().place) == (world.nanmen, None)


def test_address_string_naming_two_communities_is_ambiguous(anon, world, api):
    [description] = errors_of(post(anon, good_request(api.key, lat=None, long=None,
                                                      address_string="五美社区和南门社区交界处")), 400)
    assert "五美社区" in description and "南门社区" in description


def test_unknown_address_string_falls_back_to_coordinates(anon, world, api):
    post(anon, good_request(api.key, address_string="中山南路88号", lat=f"{NANMEN[0]}", long=f"{NANMEN[1]}"))
    assert only_case().community == world.nanmen


def test_unknown_address_string_alone_is_400(anon, api):
    [description] = errors_of(post(anon, good_request(api.key, lat=None, long=None,
                                                      address_string="中山南路88号")), 400)
    assert "address_string" in description


def test_coordinates_pick_the_nearest_containing_area(anon, world, api):
    # 150 m north of 五美's centre: inside 五美 (600 m) and outside 南门 (400 m around a centre ~600 m away).
    post(anon, good_request(api.key, address_string=None, lat="25.266350", long="110.288000"))
    assert only_case().community == world.wumei


def test_coordinates_outside_every_area_are_400(anon, api):
    [description] = errors_of(post(anon, good_request(api.key, address_string=None, lat="39.9042",
                                                      long="116.4074")), 400)
    assert "不在本平台任何社区的服务范围内" in description


def test_no_location_is_400(anon, api):
    [description] = errors_of(post(anon, good_request(api.key, lat=None, long=None, address_string=None)), 400)
    assert "lat" in description and "address_string" in description and "address_id" in description


@pytest.mark.parametrize("changes", [{"long": None}, {"lat": None}, {"long": ""}])
def test_lat_without_long_is_400(anon, api, changes):
    [description] = errors_of(post(anon, good_request(api.key, address_string=None, **changes)), 400)
    assert "lat" in description and "long" in description


@pytest.mark.parametrize("lat", ["abc", "nan", "inf", "-inf", "91", "1e400", "25,26", "0x19", "２５.２６"])
def test_bad_latitude_is_400(anon, api, lat):
    [description] = errors_of(post(anon, good_request(api.key, address_string=None, lat=lat)), 400)
    assert "lat" in description
    assert not Case.objects.exists()


def test_bad_longitude_is_400(anon, api):
    errors_of(post(anon, good_request(api.key, address_string=None, long="181")), 400, "json")
    errors_of(post(anon, good_request(api.key, address_string=None, long="east"), "xml"), 400, "xml")


# --- service code and attributes -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_missing_service_code_is_400(anon, api, fmt):
    [description] = errors_of(post(anon, good_request(api.key, service_code=None), fmt), 400, fmt)
    assert "service_code" in description


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_code_is_404_as_the_spec_says(anon, api, fmt):
    [description] = errors_of(post(anon, good_request(api.key, service_code="potholes"), fmt), 404, fmt)
    assert "potholes" in description
    assert not Case.objects.exists()


def lamp(key, **changes):
    return good_request(key, service_code="road_lighting", **{"attribute[lamp_no]": "XS-0123",
                                                              "attribute[fault]": "off", **changes})


def test_attributes_are_stored_on_the_case(anon, api, lamp_attributes):
    data = lamp(api.key)
    data["attribute[hazards][]"] = ["pole", "wire"]
    response = post(anon, data)
    assert response.status_code == 200, response.content
    assert only_case().attributes == {"lamp_no": "XS-0123", "fault": "off", "hazards": ["pole", "wire"]}


def test_a_single_multivalue_answer_without_brackets_is_a_list(anon, api, lamp_attributes):
    post(anon, lamp(api.key, **{"attribute[hazards]": "wire"}))
    assert only_case().attributes["hazards"] == ["wire"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_required_attribute_missing_is_400_naming_it(anon, api, lamp_attributes, fmt):
    data = lamp(api.key)
    del data["attribute[lamp_no]"]
    [description] = errors_of(post(anon, data, fmt), 400, fmt)
    assert description.startswith("attribute[lamp_no]: ") and "路灯杆上的编号" in description


def test_every_failed_attribute_is_reported(anon, api, lamp_attributes):
    data = good_request(api.key, service_code="road_lighting", **{"attribute[fault]": "melted"})
    data["attribute[hazards][]"] = ["pole", "ufo"]
    descriptions = errors_of(post(anon, data), 400)
    assert sorted(d.split(":")[0] for d in descriptions) == ["attribute[fault]", "attribute[hazards]",
                                                             "attribute[lamp_no]"]
    assert not Case.objects.exists()


def test_several_values_for_a_single_value_attribute_is_400(anon, api, lamp_attributes):
    data = lamp(api.key)
    del data["attribute[fault]"]
    data["attribute[fault][]"] = ["off", "flicker"]
    [description] = errors_of(post(anon, data), 400)
    assert "attribute[fault]" in description


def test_repeated_plain_attribute_is_400(anon, api, lamp_attributes):
    data = lamp(api.key)
    data["attribute[fault]"] = ["off", "flicker"]
    errors_of(post(anon, data), 400)


def test_malformed_attribute_parameter_is_400(anon, api, lamp_attributes):
    [description] = errors_of(post(anon, lamp(api.key, **{"attribute[fault": "off"})), 400)
    assert "attribute[代码]" in description


# --- other fields ------------------------------------------------------------------------------------------------

def test_description_is_optional(anon, api):
    assert post(anon, good_request(api.key, description=None)).status_code == 200
    assert only_case().title == "环境卫生"


def test_description_longer_than_4000_characters_is_400(anon, api):
    [description] = errors_of(post(anon, good_request(api.key, description="脏" * 4001)), 400)
    assert "description" in description and "4000" in description


def test_description_keeps_line_breaks_and_loses_control_characters(anon, api):
    post(anon, good_request(api.key, description="第一行\x00\x1b\n第二行"))
    assert only_case().description == "第一行\n第二行"


@pytest.mark.parametrize("changes, field", [
    ({"email": "not-an-email"}, "email"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"media_url": "ftp://example.com/a.jpg"}, "media_url"),
    ({"phone": "12"}, "phone"),
    ({"phone": "1" * 21}, "phone"),
    ({"first_name": "名" * 30}, "first_name"),
    ({"address_string": "路" * 201}, "address_string"),
    ({"device_id": "d" * 101}, "device_id"),
])
def test_bad_personal_fields_are_400(anon, api, changes, field):
    [description] = errors_of(post(anon, good_request(api.key, **changes)), 400)
    assert description.startswith(field) or field in description
    assert not Case.objects.exists()


def test_latin_names_keep_their_order(anon, api):
    post(anon, good_request(api.key, first_name="John", last_name="Smith"))
    assert only_case().reporter_name == "John Smith"


def test_wrong_jurisdiction_on_post_is_404(anon, api):
    errors_of(post(anon, good_request(api.key, jurisdiction_id="sfgov.org")), 404)
    assert not Case.objects.exists()


def test_post_to_a_single_request_is_not_allowed(anon, api):
    post(anon, good_request(api.key))
    response = anon.post(f"{BASE}/requests/{only_case().number}.json", good_request(api.key))
    errors_of(response, 405)
    assert "GET" in response["Allow"]
