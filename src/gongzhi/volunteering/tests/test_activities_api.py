"""The activities' API: every action of the pages (sign-up, cancel, code, check-in/out, hours decisions), the same
rules, 404 out of scope, 400 with a Chinese message for bad input; list endpoints and pages with a constant number
of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.volunteering.models import HoursEntry, SignUp
from gongzhi.volunteering.services import activities as services
from gongzhi.volunteering.tests.test_activities_helpers import BEFORE, at, make_activity, volunteer

pytestmark = pytest.mark.django_db
API = "/api/v1/volunteering/activities"


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_the_whole_flow_through_the_api(world, client_for):
    activity = make_activity(world, quota=1)
    a_user, b_user = volunteer(world, "v1", "陈静", phone="13907731111"), volunteer(world, "v2", "李明")
    a, b, staff = client_for(a_user), client_for(b_user), client_for(world.wumei_staff)
    with clock.frozen(BEFORE):
        assert [x["id"] for x in a.get(f"{API}/open").json()["items"]] == [activity.pk]
        first = _post(a, f"{API}/{activity.pk}/sign-up")
        assert first.status_code == 201 and first.json()["status"] == "signed"
        assert _post(b, f"{API}/{activity.pk}/sign-up").json()["status"] == "waiting"
        again = _post(a, f"{API}/{activity.pk}/sign-up")
        assert again.status_code == 400 and "已报名" in again.json()["message"]
        assert a.get(f"{API}/{activity.pk}").json()["signed"] == 1
        assert _post(a, f"{API}/signups/{first.json()['id']}/cancel").json()["status"] == "cancelled"
        mine = b.get(f"{API}/signups/mine").json()["items"]
        assert mine[0]["status"] == "signed" and mine[0]["promoted"] is True
        rows = staff.get(f"{API}/{activity.pk}/signups").json()["items"]
        assert {r["person_name"] for r in rows} == {"陈静", "李明"}
    start, end = at(2026, 6, 6, 9, 0, 5), at(2026, 6, 6, 11, 0, 5)
    with clock.frozen(start):
        code = staff.get(f"{API}/{activity.pk}/code").json()
        assert len(code["code"]) == 6 and code["window_seconds"] == 60
        assert b.get(f"{API}/{activity.pk}/code").status_code == 404  # a volunteer never sees the code
        bad = _post(b, f"{API}/{activity.pk}/check-in", {"code": "12ab56"})
        assert bad.status_code == 400 and "签到码只能是 6 位数字" in bad.json()["message"]
        assert _post(b, f"{API}/{activity.pk}/check-in", {"code": code["code"]}).json()["checked_in_at"]
        replay = _post(b, f"{API}/{activity.pk}/check-in", {"code": code["code"]})
        assert replay.status_code == 400 and "不能重复签到" in replay.json()["message"]
    with clock.frozen(end):
        out = staff.get(f"{API}/{activity.pk}/code", {"purpose": "out"}).json()["code"]
        entry = _post(b, f"{API}/{activity.pk}/check-out", {"code": out}).json()
        assert entry["hours"] in ("2.0", 2.0) and entry["status"] == "pending"
    assert staff.get(f"{API}/{activity.pk}/hours", {"status": "pending"}).json()["count"] == 1
    over = _post(staff, f"{API}/hours/{entry['id']}/correct", {"hours": "3.5", "reason": "多算"})
    assert over.status_code == 400 and "时长须在" in over.json()["message"]
    assert _post(staff, f"{API}/hours/confirm", {"entry_ids": [entry["id"]]}).json() == {"confirmed": 1}
    corrected = _post(staff, f"{API}/hours/{entry['id']}/correct", {"hours": "2.5", "reason": "提前到场"})
    assert corrected.status_code == 201 and corrected.json()["corrects_id"] == entry["id"]
    declined = _post(staff, f"{API}/hours/{corrected.json()['id']}/decline", {"reason": "核实未到岗"})
    assert declined.json()["status"] == "declined"
    honour = _post(staff, f"{API}/{activity.pk}/honour",
                   {"person_id": b_user.person.pk, "hours": "3", "reason": "未带手机，现场核实"})
    assert honour.status_code == 201 and honour.json()["kind"] == "honour"
    assert _post(client_for(world.nanmen_staff), f"{API}/hours/confirm",
                 {"entry_ids": [honour.json()["id"]]}).status_code == 404


def test_out_of_scope_is_404(world, client_for):
    activity = make_activity(world)
    outsider = client_for(volunteer(world, "c1", "周平", home=world.cuizhu_estate))
    with clock.frozen(BEFORE):
        assert outsider.get(f"{API}/{activity.pk}").status_code == 404
        assert _post(outsider, f"{API}/{activity.pk}/sign-up").status_code == 404
        assert outsider.get(f"{API}/open").json()["count"] == 0
    nanmen = client_for(world.nanmen_staff)
    assert nanmen.get(f"{API}/{activity.pk}/signups").status_code == 404
    assert nanmen.get(f"{API}/{activity.pk}/hours").status_code == 404
    assert SignUp.objects.count() == 0 and HoursEntry.objects.count() == 0


def _grow(world, n: int, start: int):
    for i in range(start, start + n):
        activity = make_activity(world, quota=1, title=f"活动{i}", starts=at(2026, 7, 1 + i % 20, 9),
                                 ends=at(2026, 7, 1 + i % 20, 11))
        with clock.frozen(BEFORE):
            services.sign_up(actor=volunteer(world, f"a{i}", f"甲{i}"), activity=activity)
            services.sign_up(actor=volunteer(world, f"b{i}", f"乙{i}"), activity=activity)
            services.sign_up(actor=world._me, activity=activity)


def _count(client, url) -> int:
    with clock.frozen(BEFORE), CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("persona", "target"), [
    ("wumei_staff", "volunteering:activities"), ("street_staff", "volunteering:activities"),
    ("me", "volunteering:m_activities"), ("wumei_staff", f"{API}/open"), ("me", f"{API}/open"),
    ("me", f"{API}/signups/mine"), ("wumei_staff", "detail"), ("wumei_staff", "signups"), ("wumei_staff", "hours"),
])
def test_query_counts_do_not_grow_with_rows(world, client_for, persona, target):
    world._me = volunteer(world, "me", "我")
    client = client_for(world._me if persona == "me" else getattr(world, persona))
    first = make_activity(world, quota=1, title="固定活动")

    def url():
        if target == "detail":
            return reverse("volunteering:activity", args=[first.pk])
        if target in ("signups", "hours"):
            return f"{API}/{first.pk}/{target}"
        return target if target.startswith("/") else reverse(target)

    def grow_first(n, start):
        with clock.frozen(BEFORE):
            for i in range(start, start + n):
                services.sign_up(actor=volunteer(world, f"f{i}", f"丙{i}"), activity=first)

    _grow(world, 1, 0)
    grow_first(1, 0)
    small = _count(client, url())
    _grow(world, 6, 10)
    grow_first(6, 10)
    large = _count(client, url())
    assert large == small, f"{target}: {small} queries, then {large} with more rows"
