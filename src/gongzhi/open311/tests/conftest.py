"""Fixtures of the Open311 tests: categories (with attributes on 道路与路灯), service areas around the world's
communities, an issued client key, and helpers that speak to the endpoints the way an external client does."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client

from gongzhi.cases.models import CategoryAttribute
from gongzhi.cases.testing import seed_case_categories
from gongzhi.open311 import services

CST = ZoneInfo("Asia/Shanghai")
BASE = "/open311/v2"
# Centres of the test service areas (plausible 象山区 / 秀峰区 coordinates).
WUMEI = (25.2650, 110.2880)
NANMEN = (25.2710, 110.2840)
CUIZHU = (25.2840, 110.2760)


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=CST)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cats(db):
    return seed_case_categories()


@pytest.fixture
def lamp_attributes(cats):
    """道路与路灯 asks for the lamp number (required), the fault (one of) and extra hazards (several of)."""
    road = cats["road_lighting"]
    CategoryAttribute.objects.create(category=road, code="lamp_no", datatype="string", required=True, order=1,
                                     description="路灯杆上的编号", datatype_description="如 XS-0123")
    CategoryAttribute.objects.create(category=road, code="fault", datatype="singlevaluelist", required=True, order=2,
                                     description="故障类型", values=[{"key": "off", "name": "不亮"},
                                                                  {"key": "flicker", "name": "闪烁"}])
    CategoryAttribute.objects.create(category=road, code="hazards", datatype="multivaluelist", required=False,
                                     order=3, description="其他隐患", values=[{"key": "pole", "name": "灯杆倾斜"},
                                                                          {"key": "wire", "name": "电线裸露"}])
    return road


@pytest.fixture
def areas(world):
    return SimpleNamespace(
        wumei=services.define_service_area(actor=world.admin, community=world.wumei, lat=WUMEI[0], long=WUMEI[1],
                                           radius_m=600, name="五美路片区"),
        nanmen=services.define_service_area(actor=world.admin, community=world.nanmen, lat=NANMEN[0],
                                            long=NANMEN[1], radius_m=400),
        cuizhu=services.define_service_area(actor=world.admin, community=world.cuizhu, lat=CUIZHU[0],
                                            long=CUIZHU[1], radius_m=500),
    )


@pytest.fixture
def api(world, cats, areas):
    """The hotline's client and its key (as the management command would print it)."""
    client, key = services.issue_client(actor=world.admin, name="桂林12345热线")
    return SimpleNamespace(client=client, key=key)


@pytest.fixture
def anon():
    return Client()


def xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8", response["Content-Type"]
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def body(response):
    assert response["Content-Type"] == "application/json; charset=utf-8", response["Content-Type"]
    return json.loads(response.content.decode("utf-8"))


def post(client, data: dict, fmt: str = "json", **extra):
    return client.post(f"{BASE}/requests.{fmt}", data, **extra)


def good_request(key: str, **changes) -> dict:
    data = {"api_key": key, "service_code": "sanitation", "lat": f"{WUMEI[0]:.6f}", "long": f"{WUMEI[1]:.6f}",
            "address_string": "五美路与文化路交叉口", "description": "垃圾桶满了三天没人清运，气味很大。",
            "first_name": "秀英", "last_name": "王", "phone": "13812345678", "email": "wxy@example.com",
            "device_id": "dev-42", "account_id": "acct-7", "media_url": "https://img.example.com/a.jpg"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def errors_of(response, status: int, fmt: str = "json") -> list[str]:
    """The error descriptions, after checking the spec's error format and the HTTP status."""
    assert response.status_code == status, response.content.decode("utf-8", "replace")
    if fmt == "xml":
        root = xml(response)
        assert root.tag == "errors"
        items = root.findall("error")
        assert items and all([c.tag for c in e] == ["code", "description"] for e in items)
        assert all(e.findtext("code") == str(status) for e in items)
        return [e.findtext("description") for e in items]
    items = body(response)
    assert isinstance(items, list) and items
    assert all(set(e) == {"code", "description"} and e["code"] == status for e in items)
    return [e["description"] for e in items]
