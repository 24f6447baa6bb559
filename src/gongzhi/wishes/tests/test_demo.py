"""The demo's wishes (`gongzhi.demo.wishes_demo.load`), run on the personas' street: every state appears, through
the services, and the demo accounts have something to do (王秀英 a wish to confirm, 刘洋 one to fulfil)."""

import datetime as dt
import random
from collections import Counter

from gongzhi.chronicle.services import verify
from gongzhi.demo import wishes_demo
from gongzhi.people.services import register_party_member, register_person, report_to_community
from gongzhi.wishes.models import Wish, WishClaim


def test_the_demo_wishes_cover_every_state(world):
    for i in range(16):
        register_person(actor=world.admin, name=f"五美居民{i}", home=world.wumei_b1, birth_year=1940 + i)
    register_person(actor=world.admin, name="南门居民", home=world.nanmen_b1)
    in_service = register_party_member(actor=world.admin, party_organisation=world.hospital_committee,
                                       person=register_person(actor=world.admin, name="黄建军", home=world.wenhua_b2),
                                       work_unit=world.hospital)
    report_to_community(actor=world.admin, member=in_service, community=world.wumei, on=dt.date(2026, 3, 1))
    counts = wishes_demo.load(
        communities=[world.wumei, world.nanmen],
        actors=wishes_demo.Actors(admin=world.admin, community_staff=world.wumei_staff,
                                  grid_worker=world.wumei_grid_worker, liaison=world.liaison,
                                  resident=world.resident, volunteer=world.volunteer),
        rng=random.Random(2026), today=dt.date(2026, 11, 21))
    assert counts == {"wishes": 18, "claims": 10, "confirmed": 4, "overdue": 1}
    wumei = Counter(Wish.objects.filter(community=world.wumei).values_list("status", flat=True))
    assert wumei == {"submitted": 2, "open": 3, "claimed": 3, "overdue": 1, "fulfilled": 2, "confirmed": 3,
                     "rejected": 1, "withdrawn": 1}
    nanmen = Counter(Wish.objects.filter(community=world.nanmen).values_list("status", flat=True))
    assert nanmen == {"open": 1, "confirmed": 1}  # claimed by 李建国, the in-service member registered there
    assert Wish.objects.get(resident=world.resident_person, status="fulfilled").title.startswith("想要一台收音机")
    assert Wish.objects.exclude(thanks_note="").count() == 1
    assert WishClaim.objects.filter(kind="volunteer", claimed_by=world.volunteer, status="done").exists()
    assert set(WishClaim.objects.values_list("kind", flat=True)) == {"unit", "party_member", "volunteer"}
    assert verify().ok
