"""Proposals through the API and the pages: the same services, 404 out of scope, 400 with a Chinese message, the
author's name only for staff, the answer on the public board."""

from django.test import Client
from django.urls import reverse

from gongzhi.proposals.models import Proposal
from gongzhi.proposals.tests.conftest import meeting, neighbour

API = "/api/v1/proposals"


def post(client, url, data=None):
    return client.post(API + url, data or {}, content_type="application/json")


def test_it_requires_a_login(client, proposal):
    assert client.get(f"{API}/").status_code == 401
    assert post(client, f"/{proposal.pk}/support").status_code == 401


def test_the_api_round_trip(world, frozen, client_for):
    me = client_for(world.resident)
    response = post(me, "/", {"title": "楼道堆物", "problem": "五美小区楼道堆放杂物，消防通道不畅。", "suggestion": "组织一次清理"})
    assert response.status_code == 201, response.json()
    pid = response.json()["id"]
    bad = post(me, "/", {"title": "漏水", "problem": "3栋2单元漏水", "suggestion": "修"})
    assert bad.status_code == 400 and "楼栋门牌" in bad.json()["message"]
    n = client_for(neighbour(world, "n1", "邻居甲"))
    shown = n.get(f"{API}/{pid}").json()
    assert shown["author_name"] is None and shown["support_count"] == 0
    assert post(n, f"/{pid}/support").json()["support_count"] == 1
    again = post(n, f"/{pid}/support")
    assert again.status_code == 400 and "每人只能支持一次" in again.json()["message"]
    assert post(client_for(world.nanmen_staff), f"/{pid}/answer", {"answer": "好"}).status_code == 404
    staff = client_for(world.wumei_staff)
    assert staff.get(f"{API}/{pid}").json()["author_name"] == "王秀英"
    answered = post(staff, f"/{pid}/answer", {"answer": "已安排物业本周清理。"})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    m = meeting(world)
    put = post(staff, f"/{pid}/agenda", {"meeting_id": m.pk})
    assert put.status_code == 200 and put.json()["agenda_note"].startswith("7月合伙人月度例会") and put.json()["agenda_item_id"]
    assert post(staff, f"/{pid}/agenda", {"meeting_id": m.pk}).status_code == 400  # once per agenda
    assert post(staff, f"/{pid}/agenda", {"meeting_id": 999999}).status_code == 404
    board = Client().get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "已安排物业本周清理" in board and "王秀英" not in board


def test_out_of_scope_is_404(world, proposal, client_for):
    assert client_for(world.nanmen_staff).get(f"{API}/{proposal.pk}").status_code == 404
    outsider = client_for(neighbour(world, "far", "外人", home=world.nanmen_b1))
    assert outsider.get(reverse("proposals:m_detail", args=[proposal.pk])).status_code == 404


def test_the_pages(world, proposal, client_for):
    staff = client_for(world.wumei_staff)
    assert "五美小区路灯坏了三盏" in staff.get(reverse("proposals:list")).content.decode()
    page = staff.post(reverse("proposals:detail", args=[proposal.pk]), {"action": "answer", "answer": "电话13812345678"})
    assert "不要填写电话" in page.content.decode() and Proposal.objects.get().status == "open"
    staff.post(reverse("proposals:detail", args=[proposal.pk]), {"action": "answer", "answer": "已更换路灯。"})
    assert Proposal.objects.get().status == "answered"
    n = client_for(neighbour(world, "n1", "邻居甲"))
    listing = n.get(reverse("proposals:m_list")).content.decode()
    assert "五美小区路灯坏了三盏" in listing and "王秀英" not in listing
    me = client_for(world.resident)
    response = me.post(reverse("proposals:m_new"), {"title": "增设晾衣架", "problem": "小区缺少晾晒场地",
                                                    "suggestion": "在空地增设公共晾衣架"})
    assert response.status_code == 302 and Proposal.objects.count() == 2
