"""The scheme and the four ordered stages: 单位自评（双报告）→ 社区评议 → 街道总评 → 城区复核."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.chronicle.services import entries_for, verify
from gongzhi.evaluation import services
from gongzhi.evaluation.models import Assessment, Grade, IndicatorSource, Scheme, Stage, StageResult
from gongzhi.evaluation.tests.conftest import by_name, docx_report, pdf_report, uniform, walk


def _self(c, assessment=None, actor=None, **overrides):
    kwargs = {"actor": actor or c.world.liaison, "assessment": assessment or c.hospital_assessment,
              "scores": uniform(c.scheme, 90), "comment": "全年完成义诊四次", "annual_report": pdf_report(),
              "file_to_street": True, "file_to_supervisor": True}
    kwargs.update(overrides)
    return services.submit_self_assessment(**kwargs)


# --- the scheme -----------------------------------------------------------------------------------------

def test_the_default_scheme_has_five_weighted_indicators_summing_to_100(evaluation):
    indicators = list(evaluation.scheme.indicators.all())
    assert [(i.name, i.source, i.weight) for i in indicators] == [
        ("履约完成率", IndicatorSource.FULFILMENT_RATE, 30), ("服务人次达成率", IndicatorSource.PERSON_TIMES, 20),
        ("按期完成率", IndicatorSource.TIMELINESS, 15), ("居民满意度", IndicatorSource.MANUAL, 20),
        ("党建共建成效", IndicatorSource.MANUAL, 15)]
    assert sum(i.weight for i in indicators) == 100
    assert entries_for(evaluation.scheme).filter(action="scheme.created").exists()


def test_a_scheme_with_custom_indicators_and_thresholds(world):
    scheme = services.create_scheme(actor=world.district_staff, district=world.xiangshan, year=2027, title="2027方案",
                                    indicators=[("履约完成率", "fulfilment_rate", 60, ""), ("群众评价", "manual", "40", "")],
                                    excellent_from=95, good_from=85, pass_from=70)
    assert scheme.indicators.count() == 2 and scheme.grade_for(Decimal("94.99")) == Grade.GOOD


@pytest.mark.parametrize(("indicators", "message"), [
    ([("履约完成率", "fulfilment_rate", 60, ""), ("群众评价", "manual", 30, "")], "权重之和须为 100"),
    ([("履约完成率", "fulfilment_rate", 100, ""), ("履约完成率", "manual", 0.001, "")], "权重"),
    ([("甲", "manual", 50, ""), ("甲", "manual", 50, "")], "不能重复"),
    ([("甲", "guess", 100, "")], "预填来源无效"),
    ([], "至少要有一项指标"),
])
def test_it_requires_sound_indicators(world, indicators, message):
    with pytest.raises(ValidationError, match=message):
        services.create_scheme(actor=world.district_staff, district=world.xiangshan, year=2027, title="方案",
                               indicators=indicators)
    assert not Scheme.objects.exists()


def test_it_requires_thresholds_in_order(world):
    with pytest.raises(ValidationError, match="优秀 > 良好 > 合格"):
        services.create_scheme(actor=world.district_staff, district=world.xiangshan, year=2027, title="方案",
                               excellent_from=80, good_from=90)


def test_it_requires_one_scheme_per_district_and_year(evaluation):
    with pytest.raises(ValidationError, match="已有考评方案"):
        services.create_scheme(actor=evaluation.world.district_staff, district=evaluation.world.xiangshan,
                               year=2026, title="重复")


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "liaison", "xiufeng_staff"])
def test_it_requires_the_districts_staff_to_set_the_scheme(evaluation, persona):
    with pytest.raises(PermissionDenied):
        services.create_scheme(actor=getattr(evaluation.world, persona), district=evaluation.world.xiangshan,
                               year=2027, title="方案")


def test_an_administrator_may_set_a_scheme_too(world):
    assert services.create_scheme(actor=world.admin, district=world.xiufeng, year=2026, title="秀峰区方案")


# --- opening the year's assessments -----------------------------------------------------------------------

def test_every_party_of_a_signed_contract_is_assessed_once(evaluation):
    assessments = Assessment.objects.filter(scheme=evaluation.scheme)
    assert {a.organisation for a in assessments} == {evaluation.world.hospital, evaluation.social_centre}
    assert {a.community for a in assessments} == {evaluation.world.wumei}
    assert all(a.stage == "" for a in assessments)
    assert services.open_assessments(actor=evaluation.world.district_staff, scheme=evaluation.scheme) == []
    assert assessments.count() == 2


@pytest.mark.parametrize("persona", ["street_staff", "wumei_staff", "xiufeng_staff"])
def test_it_requires_the_districts_staff_to_open_assessments(evaluation, persona):
    with pytest.raises(PermissionDenied):
        services.open_assessments(actor=getattr(evaluation.world, persona), scheme=evaluation.scheme)


def test_indicators_computed_from_fulfilment_are_prefilled(evaluation):
    ind = evaluation.indicators
    hospital = services.prefill(evaluation.hospital_assessment)
    assert hospital == {ind["履约完成率"].pk: 100, ind["服务人次达成率"].pk: 100, ind["按期完成率"].pk: 100}
    centre = services.prefill(evaluation.centre_assessment)  # 1 of 2 sessions, 35 of 60 person-times
    assert centre == {ind["履约完成率"].pk: 0, ind["服务人次达成率"].pk: Decimal("58.33"), ind["按期完成率"].pk: 0}


# --- 单位自评 -----------------------------------------------------------------------------------------------

def test_the_liaison_self_assesses_with_the_annual_report_filed_twice(evaluation):
    result = _self(evaluation, scores=by_name(evaluation.scheme, 履约完成率=100, 服务人次达成率=100, 按期完成率=100,
                                               居民满意度=90, 党建共建成效=80))
    a = Assessment.objects.get(pk=evaluation.hospital_assessment.pk)
    assert a.stage == Stage.SELF and result.stage == Stage.SELF
    assert result.total == Decimal("95.00")  # 30 + 20 + 15 + 18 + 12
    assert result.scores.count() == 5
    assert a.report_filed_to_street_at is not None and a.report_filed_to_supervisor_at is not None
    assert a.annual_report.read().startswith(b"%PDF") and a.annual_report.name.endswith(".pdf")
    entry = entries_for(a).get(action="assessment.self")
    assert entry.data["total"] == "95.00" and len(entry.data["annual_report_sha256"]) == 64
    assert entry.data["filed_to"]["supervisor"] == evaluation.world.health_commission.pk
    assert "13877301234" not in str(entry.data)  # no contact details in the chronicle
    assert a.final_score is None and a.grade == ""
    assert verify().ok


def test_a_word_report_is_accepted(evaluation):
    _self(evaluation, annual_report=docx_report())
    assert Assessment.objects.get(pk=evaluation.hospital_assessment.pk).annual_report.name.endswith(".docx")


@pytest.mark.parametrize("upload", [
    None,
    SimpleUploadedFile("报告.pdf", b"just text, renamed", content_type="application/pdf"),
    SimpleUploadedFile("报告.docx", b"PK\x03\x04 not really a zip", content_type="application/msword"),
    SimpleUploadedFile("报告.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"),
])
def test_it_requires_a_pdf_or_word_report_of_at_most_10_mb(evaluation, upload):
    with pytest.raises(ValidationError) as error:
        _self(evaluation, annual_report=upload)
    assert "annual_report" in error.value.message_dict
    assert not StageResult.objects.exists()


@pytest.mark.parametrize(("street", "supervisor"), [(True, False), (False, True), (False, False)])
def test_it_requires_the_double_report(evaluation, street, supervisor):
    with pytest.raises(ValidationError, match="双报告"):
        _self(evaluation, file_to_street=street, file_to_supervisor=supervisor)
    a = Assessment.objects.get(pk=evaluation.hospital_assessment.pk)
    assert a.stage == "" and a.report_filed_to_street_at is None and not a.annual_report


@pytest.mark.parametrize("persona", ["centre_liaison", "school_liaison", "wumei_staff", "district_staff", "admin"])
def test_it_requires_the_units_own_liaison_to_self_assess(evaluation, persona):
    with pytest.raises(PermissionDenied):
        _self(evaluation, actor=getattr(evaluation.world, persona))


@pytest.mark.parametrize(("value", "field"), [(None, "missing"), (101, "too high"), (-1, "negative"),
                                              ("九十", "not a number"), (float("nan"), "nan")])
def test_every_indicator_must_be_scored_0_to_100(evaluation, value, field):
    scores = uniform(evaluation.scheme, 90)
    satisfaction = evaluation.indicators["居民满意度"]
    scores[satisfaction.pk] = value
    with pytest.raises(ValidationError) as error:
        _self(evaluation, scores=scores)
    assert error.value.message_dict == {f"score_{satisfaction.pk}": ["“居民满意度”须填写 0–100 之间的分数"]}


def test_an_unknown_indicator_is_refused(evaluation):
    scores = {**uniform(evaluation.scheme, 90), 999999: 50}
    with pytest.raises(ValidationError, match="未知的考评指标"):
        _self(evaluation, scores=scores)


# --- the order of the stages ------------------------------------------------------------------------------

def test_community_review_before_the_self_assessment_is_refused(evaluation):
    with pytest.raises(ValidationError, match="下一环节是“单位自评”"):
        services.community_review(actor=evaluation.world.wumei_staff, assessment=evaluation.hospital_assessment,
                                  scores=uniform(evaluation.scheme, 80))
    assert not StageResult.objects.exists()


def test_the_stages_in_order_by_their_roles(evaluation):
    w, a = evaluation.world, evaluation.hospital_assessment
    _self(evaluation)
    services.community_review(actor=w.wumei_staff, assessment=a, scores=uniform(evaluation.scheme, 88), comment="居民反映好")
    a.refresh_from_db()
    assert a.stage == Stage.COMMUNITY
    services.street_assessment(actor=w.street_staff, assessment=a, scores=uniform(evaluation.scheme, 86))
    a.refresh_from_db()
    assert a.stage == Stage.STREET and a.final_score is None
    result = services.district_recheck(actor=w.district_staff, assessment=a, scores=uniform(evaluation.scheme, 86))
    a.refresh_from_db()
    assert a.stage == Stage.DISTRICT and a.final_score == Decimal("86.00") and a.grade == Grade.GOOD
    assert result.adjustment_reason == ""
    assert list(a.results.values_list("stage", "total")) == [
        ("self", Decimal("90.00")), ("community", Decimal("88.00")), ("street", Decimal("86.00")),
        ("district", Decimal("86.00"))]
    assert list(entries_for(a).values_list("action", flat=True).order_by("seq")) == [
        "assessment.self", "assessment.community", "assessment.street", "assessment.district"]


def test_district_recheck_before_the_street_is_refused(evaluation):
    walk(evaluation, evaluation.hospital_assessment, until=Stage.COMMUNITY)
    with pytest.raises(ValidationError, match="下一环节是“街道总评”"):
        services.district_recheck(actor=evaluation.world.district_staff, assessment=evaluation.hospital_assessment,
                                  scores=uniform(evaluation.scheme, 85))


def test_street_before_community_is_refused(evaluation):
    walk(evaluation, evaluation.hospital_assessment, until=Stage.SELF)
    with pytest.raises(ValidationError, match="下一环节是“社区评议”"):
        services.street_assessment(actor=evaluation.world.street_staff, assessment=evaluation.hospital_assessment,
                                   scores=uniform(evaluation.scheme, 85))


def test_a_stage_is_recorded_once_and_never_changed(evaluation):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.COMMUNITY)
    before = list(StageResult.objects.values_list("pk", "stage", "total", "at"))
    with pytest.raises(ValidationError):
        services.community_review(actor=evaluation.world.wumei_staff, assessment=a, scores=uniform(evaluation.scheme, 10))
    with pytest.raises(ValidationError):
        _self(evaluation)
    assert list(StageResult.objects.values_list("pk", "stage", "total", "at")) == before


def test_after_the_district_nothing_more_can_be_scored(evaluation):
    a = walk(evaluation, evaluation.hospital_assessment)
    with pytest.raises(ValidationError, match="已完成城区复核"):
        services.district_recheck(actor=evaluation.world.district_staff, assessment=a,
                                  scores=uniform(evaluation.scheme, 99), adjustment_reason="再改")


@pytest.mark.parametrize(("stage", "persona"), [
    (Stage.COMMUNITY, "nanmen_staff"), (Stage.COMMUNITY, "street_staff"), (Stage.COMMUNITY, "liaison"),
    (Stage.STREET, "lijun_staff"), (Stage.STREET, "wumei_staff"), (Stage.STREET, "district_staff"),
    (Stage.DISTRICT, "xiufeng_staff"), (Stage.DISTRICT, "street_staff"), (Stage.DISTRICT, "admin"),
])
def test_it_requires_the_stages_role_in_scope(evaluation, stage, persona):
    from gongzhi.evaluation.models import STAGE_ORDER

    previous = STAGE_ORDER[STAGE_ORDER.index(stage) - 1]
    a = walk(evaluation, evaluation.hospital_assessment, until=previous)
    with pytest.raises(PermissionDenied):
        services.STAGE_SERVICES[stage](actor=getattr(evaluation.world, persona), assessment=a,
                                       scores=uniform(evaluation.scheme, 80))
    a.refresh_from_db()
    assert a.stage == previous


# --- 城区复核 -----------------------------------------------------------------------------------------------

def test_it_requires_a_reason_when_the_district_adjusts_a_score(evaluation):
    a = walk(evaluation, evaluation.hospital_assessment, until=Stage.STREET, scores=uniform(evaluation.scheme, 85))
    adjusted = {**uniform(evaluation.scheme, 85), evaluation.indicators["居民满意度"].pk: Decimal("70")}
    with pytest.raises(ValidationError) as error:
        services.district_recheck(actor=evaluation.world.district_staff, assessment=a, scores=adjusted,
                                  adjustment_reason="  ")
    assert "居民满意度" in error.value.message_dict["adjustment_reason"][0]
    result = services.district_recheck(actor=evaluation.world.district_staff, assessment=a, scores=adjusted,
                                       adjustment_reason="居民满意度问卷回收率不足，按复核抽查结果调整")
    a.refresh_from_db()
    assert a.final_score == Decimal("82.00") and a.grade == Grade.GOOD  # 85 − 15 × 20%
    assert result.adjustment_reason.startswith("居民满意度问卷")
    entry = entries_for(a).get(action="assessment.district")
    assert entry.data["adjusted"] == [evaluation.indicators["居民满意度"].pk]
    assert entry.data["grade"] == "good" and entry.data["final_score"] == "82.00"


@pytest.mark.parametrize(("score", "grade"), [
    ("100", Grade.EXCELLENT), ("90", Grade.EXCELLENT), ("89.99", Grade.GOOD), ("80", Grade.GOOD),
    ("79.99", Grade.PASS), ("60", Grade.PASS), ("59.99", Grade.POOR), ("0", Grade.POOR)])
def test_the_grade_follows_the_schemes_thresholds(evaluation, score, grade):
    a = walk(evaluation, evaluation.hospital_assessment, scores=uniform(evaluation.scheme, score))
    assert a.final_score == Decimal(score) and a.grade == grade


def test_the_weighted_total(evaluation):
    scores = by_name(evaluation.scheme, 履约完成率="66.67", 服务人次达成率=50, 按期完成率=0, 居民满意度=95,
                     党建共建成效="77.5")
    a = walk(evaluation, evaluation.centre_assessment, scores=scores, actors={Stage.SELF: "centre_liaison"})
    # 66.67×0.3 + 50×0.2 + 0 + 95×0.2 + 77.5×0.15 = 20.001 + 10 + 19 + 11.625 = 60.626
    assert a.final_score == Decimal("60.63") and a.grade == Grade.PASS
