"""The demo's in-service party members (`gongzhi.demo.inservice_demo.load`) on the personas' 五美社区: members of
the hospital and the school, confirmed, renewed, lapsed, pending and returned, a district target of 50 h, through
the services and with a chronicle that verifies."""

import datetime as dt

from gongzhi.chronicle.services import verify
from gongzhi.core import clock
from gongzhi.demo import inservice_demo
from gongzhi.people.models import PartyMember
from gongzhi.testing.personas import PASSWORD
from gongzhi.volunteering.models import InServiceLapse, InServiceReport, YearlyServiceTarget
from gongzhi.volunteering.selectors_inservice import member_list, present_rows
from gongzhi.volunteering.services.inservice import registration_state
from gongzhi.volunteering.tests.test_inservice_world import at


def test_the_demo_in_service_members(world, client_for):
    today = dt.date(2026, 11, 21)
    with clock.frozen(at(2026, 11, 21)):
        counts = inservice_demo.load(
            community=world.wumei, units=[world.hospital, world.school],
            actors=inservice_demo.Actors(admin=world.admin, community_staff=world.wumei_staff,
                                         district_staff=world.district_staff, liaison=world.liaison),
            today=today, password=PASSWORD)
        assert counts == {"members": 6, "confirmed": 6, "pending": 1, "returned": 1, "lapsed": 2,
                          "hours_entries": 9}  # lapsed: 黄国强, and the personas' 李建国 in 南门社区
        states = {m.person.name: registration_state(m).status
                  for m in PartyMember.objects.filter(person__home__path__startswith=world.wumei.path)}
        assert states == {"陈志刚": "current", "刘慧敏": "current", "黄国强": "lapsed", "蒙晓燕": "unregistered",
                          "唐文杰": "current", "韦丽萍": "unregistered"}
        assert YearlyServiceTarget.objects.get().hours == 50
        assert InServiceReport.objects.filter(status="pending").count() == 1
        assert InServiceReport.objects.get(status="returned").reason.startswith("居住地")
        assert InServiceLapse.objects.filter(member__person__name="黄国强").exists()
        rows = {r.member.person.name: r for r in present_rows(member_list(world.liaison), year=2026)}
        assert "唐文杰" not in rows and rows["陈志刚"].hours == 7.5 and rows["陈志刚"].target == 50
        phone = client_for(world.admin.__class__.objects.get(username="chenzhigang"))
        assert "报到有效" in phone.get("/m/inservice/").content.decode()
    assert verify().ok
