"""The dispute pages: the list with its search (pinyin initials) and filters, 回访提醒, registering with a
party formset, the session, outcome and follow-up forms, closing, reopening and the risk form."""

import datetime as dt

import pytest
from django.urls import reverse

from gongzhi.cases.models import Case
from gongzhi.core import clock
from gongzhi.disputes.models import Dispute, Party
from gongzhi.disputes.services import PartyInput
from gongzhi.disputes.tests.conftest import MONDAY_9, agree, follow_up, register, session


def _rows(response) -> int:
    return response.content.decode().count('data-testid="dispute-row"')


@pytest.fixture
def three(world, cats):
    """A registered dispute, one agreed (follow-up in 3 days: this week), one major between other people."""
    first = register(world, cats)
    second = register(world, cats, title="文化里婚姻家庭纠纷", category="family_dispute",
                      parties=[PartyInput(name="刘洋", role="applicant", phone="15077303333"),
                               PartyInput(name="陈伟", role="respondent")])
    session(world, second)
    agree(world, second, follow_up_in=3)
    third = register(world, cats, title="装修欠薪", category="labour_dispute", risk="major",
                     parties=[PartyInput(name="周强", role="applicant"), PartyInput(name="某装修公司", role="respondent")])
    return first, second, third


# --- list -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("", 3), ("?q=wxy", 1), ("?q=王秀英", 1), ("?q=liuyang", 1), ("?q=zq", 1), ("?q=nobody", 0),
    ("?status=registered", 2), ("?status=agreed", 1), ("?risk=major", 1), ("?outcome=agreement", 1),
    ("?category=labour_dispute", 1), ("?follow_up=week", 1), ("?follow_up=overdue", 0), ("?status=bogus", 3),
])
def test_the_list_searches_and_filters(world, three, client_for, query, expected):
    response = client_for(world.wumei_staff).get(reverse("disputes:list") + query)
    assert response.status_code == 200
    assert _rows(response) == expected, query


def test_overdue_follow_ups_show_after_their_date(world, three, client_for):
    client = client_for(world.wumei_staff)
    with clock.frozen(MONDAY_9 + dt.timedelta(days=10)):
        assert _rows(client.get(reverse("disputes:list") + "?follow_up=overdue")) == 1
        assert _rows(client.get(reverse("disputes:list") + "?follow_up=week")) == 0
        reminders = client.get(reverse("disputes:follow_ups")).content.decode()
        assert reminders.count('data-testid="follow-up-row"') == 1 and "逾期 7 天" in reminders


def test_the_street_sees_the_major_flag(world, three, client_for):
    html = client_for(world.street_staff).get(reverse("disputes:list")).content.decode()
    assert 'data-testid="major-flag"' in html and "1 件重大矛盾纠纷" in html
    assert 'data-testid="major-flag"' not in client_for(world.wumei_staff).get(reverse("disputes:list")).content.decode()


def test_the_follow_up_reminders(world, three, client_for):
    html = client_for(world.wumei_staff).get(reverse("disputes:follow_ups")).content.decode()
    assert html.count('data-testid="follow-up-row"') == 1 and "文化里婚姻家庭纠纷" in html


# --- register ---------------------------------------------------------------------------------------------

def _register_data(world, cats, **parties) -> dict:
    data = {
        "community": world.wumei.pk, "category": cats["neighbour_dispute"].pk, "channel": "grid_worker",
        "title": "五美小区1栋楼上漏水纠纷", "subject": "漏水损失赔偿", "description": "楼上漏水，楼下受损",
        "amount": "3000", "risk": "serious", "place": world.wumei_estate.pk, "address": "五美小区1栋",
        "parties-TOTAL_FORMS": "4", "parties-INITIAL_FORMS": "0", "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-role": "applicant", "parties-0-name": "王秀英", "parties-0-phone": "13812345678",
        "parties-0-address": "五美小区1栋101",
        "parties-1-role": "respondent", "parties-1-name": "李明", "parties-1-phone": "13907731234",
        "parties-1-address": "五美小区1栋201",
        "parties-2-role": "respondent", "parties-3-role": "third",
    }
    data.update(parties)
    return data


def test_registering_through_the_form(world, cats, client_for):
    response = client_for(world.wumei_grid_worker).post(reverse("disputes:new"), _register_data(world, cats))
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("disputes:detail", args=[dispute.pk])
    assert dispute.risk == "serious" and dispute.case.channel == "grid_worker" and dispute.case.place == world.wumei_estate
    assert list(dispute.parties.order_by("pk").values_list("name", flat=True)) == ["王秀英", "李明"]


def test_a_third_party_row_is_registered_when_filled(world, cats, client_for):
    data = _register_data(world, cats, **{"parties-3-name": "物业公司"})
    client_for(world.wumei_staff).post(reverse("disputes:new"), data)
    assert Party.objects.filter(role="third", name="物业公司").exists()


def test_a_bad_party_row_is_a_form_error_and_nothing_is_written(world, cats, client_for):
    data = _register_data(world, cats, **{"parties-2-name": "赵某", "parties-2-phone": "12345"})
    response = client_for(world.wumei_staff).post(reverse("disputes:new"), data)
    assert response.status_code == 200
    assert "第3位当事人：联系电话格式不正确" in response.content.decode()
    assert not Case.objects.exists() and not Dispute.objects.exists()


def test_a_dispute_needs_both_sides(world, cats, client_for):
    data = _register_data(world, cats, **{"parties-1-role": "applicant"})
    response = client_for(world.wumei_staff).post(reverse("disputes:new"), data)
    assert response.status_code == 200 and "至少须有一位申请人和一位被申请人" in response.content.decode()
    assert not Case.objects.exists()


