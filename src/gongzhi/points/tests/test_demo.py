"""The demo's points (`gongzhi.demo.points_demo.load`) on the personas' 五美社区: a rule, donated shelves, good
deeds, confirmed hours credited by the sweep, redemptions picked up, one cancelled and 王秀英's waiting — all
through the services, with a ledger that checks out."""

import datetime as dt
import random

from gongzhi.chronicle.services import verify
from gongzhi.demo import points_demo
from gongzhi.organisations.services import create_organisation
from gongzhi.people.services import register_person
from gongzhi.points import services
from gongzhi.points.models import Item, Redemption, RedemptionStatus
from gongzhi.points.tests.conftest import hours_entry


def test_the_demo_points_run_through_the_services(world):
    for i in range(8):
        register_person(actor=world.admin, name=f"五美居民{i}", home=world.wumei_b1)
    create_organisation(actor=world.admin, name="五美粮油店", kind="merchant", home=world.wumei)
    entry = hours_entry(world, world.volunteer_person, hours="3.0", served_on=dt.date(2026, 10, 1))
    counts = points_demo.load(community=world.wumei,
                              actors=points_demo.Actors(admin=world.admin, community_staff=world.wumei_staff,
                                                        resident=world.resident),
                              rng=random.Random(2026), today=dt.date(2026, 11, 21))
    assert counts["items"] == 6 and counts["deeds"] == 7 and counts["credited"] == 1
    assert counts["cancelled"] == 1 and counts["picked_up"] >= 3
    assert services.balance_of(world.volunteer_person, world.wumei) >= 0
    assert Item.objects.get(name="大米（5斤）").donor.name == "五美粮油店"
    assert Redemption.objects.get(resident=world.resident_person).status == RedemptionStatus.REQUESTED
    assert set(Redemption.objects.values_list("status", flat=True)) == {"requested", "picked_up", "cancelled"}
    assert entry.points_transactions.count() == 1
    assert services.check_ledger().ok and verify().ok
