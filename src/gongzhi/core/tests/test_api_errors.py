"""Every error of /api/v1/ is JSON with a message (gongzhi/api.py: one set of exception handlers for the whole API),
never Django's HTML page: unknown paths and methods, refusals, out-of-scope acts, unreadable requests, and bugs."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.orders import services as order_services


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = response.json()
    assert body["message"]
    return body


def test_an_unknown_api_path_is_json_404(world, client_for):
    _json_error(client_for(world.wumei_staff).get("/api/v1/no-such-thing/"), 404)
    _json_error(client_for(world.wumei_staff).get("/api/v1/cases/1/no-such-action"), 404)


def test_a_method_the_path_does_not_allow_is_json_405(world, client_for):
    response = client_for(world.wumei_staff).delete("/api/v1/me")
    _json_error(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("raised, status", [(PermissionDenied, 404), (ValidationError("本菜单已生成"), 400),
                                            (ValueError("bad"), 400), (RuntimeError("secret detail"), 500)])
def test_what_a_service_raises_becomes_json(world, client_for, monkeypatch, raised, status):
    def refuse(**kwargs):
        raise raised

    monkeypatch.setattr(order_services, "build_menu", refuse)
    response = _post(client_for(world.wumei_staff), "/api/v1/orders/menu/build", {"community_id": world.wumei.pk})
    body = _json_error(response, status)
    if status == 400 and isinstance(raised, ValidationError):
        assert body["message"] == "本菜单已生成" and body["detail"] == {"__all__": ["本菜单已生成"]}
    if status == 500:
        assert "secret detail" not in response.content.decode() and "Traceback" not in response.content.decode()


def test_an_unreadable_request_names_the_field(world, client_for):
    response = client_for(world.wumei_staff).get("/api/v1/people?limit=abc")
    body = _json_error(response, 422)
    assert "limit" in body["message"]
    assert body["errors"][0]["field"] == "limit" and body["errors"][0]["location"] == "query"
    response = _post(client_for(world.wumei_staff), "/api/v1/orders/menu/build", {"community_id": "x"})
    body = _json_error(response, 422)
    assert "community_id" in body["message"] and body["errors"][0]["field"] == "community_id"


@pytest.mark.parametrize("url", ["/api/v1/people?q=a%00b", "/api/v1/regions?kind=%00", "/api/v1/orders?category=%00"])
def test_a_nul_byte_in_the_query_is_a_json_400_not_a_database_error(world, client_for, url):
    """PostgreSQL cannot compare text with a NUL (DataError): the request is refused before any query."""
    _json_error(client_for(world.wumei_staff).get(url), 400)


def test_a_nul_byte_in_a_page_filter_is_a_400(world, client_for):
    response = client_for(world.wumei_staff).get("/workbench/lists/needs/?q=a%00b&category=%00")
    assert response.status_code == 400
