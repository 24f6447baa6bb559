"""Fixtures of the service-point tests: 象山区's bounding box, the coordinates of the personas' neighbourhoods, and a
few points around 五美社区 (a red station, a canteen with the 2-yuan elderly discount run by a merchant with a
published offer, a day-care centre), leaving 南门花园 without a meal point within 15 minutes."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongzhi.core import clock
from gongzhi.organisations.services import create_organisation
from gongzhi.partners.models import AllianceMember, MerchantAlliance, Offer, OfferStatus
from gongzhi.servicepoints import services

# 象山区, generously: the old town south of 榕湖 to 三里店 and 瓦窑
XIANGSHAN_BOX = {"min_lat": "25.150", "max_lat": "25.320", "min_lon": "110.180", "max_lon": "110.360"}
WUMEI_ESTATE = ("25.269500", "110.290500")
WENHUA_LI = ("25.266000", "110.296000")
NANMEN_GARDEN = ("25.257000", "110.279000")


def offer_for(world, organisation, *, title="老年人就餐正常价优惠2元", audience="elderly", status=OfferStatus.PUBLISHED,
              valid_from=None, valid_until=None) -> Offer:
    """An offer as the partners app records it (its services are another helper's; only the rows matter here)."""
    alliance, _ = MerchantAlliance.objects.get_or_create(
        region=world.xiangshan_street, name="五美路商家联盟",
        defaults={"founded_on": dt.date(2021, 5, 1), "created_by": world.admin, "created_at": clock.now()})
    member, _ = AllianceMember.objects.get_or_create(alliance=alliance, organisation=organisation,
                                                     defaults={"joined_on": dt.date(2021, 5, 1)})
    return Offer.objects.create(member=member, organisation=organisation, title=title,
                                description="凭老年证就餐，每餐优惠2元", audience=audience,
                                valid_from=valid_from or clock.today() - dt.timedelta(days=30),
                                valid_until=valid_until, status=status, created_by=world.admin,
                                created_at=clock.now())


def build_places(world) -> SimpleNamespace:
    s = SimpleNamespace()
    s.area = services.set_service_area(actor=world.admin, region=world.xiangshan, postal_code="541002",
                                       **XIANGSHAN_BOX)
    for node, (lat, lon) in ((world.wumei_estate, WUMEI_ESTATE), (world.wenhua_li, WENHUA_LI),
                             (world.nanmen_garden, NANMEN_GARDEN)):
        services.set_neighbourhood_location(actor=world.admin, neighbourhood=node, lat=lat, lon=lon)
    return s


def build_points(world) -> SimpleNamespace:
    s = build_places(world)
    s.canteen_owner = create_organisation(actor=world.admin, name="五美老饭桌餐饮店", kind="merchant", home=world.wumei,
                                          description="社区老饭桌，助餐送餐。")
    s.red_station = services.create_point(
        actor=world.wumei_staff, community=world.wumei, kind="red_station", name="五美红色驿站", address="五美路36号",
        lat="25.268800", lon="110.292000", offerings=["hot_water", "rest", "charging", "first_aid"], open_24h=True)
    s.canteen = services.create_point(
        actor=world.wumei_staff, community=world.wumei, kind="canteen", name="五美社区老饭桌", address="五美路40号",
        lat="25.267500", lon="110.293500", offerings=["meals", "elderly_discount", "meal_delivery"],
        elderly_discount="2", opens_at="10:30", closes_at="19:00", operator=s.canteen_owner)
    s.day_care = services.create_point(
        actor=world.wumei_staff, community=world.wumei, kind="day_care", name="五美日间照料中心", address="文化路12号",
        lat="25.266500", lon="110.295000", offerings=["day_care", "rest", "activities"], opens_at="08:00",
        closes_at="17:30", days="12345", operator=world.hospital)
    s.offer = offer_for(world, s.canteen_owner)
    return s


@pytest.fixture
def places(world):
    return build_places(world)


@pytest.fixture
def sp(world):
    return build_points(world)
