"""A CSRF failure on 我要反映 keeps what the resident typed and lets her send it again with a fresh token."""

import re

from django.test import Client
from django.urls import reverse

from gongzhi.cases.models import Case

TEXT = "楼道灯坏了三天，晚上老人上下楼看不清，请尽快修理"


def _resident_client(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.resident)
    return client


def test_an_expired_token_keeps_the_typed_report_and_resubmits_it(world, cats):
    client = _resident_client(world)
    url = reverse("cases:m_new")
    client.get(url)
    data = {"category": cats["sewage"].pk, "description": TEXT, "address": "1栋2单元"}
    # The token in her open form no longer matches (she logged in again in another tab).
    failed = client.post(url, {**data, "csrfmiddlewaretoken": "x" * 64}, HTTP_ORIGIN="http://testserver")
    page = failed.content.decode()
    assert failed.status_code == 403
    assert "DEBUG" not in page and "页面已过期" in page
    assert TEXT in page and "m-tabbar" in page  # her text, in the phone shell
    assert not Case.objects.exists()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert fields["description"] == TEXT and "csrfmiddlewaretoken" in fields
    resent = client.post(url, fields, HTTP_ORIGIN="http://testserver")
    case = Case.objects.get()
    assert resent.status_code == 302 and case.description == TEXT


def test_a_cross_site_post_is_not_offered_for_resubmission(world, cats):
    client = _resident_client(world)
    client.get(reverse("cases:m_new"))
    failed = client.post(reverse("cases:m_new"), {"category": cats["sewage"].pk, "description": TEXT},
                         HTTP_ORIGIN="https://evil.example")
    page = failed.content.decode()
    assert failed.status_code == 403 and "页面已过期" in page
    assert TEXT not in page and 'data-testid="resubmit"' not in page


def test_passwords_are_never_echoed_back(db):
    client = Client(enforce_csrf_checks=True)
    failed = client.post("/accounts/login/", {"username": "resident", "password": "secret-typed-1"},
                         HTTP_ORIGIN="http://testserver")
    page = failed.content.decode()
    assert failed.status_code == 403 and "secret-typed-1" not in page and "resident" in page
