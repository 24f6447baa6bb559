"""Every write of 评约: the district's scheme, opening the year's assessments, the four ordered stages
(单位自评 → 社区评议 → 街道总评 → 城区复核), and the outcomes (commendations, 督促提醒, publication).

Each stage locks the assessment row, checks the actor's role and scope (PermissionDenied), the order of
stages and the scores (ValidationError naming the indicator), records one StageResult with its Scores,
advances the stage and appends a chronicle entry — all in one transaction."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import record
from gongzhi.contracts.models import Commitment, ContractStatus, Party
from gongzhi.contracts.selectors import unit_figures
from gongzhi.core import clock
from gongzhi.core.checks import require
from gongzhi.core.privacy import scrub
from gongzhi.core.uploads import is_real_pdf
from gongzhi.evaluation.models import (
    STAGE_ORDER,
    Assessment,
    Commendation,
    CommendationKind,
    Grade,
    Indicator,
    IndicatorSource,
    Notice,
    Scheme,
    Score,
    Stage,
    StageResult,
)
from gongzhi.evaluation.permissions import (
    may_act,
    may_create_scheme,
    may_decide_outcomes,
    may_open,
    next_stage,
)

MAX_REPORT_BYTES = 10 * 1024 * 1024
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def _decimal(raw) -> Decimal | None:
    if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


# --- the scheme ------------------------------------------------------------------------------------

def default_indicators() -> list[tuple[str, str, Decimal, str]]:
    """The indicator set the district starts from (weights sum to 100)."""
    return [
        (_("履约完成率"), IndicatorSource.FULFILMENT_RATE, Decimal(30), _("已完成承诺事项 ÷ 承诺事项，由履约记录计算")),
        (_("服务人次达成率"), IndicatorSource.PERSON_TIMES, Decimal(20), _("服务人次 ÷ 目标人次，由履约记录计算")),
        (_("按期完成率"), IndicatorSource.TIMELINESS, Decimal(15), _("按期完成的事项 ÷ 承诺事项，由履约记录计算")),
        (_("居民满意度"), IndicatorSource.MANUAL, Decimal(20), _("问卷与座谈会反映的居民满意程度")),
        (_("党建共建成效"), IndicatorSource.MANUAL, Decimal(15), _("党员教育、组织共建、品牌培育等成效")),
    ]


def _clean_indicators(indicators) -> list[tuple[str, str, Decimal, str]]:
    rows = []
    for row in indicators:
        name, source, weight, *rest = row
        description = (rest[0] if rest else "") or ""
        name = (name or "").strip()
        if not name:
            raise ValidationError({"indicators": _("指标名称不能为空")})
        if source not in IndicatorSource.values:
            raise ValidationError({"indicators": _("“%(name)s”的预填来源无效") % {"name": name}})
        value = _decimal(weight)
        if value is None or value <= 0 or value > HUNDRED or value != value.quantize(CENT):
            raise ValidationError({"indicators": _("“%(name)s”的权重须为大于 0 的数（最多两位小数）") % {"name": name}})
        rows.append((name[:60], source, value, description.strip()[:200]))
    if not rows:
        raise ValidationError({"indicators": _("考评方案至少要有一项指标")})
    names = [r[0] for r in rows]
    if len(set(names)) != len(names):
        raise ValidationError({"indicators": _("指标名称不能重复")})
    total = sum((r[2] for r in rows), Decimal(0))
    if total != HUNDRED:
        raise ValidationError({"indicators": _("各项指标权重之和须为 100（现为 %(total)s）") % {"total": format(total.normalize(), "f")}})
    return rows


@transaction.atomic
def create_scheme(*, actor, district, year: int, title: str, indicators=None, excellent_from=90, good_from=80,
                  pass_from=60) -> Scheme:
    """考评方案: the district's staff set the year's weighted indicators and grade thresholds."""
    require(may_create_scheme(actor, district))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写方案名称")})
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("年度无效")})
    excellent, good, passing = _decimal(excellent_from), _decimal(good_from), _decimal(pass_from)
    if excellent is None or good is None or passing is None or not (HUNDRED >= excellent > good > passing > 0):
        raise ValidationError({"excellent_from": _("分数线须满足 100 ≥ 优秀 > 良好 > 合格 > 0")})
    rows = _clean_indicators(default_indicators() if indicators is None else indicators)
    if Scheme.objects.filter(district=district, year=year).exists():
        raise ValidationError({"year": _("%(district)s %(year)d 年度已有考评方案") % {"district": district.name, "year": year}})
    try:
        with transaction.atomic():
            scheme = Scheme.objects.create(district=district, year=year, title=title[:120],
                                           excellent_from=excellent, good_from=good,
                                           pass_from=passing, created_by=actor, created_at=clock.now())
    except IntegrityError:
        raise ValidationError({"year": _("%(district)s %(year)d 年度已有考评方案")
                               % {"district": district.name, "year": year}}) from None
    Indicator.objects.bulk_create([Indicator(scheme=scheme, name=name, source=source, weight=weight,
                                             description=description, order=i)
                                   for i, (name, source, weight, description) in enumerate(rows, start=1)])
    record(scheme, "scheme.created", actor, {
        "year": year, "thresholds": [str(t) for t in (excellent, good, passing)],
        "indicators": [{"name": n, "source": s, "weight": str(w)} for n, s, w, _d in rows]})
    return scheme


def _locked_scheme(scheme) -> Scheme:
    return Scheme.objects.select_for_update(of=("self",)).select_related("district").get(pk=scheme.pk)


def _not_published(scheme: Scheme) -> None:
    if scheme.outcomes_published_at is not None:
        raise ValidationError(_("考评结果已公布，不可更改"))


@transaction.atomic
def open_assessments(*, actor, scheme: Scheme) -> list[Assessment]:
    """One assessment per unit that is a party of a signed contract of the scheme's year in the district's
    communities (the contract's community is the unit's). Safe to run again: only missing units are added."""
    scheme = _locked_scheme(scheme)
    require(may_open(actor, scheme))
    _not_published(scheme)
    parties = (Party.objects.filter(contract__status=ContractStatus.SIGNED, contract__year=scheme.year,
                                    contract__community__path__startswith=scheme.district.path)
               .select_related("contract__community").order_by("contract__community__path", "contract__number"))
    existing = set(scheme.assessments.values_list("organisation_id", flat=True))
    created = []
    for party in parties:
        if party.organisation_id in existing:
            continue
        existing.add(party.organisation_id)
        created.append(Assessment(scheme=scheme, organisation_id=party.organisation_id,
                                  community=party.contract.community))
    Assessment.objects.bulk_create(created)
    if created:
        record(scheme, "scheme.assessments_opened", actor,
               {"units": [a.organisation_id for a in created], "count": len(created)})
    return list(scheme.assessments.filter(organisation_id__in=[a.organisation_id for a in created]))


# --- the four stages ---------------------------------------------------------------------------------

def prefill(assessment: Assessment) -> dict[int, Decimal]:
    """Scores of the indicators computed from fulfilment records (履约完成率, 服务人次达成率, 按期完成率)."""
    figures = unit_figures(organisation=assessment.organisation, year=assessment.scheme.year)
    computed: dict[str, Decimal] = {IndicatorSource.FULFILMENT_RATE: figures.fulfilment_rate,
                IndicatorSource.PERSON_TIMES: figures.person_times_rate,
                IndicatorSource.TIMELINESS: figures.timeliness}
    return {i.pk: computed[i.source] for i in assessment.scheme.indicators.all() if i.source in computed}


def clean_scores(indicators, scores) -> dict[int, Decimal]:
    """Every indicator scored 0–100 (two decimals at most are kept); errors are keyed `score_<id>` and name
    the indicator."""
    given: dict[int, object] = {}
    for key, value in dict(scores or {}).items():
        try:
            given[int(key)] = value
        except (TypeError, ValueError):
            raise ValidationError({"scores": _("未知的考评指标：%(key)s") % {"key": key}}) from None
    unknown = set(given) - {i.pk for i in indicators}
    if unknown:
        raise ValidationError({"scores": _("未知的考评指标：%(key)s") % {"key": ", ".join(map(str, sorted(unknown)))}})
    errors, cleaned = {}, {}
    for indicator in indicators:
        value = _decimal(given.get(indicator.pk))
        if value is None or not 0 <= value <= HUNDRED:
            errors[f"score_{indicator.pk}"] = _("“%(name)s”须填写 0–100 之间的分数") % {"name": indicator.name}
        else:
            cleaned[indicator.pk] = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if errors:
        raise ValidationError(errors)
    return cleaned


def weighted_total(indicators, scores: dict[int, Decimal]) -> Decimal:
    total = sum((scores[i.pk] * i.weight for i in indicators), Decimal(0)) / HUNDRED
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def _start_stage(actor, assessment, stage: Stage) -> tuple[Assessment, list[Indicator]]:
    """Lock the row, then: the role (PermissionDenied), the order (ValidationError)."""
    locked = (Assessment.objects.select_for_update(of=("self",))
              .select_related("scheme__district", "organisation__supervising_department", "community")
              .get(pk=assessment.pk))
    require(may_act(actor, locked, stage))
    expected = next_stage(locked)
    if expected != stage:
        if expected is None:
            raise ValidationError(_("该单位的考评已完成城区复核，不能再评分"))
        raise ValidationError(_("考评须按顺序进行：下一环节是“%(next)s”，不能进行“%(stage)s”")
                              % {"next": expected.label, "stage": stage.label})
    return locked, list(locked.scheme.indicators.all())


def _finish_stage(actor, assessment: Assessment, stage: Stage, indicators, scores: dict[int, Decimal], comment: str,
                  adjustment_reason: str = "", extra: dict | None = None, **changes) -> StageResult:
    total = weighted_total(indicators, scores)
    now = clock.now()
    try:
        with transaction.atomic():
            result = StageResult.objects.create(assessment=assessment, stage=stage, total=total,
                                                comment=(comment or "").strip(),
                                                adjustment_reason=(adjustment_reason or "").strip(),
                                                actor=actor, at=now)
    except IntegrityError:  # a concurrent submission of the same stage won
        raise ValidationError(_("“%(stage)s”已经完成，不能重复提交") % {"stage": stage.label}) from None
    Score.objects.bulk_create([Score(result=result, indicator_id=i.pk, score=scores[i.pk]) for i in indicators])
    Assessment.objects.filter(pk=assessment.pk).update(stage=stage, **changes)
    assessment.refresh_from_db()
    record(assessment, f"assessment.{stage}", actor, {
        "stage": stage.value, "total": str(total), "scores": {str(k): str(v) for k, v in scores.items()},
        **(extra or {})})
    return result


def check_annual_report(upload) -> tuple[str, bytes]:
    """The annual self-assessment report: a PDF or a Word (DOCX) file, checked by content, at most 10 MB.
    Returns (extension, content)."""
    if upload is None:
        raise ValidationError({"annual_report": _("请上传年度自评报告（PDF 或 Word 文件）")})
    name = getattr(upload, "name", "") or "report"
    if (getattr(upload, "size", 0) or 0) > MAX_REPORT_BYTES:
        raise ValidationError({"annual_report": _("“%(name)s”超过 10 MB") % {"name": name}})
    data = upload.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise ValidationError({"annual_report": _("“%(name)s”超过 10 MB") % {"name": name}})
    if data.startswith(b"%PDF-") and is_real_pdf(data):
        return "pdf", data
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            names = set()
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return "docx", data
    raise ValidationError({"annual_report": _("“%(name)s”不是 PDF 或 Word（DOCX）文件") % {"name": name}})


@transaction.atomic
def submit_self_assessment(*, actor, assessment: Assessment, scores, comment: str = "", annual_report=None,
                           file_to_street: bool = False, file_to_supervisor: bool = False) -> StageResult:
    """单位自评, by the unit's own liaison, with the annual report filed to both the street party working
    committee and the unit's supervising department (双报告)."""
    assessment, indicators = _start_stage(actor, assessment, Stage.SELF)
    cleaned = clean_scores(indicators, scores)
    if not (file_to_street and file_to_supervisor):
        raise ValidationError({"file_to_supervisor": _(
            "年度自评报告须同时报街道党工委和单位主管部门备案（双报告）")})
    extension, data = check_annual_report(annual_report)
    now = clock.now()
    digest = hashlib.sha256(data).hexdigest()
    assessment.annual_report.save(f"{assessment.scheme.year}-{assessment.organisation_id}-{digest[:12]}.{extension}",
                                  ContentFile(data), save=False)
    computed = {str(k): str(v) for k, v in prefill(assessment).items()}
    return _finish_stage(actor, assessment, Stage.SELF, indicators, cleaned, comment,
                         annual_report=assessment.annual_report.name,
                         report_filed_to_street_at=now, report_filed_to_supervisor_at=now,
                         extra={"annual_report_sha256": digest, "prefilled": computed,
                                "filed_to": {"street": assessment.community.parent_id,
                                             "supervisor": assessment.organisation.supervising_department_id}})


