"""评约 API: schemes, assessments and their four stages, commendations, reminder notices, publication.

Everything starts from the scoped querysets: an object the user cannot see is 404, and so is an action
their role may not take on it (as on the pages); bad input and out-of-order stages are 400 with messages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.contracts.models import Commitment
from gongzhi.core import limits
from gongzhi.core.schemas import Id
from gongzhi.evaluation import services
from gongzhi.evaluation.permissions import (
    creatable_districts,
    get_assessment_for_user,
    get_scheme_for_user,
    next_stage,
)
from gongzhi.evaluation.selectors import (
    assessment_list,
    commendations_for,
    notices_for,
    scheme_list,
    stage_table,
)
from gongzhi.organisations.models import Organisation

router = Router(tags=["evaluation"])


def _number(value) -> float | None:
    return float(value) if value is not None else None


# --- schemas --------------------------------------------------------------------------------------------

class IndicatorIn(Schema):
    name: limits.text(60)
    source: limits.text(limits.CODE) = "manual"
    weight: Any
    description: limits.text(200) = ""


class IndicatorOut(Schema):
    id: int
    name: str
    source: str
    weight: float
    description: str


class SchemeIn(Schema):
    district_id: Id
    year: int
    title: limits.text(120)
    indicators: list[IndicatorIn] | None = None  # omitted: the default indicator set
    excellent_from: Any = 90
    good_from: Any = 80
    pass_from: Any = 60


class SchemeOut(Schema):
    id: int
    title: str
    district_id: int
    district_name: str
    year: int
    excellent_from: float
    good_from: float
    pass_from: float
    outcomes_published_at: dt.datetime | None

    @staticmethod
    def resolve_district_name(obj) -> str:
        return obj.district.name


class SchemeListOut(SchemeOut):
    units: int
    finals: int


class SchemeDetailOut(SchemeOut):
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())


class AssessmentOut(Schema):
    id: int
    scheme_id: int
    organisation_id: int
    organisation_name: str
    community_id: int
    community_name: str
    stage: str
    next_stage: str | None
    final_score: float | None
    grade: str
    report_filed_to_street_at: dt.datetime | None
    report_filed_to_supervisor_at: dt.datetime | None

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_community_name(obj) -> str:
        return obj.community.name

    @staticmethod
    def resolve_next_stage(obj) -> str | None:
        stage = next_stage(obj)
        return stage.value if stage else None

    @staticmethod
    def resolve_final_score(obj) -> float | None:
        return _number(obj.final_score)


class ScoreOut(Schema):
    indicator_id: int
    score: float


class ResultOut(Schema):
    stage: str
    total: float
    comment: str
    adjustment_reason: str
    actor: str
    at: dt.datetime
    scores: list[ScoreOut]


class AssessmentDetailOut(AssessmentOut):
    results: list[ResultOut]

    @staticmethod
    def resolve_results(obj) -> list[dict]:
        return [_result_out(r) for r in stage_table(obj).stages]


class StageIn(Schema):
    scores: dict[str, Any]
    comment: limits.text(limits.NOTE) = ""


class RecheckIn(StageIn):
    adjustment_reason: limits.text(limits.NOTE) = ""


class StageOut(Schema):
    assessment: AssessmentOut
    result: ResultOut


class CommendationIn(Schema):
    kind: limits.text(limits.CODE)
    organisation_id: Id | None = None
    individual: limits.text(50) = ""
    commitment_id: Id | None = None
    citation: limits.text(300) = ""


class CommendationOut(Schema):
    id: int
    kind: str
    organisation_id: int | None
    organisation_name: str | None
    individual: str
    commitment_id: int | None
    commitment_title: str | None
    citation: str

    @staticmethod
    def resolve_organisation_name(obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_commitment_title(obj) -> str | None:
        return obj.commitment.title if obj.commitment_id else None


class NoticeOut(Schema):
    id: int
    assessment_id: int
    organisation_name: str
    text: str
    issued_at: dt.datetime

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.assessment.organisation.name


def _result_out(result) -> dict:
    return {"stage": result.stage, "total": float(result.total), "comment": result.comment,
            "adjustment_reason": result.adjustment_reason, "actor": str(result.actor), "at": result.at,
            "scores": [{"indicator_id": s.indicator_id, "score": float(s.score)} for s in result.scores.all()]}


def _stage_out(request, result) -> dict:
    assessment = get_assessment_for_user(request.user, result.assessment_id)
    return {"assessment": assessment, "result": _result_out(result)}


# --- schemes ------------------------------------------------------------------------------------------

@router.get("/schemes", response=list[SchemeListOut], summary="考评方案（本人范围内）")
@paginate
def list_schemes(request, q: str = "", year: str = ""):
    return scheme_list(request.user, q=q, year=year)


@router.post("/schemes", response={201: SchemeDetailOut}, summary="制定考评方案（城区工作人员）")
def create_scheme(request, payload: SchemeIn):
    district = creatable_districts(request.user).filter(pk=payload.district_id).first()
    if district is None:
        raise Http404
    indicators = None
    if payload.indicators is not None:
        indicators = [(i.name, i.source, i.weight, i.description) for i in payload.indicators]
    scheme = services.create_scheme(actor=request.user, district=district, year=payload.year,
                                    title=payload.title, indicators=indicators,
                                    excellent_from=payload.excellent_from, good_from=payload.good_from,
                                    pass_from=payload.pass_from)
    return Status(201, scheme)


@router.get("/schemes/{scheme_id}", response=SchemeDetailOut, summary="考评方案详情与指标")
def get_scheme(request, scheme_id: int):
    return get_scheme_for_user(request.user, scheme_id)


@router.post("/schemes/{scheme_id}/open", response=list[AssessmentOut],
             summary="确定参评单位：本年度已签订契约的签约单位（可重复执行，只补充新单位）")
def open_assessments(request, scheme_id: int):
    scheme = get_scheme_for_user(request.user, scheme_id)
    created = services.open_assessments(actor=request.user, scheme=scheme)
    opened = {a.pk for a in created}
    return [a for a in assessment_list(request.user, scheme) if a.pk in opened]


@router.get("/schemes/{scheme_id}/assessments", response=list[AssessmentOut], summary="参评单位与考评进度")
@paginate
def list_assessments(request, scheme_id: int, q: str = "", stage: str = ""):
    scheme = get_scheme_for_user(request.user, scheme_id)
    return assessment_list(request.user, scheme, q=q, stage=stage)


@router.get("/schemes/{scheme_id}/commendations", response=list[CommendationOut], summary="表彰名单")
def list_commendations(request, scheme_id: int):
    return list(commendations_for(request.user, get_scheme_for_user(request.user, scheme_id)))


@router.post("/schemes/{scheme_id}/commendations", response={201: CommendationOut},
             summary="评比表彰（城区工作人员；结果公布后不可更改）")
def commend(request, scheme_id: int, payload: CommendationIn):
    scheme = get_scheme_for_user(request.user, scheme_id)
    organisation = commitment = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation": _("单位不存在")})
    if payload.commitment_id is not None:
        commitment = Commitment.objects.filter(pk=payload.commitment_id).first()
        if commitment is None:
            raise ValidationError({"commitment": _("项目不存在")})
    commendation = services.commend(actor=request.user, scheme=scheme, kind=payload.kind,
                                    organisation=organisation, individual=payload.individual,
                                    commitment=commitment, citation=payload.citation)
    return Status(201, commendation)


@router.get("/schemes/{scheme_id}/notices", response=list[NoticeOut], summary="督促提醒")
def list_notices(request, scheme_id: int):
    return list(notices_for(request.user, get_scheme_for_user(request.user, scheme_id)))


@router.post("/schemes/{scheme_id}/notices", response=list[NoticeOut],
             summary="对考评等次为较差的单位发出督促提醒（可重复执行，每家一份）")
def issue_notices(request, scheme_id: int):
    scheme = get_scheme_for_user(request.user, scheme_id)
    return services.issue_notices(actor=request.user, scheme=scheme)


@router.post("/schemes/{scheme_id}/publish", response=SchemeOut,
             summary="公布考评结果（全部单位完成城区复核后）")
def publish_outcomes(request, scheme_id: int):
    scheme = get_scheme_for_user(request.user, scheme_id)
    return services.publish_outcomes(actor=request.user, scheme=scheme)


# --- assessments and their stages ---------------------------------------------------------------------

@router.get("/assessments/{assessment_id}", response=AssessmentDetailOut, summary="单位考评详情与各环节评分")
def get_assessment(request, assessment_id: int):
    return get_assessment_for_user(request.user, assessment_id)


@router.get("/assessments/{assessment_id}/prefill", response=dict[str, float],
            summary="由履约记录计算的指标预填分（履约完成率、服务人次达成率、按期完成率）")
def get_prefill(request, assessment_id: int):
    assessment = get_assessment_for_user(request.user, assessment_id)
    return {str(k): float(v) for k, v in services.prefill(assessment).items()}


def _parse_scores(raw: str) -> dict:
    try:
        scores = json.loads(raw)
    except (TypeError, ValueError):
        scores = None
    if not isinstance(scores, dict):
        raise ValidationError({"scores": _("scores 须为 JSON 对象：{指标编号: 分数}")})
    return scores


@router.post("/assessments/{assessment_id}/self", response=StageOut,
             summary="单位自评（本单位联络员；multipart：年度自评报告 PDF/DOCX，须同时报街道和主管部门备案）")
def self_assessment(request, assessment_id: int, scores: Form[limits.text(limits.NOTE)], comment: str = Form("", max_length=limits.NOTE),
                    file_to_street: Form[bool] = False, file_to_supervisor: Form[bool] = False,
                    annual_report: File[UploadedFile] = None):
    assessment = get_assessment_for_user(request.user, assessment_id)
    result = services.submit_self_assessment(
        actor=request.user, assessment=assessment, scores=_parse_scores(scores), comment=comment,
        annual_report=annual_report, file_to_street=file_to_street, file_to_supervisor=file_to_supervisor)
    return _stage_out(request, result)


@router.post("/assessments/{assessment_id}/community", response=StageOut, summary="社区评议（本社区工作人员）")
def community_review(request, assessment_id: int, payload: StageIn):
    assessment = get_assessment_for_user(request.user, assessment_id)
    result = services.community_review(actor=request.user, assessment=assessment, scores=payload.scores,
                                       comment=payload.comment)
    return _stage_out(request, result)


@router.post("/assessments/{assessment_id}/street", response=StageOut, summary="街道总评（本街道工作人员）")
def street_assessment(request, assessment_id: int, payload: StageIn):
    assessment = get_assessment_for_user(request.user, assessment_id)
    result = services.street_assessment(actor=request.user, assessment=assessment, scores=payload.scores,
                                        comment=payload.comment)
    return _stage_out(request, result)


@router.post("/assessments/{assessment_id}/district", response=StageOut,
             summary="城区复核（本城区工作人员；调整评分须写明理由；确定最终得分和等次）")
def district_recheck(request, assessment_id: int, payload: RecheckIn):
    assessment = get_assessment_for_user(request.user, assessment_id)
    result = services.district_recheck(actor=request.user, assessment=assessment, scores=payload.scores,
                                       comment=payload.comment, adjustment_reason=payload.adjustment_reason)
    return _stage_out(request, result)

