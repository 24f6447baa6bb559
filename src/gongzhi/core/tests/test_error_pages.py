"""Gongzhi's own 400/403/404/500 pages: in the shell the visitor was using, in both languages, JSON under /api/."""

import json

import pytest
from django.test import RequestFactory

from gongzhi import urls
from gongzhi.core import errors


def test_an_unknown_address_gets_the_branded_page_not_django_s(db, client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'data-testid="error-page"' in page
    assert "Not Found" not in page and "login-page" in page  # the plain shell


def test_the_error_page_speaks_english_too(db, client):
    client.cookies["django_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "页面不存在" not in page


def test_a_staff_member_gets_the_workbench_shell(world, client_for):
    response = client_for(world.wumei_staff).get("/workbench/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and 'class="sidenav"' in page and "页面不存在" in page


def test_an_out_of_scope_object_looks_like_any_missing_page(world, client_for):
    page = client_for(world.nanmen_staff).get(f"/workbench/people/{world.resident_person.pk}/")
    assert page.status_code == 404 and 'data-status="404"' in page.content.decode()


def test_a_resident_gets_the_phone_shell(world, client_for):
    response = client_for(world.resident).get("/m/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "m-tabbar" in page and "sidenav" not in page


def test_the_api_answers_json(db, client):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "页面不存在", "message": "页面不存在"}


@pytest.mark.parametrize(("view", "status", "text"), [(errors.bad_request, 400, "请求有误"),
                                                      (errors.permission_denied, 403, "没有权限")])
def test_400_and_403_are_branded(db, view, status, text):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = view(request, Exception("x"))
    assert response.status_code == status and text in response.content.decode()


def test_the_500_page_needs_neither_database_nor_request_context():
    """No `db` fixture: any database query here would fail the test."""
    response = errors.server_error(RequestFactory().get("/workbench/cases/1/"))
    page = response.content.decode()
    assert response.status_code == 500 and "系统出错" in page and "<html" in page


def test_the_handlers_are_installed():
    assert urls.handler404 == "gongzhi.core.errors.page_not_found"
    assert urls.handler500 == "gongzhi.core.errors.server_error"
    assert (urls.handler400, urls.handler403) == ("gongzhi.core.errors.bad_request",
                                                  "gongzhi.core.errors.permission_denied")