@transaction.atomic
def community_review(*, actor, assessment: Assessment, scores, comment: str = "") -> StageResult:
    """社区评议, by the community's staff, after the self-assessment."""
    assessment, indicators = _start_stage(actor, assessment, Stage.COMMUNITY)
    return _finish_stage(actor, assessment, Stage.COMMUNITY, indicators, clean_scores(indicators, scores), comment)


@transaction.atomic
def street_assessment(*, actor, assessment: Assessment, scores, comment: str = "") -> StageResult:
    """街道总评, by the street's staff, after the community review."""
    assessment, indicators = _start_stage(actor, assessment, Stage.STREET)
    return _finish_stage(actor, assessment, Stage.STREET, indicators, clean_scores(indicators, scores), comment)


def stage_scores(assessment, stage) -> dict[int, Decimal]:
    result = assessment.results.filter(stage=stage).first()
    return {s.indicator_id: s.score for s in result.scores.all()} if result else {}


@transaction.atomic
def district_recheck(*, actor, assessment: Assessment, scores, comment: str = "",
                     adjustment_reason: str = "") -> StageResult:
    """城区复核, by the district's staff, after the street's overall assessment. Any score may be adjusted,
    with a written reason; sets the final score and grade."""
    assessment, indicators = _start_stage(actor, assessment, Stage.DISTRICT)
    cleaned = clean_scores(indicators, scores)
    street = stage_scores(assessment, Stage.STREET)
    adjusted = sorted(pk for pk, value in cleaned.items() if street.get(pk) != value)
    reason = (adjustment_reason or "").strip()
    if adjusted and not reason:
        names = "、".join(i.name for i in indicators if i.pk in adjusted)
        raise ValidationError({"adjustment_reason": _("调整了“%(names)s”的评分，请填写调整理由") % {"names": names}})
    final = weighted_total(indicators, cleaned)
    grade = assessment.scheme.grade_for(final)
    return _finish_stage(actor, assessment, Stage.DISTRICT, indicators, cleaned, comment, adjustment_reason=reason,
                         final_score=final, grade=grade,
                         extra={"adjusted": adjusted, "adjustment_reason": reason, "final_score": str(final),
                                "grade": str(grade)})


