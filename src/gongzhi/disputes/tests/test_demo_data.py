"""The demo's disputes load through the services in every state (on the test world's two communities of
象山街道; the full demo adds the other five)."""

import random

from gongzhi.chronicle.services import verify
from gongzhi.demo import disputes_demo
from gongzhi.disputes.models import Dispute
from gongzhi.people.services import register_person


def test_the_demo_disputes(world, cats):
    for i, home in enumerate([world.wumei_b1, world.wenhua_b2, world.wumei_b1, world.nanmen_b1, world.nanmen_b1,
                              world.nanmen_b1]):
        register_person(actor=world.admin, name=f"居民{i}", home=home, phone=f"1390773{i:04d}")
    counts = disputes_demo.load(
        communities=[world.nanmen, world.wumei],
        actors=disputes_demo.Actors(admin=world.admin, community_staff=world.wumei_staff,
                                    grid_worker=world.wumei_grid_worker, street_staff=world.street_staff),
        rng=random.Random(7), today=disputes_demo.clock.today())
    assert counts["disputes"] == 7 and counts["disputes_closed"] == 1 and counts["dispute_agreements"] == 3
    statuses = set(Dispute.objects.values_list("status", flat=True))
    assert statuses == {"closed", "agreed", "mediating", "registered", "litigation"}
    assert Dispute.objects.filter(case__whistles__department=world.judicial_office).count() == 1
    assert verify().ok
