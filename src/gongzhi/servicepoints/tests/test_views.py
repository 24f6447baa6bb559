"""The service-point pages: the staff list and form (bad input shown, nothing written), a point, the neighbourhoods'
coordinates, the circle with its drawn SVG map; the resident's directory nearest first and her circle."""

from django.urls import reverse

from gongzhi.servicepoints import services
from gongzhi.servicepoints.models import NeighbourhoodLocation, ServicePoint

FORM = {"community": "", "kind": "canteen", "name": "文化里助餐点", "address": "文化路5号", "lat": "25.2662",
        "lon": "110.2958", "offerings": ["meals", "elderly_discount"], "elderly_discount": "2", "opens_at": "10:30",
        "closes_at": "13:00", "days": list("1234567")}


def test_staff_register_a_point_through_the_form(world, sp, client_for):
    c = client_for(world.wumei_staff)
    response = c.post(reverse("servicepoints:points"), {**FORM, "community": world.wumei.pk})
    point = ServicePoint.objects.get(name="文化里助餐点")
    assert response.status_code == 302 and response.url == reverse("servicepoints:point", args=[point.pk])
    page = c.get(response.url).content.decode()
    assert "老年人就餐正常价优惠2元" in page and "每天 10:30—13:00" in page


def test_bad_input_is_shown_and_nothing_written(world, sp, client_for):
    c = client_for(world.wumei_staff)
    response = c.post(reverse("servicepoints:points"), {**FORM, "community": world.wumei.pk, "lon": "100.2958",
                                                        "opens_at": "14:00"})
    page = response.content.decode()
    assert response.status_code == 200 and "不在象山区范围内" in page and "须晚于开放时间" in page
    assert not ServicePoint.objects.filter(name="文化里助餐点").exists()


def test_the_list_and_detail_pages(world, sp, client_for):
    c = client_for(world.wumei_staff)
    page = c.get(reverse("servicepoints:points")).content.decode()
    assert page.count('data-testid="point-row"') == 3 and "老年人就餐正常价优惠2元" in page
    assert 'data-testid="offer"' in page  # the merchant's published offer beside its point
    assert c.get(reverse("servicepoints:point", args=[sp.canteen.pk])).status_code == 200
    assert client_for(world.nanmen_staff).post(reverse("servicepoints:point", args=[sp.canteen.pk]),
                                               {**FORM}).status_code == 404
    assert client_for(world.resident).get(reverse("servicepoints:points")).status_code in (302, 404)


def test_close_from_the_page(world, sp, client_for):
    c = client_for(world.wumei_staff)
    c.post(reverse("servicepoints:point_active", args=[sp.red_station.pk]), {"active": "0", "reason": "装修"})
    assert not ServicePoint.objects.get(pk=sp.red_station.pk).active
    assert client_for(world.nanmen_staff).post(reverse("servicepoints:point_active", args=[sp.canteen.pk]),
                                               {"active": "0", "reason": "x"}).status_code == 404


def test_neighbourhood_coordinates(world, sp, client_for):
    c = client_for(world.wumei_staff)
    page = c.get(reverse("servicepoints:neighbourhoods")).content.decode()
    assert page.count('data-testid="neighbourhood-row"') == 2
    response = c.post(reverse("servicepoints:locate", args=[world.wenhua_li.pk]), {"lat": "35.1", "lon": "110.29"})
    assert "不在象山区范围内" in response.content.decode()
    c.post(reverse("servicepoints:locate", args=[world.wenhua_li.pk]), {"lat": "25.2661", "lon": "110.2962"})
    assert str(NeighbourhoodLocation.objects.get(neighbourhood=world.wenhua_li).lat) == "25.266100"
    assert c.get(reverse("servicepoints:locate", args=[world.nanmen_garden.pk])).status_code == 404


def test_the_circle_page_draws_a_map(world, sp, client_for):
    page = client_for(world.wumei_staff).get(reverse("servicepoints:circle")).content.decode()
    assert "<svg" in page and page.count('data-testid="map-neighbourhood"') == 2
    assert page.count('data-testid="map-point"') == 3 and "缺老年活动中心" in page
    assert "4.5 公里" in page and "1125 米" in page
    street = client_for(world.street_staff).get(reverse("servicepoints:circle"), {"community": world.nanmen.pk})
    assert "南门花园" in street.content.decode()


def test_the_resident_directory_nearest_first(world, sp, client_for):
    c = client_for(world.resident)
    page = c.get(reverse("servicepoints:m_directory"), {"need": "elderly_discount"}).content.decode()
    assert page.count('data-testid="nearby-point"') == 1 and "五美社区老饭桌" in page and "步行约 5 分钟" in page
    page = c.get(reverse("servicepoints:m_directory")).content.decode()
    assert page.index("五美红色驿站") < page.index("五美社区老饭桌") < page.index("五美日间照料中心")
    assert c.get(reverse("servicepoints:m_point", args=[sp.canteen.pk])).status_code == 200
    circle = c.get(reverse("servicepoints:m_circle")).content.decode()
    assert "<svg" in circle and "老年活动中心" in circle


def test_the_public_board_lists_the_points_and_the_circle(world, sp, client):
    page = client.get(f"/board/{world.wumei.pk}/").content.decode()
    assert 'data-testid="board-service-points"' in page
    assert "五美社区老饭桌" in page and "老年人就餐正常价优惠2元" in page and "五美路40号" in page
    assert "15分钟服务圈" in page
    # a point taken out of use leaves the board
    services.set_point_active(actor=world.wumei_staff, point=sp.canteen, active=False, reason="装修")
    assert "五美社区老饭桌" not in client.get(f"/board/{world.wumei.pk}/").content.decode()