STAGE_SERVICES = {Stage.SELF: submit_self_assessment, Stage.COMMUNITY: community_review,
                  Stage.STREET: street_assessment, Stage.DISTRICT: district_recheck}
assert list(STAGE_SERVICES) == STAGE_ORDER


# --- outcomes ----------------------------------------------------------------------------------------

NAME_WITH_NUMBERS = re.compile(r"\d{5,}")


def _final_assessment(scheme, organisation) -> Assessment | None:
    return scheme.assessments.filter(organisation=organisation, stage=Stage.DISTRICT).first()


@transaction.atomic
def commend(*, actor, scheme: Scheme, kind: str, organisation=None, individual: str = "", commitment=None,
            citation: str = "") -> Commendation:
    """评比表彰, chosen by the district: advanced units and advanced individuals (named as entered, with the
    unit they served with) among units whose assessment is final, influential projects whose undertakers'
    assessments are all final. Frozen once the outcomes are published."""
    scheme = _locked_scheme(scheme)
    require(may_decide_outcomes(actor, scheme))
    _not_published(scheme)
    if kind not in CommendationKind.values:
        raise ValidationError({"kind": _("请选择表彰类别")})
    individual = (individual or "").strip()
    citation = (citation or "").strip()
    if len(citation) > 300:
        raise ValidationError({"citation": _("事迹不超过 300 字")})
    if scrub(citation) != citation:
        raise ValidationError({"citation": _("表彰事迹将公开，不要填写电话或证件号码")})
    duplicate = scheme.commendations.filter(kind=kind)
    if kind in (CommendationKind.ADVANCED_UNIT, CommendationKind.ADVANCED_INDIVIDUAL):
        if organisation is None:
            raise ValidationError({"organisation": _("请选择单位")})
        if _final_assessment(scheme, organisation) is None:
            raise ValidationError({"organisation": _("“%(unit)s”的考评尚未完成城区复核，不能表彰")
                                   % {"unit": organisation.name}})
        commitment = None
        if kind == CommendationKind.ADVANCED_UNIT:
            individual = ""
            duplicate = duplicate.filter(organisation=organisation)
        else:
            if not individual or len(individual) > 50:
                raise ValidationError({"individual": _("请填写先进个人姓名（不超过 50 字）")})
            if NAME_WITH_NUMBERS.search(individual):
                raise ValidationError({"individual": _("只填写姓名，不要填写电话或证件号码")})
            duplicate = duplicate.filter(organisation=organisation, individual=individual)
    else:
        if commitment is None:
            raise ValidationError({"commitment": _("请选择项目")})
        commitment = Commitment.objects.select_related("contract__community").get(pk=commitment.pk)
        contract = commitment.contract
        if (contract.status != ContractStatus.SIGNED or contract.year != scheme.year
                or not contract.community.path.startswith(scheme.district.path)):
            raise ValidationError({"commitment": _("该项目不属于本方案的年度和城区")})
        undertakers = list(commitment.undertakers.all())
        finals = set(scheme.assessments.filter(stage=Stage.DISTRICT, organisation__in=undertakers)
                     .values_list("organisation_id", flat=True))
        if not undertakers or any(u.pk not in finals for u in undertakers):
            raise ValidationError({"commitment": _("该项目承办单位的考评尚未全部完成城区复核，不能表彰")})
        organisation, individual = None, ""
        duplicate = duplicate.filter(commitment=commitment)
    if duplicate.exists():
        raise ValidationError(_("已有相同的表彰"))
    commendation = Commendation.objects.create(scheme=scheme, kind=kind, organisation=organisation,
                                               individual=individual, commitment=commitment, citation=citation,
                                               awarded_by=actor, awarded_at=clock.now())
    record(scheme, "scheme.commended", actor, {
        "commendation": commendation.pk, "kind": kind, "organisation": getattr(organisation, "pk", None),
        "commitment": getattr(commitment, "pk", None)})
    return commendation


