"""The cases' JSON API under /api/v1/cases: cases (list, detail, report, accept, reject, transfer, contact,
meetings, resolve, close unconfirmed, confirm, reopen, rate), whistles (blow, report, complete, withdraw, score),
escalations, categories and the 权责清单.

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope — or in sight
but not the user's to change — is 404; a refused state change or bad input is 400 with a message. The
reporter's phone is shown per role (masked for those who may not see it)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.cases import services
from gongzhi.cases.models import CaseCategory, EscalationLevel, EscalationStep, Responsibility, WhistleStatus
from gongzhi.cases.permissions import (
    case_view,
    cases_visible_to,
    get_case_for_user,
    get_whistle_for_user,
    may_edit_responsibilities,
    present_whistle,
    shown_reporter_phone,
    whistles_visible_to,
)
from gongzhi.cases.selectors import (
    annotate_list,
    escalations_visible_to,
    filter_cases,
    responsibility_counts,
    timeline,
)
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, Moment, id_query
from gongzhi.organisations.models import Department
from gongzhi.people.models import Person
from gongzhi.people.permissions import shown_text_of
from gongzhi.regions.models import RegionKind, RegionNode

router = Router(tags=["吹哨报到"])


# --- schemas ----------------------------------------------------------------------------------------------

class CaseCategoryOut(Schema):
    id: int
    code: str
    name: str
    group: str
    urgency: str
    is_dispute: bool
    resolution_counting: str
    resolution_hours: int
    resolution_days: int
    response_counting: str
    response_hours: int
    contact_hours: int
    confirm_days: int
    active: bool


class CaseOut(Schema):
    id: int
    number: str
    kind: str
    category: str
    category_name: str
    community_id: int
    community_name: str
    title: str
    channel: str
    status: str
    owner_id: int | None
    reported_at: dt.datetime
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    satisfaction: str
    overdue: bool
    active_whistles: int
    escalations: int


class CaseEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    at: dt.datetime
    note: str


class WhistleOut(Schema):
    id: int
    case_id: int
    case_number: str
    department_id: int
    department_name: str
    request: str
    status: str
    blown_at: dt.datetime
    respond_due_at: dt.datetime
    reported_at: dt.datetime | None
    report_note: str
    act_due_at: dt.datetime
    done_at: dt.datetime | None
    action: str
    withdrawn_reason: str
    score: int | None
    score_comment: str


class CaseMeetingOut(Schema):
    id: int
    held_at: dt.datetime
    place: str
    participants: str
    minutes: str
    agreement: str
    department_ids: list[int]


class CaseDetailOut(CaseOut):
    description: str
    place_id: int | None
    address: str
    lat: float | None
    long: float | None
    attributes: dict
    reporter_name: str
    reporter_phone: str
    contact_due_at: dt.datetime | None
    contacted_at: dt.datetime | None
    result: str
    reject_reason: str
    confirm_due_at: dt.datetime | None
    confirmation: str
    rating_comment: str
    public_description: str
    whistles: list[WhistleOut]
    meetings: list[CaseMeetingOut]
    events: list[CaseEventOut]


class EscalationOut(Schema):
    id: int
    case_id: int
    whistle_id: int | None
    step: str
    level: str
    to_region_id: int
    due_at: dt.datetime
    created_at: dt.datetime
    message: str


class ReportIn(Schema):
    category: str
    community_id: Id
    title: str = Field("", max_length=120)
    description: str = Field(..., max_length=4000)
    channel: str
    place_id: Id | None = None
    address: str = Field("", max_length=200)
    lat: float | None = None
    long: float | None = None
    reporter_id: Id | None = None
    reporter_name: str = Field("", max_length=50)
    reporter_phone: str = Field("", max_length=20)
    reporter_email: str = Field("", max_length=254)
    attributes: dict = {}


class CaseReasonIn(Schema):
    reason: str = Field(..., max_length=300)


class CaseNoteIn(Schema):
    note: str = Field("", max_length=300)


class TransferIn(Schema):
    to_user_id: Id
    reason: str = Field(..., max_length=300)


class WhistleIn(Schema):
    department_ids: list[Id]
    request: str = Field(..., max_length=2000)


class CaseMeetingIn(Schema):
    held_at: Moment
    place: str = Field(..., max_length=120)
    department_ids: list[Id] = []
    participants: str = Field(..., max_length=500)
    minutes: str = Field(..., max_length=5000)
    agreement: str = Field("", max_length=5000)


class ResolveIn(Schema):
    result: str = Field(..., max_length=4000)


class ActionIn(Schema):
    action: str = Field(..., max_length=4000)


class CaseWordingIn(Schema):
    wording: str = Field("", max_length=300)


class ScoreIn(Schema):
    score: int
    comment: str = Field("", max_length=300)


class CaseRateIn(Schema):
    satisfaction: str
    comment: str = Field("", max_length=300)


class ResponsibilityOut(Schema):
    id: int
    region_id: int
    kind: str
    parent_id: int | None
    level: int
    title: str
    basis: str
    order: int
    department_ids: list[int]
    case_category_codes: list[str]

    @staticmethod
    def resolve_department_ids(obj) -> list[int]:
        return [d.pk for d in obj.departments.all()]

    @staticmethod
    def resolve_case_category_codes(obj) -> list[str]:
        return [c.code for c in obj.case_categories.all()]


class ResponsibilityIn(Schema):
    region_id: Id
    kind: str = ""
    parent_id: Id | None = None
    title: str = Field(..., max_length=200)
    basis: str = Field("", max_length=300)
    department_ids: list[Id] = []
    case_category_codes: list[str] = []
    order: int = 100


class ResponsibilityEditIn(Schema):
    title: str = Field(..., max_length=200)
    basis: str = Field("", max_length=300)
    department_ids: list[Id] = []
    case_category_codes: list[str] = []
    order: int | None = None


class KindCountOut(Schema):
    kind: str
    label: str
    categories: int
    items: int
    sub_items: int
    description: str


class ResponsibilityListOut(Schema):
    region_id: int
    region_name: str
    counts: list[KindCountOut]
    lines: list[ResponsibilityOut]


# --- helpers ----------------------------------------------------------------------------------------------

def _case_row(case, user=None) -> dict:
    title = shown_text_of(user, case, case.title) if user is not None else case.title
    return {
        "id": case.pk, "number": case.number, "kind": case.kind, "category": case.category.code,
        "category_name": case.category.name, "community_id": case.community_id, "community_name": case.community.name,
        "title": title, "channel": case.channel, "status": case.status, "owner_id": case.owner_id,
        "reported_at": case.reported_at, "accepted_at": case.accepted_at, "due_at": case.due_at,
        "resolved_at": case.resolved_at, "closed_at": case.closed_at, "satisfaction": case.satisfaction,
        "overdue": bool(getattr(case, "is_overdue", False)), "active_whistles": getattr(case, "active_whistles", 0),
        "escalations": getattr(case, "escalation_count", 0),
    }


def _detail(request, case) -> dict:
    """The case as `case_view` lets this viewer see it — the same decision as the staff and phone pages."""
    user = request.user
    view = case_view(user, case)
    text = view.text_of
    case = annotate_list(cases_visible_to(user).filter(pk=case.pk)).get()
    whistles = view.whistles(case.whistles.select_related("department").order_by("blown_at", "pk"))
    for w in whistles:
        w.case = case
    meetings = [{"id": m.pk, "held_at": m.held_at, "place": m.place, "participants": m.participants,
                 "minutes": text(m.minutes), "agreement": text(m.agreement),
                 "department_ids": [d.pk for d in m.departments.all()]}
                for m in case.meetings.prefetch_related("departments")] if view.staff else []
    return {**_case_row(case, user),
            "description": text(case.description), "place_id": case.place_id, "address": case.address,
            "lat": float(case.lat) if case.lat is not None else None,
            "long": float(case.long) if case.long is not None else None, "attributes": case.attributes,
            "reporter_name": case.reporter_name, "reporter_phone": shown_reporter_phone(user, case),
            "contact_due_at": case.contact_due_at, "contacted_at": case.contacted_at, "result": text(case.result),
            "reject_reason": text(case.reject_reason), "confirm_due_at": case.confirm_due_at,
            "confirmation": case.confirmation, "rating_comment": text(case.rating_comment),
            "public_description": case.public_description,
            "whistles": [present_whistle(view, w) for w in whistles], "meetings": meetings,
            "events": [{"action": e.action, "from_status": e.from_status, "to_status": e.to_status, "at": e.at,
                        "note": text(e.note)} for e in timeline(case, public_only=not view.staff)]}


def _category(code: str) -> CaseCategory:
    category = CaseCategory.objects.filter(code=code, active=True).select_related("calendar").first()
    if category is None:
        raise ValidationError({"category": _("未知的诉求类别：%(c)s") % {"c": code}})
    return category


def _node(pk: int | None, *kinds) -> RegionNode | None:
    if pk is None:
        return None
    node = RegionNode.objects.filter(pk=pk, **({"kind__in": kinds} if kinds else {})).first()
    if node is None:
        raise Http404
    return node


def _departments(ids) -> list[Department]:
    ids = list(dict.fromkeys(ids or ()))
    found = list(Department.objects.filter(pk__in=ids).select_related("home"))
    if len(found) != len(ids):
        raise ValidationError({"departments": _("部门不存在")})
    return found


def _categories(codes) -> list[CaseCategory]:
    codes = list(dict.fromkeys(codes or ()))
    found = list(CaseCategory.objects.filter(code__in=codes))
    if len(found) != len(codes):
        raise ValidationError({"case_categories": _("诉求类别不存在")})
    return found


# --- categories -------------------------------------------------------------------------------------------

@router.get("/categories", response=list[CaseCategoryOut], summary="诉求类别及其时限")
def list_categories(request):
    return CaseCategory.objects.filter(active=True).order_by("order", "code")


# --- cases ------------------------------------------------------------------------------------------------

@router.get("", response=list[CaseOut], summary="诉求案件（本人范围内）")
@paginate
def list_cases(request, q: str = "", status: str = "", category: str = "", channel: str = "", overdue: bool = False,
               department_id: int | None = id_query(), mine: bool = False):
    qs = filter_cases(cases_visible_to(request.user), q=q, status=status, category=category, channel=channel,
                      overdue=overdue, department=str(department_id or ""),
                      mine_user=request.user if mine else None)
    return Presented(annotate_list(qs).order_by("-reported_at", "-pk"), lambda c: _case_row(c, request.user))


@router.get("/escalations", response=list[EscalationOut], summary="超时督办（本人辖区）")
@paginate
def list_escalations(request, level: str = "", step: str = ""):
    qs = escalations_visible_to(request.user)
    if level and level not in EscalationLevel.values:
        raise ValidationError({"level": "level: " + ", ".join(EscalationLevel.values)})
    if step and step not in EscalationStep.values:
        raise ValidationError({"step": "step: " + ", ".join(EscalationStep.values)})
    if level:
        qs = qs.filter(level=level)
    if step:
        qs = qs.filter(step=step)
    return qs.order_by("-created_at", "-pk")


@router.post("", response={201: CaseDetailOut}, summary="反映诉求（居民本人；网格员、社区工作人员代居民登记）")
def report_case(request, payload: ReportIn):
    community = _node(payload.community_id, RegionKind.COMMUNITY)
    reporter = None
    if payload.reporter_id is not None:
        reporter = Person.objects.filter(request.user.scope.in_regions("home__path"), pk=payload.reporter_id) \
            .select_related("home").first()
        if reporter is None:
            raise Http404
    case = services.report_case(actor=request.user, category=_category(payload.category), community=community,
                title=payload.title, description=payload.description, channel=payload.channel,
                place=_node(payload.place_id), address=payload.address, lat=payload.lat, long=payload.long,
                reporter=reporter, reporter_name=payload.reporter_name, reporter_phone=payload.reporter_phone,
                reporter_email=payload.reporter_email, attributes=payload.attributes)
    return Status(201, _detail(request, case))


@router.get("/whistles", response=list[WhistleOut], summary="吹哨（接哨员：本部门的吹哨）")
@paginate
def list_whistles(request, status: str = "", case_id: int | None = id_query()):
    qs = whistles_visible_to(request.user).select_related("case", "department")
    if status and status not in WhistleStatus.values:
        raise ValidationError({"status": "status: " + ", ".join(WhistleStatus.values)})
    if status:
        qs = qs.filter(status=status)
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    user = request.user
    return Presented(qs.select_related("case__community").order_by("-blown_at", "-pk"),
                     lambda w: present_whistle(case_view(user, w.case), w))


@router.get("/responsibilities", response=ResponsibilityListOut, summary="权责清单（区划的全部事项与分类计数）")
def list_responsibilities(request, region_id: int = id_query(...)):
    region = _node(region_id, RegionKind.CITY, RegionKind.DISTRICT, RegionKind.STREET)
    lines = (Responsibility.objects.filter(region=region).prefetch_related("departments", "case_categories")
             .order_by("kind", "level", "order", "pk"))
    counts = [{"kind": s.kind, "label": s.label, "categories": s.levels[0], "items": s.levels[1],
               "sub_items": s.levels[2], "description": s.description} for s in responsibility_counts(region)]
    return {"region_id": region.pk, "region_name": region.name, "counts": counts, "lines": list(lines)}


@router.post("/responsibilities", response={201: ResponsibilityOut}, summary="添加权责清单事项（城区/街道工作人员）")
def add_responsibility(request, payload: ResponsibilityIn):
    region = _node(payload.region_id)
    if not may_edit_responsibilities(request.user, region):
        raise Http404
    parent = None
    if payload.parent_id is not None:
        parent = Responsibility.objects.filter(pk=payload.parent_id, region=region).first()
        if parent is None:
            raise ValidationError({"parent": _("上级事项须属于同一份清单")})
    line = services.add_responsibility(actor=request.user, region=region, kind=payload.kind, parent=parent,
                title=payload.title, basis=payload.basis, departments=_departments(payload.department_ids),
                case_categories=_categories(payload.case_category_codes), order=payload.order)
    return Status(201, line)


def _line_for_edit(request, pk) -> Responsibility:
    line = Responsibility.objects.select_related("region").filter(pk=pk).first()
    if line is None or not may_edit_responsibilities(request.user, line.region):
        raise Http404
    return line


@router.post("/responsibilities/{line_id}", response=ResponsibilityOut, summary="修改权责清单事项")
def edit_responsibility(request, line_id: int, payload: ResponsibilityEditIn):
    line = _line_for_edit(request, line_id)
    return services.edit_responsibility(actor=request.user, responsibility=line, title=payload.title,
                basis=payload.basis, departments=_departments(payload.department_ids),
                case_categories=_categories(payload.case_category_codes), order=payload.order)


@router.delete("/responsibilities/{line_id}", response=dict[str, int], summary="删除权责清单事项（连同下级）")
def remove_responsibility(request, line_id: int):
    line = _line_for_edit(request, line_id)
    return {"removed": services.remove_responsibility(actor=request.user, responsibility=line)}


@router.get("/{case_id}", response=CaseDetailOut, summary="案件详情：吹哨、协调会、进展")
def get_case(request, case_id: int):
    return _detail(request, get_case_for_user(request.user, case_id))


@router.get("/{case_id}/suggestions", response=dict, summary="建议吹哨的部门（依据权责清单）")
def case_suggestions(request, case_id: int):
    from gongzhi.cases.selectors import whistle_advice

    case = get_case_for_user(request.user, case_id, write=True)
    advice = whistle_advice(case)
    return {"community_handles_it": advice.community_handles_it, "autonomous": advice.autonomous,
            "departments": [{"id": s.department.pk, "name": s.department.name, "kinds": s.kinds, "lines": s.lines,
                             "whistled": s.whistled} for s in advice.suggestions]}


def _case_call(request, case_id: int, service, *, write=True, **kwargs):
    case = get_case_for_user(request.user, case_id, write=write)
    service(actor=request.user, case=case, **kwargs)
    return _detail(request, case)


@router.post("/{case_id}/accept", response=CaseDetailOut, summary="受理（首问负责）")
def accept_case(request, case_id: int):
    return _case_call(request, case_id, services.accept_case)


@router.post("/{case_id}/reject", response=CaseDetailOut, summary="不予受理（须说明理由）")
def reject_case(request, case_id: int, payload: CaseReasonIn):
    return _case_call(request, case_id, services.reject_case, reason=payload.reason)


@router.post("/{case_id}/transfer", response=CaseDetailOut, summary="移交首问责任")
def transfer_case(request, case_id: int, payload: TransferIn):
    from django.contrib.auth import get_user_model

    to_user = get_user_model().objects.filter(pk=payload.to_user_id).first()
    if to_user is None:
        raise ValidationError({"to_user": _("人员不存在")})
    return _case_call(request, case_id, services.transfer_case, to_user=to_user, reason=payload.reason)


@router.post("/{case_id}/contact", response=CaseDetailOut, summary="登记联系诉求人")
def record_contact(request, case_id: int, payload: CaseNoteIn):
    return _case_call(request, case_id, services.record_contact, note=payload.note)


@router.post("/{case_id}/whistles", response={201: list[WhistleOut]}, summary="吹哨（可同时向多个部门）")
def blow_whistle(request, case_id: int, payload: WhistleIn):
    case = get_case_for_user(request.user, case_id, write=True)
    whistles = services.blow_whistle(actor=request.user, case=case,
                    departments=_departments(payload.department_ids), request=payload.request)
    view = case_view(request.user, case)
    return Status(201, [present_whistle(view, w) for w in whistles])


@router.post("/{case_id}/meetings", response={201: CaseMeetingOut}, summary="登记协调会")
def record_meeting(request, case_id: int, payload: CaseMeetingIn):
    case = get_case_for_user(request.user, case_id, write=True)
    meeting = services.record_meeting(actor=request.user, case=case, held_at=payload.held_at,
                   place=payload.place, departments=_departments(payload.department_ids),
                   participants=payload.participants, minutes=payload.minutes, agreement=payload.agreement)
    return Status(201, {"id": meeting.pk, "held_at": meeting.held_at, "place": meeting.place,
                        "participants": meeting.participants, "minutes": meeting.minutes,
                        "agreement": meeting.agreement, "department_ids": [d.pk for d in meeting.departments.all()]})


@router.post("/{case_id}/resolve", response=CaseDetailOut, summary="办结（所有吹哨须已办结或撤回）")
def resolve_case(request, case_id: int, payload: ResolveIn):
    return _case_call(request, case_id, services.resolve_case, result=payload.result)


@router.post("/{case_id}/close", response=CaseDetailOut, summary="居民逾期未确认，工作人员关闭")
def close_unconfirmed(request, case_id: int, payload: CaseReasonIn):
    return _case_call(request, case_id, services.close_unconfirmed, reason=payload.reason)


@router.post("/{case_id}/confirm", response=CaseDetailOut, summary="居民确认办理结果")
def confirm_case(request, case_id: int):
    return _case_call(request, case_id, services.confirm_case, write=False)


@router.post("/{case_id}/public-wording", response=CaseDetailOut, summary="审定对外公开的诉求表述（Open311、公开栏）")
def set_public_wording(request, case_id: int, payload: CaseWordingIn):
    return _case_call(request, case_id, services.set_public_wording, wording=payload.wording)


@router.post("/{case_id}/reopen", response=CaseDetailOut, summary="居民对办理结果提出异议")
def reopen_case(request, case_id: int, payload: CaseReasonIn):
    return _case_call(request, case_id, services.reopen_case, write=False, reason=payload.reason)


@router.post("/{case_id}/rate", response=CaseDetailOut, summary="居民评价（满意/基本满意/不满意）")
def rate_case(request, case_id: int, payload: CaseRateIn):
    return _case_call(request, case_id, services.rate_case, write=False, satisfaction=payload.satisfaction,
                      comment=payload.comment)


# --- whistle steps ----------------------------------------------------------------------------------------

def _whistle_call(request, whistle_id: int, service, **kwargs):
    whistle = get_whistle_for_user(request.user, whistle_id)
    done = service(actor=request.user, whistle=whistle, **kwargs)
    return present_whistle(case_view(request.user, done.case), done)


@router.post("/whistles/{whistle_id}/report", response=WhistleOut, summary="接哨报到")
def report_whistle(request, whistle_id: int, payload: CaseNoteIn):
    return _whistle_call(request, whistle_id, services.report_whistle, note=payload.note)


@router.post("/whistles/{whistle_id}/complete", response=WhistleOut, summary="部门办结")
def complete_whistle(request, whistle_id: int, payload: ActionIn):
    return _whistle_call(request, whistle_id, services.complete_whistle, action=payload.action)


@router.post("/whistles/{whistle_id}/withdraw", response=WhistleOut, summary="撤回吹哨")
def withdraw_whistle(request, whistle_id: int, payload: CaseReasonIn):
    return _whistle_call(request, whistle_id, services.withdraw_whistle, reason=payload.reason)


@router.post("/whistles/{whistle_id}/score", response=WhistleOut, summary="吹哨满意度赋分（0–100）")
def score_whistle(request, whistle_id: int, payload: ScoreIn):
    return _whistle_call(request, whistle_id, services.score_whistle, score=payload.score, comment=payload.comment)

