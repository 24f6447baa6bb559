"""The service-point services: what they write and chronicle, and what they refuse (with a Chinese message, writing
nothing): coordinates outside the district, hours that end before they start, unknown kinds and offerings, a
missing discount, a duplicate name, staff out of scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.servicepoints import services
from gongzhi.servicepoints.models import NeighbourhoodLocation, ServiceArea, ServicePoint

GOOD = {"kind": "red_station", "name": "文化路红色驿站", "address": "文化路3号", "lat": "25.2670",
        "lon": "110.2950", "offerings": ["hot_water", "rest"], "open_24h": True}


def create(world, **changes):
    return services.create_point(actor=world.wumei_staff, community=world.wumei, **{**GOOD, **changes})


def refused(world, **changes) -> dict:
    before = (ServicePoint.objects.count(), Entry.objects.count())
    with pytest.raises(ValidationError) as info:
        create(world, **changes)
    assert (ServicePoint.objects.count(), Entry.objects.count()) == before
    return info.value.message_dict


def test_staff_register_a_point_and_the_chronicle_keeps_it(world, places):
    point = create(world, offerings=["rest", "hot_water", "rest"])
    assert point.offerings == ["hot_water", "rest"]  # in the catalogue's order, once each
    assert point.lat == Decimal("25.267000") and point.hours_label == "24小时开放"
    entry = Entry.objects.filter(action="servicepoints.created").get()
    assert entry.subject_id == str(point.pk) and entry.data["name"] == "文化路红色驿站"


def test_coordinates_outside_the_district_are_refused(world, places):
    errors = refused(world, lat="25.2670", lon="111.2950")
    assert "不在象山区范围内" in errors["lat"][0] and "经度 110.18—110.36" in errors["lat"][0]
    assert "纬度须为" in refused(world, lat="925.1")["lat"][0]
    assert "经度须为" in refused(world, lon="东经110度")["lon"][0]


def test_lat_and_lon_swapped_is_outside(world, places):
    assert "纬度须为 -90 到 90" in refused(world, lat="110.2950", lon="25.2670")["lat"][0]
    assert "请核对是否填反" in refused(world, lat="25.2950", lon="25.2670")["lat"][0]


def test_a_district_without_a_box_cannot_take_coordinates(world, places):
    with pytest.raises(ValidationError) as info:
        services.set_neighbourhood_location(actor=world.admin, neighbourhood=world.cuizhu_estate, lat="25.28",
                                            lon="110.28")
    assert "尚未设定地理范围" in info.value.message_dict["lat"][0]
    assert not NeighbourhoodLocation.objects.filter(neighbourhood=world.cuizhu_estate).exists()


def test_hours_that_end_before_they_start_are_refused(world, places):
    errors = refused(world, open_24h=False, opens_at="18:00", closes_at="08:30")
    assert errors["closes_at"] == ["关闭时间（08:30）须晚于开放时间（18:00）"]
    assert "请填写开放和关闭时间" in refused(world, open_24h=False)["opens_at"][0]
    assert "时:分" in refused(world, open_24h=False, opens_at="早上", closes_at="18:00")["opens_at"][0]
    assert "开放日" in refused(world, open_24h=False, opens_at="08:00", closes_at="18:00", days="189")["days"][0]


def test_unknown_kind_and_offering_are_refused(world, places):
    assert "未知的服务阵地类别：bar" in refused(world, kind="bar")["kind"][0]
    assert refused(world, offerings=["hot_water", "karaoke"])["offerings"] == ["未知的服务内容：karaoke"]
    assert refused(world, offerings=[])["offerings"] == ["请至少选择一项服务内容"]


def test_an_elderly_discount_needs_its_amount(world, places):
    assert "优惠金额" in refused(world, offerings=["meals", "elderly_discount"])["elderly_discount"][0]
    assert "优惠金额" in refused(world, offerings=["elderly_discount"], elderly_discount="-2")["elderly_discount"][0]
    point = create(world, kind="canteen", offerings=["meals", "elderly_discount"], elderly_discount="2")
    assert point.discount_label == "老年人就餐正常价优惠2元"


def test_names_are_unique_in_a_community(world, places):
    create(world)
    assert "同名" in refused(world)["name"][0]


def test_staff_of_another_community_may_not_register_here(world, places):
    with pytest.raises(PermissionDenied):
        services.create_point(actor=world.nanmen_staff, community=world.wumei, **GOOD)
    with pytest.raises(PermissionDenied):
        services.create_point(actor=world.resident, community=world.wumei, **GOOD)
    point = services.create_point(actor=world.street_staff, community=world.wumei, **GOOD)
    assert point.created_by == world.street_staff


def test_change_checks_the_whole_point_again(world, sp):
    point = services.change_point(actor=world.wumei_staff, point=sp.canteen, closes_at="20:00",
                                  elderly_discount="3")
    assert point.closes_at == dt.time(20, 0) and point.discount_label == "老年人就餐正常价优惠3元"
    with pytest.raises(ValidationError) as info:
        services.change_point(actor=world.wumei_staff, point=sp.canteen, opens_at="21:00")
    assert "须晚于开放时间" in info.value.message_dict["closes_at"][0]
    sp.canteen.refresh_from_db()
    assert sp.canteen.opens_at == dt.time(10, 30)
    entry = Entry.objects.filter(action="servicepoints.changed").get()
    assert set(entry.data) == {"elderly_discount", "hours"}


def test_close_and_reopen(world, sp):
    with pytest.raises(ValidationError) as info:
        services.set_point_active(actor=world.wumei_staff, point=sp.red_station, active=False)
    assert "请填写原因" in info.value.message_dict["reason"][0]
    services.set_point_active(actor=world.wumei_staff, point=sp.red_station, active=False, reason="装修")
    with pytest.raises(ValidationError, match="已经停用"):
        services.set_point_active(actor=world.wumei_staff, point=sp.red_station, active=False, reason="装修")
    services.set_point_active(actor=world.wumei_staff, point=sp.red_station, active=True)
    assert ServicePoint.objects.get(pk=sp.red_station.pk).active
    with pytest.raises(PermissionDenied):
        services.set_point_active(actor=world.nanmen_staff, point=sp.red_station, active=False, reason="x")


def test_the_box_may_not_leave_a_registered_point_outside(world, sp):
    with pytest.raises(ValidationError) as info:
        services.set_service_area(actor=world.district_staff, region=world.xiangshan, min_lat="25.10",
                                  max_lat="25.20", min_lon="110.18", max_lon="110.36")
    assert "不在新范围内" in info.value.message_dict["min_lat"][0]
    with pytest.raises(ValidationError, match="须大于"):
        services.set_service_area(actor=world.district_staff, region=world.xiangshan, min_lat="25.3",
                                  max_lat="25.2", min_lon="110.18", max_lon="110.36")
    with pytest.raises(PermissionDenied):
        services.set_service_area(actor=world.wumei_staff, region=world.xiangshan, min_lat="25.1",
                                  max_lat="25.4", min_lon="110.1", max_lon="110.4")
    assert ServiceArea.objects.get().max_lat == Decimal("25.320000")


def test_an_operator_from_another_district_is_refused(world, places):
    errors = refused(world, operator=world.cuizhu_shop)
    assert errors["operator"] == ["运营单位须是象山区的单位"]
