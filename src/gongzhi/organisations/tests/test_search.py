import pytest
from django.urls import reverse

from gongzhi.core.pinyin import search_key


def test_search_key_has_initials_and_full_pinyin():
    assert search_key("桂林市中医医院") == "glszyyy guilinshizhongyiyiyuan"


@pytest.mark.parametrize("q", ["中医", "glszy", "GLSZY", "zhongyi", "桂林 医院"])
def test_units_are_found_by_chinese_or_pinyin(world, client_for, q):
    page = client_for(world.street_staff).get(reverse("organisations:list"), {"q": q}).content.decode()
    assert "桂林市中医医院" in page and "桂林市崇善小学" not in page


def test_people_are_found_by_pinyin_initials(world, client_for):
    data = client_for(world.street_staff).get("/api/v1/people", {"q": "wxy"}).json()
    assert [p["name"] for p in data["items"]] == ["王秀英"]


def test_filters_by_kind(world, client_for):
    page = client_for(world.street_staff).get(reverse("organisations:list"), {"kind": "merchant"}).content.decode()
    assert "桂林市中医医院" not in page
