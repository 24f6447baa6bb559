"""Whatever arrives, the answer is the spec's error format with a 4xx status, never a 500 or an HTML page."""

import pytest
from django.test import Client, override_settings

from gongzhi.cases.models import Case
from gongzhi.open311.tests.conftest import BASE, body, errors_of, good_request, post

RESOURCES = ["discovery", "services", "services/sewage", "requests", "requests/GZ202605110001", "tokens/abc"]


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("ext", ["html", "yaml", "JSON", "j%00son"])
def test_unknown_format_is_404_in_json(anon, cats, resource, ext):
    [description] = errors_of(anon.get(f"{BASE}/{resource}.{ext}"), 404)
    assert ".json" in description and ".xml" in description


@pytest.mark.parametrize("path, fmt", [("services", "json"), ("nonsense.xml", "xml"), ("v3/services.json", "json"),
                                       ("requests/", "json"), ("services/sewage/attributes.json", "json")])
def test_unknown_resources_are_404_in_the_spec_format(anon, cats, path, fmt):
    errors_of(anon.get(f"{BASE}/{path}"), 404, fmt)


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_methods_not_allowed_are_405_in_the_spec_format(anon, cats, method, resource):
    response = getattr(anon, method)(f"{BASE}/{resource}.xml")
    [description] = errors_of(response, 405, "xml")
    assert method.upper() in description
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("resource", ["discovery", "services", "services/sewage", "tokens/abc"])
def test_post_is_only_for_requests(anon, cats, resource):
    errors_of(anon.post(f"{BASE}/{resource}.json", {}), 405)


def test_head_is_answered(anon, cats):
    assert anon.head(f"{BASE}/services.json").status_code == 200


def test_bad_utf8_in_the_query_string(anon, cats):
    response = anon.get(f"{BASE}/requests.json?service_code=%ff%fe&status=op%c3en")
    errors_of(response, 400)  # the status is not open/closed
    assert anon.get(f"{BASE}/requests.json?service_code=%ff%fe%00").status_code == 200
    assert anon.get(f"{BASE}/services/%ff%fe.json").status_code == 404


def test_bad_utf8_in_the_body(anon, api):
    payload = f"api_key={api.key}&service_code=sanitation&address_string=%ff%fe&lat=25.265&long=110.288".encode()
    response = anon.post(f"{BASE}/requests.json", payload, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    raw = b"api_key=" + api.key.encode() + b"&service_code=\xff\xfe&lat=25.265&long=110.288"
    response = anon.post(f"{BASE}/requests.json", raw, content_type="application/x-www-form-urlencoded")
    errors_of(response, 404)  # an unknown service code


def test_empty_post(anon, api):
    errors_of(anon.post(f"{BASE}/requests.json", b"", content_type="application/x-www-form-urlencoded"), 403)
    [description] = errors_of(post(anon, {"api_key": api.key}), 400)
    assert "service_code" in description


def test_json_body_is_not_the_spec_format(anon, api):
    response = anon.post(f"{BASE}/requests.json", good_request(api.key), content_type="application/json")
    errors_of(response, 403)


def test_broken_multipart_body(anon, api):
    response = anon.post(f"{BASE}/requests.json", b"--xx\r\nbroken", content_type="multipart/form-data; boundary=")
    errors_of(response, 400)


def test_multipart_form_is_accepted_too(anon, api):
    assert anon.post(f"{BASE}/requests.json", good_request(api.key)).status_code == 200  # test client: multipart


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_body_over_the_size_limit_is_400(anon, api):
    payload = f"api_key={api.key}&service_code=sanitation&description={'x' * 5000}".encode()
    response = anon.post(f"{BASE}/requests.json", payload, content_type="application/x-www-form-urlencoded")
    errors_of(response, 400)
    assert not Case.objects.exists()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=20)
def test_too_many_fields_is_400(anon, api):
    data = good_request(api.key)
    data.update({f"attribute[a{i}]": "x" for i in range(30)})
    errors_of(post(anon, data), 400)
    errors_of(anon.get(f"{BASE}/requests.json", {f"f{i}": "x" for i in range(30)}), 400)


def test_huge_query_values(anon, cats):
    errors_of(anon.get(f"{BASE}/requests.json", {"service_request_id": ",".join(["GZ1"] * 1001)}), 400)
    assert body(anon.get(f"{BASE}/requests.json", {"service_code": "x" * 100_000})) == []
    errors_of(anon.get(f"{BASE}/requests.json", {"jurisdiction_id": "j" * 100_000}), 404)
    errors_of(anon.get(f"{BASE}/requests/{'9' * 5000}.json"), 404)
    errors_of(anon.get(f"{BASE}/services/{'x' * 5000}.xml"), 404, "xml")


@pytest.mark.parametrize("path", ["services/sew%00age.json", "requests/GZ%00.json", "tokens/%00%01.xml",
                                  "requests.json?service_request_id=GZ%00", "requests.json?service_code=%00",
                                  "requests.json?start_date=2026%00", "services.json?jurisdiction_id=%00"])
def test_nul_bytes_anywhere_are_answered(anon, cats, path):
    response = anon.get(f"{BASE}/{path}")
    assert response.status_code in (200, 400, 404), response.content
    if response.status_code != 200:
        errors_of(response, response.status_code, "xml" if ".xml" in path else "json")


def test_nul_bytes_in_a_post(anon, api):
    data = good_request(api.key, description="a\x00b", address_string="\x00", first_name="\x00秀英",
                        service_code="sanitation\x00")
    data["attribute[x\x00]"] = "\x00"
    response = post(anon, data)
    assert response.status_code == 200, response.content
    assert Case.objects.get().description == "ab"


def test_posts_need_no_csrf_token_or_session(api):
    client = Client(enforce_csrf_checks=True)
    assert post(client, good_request(api.key)).status_code == 200


def test_a_failure_inside_is_still_in_the_spec_format(anon, cats, monkeypatch):
    from gongzhi.open311 import selectors

    def boom():
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "service_list", boom)
    [description] = errors_of(anon.get(f"{BASE}/services.json"), 500)
    assert "fire" not in description