def test_a_community_out_of_scope_is_not_offered(world, cats, client_for):
    client = client_for(world.wumei_staff)
    form = client.get(reverse("disputes:new")).context["form"]
    offered = {pk for pk, _label in form.fields["community"].choices if pk}
    assert offered == {world.wumei.pk}  # 南门社区 is not among the choices
    assert f'<option value="{world.nanmen.pk}"' not in str(form["community"])
    # and posting it anyway is refused as an invalid choice, with nothing written
    response = client.post(reverse("disputes:new"), _register_data(world, cats, community=world.nanmen.pk))
    assert response.status_code == 200 and not Case.objects.exists()
    assert response.context["form"].errors["community"][0].startswith("请从列表中选择")


# --- the dispute's forms ----------------------------------------------------------------------------------

def test_the_whole_mediation_through_the_pages(world, dispute, client_for):
    client = client_for(world.wumei_staff)
    detail = reverse("disputes:detail", args=[dispute.pk])
    page = client.get(reverse("disputes:session_new", args=[dispute.pk])).content.decode()
    assert "五美网格员·孙静" in page and "象山街道司法所" in page and "秀峰区住建局" not in page
    response = client.post(reverse("disputes:session_new", args=[dispute.pk]), {
        "held_at": "2026-05-11T08:00", "place": "社区人民调解室", "mediators": [world.wumei_grid_worker.pk],
        "mediator_names": "人民调解员 张明", "departments": [world.judicial_office.pk], "notes": "释法说理",
        "result": "agreed"})
    assert response.status_code == 302 and response["Location"] == detail
    response = client.post(reverse("disputes:outcome", args=[dispute.pk]), {
        "outcome": "agreement", "agreement_text": "李明赔偿2000元", "agreed_amount": "2000",
        "follow_up_on": "2026-05-20"})
    assert response.status_code == 302
    response = client.post(reverse("disputes:follow_up_new", args=[dispute.pk]), {
        "done_on": "2026-05-11", "method": "phone", "stable": "yes", "note": "已付款，双方和好"})
    assert response.status_code == 302
    response = client.post(reverse("disputes:close", args=[dispute.pk]))
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == "closed" and dispute.case.status == "resolved"
    html = client.get(detail).content.decode()
    assert "已回访结案" in html and "李明赔偿2000元" in html and "第 1 次调解" in html
    assert f'href="/workbench/cases/{dispute.case_id}/"' in html


def test_service_errors_land_on_the_form(world, dispute, client_for):
    client = client_for(world.wumei_staff)
    response = client.post(reverse("disputes:outcome", args=[dispute.pk]), {"outcome": "agreement",
                                                                             "follow_up_on": "2026-05-20"})
    assert response.status_code == 200 and "请先登记至少一次调解" in response.content.decode()
    session(world, dispute)
    response = client.post(reverse("disputes:outcome", args=[dispute.pk]), {"outcome": "agreement",
                                                                             "follow_up_on": "2026-05-20"})
    assert response.status_code == 200 and "请填写人民调解协议书的主要内容" in response.content.decode()
    response = client.post(reverse("disputes:session_new", args=[dispute.pk]), {
        "held_at": "2030-01-01T08:00", "place": "x", "notes": "x", "result": "agreed", "mediator_names": "张明"})
    assert response.status_code == 200 and "调解时间不能晚于现在" in response.content.decode()


def test_closing_an_unsettled_dispute_shows_why(world, agreed, client_for):
    follow_up(world, agreed, stable=False, next_follow_up_on=clock.today() + dt.timedelta(days=5))
    client = client_for(world.wumei_staff)
    response = client.post(reverse("disputes:close", args=[agreed.pk]), follow=True)
    assert "不能结案" in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.status == "agreed"


def test_reopen_schedule_and_risk(world, agreed, client_for):
    client = client_for(world.wumei_grid_worker)
    client.post(reverse("disputes:follow_up_schedule", args=[agreed.pk]), {"on": "2026-05-15"})
    agreed.refresh_from_db()
    assert agreed.follow_up_on == dt.date(2026, 5, 15)
    client.post(reverse("disputes:risk", args=[agreed.pk]), {"risk": "major", "reason": "情绪激动"})
    response = client.post(reverse("disputes:reopen", args=[agreed.pk]), {"reason": "未付款"}, follow=True)
    assert "已恢复调解" in response.content.decode()
    agreed.refresh_from_db()
    assert agreed.status == "mediating" and agreed.risk == "major"


def test_adding_a_party_through_the_form(world, dispute, client_for):
    response = client_for(world.wumei_staff).post(reverse("disputes:party_new", args=[dispute.pk]), {
        "role": "third", "name": "张伟", "phone": "13607731111", "address": ""})
    assert response.status_code == 302 and dispute.parties.count() == 3


def test_the_nav_entry(world, client_for):
    html = client_for(world.wumei_staff).get(reverse("core:workbench")).content.decode()
    assert reverse("disputes:list") in html and "矛盾纠纷" in html
    assert reverse("disputes:list") not in client_for(world.liaison).get(reverse("core:workbench")).content.decode()


def test_the_dashboard_figures(world, three, client_for):
    from gongzhi.disputes.selectors import figures

    closed = three[1]
    follow_up(world, closed)
    report = figures(path=world.xiangshan_street.path)
    assert report["registered"] == 3 and report["agreements"] == 1 and report["success_rate"] == 1.0
    assert figures(path=world.lijun_street.path)["success_rate"] is None
    html = client_for(world.street_staff).get(reverse("core:workbench")).content.decode()
    assert 'data-stat="disputes_success_rate"' in html