@transaction.atomic
def withdraw_commendation(*, actor, commendation: Commendation) -> None:
    """Remove a commendation chosen by mistake, before the outcomes are published."""
    scheme = _locked_scheme(commendation.scheme)
    require(may_decide_outcomes(actor, scheme))
    _not_published(scheme)
    record(scheme, "scheme.commendation_withdrawn", actor, {"commendation": commendation.pk,
                                                             "kind": commendation.kind})
    commendation.delete()


def notice_text(assessment: Assessment) -> str:
    return _("%(unit)s：经“单位自评、社区评议、街道总评、城区复核”，贵单位%(year)d年度契约化共建考评得分"
             "%(score)s分，等次为较差。请对照《城市基层党建共建契约书》逐项检查承诺事项的落实情况，"
             "制定整改措施，按期履约。") % {"unit": assessment.organisation.name, "year": assessment.scheme.year,
                                            "score": assessment.final_score}


@transaction.atomic
def issue_notices(*, actor, scheme: Scheme) -> list[Notice]:
    """督促提醒: one notice for every final assessment graded 较差. Safe to run again: a unit gets one."""
    scheme = _locked_scheme(scheme)
    require(may_decide_outcomes(actor, scheme))
    poor = (scheme.assessments.filter(stage=Stage.DISTRICT, grade=Grade.POOR, notice__isnull=True)
            .select_related("organisation", "scheme", "community"))
    issued = []
    for assessment in poor:
        notice = Notice.objects.create(assessment=assessment, text=notice_text(assessment), issued_at=clock.now(),
                                       issued_by=actor)
        record(assessment, "assessment.notice_issued", actor, {"notice": notice.pk})
        issued.append(notice)
    return issued


@transaction.atomic
def publish_outcomes(*, actor, scheme: Scheme) -> Scheme:
    """Publish the year's outcomes on the public boards, once every assessment has been re-checked by the
    district. Afterwards grades and commendations are frozen."""
    scheme = _locked_scheme(scheme)
    require(may_decide_outcomes(actor, scheme))
    _not_published(scheme)
    assessments = scheme.assessments.all()
    if not assessments.exists():
        raise ValidationError(_("本方案还没有参评单位"))
    pending = assessments.exclude(stage=Stage.DISTRICT).count()
    if pending:
        raise ValidationError(_("还有 %(n)d 家单位的考评未完成城区复核，不能公布结果") % {"n": pending})
    now = clock.now()
    Scheme.objects.filter(pk=scheme.pk).update(outcomes_published_at=now)
    scheme.refresh_from_db()
    grades = {g: assessments.filter(grade=g).count() for g in Grade.values}
    record(scheme, "scheme.outcomes_published", actor, {"grades": grades,
                                                         "commendations": scheme.commendations.count()})
    return scheme
