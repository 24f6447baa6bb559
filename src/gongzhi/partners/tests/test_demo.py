"""The demo's partners (`gongzhi.demo.partners_demo.load`) on the personas' world, through the services: 五美社区's
partners across the three kinds, a new 桂林米粉店 registered by staff, published projects, 象山街道's merchant
alliance with five merchants and their offers (one merchant left, its offer withdrawn) — and a chronicle that
verifies."""

from types import SimpleNamespace

from gongzhi.chronicle.services import verify
from gongzhi.demo import partners_demo
from gongzhi.partners.models import AllianceMember, Offer, Partner


def test_the_demo_partners_run_through_the_services(world, client_for):
    users = {"wumei": world.wumei_staff, "xiangshan_street": world.street_staff, "zhongyi": world.liaison}
    builder = SimpleNamespace(admin=world.admin, demo_users=lambda: users,
                              street_communities=lambda: [world.wumei, world.nanmen])
    counts = partners_demo.load(builder)
    # the personas place one of the five named units in 五美社区 (the hospital), plus the new noodle shop
    assert counts == {"partners": 2, "partner_projects": 1, "alliance_offers": 6}
    hospital = Partner.objects.get(organisation=world.hospital)
    assert hospital.kind == "institutional" and hospital.applied_by == world.liaison
    noodles = Partner.objects.get(organisation__name=partners_demo.NOODLES)
    assert noodles.organisation.kind == "merchant" and noodles.organisation.partner_type == "social_enterprise"
    assert AllianceMember.objects.filter(left_on__isnull=True).count() == 4
    assert Offer.objects.filter(status="withdrawn").count() == 1
    assert Offer.objects.filter(status="published", audience="elderly").count() >= 3
    assert verify().ok
    board = client_for(world.resident).get(f"/board/{world.wumei.pk}/").content.decode()
    assert "中医进社区·每月义诊" in board and partners_demo.NOODLES in board
