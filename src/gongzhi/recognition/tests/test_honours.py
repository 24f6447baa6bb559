"""Honours: a selection, nominations by staff and residents with reasons, the committee's decision (every
nomination, reasons, members, date), publication; the board shows masked names and buildings without rooms."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongzhi.chronicle.models import Entry
from gongzhi.recognition import services
from gongzhi.recognition.models import HonourSelection, Nomination
from gongzhi.recognition.selectors import board_honours, record
from gongzhi.regions.services import create_node

pytestmark = pytest.mark.django_db


def volunteer_selection(world, served):
    s = services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="volunteer")
    staff = services.nominate(actor=world.wumei_staff, selection=s, person=served["person"],
                              reason="全年参加巡逻和敬老服务")
    resident = services.nominate(actor=world.resident, selection=s, nominee_name="张桂兰", reason="天天帮邻居买菜",
                                 as_resident=True)
    return s, staff, resident


def test_decide_and_publish(world, served):
    s, staff, resident = volunteer_selection(world, served)
    assert staff.nominated_as == "staff" and resident.nominated_as == "resident"
    services.decide_selection(actor=world.wumei_staff, selection=s, committee="黄敏、吴刚、周丽华",
                              decided_on=dt.date(2026, 11, 28),
                              decisions={staff.pk: ("selected", "服务时长居全社区前列"),
                                         resident.pk: ("not_selected", "事迹待核实")})
    s.refresh_from_db()
    assert s.status == "decided" and s.committee == "黄敏、吴刚、周丽华" and s.decided_by == world.wumei_staff
    assert board_honours(world.wumei) == []  # not yet published
    services.publish_selection(actor=world.wumei_staff, selection=s)
    [h] = board_honours(world.wumei)
    assert h["winners"] == ["刘*"]
    assert record(served["person"])["honours"][0]["title"] == "最美志愿者"
    assert [e.action for e in Entry.objects.filter(action__startswith="honour.").order_by("seq")] == [
        "honour.opened", "honour.nominated", "honour.nominated", "honour.decided", "honour.published"]


def test_a_decision_needs_every_nomination_with_a_reason(world, served):
    s, staff, resident = volunteer_selection(world, served)
    for decisions in ({staff.pk: ("selected", "好")},  # one missing
                      {staff.pk: ("selected", ""), resident.pk: ("not_selected", "x")},  # no reason
                      {staff.pk: ("maybe", "x"), resident.pk: ("not_selected", "x")},
                      {staff.pk: ("not_selected", "x"), resident.pk: ("not_selected", "x")}):  # nobody selected
        with pytest.raises(ValidationError):
            services.decide_selection(actor=world.wumei_staff, selection=s, committee="黄敏",
                                      decided_on=dt.date(2026, 11, 28), decisions=decisions)
    with pytest.raises(ValidationError):  # a date in the future
        services.decide_selection(actor=world.wumei_staff, selection=s, committee="黄敏",
                                  decided_on=dt.date(2027, 1, 1),
                                  decisions={staff.pk: ("selected", "a"), resident.pk: ("selected", "b")})
    s.refresh_from_db()
    assert s.status == "nominating"
    assert set(Nomination.objects.values_list("status", flat=True)) == {"pending"}
    with pytest.raises(PermissionDenied):
        services.decide_selection(actor=world.nanmen_staff, selection=s, committee="赵磊",
                                  decided_on=dt.date(2026, 11, 28),
                                  decisions={staff.pk: ("selected", "a"), resident.pk: ("selected", "b")})


def test_families_and_buildings_are_public_without_home_detail(world, served):
    family = services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="family")
    n = services.nominate(actor=world.wumei_staff, selection=family, person=world.resident_person, reason="孝老爱亲")
    services.decide_selection(actor=world.wumei_staff, selection=family, committee="黄敏", decided_on=dt.date(2026, 11, 28),
                              decisions={n.pk: ("selected", "邻里公认")})
    services.publish_selection(actor=world.wumei_staff, selection=family)
    building = services.open_selection(actor=world.street_staff, node=world.xiangshan_street, year=2026,
                                       kind="building")
    entrance = create_node(actor=world.admin, parent=world.wumei_b1, kind="entrance", name="1单元")
    with pytest.raises(ValidationError):  # an entrance is not a building
        services.nominate(actor=world.street_staff, selection=building, building=entrance, reason="整洁")
    b = services.nominate(actor=world.resident, selection=building, building=world.wumei_b1, reason="楼道整洁",
                          as_resident=True)
    services.decide_selection(actor=world.street_staff, selection=building, committee="吴刚",
                              decided_on=dt.date(2026, 11, 28), decisions={b.pk: ("selected", "环境优美")})
    services.publish_selection(actor=world.street_staff, selection=building)
    winners = {h["selection"].kind: h["winners"] for h in board_honours(world.wumei)}
    assert winners == {"family": ["王**家庭"], "building": ["五美小区 1栋"]}
    html = Client().get(f"/board/{world.wumei.pk}/").content.decode()
    assert "王**家庭" in html and "五美小区 1栋" in html
    assert "王秀英" not in html and "1单元" not in html and "13812345678" not in html


def test_who_may_nominate(world, served):
    s = services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="volunteer")
    with pytest.raises(PermissionDenied):  # 南门's staff and a resident of 南门 are outside
        services.nominate(actor=world.nanmen_staff, selection=s, nominee_name="某", reason="x")
    with pytest.raises(ValidationError):  # the same person twice
        services.nominate(actor=world.wumei_staff, selection=s, person=served["person"], reason="x")
        services.nominate(actor=world.wumei_staff, selection=s, person=served["person"], reason="y")
    with pytest.raises(ValidationError):  # a reason is required
        services.nominate(actor=world.resident, selection=s, nominee_name="张桂兰", reason=" ", as_resident=True)
    with pytest.raises(ValidationError):  # one selection a year
        services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="volunteer")
    assert HonourSelection.objects.count() == 1


def test_pages_of_a_selection(world, served, client_for):
    s, staff, resident = volunteer_selection(world, served)
    page = client_for(world.wumei_staff).get(f"/workbench/recognition/honours/{s.pk}/")
    assert page.status_code == 200 and "天天帮邻居买菜" in page.content.decode()
    assert client_for(world.nanmen_staff).get(f"/workbench/recognition/honours/{s.pk}/").status_code == 404
    c = client_for(world.wumei_staff)
    bad = c.post(f"/workbench/recognition/honours/{s.pk}/decide/", {
        "committee": "黄敏", "decided_on": "2026-11-28", f"decision_{staff.pk}": "selected", f"reason_{staff.pk}": "好"})
    assert bad.status_code == 400
    ok = c.post(f"/workbench/recognition/honours/{s.pk}/decide/", {
        "committee": "黄敏、吴刚", "decided_on": "2026-11-28", f"decision_{staff.pk}": "selected",
        f"reason_{staff.pk}": "好", f"decision_{resident.pk}": "not_selected", f"reason_{resident.pk}": "待核实"})
    assert ok.status_code == 302
    assert c.post(f"/workbench/recognition/honours/{s.pk}/publish/").status_code == 302
    s.refresh_from_db()
    assert s.status == "published"
    m = client_for(world.resident)
    assert m.get("/m/recognition/honours/").status_code == 200
    new = services.open_selection(actor=world.wumei_staff, node=world.wumei, year=2026, kind="family")
    assert m.post(f"/m/recognition/honours/{new.pk}/nominate/", {"nominee_name": "李大妈", "reason": ""}).status_code == 400
    assert m.post(f"/m/recognition/honours/{new.pk}/nominate/",
                  {"nominee_name": "李大妈", "reason": "照顾瘫痪老伴十年"}).status_code == 302
    assert client_for(world.cuizhu_staff if hasattr(world, "cuizhu_staff") else world.outsider).get(
        f"/m/recognition/honours/{new.pk}/nominate/").status_code == 404
