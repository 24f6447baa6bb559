"""The HTML pages: workbench list, case page and its forms, receiver inbox and badge, escalations, 权责清单
(workbench and public), categories, and the resident's phone pages."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.cases import services
from gongzhi.cases.models import Case, CaseStatus, Escalation, Meeting, Whistle
from gongzhi.cases.tests.conftest import at, report_sewage
from gongzhi.core import clock
from gongzhi.testing import files

PNG = files.png()


# --- the list ---------------------------------------------------------------------------------------------

def test_the_list_shows_the_cases_in_scope_with_flags(world, client_for, whistled, cats):
    report_sewage(world, cats, actor=world.nanmen_staff, community=world.nanmen, place=None, channel="window",
                  reporter_name="张伟", title="南门花园路灯不亮")
    with clock.frozen(at(2026, 6, 1, 9)):
        services.sweep_deadlines()
        page = client_for(world.wumei_staff).get(reverse("cases:list")).content.decode()
    assert whistled.case.number in page and "南门花园路灯不亮" not in page
    assert 'data-testid="overdue"' in page and "督办" in page


@pytest.mark.parametrize("query,found", [
    ("?status=whistled", True), ("?status=closed", False), ("?q=倒灌", True), ("?q=路灯", False),
    ("?category=sewage", True), ("?category=noise", False), ("?channel=phone_app", True), ("?channel=hotline", False),
    ("?mine=1", False), ("?overdue=1", False), ("?escalated=1", False), ("?status=nonsense", False),
])
def test_list_filters(world, client_for, whistled, query, found):
    with clock.frozen(at(2026, 5, 11, 10)):  # nothing is overdue yet
        page = client_for(world.wumei_staff).get(reverse("cases:list") + query).content.decode()
    assert (whistled.case.number in page) is found


def test_list_filter_by_whistled_department(world, client_for, whistled):
    url = reverse("cases:list")
    client = client_for(world.street_staff)
    assert whistled.case.number in client.get(f"{url}?department={whistled.depts.police.pk}").content.decode()
    assert whistled.case.number not in client.get(f"{url}?department={whistled.depts.lawyer.pk}").content.decode()
    assert client.get(f"{url}?department=abc").status_code == 200


def test_it_requires_a_workbench_role_for_the_list(world, client_for, whistled):
    assert client_for(world.resident).get(reverse("cases:list")).status_code == 302
    assert client_for(world.liaison).get(reverse("cases:list")).status_code == 404
    page = client_for(world.receiver).get(reverse("cases:list")).content.decode()
    assert whistled.case.number in page


# --- the case page ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona,status", [("wumei_staff", 200), ("wumei_grid_worker", 200), ("street_staff", 200),
                                            ("district_staff", 200), ("receiver", 200), ("nanmen_staff", 404),
                                            ("liaison", 404), ("outsider", 302)])
def test_it_requires_scope_for_the_case_page(world, client_for, whistled, persona, status):
    response = client_for(getattr(world, persona)).get(reverse("cases:case", args=[whistled.case.pk]))
    assert response.status_code == status


def test_the_case_page_masks_the_phone_per_role(world, client_for, whistled):
    url = reverse("cases:case", args=[whistled.case.pk])
    assert "13812345678" in client_for(world.wumei_staff).get(url).content.decode()
    street = client_for(world.street_staff).get(url).content.decode()
    assert "13812345678" not in street and "138****5678" in street
    receiver = client_for(world.receiver).get(url).content.decode()
    assert "13812345678" not in receiver and "象山街道司法所" in receiver
    assert 'data-department="象山派出所"' not in receiver  # the other department's whistle card is not hers
    assert 'data-testid="report"' in receiver and "吹哨（呼叫职能部门）" not in receiver


def test_accept_from_the_page(world, client_for, case):
    client = client_for(world.wumei_grid_worker)
    url = reverse("cases:case", args=[case.pk])
    assert 'data-testid="accept"' in client.get(url).content.decode()
    response = client.post(reverse("cases:accept", args=[case.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == world.wumei_grid_worker
    again = client_for(world.wumei_staff).post(reverse("cases:accept", args=[case.pk]))
    assert again.status_code == 400 and "已由他人受理" in again.content.decode()


def test_it_requires_scope_to_accept(world, client_for, case):
    assert client_for(world.nanmen_staff).post(reverse("cases:accept", args=[case.pk])).status_code == 404
    assert client_for(world.wumei_staff).get(reverse("cases:accept", args=[case.pk])).status_code == 405
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_whistle_from_the_page_and_bad_input_stays_on_the_form(world, client_for, accepted, depts):
    client = client_for(world.wumei_staff)
    url = reverse("cases:whistle", args=[accepted.pk])
    bad = client.post(url, {"whistle-departments": [depts.judicial.pk], "whistle-request": ""})
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()
    outside = client.post(url, {"whistle-departments": [world.xiufeng_housing.pk], "whistle-request": "x"})
    assert outside.status_code == 400
    ok = client.post(url, {"whistle-departments": [depts.judicial.pk, depts.lawyer.pk], "whistle-request": "请到场调解"})
    assert ok.status_code == 302
    assert Whistle.objects.filter(case=accepted).count() == 2


def test_receiver_reports_and_completes_from_the_page(world, client_for, whistled):
    client = client_for(world.receiver)
    w = whistled.judicial
    assert client.post(reverse("cases:whistle_report", args=[w.pk]), {"note": "下午到场"}).status_code == 302
    w.refresh_from_db()
    assert w.status == "reported" and w.report_note == "下午到场"
    response = client.post(reverse("cases:whistle_complete", args=[w.pk]), {"action": ""}, follow=True)
    assert "errorlist" in response.content.decode() or "请填写" in response.content.decode() or \
        "这个字段是必填项" in response.content.decode()
    client.post(reverse("cases:whistle_complete", args=[w.pk]), {"action": "已调解"})
    w.refresh_from_db()
    assert w.status == "done"


def test_it_requires_the_department_to_report(world, client_for, whistled, cats):
    # the police station's whistle is invisible to the judicial office's receiver: 404
    assert client_for(world.receiver).post(reverse("cases:whistle_report", args=[whistled.police.pk])) \
        .status_code == 404
    # community staff see the whistle but are not its receivers: refused, nothing changes
    client_for(world.wumei_staff).post(reverse("cases:whistle_report", args=[whistled.judicial.pk]))
    whistled.judicial.refresh_from_db()
    assert whistled.judicial.status == "sent"


def test_meeting_resolve_and_score_from_the_page(world, client_for, whistled):
    client = client_for(world.wumei_staff)
    case = whistled.case
    r = client.post(reverse("cases:meeting", args=[case.pk]), {
        "meeting-held_at": "2026-05-11T15:00", "meeting-place": "社区会议室",
        "meeting-departments": [whistled.depts.judicial.pk], "meeting-participants": "双方当事人、司法所",
        "meeting-minutes": "以案释法", "meeting-agreement": "赔偿 800 元"})
    assert r.status_code == 302 and Meeting.objects.filter(case=case).exists()
    blocked = client.post(reverse("cases:resolve", args=[case.pk]), {"resolve-result": "已解决"})
    assert blocked.status_code == 400 and "尚未办结" in blocked.content.decode()
    for w, receiver in ((whistled.judicial, world.receiver), (whistled.police, whistled.depts.police_receiver)):
        services.report_whistle(actor=receiver, whistle=w)
        services.complete_whistle(actor=receiver, whistle=w, action="已办")
    assert client.post(reverse("cases:resolve", args=[case.pk]), {"resolve-result": "已解决"}).status_code == 302
    assert client.post(reverse("cases:whistle_score", args=[whistled.police.pk]),
                       {"score": "88", "comment": "到场及时"}).status_code == 302
    whistled.police.refresh_from_db()
    assert whistled.police.score == 88
    client.post(reverse("cases:whistle_score", args=[whistled.judicial.pk]), {"score": "120"})
    whistled.judicial.refresh_from_db()
    assert whistled.judicial.score is None


def test_staff_record_a_case_for_a_caller(world, client_for, cats):
    client = client_for(world.wumei_staff)
    assert client.get(reverse("cases:new")).status_code == 200
    bad = client.post(reverse("cases:new"), {"community": world.wumei.pk, "channel": "hotline",
                                             "category": cats["sewage"].pk, "description": "下水道堵了"})
    assert bad.status_code == 200 and "诉求人姓名" in bad.content.decode()
    ok = client.post(reverse("cases:new"), {"community": world.wumei.pk, "channel": "hotline",
                                            "category": cats["sewage"].pk, "description": "下水道堵了",
                                            "reporter_name": "刘先生", "reporter_phone": "13900001111"})
    case = Case.objects.get()
    assert ok.status_code == 302 and case.channel == "hotline" and case.reported_by == world.wumei_staff


def test_it_requires_a_responder_role_to_record(world, client_for):
    assert client_for(world.receiver).get(reverse("cases:new")).status_code == 404


# --- inbox, escalations ---------------------------------------------------------------------------------

def test_the_receiver_inbox_and_its_badge(world, client_for, whistled):
    client = client_for(world.receiver)
    with clock.frozen(at(2026, 5, 11, 11, 0)):
        page = client.get(reverse("cases:inbox")).content.decode()
        badge = client.get(reverse("cases:inbox_badge"), HTTP_HX_REQUEST="true").content.decode()
    assert whistled.case.number in page and 'hx-trigger="every 15s"' in page
    assert "已超时" in page and "1 件超时" in badge
    assert 'data-testid="inbox-waiting">1<' in badge
    r = client.post(reverse("cases:whistle_report", args=[whistled.judicial.pk]), {"next": "inbox"})
    assert r.url == reverse("cases:inbox")
    assert 'data-testid="inbox-waiting">0<' in client.get(reverse("cases:inbox_badge")).content.decode()


def test_it_requires_a_receiver_for_the_inbox(world, client_for):
    assert client_for(world.wumei_staff).get(reverse("cases:inbox")).status_code == 404
    assert client_for(world.wumei_staff).get(reverse("cases:inbox_badge")).content == b""


def test_the_escalation_page(world, client_for, whistled):
    services.sweep_deadlines(now=at(2026, 5, 11, 11, 31))
    assert Escalation.objects.count() == 4
    page = client_for(world.street_staff).get(reverse("cases:escalations")).content.decode()
    assert page.count('data-testid="escalation-row"') == 4
    mine = client_for(world.street_staff).get(reverse("cases:escalations") + "?mine=1").content.decode()
    assert mine.count('data-testid="escalation-row"') == 2  # the district ones went to the district
    assert client_for(world.nanmen_staff).get(reverse("cases:escalations")).content.decode() \
        .count('data-testid="escalation-row"') == 0


def test_it_requires_staff_for_the_escalation_page(world, client_for):
    assert client_for(world.receiver).get(reverse("cases:escalations")).status_code == 404
    assert client_for(world.wumei_grid_worker).get(reverse("cases:escalations")).status_code == 404


# --- 权责清单 ------------------------------------------------------------------------------------------------

def test_the_responsibility_pages(world, client_for, cats):
    client = client_for(world.district_staff)
    page = client.get(reverse("cases:responsibilities")).content.decode()
    assert "象山区" in page and "添加一级类" in page
    r = client.post(reverse("cases:responsibility_new") + f"?region={world.xiangshan.pk}",
                    {"kind": "autonomous", "title": "社区组织建设", "order": 10})
    assert r.status_code == 302
    line = world.xiangshan.responsibilities.get()
    client.post(reverse("cases:responsibility_new") + f"?region={world.xiangshan.pk}",
                {"kind": "autonomous", "parent": line.pk, "title": "居民会议", "order": 1,
                 "departments": [world.judicial_office.pk]})
    page = client.get(reverse("cases:responsibilities")).content.decode()
    assert "1 类 1 项" in page and "居民会议" in page
    public = client_for(world.outsider).get(reverse("cases:public_responsibilities", args=[world.xiangshan.pk]))
    assert public.status_code == 200 and "居民会议" in public.content.decode() and "编辑" not in public.content.decode()
    anonymous = client_for(world.outsider)
    anonymous.logout()
    assert anonymous.get(reverse("cases:public_responsibilities", args=[world.xiangshan.pk])).status_code == 200
    assert "象山区" in anonymous.get(reverse("cases:public_responsibility_index")).content.decode()
    r = client.post(reverse("cases:responsibility_edit", args=[line.pk]), {"title": "", "order": 1})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    client.post(reverse("cases:responsibility_remove", args=[line.pk]))
    assert not world.xiangshan.responsibilities.exists()


def test_it_requires_an_editor_for_the_responsibility_forms(world, client_for):
    for bad in ("?region=abc", "?region=", f"?region={world.xiangshan.pk}&parent=x"):
        status = client_for(world.district_staff).get(reverse("cases:responsibility_new") + bad).status_code
        assert status == (200 if "parent" in bad else 404)
    url = reverse("cases:responsibility_new") + f"?region={world.xiangshan.pk}"
    assert client_for(world.wumei_staff).get(url).status_code == 404
    assert client_for(world.street_staff).get(url).status_code == 404
    page = client_for(world.wumei_staff).get(reverse("cases:responsibilities")).content.decode()
    assert "添加一级类" not in page  # a community reads its district's list


def test_categories_for_administrators(world, client_for, cats):
    client = client_for(world.admin)
    assert "下水道堵塞与污水外溢" in client.get(reverse("cases:categories")).content.decode()
    url = reverse("cases:category_edit", args=[cats["sewage"].pk])
    data = {"urgency": "ordinary", "resolution_counting": "working_days", "resolution_hours": 0, "resolution_days": 5,
            "response_counting": "working", "response_hours": 2, "contact_hours": 12, "confirm_days": 3,
            "active": "on"}
    assert client.post(url, data).status_code == 302
    cats["sewage"].refresh_from_db()
    assert (cats["sewage"].resolution_days, cats["sewage"].response_hours) == (5, 2)
    bad = client.post(url, {**data, "resolution_hours": 3})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_it_requires_an_administrator_for_categories(world, client_for, cats):
    assert client_for(world.district_staff).get(reverse("cases:categories")).status_code == 404


# --- resident phone ---------------------------------------------------------------------------------------

def test_the_resident_reports_from_her_phone(world, client_for, cats):
    client = client_for(world.resident)
    form = client.get(reverse("cases:m_new")).content.decode()
    assert "五美小区" in form and "南门花园" not in form
    bad = client.post(reverse("cases:m_new"), {"category": cats["sewage"].pk, "description": ""})
    assert bad.status_code == 200 and not Case.objects.exists()
    r = client.post(reverse("cases:m_new"), {
        "category": cats["sewage"].pk, "description": "卫生间污水倒灌", "place": world.wumei_b1.pk,
        "address": "1栋2单元101", "photos": [SimpleUploadedFile("a.png", PNG, content_type="image/png")]})
    case = Case.objects.get()
    assert r.status_code == 302 and r.url == reverse("cases:m_case", args=[case.pk])
    assert case.photos.count() == 1 and case.channel == "phone_app"
    listing = client.get(reverse("cases:m_list")).content.decode()
    assert "卫生间污水倒灌" in listing and 'hx-trigger="every 15s"' in listing
    part = client.get(reverse("cases:m_list"), HTTP_HX_REQUEST="true").content.decode()
    assert "卫生间污水倒灌" in part and "<html" not in part


def test_the_resident_confirms_and_rates_on_her_phone(world, client_for, accepted):
    client = client_for(world.resident)
    url = reverse("cases:m_case", args=[accepted.pk])
    assert 'hx-trigger="every 15s"' in client.get(url).content.decode()
    with clock.frozen(at(2026, 5, 12, 10)):
        services.resolve_case(actor=world.wumei_grid_worker, case=accepted, result="已疏通")
    page = client.get(url).content.decode()
    assert "已疏通" in page and 'data-testid="confirm"' in page and 'hx-trigger' not in page
    bad = client.post(reverse("cases:m_reopen", args=[accepted.pk]), {"reason": ""})
    assert bad.status_code == 400
    assert client.post(reverse("cases:m_confirm", args=[accepted.pk])).status_code == 302
    r = client.post(reverse("cases:m_rate", args=[accepted.pk]), {"satisfaction": "satisfied", "comment": "谢谢"})
    assert r.status_code == 302
    accepted.refresh_from_db()
    assert accepted.satisfaction == "satisfied"
    assert "谢谢" in client.get(url).content.decode()


def test_it_requires_the_reporter_on_the_phone(world, client_for, accepted, cats):
    other = report_sewage(world, cats, actor=world.wumei_staff, channel="window", reporter_name="邻居")
    assert client_for(world.resident).get(reverse("cases:m_case", args=[other.pk])).status_code == 404
    assert client_for(world.wumei_staff).post(reverse("cases:m_confirm", args=[accepted.pk])).status_code == 404
    assert client_for(world.nanmen_staff).get(reverse("cases:m_new")).status_code == 404


def test_the_phone_shortcut_is_registered(world, client_for):
    page = client_for(world.resident).get(reverse("core:resident_home")).content.decode()
    assert reverse("cases:m_new") in page and "我要反映" in page


def test_the_nav_shows_cases_to_staff_and_the_inbox_to_receivers(world, client_for):
    staff = client_for(world.wumei_staff).get(reverse("core:workbench")).content.decode()
    assert reverse("cases:list") in staff and reverse("cases:inbox") not in staff
    receiver = client_for(world.receiver).get(reverse("core:workbench")).content.decode()
    assert reverse("cases:inbox") in receiver


def test_a_late_whistle_is_flagged_on_the_case_page(world, client_for, whistled):
    with clock.frozen(whistled.judicial.respond_due_at + dt.timedelta(minutes=1)):
        page = client_for(world.wumei_staff).get(reverse("cases:case", args=[whistled.case.pk])).content.decode()
    assert "已超时" in page and "c-whistle late" in page


def test_photos_are_served_only_to_those_who_see_the_case(world, client_for, cats):
    case = report_sewage(world, cats, photos=[SimpleUploadedFile("a.png", PNG, content_type="image/png")])
    url = reverse("cases:photo", args=[case.photos.get().pk])
    for persona in ("resident", "wumei_staff", "street_staff"):
        response = client_for(getattr(world, persona)).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
    for persona in ("nanmen_staff", "receiver", "volunteer", "liaison"):
        assert client_for(getattr(world, persona)).get(url).status_code == 404
    anonymous = client_for(world.resident)
    anonymous.logout()
    assert anonymous.get(url).status_code == 302


def test_the_community_board_links_the_list_that_applies(world, client_for, cats):
    services.add_responsibility(actor=world.district_staff, region=world.xiangshan, kind="removed",
                                title="出具居住证明")
    anonymous = client_for(world.resident)
    anonymous.logout()
    page = anonymous.get(reverse("core:board", args=[world.wumei.pk])).content.decode()
    assert "已取消事项 1 项" in page and reverse("cases:public_responsibilities", args=[world.xiangshan.pk]) in page
