"""Outcomes: commendations (评比表彰), reminder notices for 较差 (督促提醒), publication, the public board."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongzhi.chronicle.services import entries_for
from gongzhi.evaluation import services
from gongzhi.evaluation.models import Commendation, Grade, Notice, Stage
from gongzhi.evaluation.tests.conftest import uniform, walk


def _finish_both(c, hospital=92, centre=55):
    walk(c, c.hospital_assessment, scores=uniform(c.scheme, hospital))
    walk(c, c.centre_assessment, scores=uniform(c.scheme, centre), actors={Stage.SELF: "centre_liaison"})


def _commend(c, actor=None, **kwargs):
    return services.commend(actor=actor or c.world.district_staff, scheme=c.scheme, **kwargs)


# --- 评比表彰 -------------------------------------------------------------------------------------------------

def test_the_district_commends_units_individuals_and_projects_whose_assessment_is_final(evaluation):
    c, w = evaluation, evaluation.world
    _finish_both(c)
    unit = _commend(c, kind="advanced_unit", organisation=w.hospital, citation="全年义诊四次，服务群众480人次")
    person = _commend(c, kind="advanced_individual", organisation=w.hospital, individual="周丽华")
    project = _commend(c, kind="influential_project", commitment=c.clinic)
    assert [x.kind for x in Commendation.objects.order_by("pk")] == ["advanced_unit", "advanced_individual",
                                                                     "influential_project"]
    assert person.individual == "周丽华" and project.organisation is None and unit.individual == ""
    assert entries_for(c.scheme).filter(action="scheme.commended").count() == 3


def test_it_requires_a_final_assessment_to_commend(evaluation):
    c, w = evaluation, evaluation.world
    walk(c, c.hospital_assessment, until=Stage.STREET)
    with pytest.raises(ValidationError, match="尚未完成城区复核"):
        _commend(c, kind="advanced_unit", organisation=w.hospital)
    with pytest.raises(ValidationError, match="尚未完成城区复核"):
        _commend(c, kind="advanced_individual", organisation=w.hospital, individual="周丽华")
    with pytest.raises(ValidationError, match="尚未全部完成城区复核"):
        _commend(c, kind="influential_project", commitment=c.clinic)
    with pytest.raises(ValidationError, match="尚未完成城区复核"):
        _commend(c, kind="advanced_unit", organisation=w.school)  # not assessed at all
    assert not Commendation.objects.exists()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "advanced_individual", "organisation": "hospital", "individual": ""}, "姓名"),
    ({"kind": "advanced_individual", "organisation": "hospital", "individual": "周丽华 13877301234"}, "电话或证件"),
    ({"kind": "advanced_unit", "organisation": "hospital", "citation": "联系电话13877301234"}, "电话或证件"),
    ({"kind": "advanced_unit"}, "请选择单位"),
    ({"kind": "influential_project"}, "请选择项目"),
    ({"kind": "best_friend", "organisation": "hospital"}, "表彰类别"),
])
def test_it_requires_a_sound_commendation(evaluation, kwargs, message):
    _finish_both(evaluation)
    if kwargs.get("organisation") == "hospital":
        kwargs = {**kwargs, "organisation": evaluation.world.hospital}
    with pytest.raises(ValidationError, match=message):
        _commend(evaluation, **kwargs)


def test_the_same_commendation_is_not_given_twice(evaluation):
    _finish_both(evaluation)
    _commend(evaluation, kind="advanced_unit", organisation=evaluation.world.hospital)
    with pytest.raises(ValidationError, match="已有相同的表彰"):
        _commend(evaluation, kind="advanced_unit", organisation=evaluation.world.hospital)


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff", "liaison", "admin"])
def test_it_requires_the_districts_staff_to_commend(evaluation, persona):
    _finish_both(evaluation)
    with pytest.raises(PermissionDenied):
        _commend(evaluation, actor=getattr(evaluation.world, persona), kind="advanced_unit",
                 organisation=evaluation.world.hospital)


# --- 督促提醒 -------------------------------------------------------------------------------------------------

def test_units_graded_poor_get_one_reminder_notice(evaluation):
    c, w = evaluation, evaluation.world
    _finish_both(c, hospital=92, centre=55)
    c.centre_assessment.refresh_from_db()
    assert c.centre_assessment.grade == Grade.POOR
    issued = services.issue_notices(actor=w.district_staff, scheme=c.scheme)
    assert [n.assessment_id for n in issued] == [c.centre_assessment.pk]
    assert "较差" in issued[0].text and "桂爱社会工作服务中心" in issued[0].text and "55.00" in issued[0].text
    assert services.issue_notices(actor=w.district_staff, scheme=c.scheme) == []  # idempotent
    assert Notice.objects.count() == 1
    assert entries_for(c.centre_assessment).filter(action="assessment.notice_issued").count() == 1


def test_no_notice_for_units_not_yet_final_or_not_poor(evaluation):
    c = evaluation
    walk(c, c.hospital_assessment, scores=uniform(c.scheme, 60))  # 合格
    walk(c, c.centre_assessment, until=Stage.STREET, scores=uniform(c.scheme, 10),
         actors={Stage.SELF: "centre_liaison"})
    assert services.issue_notices(actor=c.world.district_staff, scheme=c.scheme) == []


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff"])
def test_it_requires_the_districts_staff_to_issue_notices(evaluation, persona):
    with pytest.raises(PermissionDenied):
        services.issue_notices(actor=getattr(evaluation.world, persona), scheme=evaluation.scheme)


# --- publication --------------------------------------------------------------------------------------------

def test_publication_only_when_every_assessment_is_final(evaluation):
    c, w = evaluation, evaluation.world
    walk(c, c.hospital_assessment)
    with pytest.raises(ValidationError, match="还有 1 家单位"):
        services.publish_outcomes(actor=w.district_staff, scheme=c.scheme)
    walk(c, c.centre_assessment, actors={Stage.SELF: "centre_liaison"})
    scheme = services.publish_outcomes(actor=w.district_staff, scheme=c.scheme)
    assert scheme.outcomes_published_at is not None
    entry = entries_for(scheme).get(action="scheme.outcomes_published")
    assert entry.data["grades"]["good"] == 2
    with pytest.raises(ValidationError, match="已公布"):
        services.publish_outcomes(actor=w.district_staff, scheme=c.scheme)


def test_published_outcomes_are_frozen(evaluation):
    c, w = evaluation, evaluation.world
    _finish_both(c)
    commendation = _commend(c, kind="advanced_unit", organisation=w.hospital)
    services.publish_outcomes(actor=w.district_staff, scheme=c.scheme)
    with pytest.raises(ValidationError, match="已公布"):
        _commend(c, kind="influential_project", commitment=c.clinic)
    with pytest.raises(ValidationError, match="已公布"):
        services.withdraw_commendation(actor=w.district_staff, commendation=commendation)
    with pytest.raises(ValidationError, match="已公布"):
        services.open_assessments(actor=w.district_staff, scheme=c.scheme)
    assert Commendation.objects.count() == 1


def test_a_commendation_may_be_withdrawn_before_publication(evaluation):
    _finish_both(evaluation)
    commendation = _commend(evaluation, kind="advanced_unit", organisation=evaluation.world.hospital)
    services.withdraw_commendation(actor=evaluation.world.district_staff, commendation=commendation)
    assert not Commendation.objects.exists()


def test_it_requires_every_unit_before_publishing_an_empty_scheme(world):
    scheme = services.create_scheme(actor=world.district_staff, district=world.xiangshan, year=2027, title="2027")
    with pytest.raises(ValidationError, match="还没有参评单位"):
        services.publish_outcomes(actor=world.district_staff, scheme=scheme)


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff", "admin"])
def test_it_requires_the_districts_staff_to_publish(evaluation, persona):
    _finish_both(evaluation)
    with pytest.raises(PermissionDenied):
        services.publish_outcomes(actor=getattr(evaluation.world, persona), scheme=evaluation.scheme)


# --- the public board ----------------------------------------------------------------------------------------

def test_the_board_shows_outcomes_only_after_publication(evaluation, client):
    c, w = evaluation, evaluation.world
    _finish_both(c, hospital=92, centre=55)
    _commend(c, kind="advanced_unit", organisation=w.hospital)
    _commend(c, kind="advanced_individual", organisation=w.hospital, individual="周丽华")
    _commend(c, kind="influential_project", commitment=c.clinic)
    url = reverse("core:board", args=[w.wumei.pk])
    before = client.get(url).content.decode()
    assert "评约结果" in before and "考评结果尚未公布" in before
    assert "优秀" not in before and "92.00" not in before

    services.publish_outcomes(actor=w.district_staff, scheme=c.scheme)
    page = client.get(url).content.decode()
    section = page[page.index('data-section="evaluation"'):]
    assert c.scheme.title in section
    assert "桂林市中医医院" in section and "92.00" in section and "优秀" in section
    assert "桂爱社会工作服务中心" in section and "较差" in section
    assert "共建工作先进单位" in section and "先进个人" in section and "周丽华（桂林市中医医院）" in section
    assert "影响力项目" in section and "大型义诊进社区" in section
    assert "13877301234" not in page and "138****1234" not in page  # the liaison's phone never


def test_another_communitys_board_shows_nothing_of_wumei(evaluation, client):
    _finish_both(evaluation)
    services.publish_outcomes(actor=evaluation.world.district_staff, scheme=evaluation.scheme)
    page = client.get(reverse("core:board", args=[evaluation.world.nanmen.pk])).content.decode()
    assert "考评结果尚未公布" in page and "桂林市中医医院" not in page.split('data-section="evaluation"')[1]
