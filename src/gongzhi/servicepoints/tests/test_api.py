"""The service-point API: every action through the same services as the pages, 404 out of scope, 400 with a Chinese
message and nothing written for bad input, the resident's directory nearest first, the circle, the public HSDS."""

from gongzhi.servicepoints.models import NeighbourhoodLocation, ServicePoint

API = "/api/v1/servicepoints"
NEW = {"kind": "canteen", "name": "文化里助餐点", "address": "文化路5号", "lat": 25.2662, "lon": 110.2958,
       "offerings": ["meals", "elderly_discount"], "elderly_discount": 2, "opens_at": "10:30", "closes_at": "13:00"}


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_staff_register_change_close_and_reopen(world, sp, client_for):
    c = client_for(world.wumei_staff)
    response = post(c, "/points", {**NEW, "community_id": world.wumei.pk, "operator_id": sp.canteen_owner.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["discount_label"] == "老年人就餐正常价优惠2元" and body["offers"][0]["title"] == "老年人就餐正常价优惠2元"
    pk = body["id"]
    assert post(c, f"/points/{pk}", {"closes_at": "13:30"}).json()["hours_label"] == "每天 10:30—13:30"
    response = post(c, f"/points/{pk}/close", {"reason": ""})
    assert response.status_code == 400 and "请填写原因" in response.json()["message"]
    assert post(c, f"/points/{pk}/close", {"reason": "厨房改造"}).json()["active"] is False
    assert post(c, f"/points/{pk}/reopen").json()["active"] is True


def test_bad_input_is_a_chinese_400_and_writes_nothing(world, sp, client_for):
    c = client_for(world.wumei_staff)
    before = ServicePoint.objects.count()
    for change, words in [({"lat": 39.9042, "lon": 116.4074}, "不在象山区范围内"),
                          ({"opens_at": "19:00", "closes_at": "07:00"}, "须晚于开放时间"),
                          ({"kind": "hotel"}, "未知的服务阵地类别"), ({"offerings": ["spa"]}, "未知的服务内容")]:
        response = post(c, "/points", {**NEW, "community_id": world.wumei.pk, **change})
        assert response.status_code == 400 and words in response.json()["message"], response.json()
    assert ServicePoint.objects.count() == before
    response = post(c, f"/points/{sp.canteen.pk}", {"lat": 25.9})
    assert response.status_code == 400 and "不在象山区范围内" in response.json()["message"]


def test_out_of_scope_is_404(world, sp, client_for):
    nanmen = client_for(world.nanmen_staff)
    assert post(nanmen, f"/points/{sp.canteen.pk}", {"name": "x"}).status_code == 404
    assert post(nanmen, f"/points/{sp.canteen.pk}/close", {"reason": "x"}).status_code == 404
    assert post(nanmen, "/points", {**NEW, "community_id": world.wumei.pk}).status_code == 404
    assert post(nanmen, f"/neighbourhoods/{world.wumei_estate.pk}/location", {"lat": 25.26, "lon": 110.29}
                ).status_code == 404
    resident = client_for(world.resident)
    assert post(resident, f"/points/{sp.canteen.pk}/close", {"reason": "x"}).status_code == 404
    assert resident.get(f"{API}/circle/{world.nanmen.pk}").status_code == 404
    assert resident.get(f"{API}/neighbourhoods").status_code == 404


def test_it_requires_a_login(client, sp):
    assert client.get(f"{API}/points").status_code == 401
    assert post(client, "/points", NEW).status_code == 401
    assert client.get(f"{API}/hsds").status_code == 200  # the export is public


def test_the_resident_finds_the_nearest_meal_point(world, sp, client_for):
    c = client_for(world.resident)
    rows = c.get(f"{API}/nearby", {"neighbourhood_id": world.wumei_estate.pk, "need": "elderly_discount"}).json()
    assert [r["point"]["name"] for r in rows] == ["五美社区老饭桌"]
    assert rows[0]["walk_minutes"] == 5 and rows[0]["within_15_minutes"] is True
    everything = c.get(f"{API}/nearby", {"neighbourhood_id": world.wumei_estate.pk}).json()
    assert [r["metres"] for r in everything] == sorted(r["metres"] for r in everything)
    listed = c.get(f"{API}/points").json()
    assert listed["count"] == 3


def test_staff_set_neighbourhood_coordinates_and_read_the_circle(world, sp, client_for):
    c = client_for(world.wumei_staff)
    response = post(c, f"/neighbourhoods/{world.wenhua_li.pk}/location", {"lat": 25.31, "lon": 120.1})
    assert response.status_code == 400 and "不在象山区范围内" in response.json()["message"]
    assert NeighbourhoodLocation.objects.get(neighbourhood=world.wenhua_li).lat != 25.31
    assert post(c, f"/neighbourhoods/{world.wenhua_li.pk}/location", {"lat": 25.2655, "lon": 110.2961}
                ).json()["lat"] == 25.2655
    circle = c.get(f"{API}/circle/{world.wumei.pk}").json()
    assert circle["radius_m"] == 1125 and circle["covered"]["meals"] == 2
    assert circle["neighbourhoods"][0]["gaps"] == ["elderly_centre"]
    assert c.get(f"{API}/neighbourhoods").json()["count"] == 2


def test_district_staff_set_the_box(world, sp, client_for):
    box = {"region_id": world.xiangshan.pk, "min_lat": 25.1, "max_lat": 25.4, "min_lon": 110.1, "max_lon": 110.4,
           "postal_code": "541002"}
    assert post(client_for(world.wumei_staff), "/areas", box).status_code == 404
    response = post(client_for(world.district_staff), "/areas", box)
    assert response.status_code == 200 and response.json()["max_lat"] == 25.4
    response = post(client_for(world.district_staff), "/areas", {**box, "max_lat": 25.0})
    assert response.status_code == 400 and "须大于" in response.json()["message"]
