"""The public board lists approved partners by kind (organisation names only) and published projects; the figures
count partnerships in force by kind and published offers."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from gongzhi.core.registry import compute_stats
from gongzhi.partners import services
from gongzhi.partners.selectors import figures
from gongzhi.partners.tests.conftest import approved


def test_the_board_shows_approved_partners_by_kind_and_no_personal_data(world, partners):
    approved(world, partners.noodles)
    approved(world, world.hospital, kind="institutional")
    services.apply(actor=world.wumei_staff, community=world.wumei, organisation=partners.bakery.__class__.objects.create(
        name="待审商户", kind="merchant", home=world.wumei), kind="public_good", gives="x")
    page = Client().get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "社区合伙人" in page and "事业合伙（1）" in page and "社企合伙（1）" in page and "公益合伙（0）" in page
    assert "桂林市中医医院" in page and "五美老字号桂林米粉店" in page and "待审商户" not in page
    assert "13877301234" not in page and "周丽华" not in page and "莫老板" not in page


def test_figures_count_partners_in_force_by_kind_and_offers(world, partners, alliance):
    p = approved(world, partners.noodles)
    approved(world, world.hospital, kind="institutional")
    services.create_offer(actor=partners.noodles_liaison, member=partners.noodles_member, title="优惠2元",
                          description="老人", valid_from=dt.date(2026, 6, 1), publish=True)
    services.create_offer(actor=world.street_staff, member=partners.bakery_member, title="面包八折",
                          description="晚上", valid_from=dt.date(2026, 6, 1), publish=False)
    f = figures(path=world.wumei.path)
    assert f == {"institutional": 1, "public_good": 0, "social_enterprise": 1, "offers": 1}
    services.end(actor=world.wumei_staff, partner=p, reason="搬迁")
    assert figures(path=world.wumei.path)["social_enterprise"] == 0
    assert figures(path=world.wumei.path, year=2026)["social_enterprise"] == 1  # in force during 2026
    assert figures(path=world.wumei.path, year=2025)["social_enterprise"] == 0
    assert figures(path=world.nanmen.path)["institutional"] == 0
    tiles = {s["key"]: s["value"] for s in compute_stats(world.xiangshan_street)}
    assert tiles["partners_institutional"] == 1 and tiles["partners_offers"] == 1
