"""The demo's certificates and honours (`gongzhi.demo.recognition_demo.load`) on the personas' 五美社区: the
confirmed hours present are certified (none invented), one certificate revoked and issued again, the volunteer's
request waits, and the year's honours are decided and published — through the services, the chronicle intact."""

import datetime as dt

from gongzhi.chronicle.services import verify
from gongzhi.core import clock
from gongzhi.demo import recognition_demo
from gongzhi.people.services import register_person
from gongzhi.recognition.models import Certificate, HonourSelection
from gongzhi.recognition.selectors import board_honours
from gongzhi.recognition.tests.conftest import TODAY, add_hours, serve


def _load(world):
    return recognition_demo.load(community=world.wumei, community_staff=world.wumei_staff,
                                 street_staff=world.street_staff, resident=world.resident, volunteer=world.volunteer,
                                 today=TODAY.date())


def test_the_demo_certifies_the_confirmed_hours_and_publishes_honours(world):
    with clock.frozen(TODAY):
        served = serve(world)
        other = register_person(actor=world.admin, name="黄丽萍", home=world.wumei_b1, id_number="450304198505050049")
        add_hours(other, world.wumei, dt.date(2026, 9, 1), 3, team=served["patrol"])
        third = register_person(actor=world.admin, name="莫志军", home=world.wenhua_b2)
        add_hours(third, world.wumei, dt.date(2026, 9, 2), 2, team=served["leifeng"])
        counts = _load(world)
    assert counts == {"certificates": 2, "revoked": 1, "requests": 1, "selections": 4, "honours": 4}
    assert set(Certificate.objects.filter(revoked=False).values_list("holder_name", flat=True)) == {"黄丽萍", "莫志军"}
    assert HonourSelection.objects.get(node=world.wumei, kind="building").status == "nominating"
    winners = {h["selection"].kind: h["winners"] for h in board_honours(world.wumei)}
    assert winners == {"volunteer": ["刘*", "黄**"], "family": ["王**家庭"], "building": ["五美小区 1栋"]}
    assert verify().ok


def test_the_demo_accepts_a_community_without_confirmed_hours(world):
    with clock.frozen(TODAY):
        counts = _load(world)
    assert counts["certificates"] == 0 and counts["requests"] == 0
    assert counts["honours"] >= 1  # families and buildings are selected all the same
