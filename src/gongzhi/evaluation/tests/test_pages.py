"""评约 pages: schemes, the progress table, the score form of the next stage (for the one role that may act),
commendations, notices, publication. Out of scope is 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gongzhi.evaluation.models import Assessment, Commendation, Notice, Scheme, Stage
from gongzhi.evaluation.tests.conftest import docx_report, pdf_report, uniform, walk


def _scores_form(c, value=None, scores=None, **extra):
    scores = scores or uniform(c.scheme, value if value is not None else 85)
    return {**{f"score_{k}": str(v) for k, v in scores.items()}, "comment": "", **extra}


# --- schemes --------------------------------------------------------------------------------------------

def test_the_scheme_list(evaluation, client_for):
    page = client_for(evaluation.world.district_staff).get(reverse("evaluation:schemes")).content.decode()
    assert evaluation.scheme.title in page and "新建考评方案" in page and "评约考评" in page


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "nanmen_staff", "liaison"])
def test_the_scheme_list_for_other_roles_has_no_create_button(evaluation, client_for, persona):
    page = client_for(getattr(evaluation.world, persona)).get(reverse("evaluation:schemes")).content.decode()
    assert evaluation.scheme.title in page and "新建考评方案" not in page


def test_it_requires_the_scheme_to_be_in_scope(evaluation, client_for):
    client = client_for(evaluation.world.xiufeng_staff)
    assert evaluation.scheme.title not in client.get(reverse("evaluation:schemes")).content.decode()
    assert client.get(reverse("evaluation:scheme", args=[evaluation.scheme.pk])).status_code == 404
    assert client_for(evaluation.world.school_liaison).get(
        reverse("evaluation:scheme", args=[evaluation.scheme.pk])).status_code == 404


def test_it_requires_login(db, client):
    assert client.get(reverse("evaluation:schemes")).status_code == 302


def test_the_district_creates_a_scheme_with_indicator_rows(world, client_for):
    client = client_for(world.district_staff)
    form = client.get(reverse("evaluation:scheme_create")).content.decode()
    assert "履约完成率" in form and "党建共建成效" in form and 'name="indicators-TOTAL_FORMS"' in form
    rows = [("履约完成率", "fulfilment_rate", "40"), ("居民满意度", "manual", "35"), ("党建共建成效", "manual", "25"),
            ("", "manual", ""), ("", "manual", ""), ("", "manual", ""), ("", "manual", "")]
    data = {"district": world.xiangshan.pk, "year": "2027", "title": "象山区2027年度考评方案", "excellent_from": "90",
            "good_from": "80", "pass_from": "60", "indicators-TOTAL_FORMS": str(len(rows)),
            "indicators-INITIAL_FORMS": "0"}
    for i, (name, source, weight) in enumerate(rows):
        data.update({f"indicators-{i}-name": name, f"indicators-{i}-source": source,
                     f"indicators-{i}-weight": weight, f"indicators-{i}-description": ""})
    response = client.post(reverse("evaluation:scheme_create"), data)
    scheme = Scheme.objects.get(year=2027)
    assert response.status_code == 302 and response.url == reverse("evaluation:scheme", args=[scheme.pk])
    assert [i.weight for i in scheme.indicators.all()] == [40, 35, 25]

    data["indicators-2-weight"] = "20"
    data["year"] = "2028"
    page = client.post(reverse("evaluation:scheme_create"), data).content.decode()
    assert "权重之和须为 100" in page and not Scheme.objects.filter(year=2028).exists()


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "liaison"])
def test_it_requires_district_staff_to_create_a_scheme(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("evaluation:scheme_create")).status_code == 404
    assert client.post(reverse("evaluation:scheme_create"), {"district": world.xiangshan.pk}).status_code == 404


def test_the_scheme_page_shows_every_assessment_with_its_progress(evaluation, client_for):
    walk(evaluation, evaluation.hospital_assessment, until=Stage.COMMUNITY)
    page = client_for(evaluation.world.wumei_staff).get(
        reverse("evaluation:scheme", args=[evaluation.scheme.pk])).content.decode()
    assert "桂林市中医医院" in page and "桂爱社会工作服务中心" in page
    row = page[page.index(f'data-testid="assessment-{evaluation.hospital_assessment.pk}"'):].split("</tr>")[0]
    assert "✓ 单位自评" in row and "✓ 社区评议" in row and "… 街道总评" in row and "· 城区复核" in row


def test_the_scheme_page_lists_only_what_the_user_sees(evaluation, client_for):
    url = reverse("evaluation:scheme", args=[evaluation.scheme.pk])
    liaison = client_for(evaluation.world.liaison).get(url).content.decode()
    assert "桂林市中医医院" in liaison and "桂爱社会工作服务中心" not in liaison
    nanmen = client_for(evaluation.world.nanmen_staff).get(url).content.decode()
    assert "桂林市中医医院" not in nanmen


def test_the_stage_filter(evaluation, client_for):
    walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    url = reverse("evaluation:scheme", args=[evaluation.scheme.pk])
    client = client_for(evaluation.world.district_staff)
    assert "桂爱社会工作服务中心" not in client.get(url, {"stage": "self"}).content.decode()
    assert "桂林市中医医院" not in client.get(url, {"stage": "pending"}).content.decode()


# --- an assessment --------------------------------------------------------------------------------------------

def _url(a):
    return reverse("evaluation:assessment", args=[a.pk])


def test_the_liaison_sees_the_self_assessment_form_prefilled_from_fulfilment(evaluation, client_for):
    page = client_for(evaluation.world.liaison).get(_url(evaluation.hospital_assessment)).content.decode()
    fulfilment = evaluation.indicators["履约完成率"]
    assert 'data-testid="score-form"' in page and "单位自评评分" in page
    assert f'name="score_{fulfilment.pk}" value="100"' in page
    assert "由履约记录预填" in page and "履约完成率（权重 30%）" in page
    assert "已报街道党工委备案（象山街道）" in page and "已报单位主管部门备案（桂林市卫生健康委员会）" in page


def test_the_liaison_submits_the_self_assessment(evaluation, client_for):
    a = evaluation.hospital_assessment
    data = _scores_form(evaluation, 90, stage="self", file_to_street="on", file_to_supervisor="on",
                        annual_report=docx_report())
    client = client_for(evaluation.world.liaison)
    response = client.post(_url(a), data)
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.stage == Stage.SELF and a.annual_report.name.endswith(".docx")
    page = client.get(_url(a)).content.decode()
    assert "“单位自评”已提交" in page and 'data-testid="score-form"' not in page and "等待“社区评议”" in page


def test_the_self_assessment_form_reports_the_missing_double_report(evaluation, client_for):
    data = _scores_form(evaluation, 90, stage="self", file_to_street="on", annual_report=pdf_report())
    page = client_for(evaluation.world.liaison).post(_url(evaluation.hospital_assessment), data).content.decode()
    assert "双报告" in page
    assert Assessment.objects.get(pk=evaluation.hospital_assessment.pk).stage == ""


def test_a_missing_score_is_reported_on_its_field(evaluation, client_for):
    walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    data = _scores_form(evaluation, 85, stage="community")
    data[f"score_{evaluation.indicators['居民满意度'].pk}"] = ""
    page = client_for(evaluation.world.wumei_staff).post(_url(evaluation.hospital_assessment), data).content.decode()
    assert "“居民满意度”须填写 0–100 之间的分数" in page


def test_later_stages_are_prefilled_with_the_previous_stages_scores(evaluation, client_for):
    scores = uniform(evaluation.scheme, 77)
    walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF, scores=scores)
    page = client_for(evaluation.world.wumei_staff).get(_url(evaluation.hospital_assessment)).content.decode()
    assert "社区评议评分" in page and 'value="77.00"' in page


def test_the_community_reviews_on_the_page(evaluation, client_for):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    response = client_for(evaluation.world.wumei_staff).post(_url(a), _scores_form(evaluation, 88, stage="community"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.stage == Stage.COMMUNITY


def test_a_stale_form_is_not_applied_twice(evaluation, client_for):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.COMMUNITY)
    response = client_for(evaluation.world.street_staff).post(_url(a), _scores_form(evaluation, 60, stage="community"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.stage == Stage.COMMUNITY and a.results.count() == 2


@pytest.mark.parametrize("persona", ["nanmen_staff", "school_liaison", "xiufeng_staff", "wumei_grid_worker"])
def test_it_requires_the_assessment_to_be_in_scope(evaluation, client_for, persona):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    client = client_for(getattr(evaluation.world, persona))
    assert client.get(_url(a)).status_code == 404
    assert client.post(_url(a), _scores_form(evaluation, 88, stage="community")).status_code == 404
    assert client.get(reverse("evaluation:report", args=[a.pk])).status_code == 404
    a.refresh_from_db()
    assert a.stage == Stage.SELF


@pytest.mark.parametrize("persona", ["street_staff", "district_staff", "liaison"])
def test_it_requires_the_stages_role_to_see_the_form_and_post(evaluation, client_for, persona):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    client = client_for(getattr(evaluation.world, persona))
    page = client.get(_url(a)).content.decode()
    assert 'data-testid="score-form"' not in page and "等待“社区评议”" in page
    assert client.post(_url(a), _scores_form(evaluation, 88, stage="community")).status_code == 404


def test_the_district_adjustment_form_requires_a_reason(evaluation, client_for):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.STREET, scores=uniform(evaluation.scheme, 85))
    client = client_for(evaluation.world.district_staff)
    page = client.get(_url(a)).content.decode()
    assert "城区复核评分" in page and "调整理由" in page
    data = _scores_form(evaluation, 85, stage="district")
    data[f"score_{evaluation.indicators['党建共建成效'].pk}"] = "95"
    page = client.post(_url(a), data).content.decode()
    assert "调整了“党建共建成效”的评分，请填写调整理由" in page
    data["adjustment_reason"] = "抽查党建活动台账，成效突出"
    assert client.post(_url(a), data).status_code == 302
    a.refresh_from_db()
    assert a.final_score == Decimal("86.50") and a.grade == "good"
    page = client.get(_url(a)).content.decode()
    assert "抽查党建活动台账" in page and 'data-testid="grade"' in page


def test_the_annual_report_is_downloaded_in_scope(evaluation, client_for):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    response = client_for(evaluation.world.street_staff).get(reverse("evaluation:report", args=[a.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


# --- outcomes ------------------------------------------------------------------------------------------------

def _finish_both(c, hospital=92, centre=55):
    walk(c, c.hospital_assessment, scores=uniform(c.scheme, hospital))
    walk(c, c.centre_assessment, scores=uniform(c.scheme, centre), actors={Stage.SELF: "centre_liaison"})


def test_the_district_opens_assessments_from_the_page(world, client_for):
    from gongzhi.contracts.tests.conftest import build_lifecycle
    from gongzhi.evaluation import services

    build_lifecycle(world)
    scheme = services.create_scheme(actor=world.district_staff, district=world.xiangshan, year=2026, title="方案")
    response = client_for(world.district_staff).post(reverse("evaluation:open", args=[scheme.pk]), follow=True)
    assert "新增参评单位 2 家" in response.content.decode() and scheme.assessments.count() == 2


@pytest.mark.parametrize("action", ["evaluation:open", "evaluation:notices", "evaluation:publish"])
@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "liaison"])
def test_it_requires_district_staff_for_scheme_actions(evaluation, client_for, action, persona):
    _finish_both(evaluation)
    response = client_for(getattr(evaluation.world, persona)).post(reverse(action, args=[evaluation.scheme.pk]))
    assert response.status_code == 404
    assert not Notice.objects.exists() and Scheme.objects.get().outcomes_published_at is None


def test_scheme_actions_are_post_only(evaluation, client_for):
    response = client_for(evaluation.world.district_staff).get(reverse("evaluation:publish", args=[evaluation.scheme.pk]))
    assert response.status_code == 405


def test_notices_and_publication_from_the_page(evaluation, client_for):
    client = client_for(evaluation.world.district_staff)
    url = reverse("evaluation:scheme", args=[evaluation.scheme.pk])
    walk(evaluation, evaluation.hospital_assessment)
    page = client.post(reverse("evaluation:publish", args=[evaluation.scheme.pk]), follow=True).content.decode()
    assert "还有 1 家单位的考评未完成城区复核" in page
    walk(evaluation, evaluation.centre_assessment, scores=uniform(evaluation.scheme, 55),
         actors={Stage.SELF: "centre_liaison"})
    page = client.post(reverse("evaluation:notices", args=[evaluation.scheme.pk]), follow=True).content.decode()
    assert "已发出督促提醒 1 份" in page and "已督促提醒" in page
    page = client.post(reverse("evaluation:publish", args=[evaluation.scheme.pk]), follow=True).content.decode()
    assert "考评结果已在各社区公开栏公布" in page and "结果已公布" in page
    assert 'data-testid="publish"' not in client.get(url).content.decode()
    centre = client_for(evaluation.world.centre_liaison).get(_url(evaluation.centre_assessment)).content.decode()
    assert 'data-testid="notice"' in centre and "请对照" in centre


def test_the_district_commends_on_the_page(evaluation, client_for):
    _finish_both(evaluation)
    client = client_for(evaluation.world.district_staff)
    url = reverse("evaluation:commend", args=[evaluation.scheme.pk])
    form = client.get(url).content.decode()
    assert "桂林市中医医院" in form and "大型义诊进社区" in form
    response = client.post(url, {"kind": "advanced_individual", "organisation": evaluation.world.hospital.pk,
                                 "individual": "周丽华", "citation": "组织义诊四次"})
    assert response.status_code == 302
    page = client.post(url, {"kind": "advanced_individual", "organisation": evaluation.world.hospital.pk,
                             "individual": "13877301234"}).content.decode()
    assert "只填写姓名" in page
    commendation = Commendation.objects.get()
    assert commendation.individual == "周丽华"
    client.post(reverse("evaluation:withdraw", args=[commendation.pk]))
    assert not Commendation.objects.exists()


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff"])
def test_it_requires_district_staff_to_commend_on_the_page(evaluation, client_for, persona):
    _finish_both(evaluation)
    client = client_for(getattr(evaluation.world, persona))
    url = reverse("evaluation:commend", args=[evaluation.scheme.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "advanced_unit", "organisation": evaluation.world.hospital.pk}).status_code == 404
    assert not Commendation.objects.exists()


def test_the_navigation_shows_evaluation_to_evaluators_only(evaluation, client_for):
    assert "评约考评" in client_for(evaluation.world.liaison).get(reverse("core:workbench")).content.decode()
    assert "评约考评" not in client_for(evaluation.world.wumei_grid_worker).get(
        reverse("core:workbench")).content.decode()


@pytest.mark.parametrize("persona", ["street_staff", "liaison", "xiufeng_staff"])
def test_it_requires_district_staff_to_withdraw_a_commendation(evaluation, client_for, persona):
    from gongzhi.evaluation import services

    _finish_both(evaluation)
    commendation = services.commend(actor=evaluation.world.district_staff, scheme=evaluation.scheme,
                                    kind="advanced_unit", organisation=evaluation.world.hospital)
    response = client_for(getattr(evaluation.world, persona)).post(reverse("evaluation:withdraw",
                                                                           args=[commendation.pk]))
    assert response.status_code == 404 and Commendation.objects.filter(pk=commendation.pk).exists()
