"""楼门管家 JSON API under /api/v1/stewards: stewards, vacancies, appointing, roles, monthly evaluations (and the
missing ones), commendations, honourable retirement, the suggestions stewards collect (recorded on the phone) and
turning them into needs or cases, the steward's own record, and the sweep.

Reads start from the scoped querysets; writes call the same services as the pages. Out of scope is 404; a refused
change (a second steward for a post, a future month, a duplicate evaluation, retiring a retired steward …) is 400 with
a Chinese message and writes nothing. Names and phones as on the pages (`permissions.shown_steward`)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.cases.models import CaseCategory
from gongzhi.chronicle.versions import CountedUntilChange
from gongzhi.core import clock, limits
from gongzhi.core.listing import KeysFirst, Presented
from gongzhi.core.schemas import Day, Id, id_query
from gongzhi.lists.models import Category, Channel
from gongzhi.people.permissions import people_visible_to
from gongzhi.regions.models import RegionNode
from gongzhi.stewards import selectors, services
from gongzhi.stewards.models import Evaluation, Steward, Suggestion
from gongzhi.stewards.permissions import (
    communities_seen_by,
    current_post_of,
    get_steward_for_user,
    get_suggestion_for_user,
    may_run_stewards,
    sees_stewards_as_staff,
    shown_steward,
)

router = Router(tags=["楼门管家"])


class StewardOut(Schema):
    id: int
    community_id: int
    post_id: int
    post: str
    person_id: int
    name: str
    phone: str
    selection: str
    selection_label: str
    roles: list[str]
    role_labels: list[str]
    started_on: dt.date
    status: str
    retired_on: dt.date | None
    retirement_reason: str


class AppointIn(Schema):
    post_id: Id
    person_id: Id
    selection: limits.text(limits.CODE)
    roles: list[limits.text(limits.CODE)]
    started_on: Day | None = None
    selection_note: limits.text(limits.SHORT_TEXT) = ""


class RolesIn(Schema):
    roles: list[limits.text(limits.CODE)]


class EvaluationIn(Schema):
    month: limits.text(7)
    grade: limits.text(limits.CODE)
    note: limits.text(limits.SHORT_TEXT) = ""


class EvaluationOut(Schema):
    id: int
    steward_id: int
    month: str
    grade: str
    grade_label: str
    note: str
    evaluated_at: dt.datetime


class MissingOut(Schema):
    steward: StewardOut
    month: str


class CommendIn(Schema):
    title: limits.text(limits.TITLE)
    awarded_on: Day | None = None
    reason: limits.text(limits.SHORT_TEXT) = ""
    name_shown: limits.text(limits.CODE) = "masked"


class StewardCommendationOut(Schema):
    id: int
    steward_id: int
    awarded_on: dt.date
    title: str
    reason: str
    public_name: str


class RetireIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)
    retired_on: Day | None = None


class VacancyOut(Schema):
    post_id: int
    post: str
    kind: str


class SuggestionIn(Schema):
    text: limits.text(limits.NOTE)
    collected_on: Day | None = None
    steward_id: Id | None = None


class StewardSuggestionOut(Schema):
    id: int
    steward_id: int
    community_id: int
    text: str
    collected_on: dt.date
    status: str
    status_label: str
    need_id: int | None
    case_id: int | None
    case_number: str | None
    decline_reason: str


class ToNeedIn(Schema):
    title: limits.text(120)
    category_id: Id
    channel: limits.text(limits.CODE) = Channel.GRID_VISIT


class ToCaseIn(Schema):
    category_id: Id
    title: limits.text(120) = ""


class DeclineIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)


class StewardsSweepOut(Schema):
    reminded: int


# --- presenting -----------------------------------------------------------------------------------------------------

def _steward(user, s: Steward) -> dict:
    shown = shown_steward(user, s)
    return {"id": s.pk, "community_id": s.community_id, "post_id": s.post_id, "post": selectors.post_label(s.post),
            "person_id": s.person_id, "name": shown.name, "phone": shown.phone, "selection": s.selection,
            "selection_label": str(s.get_selection_display()), "roles": s.roles, "role_labels": s.role_labels,
            "started_on": s.started_on, "status": s.status, "retired_on": s.retired_on,
            "retirement_reason": s.retirement_reason}


def _evaluation(e: Evaluation) -> dict:
    return {"id": e.pk, "steward_id": e.steward_id, "month": f"{e.month:%Y-%m}", "grade": e.grade,
            "grade_label": str(e.get_grade_display()), "note": e.note, "evaluated_at": e.evaluated_at}


def _suggestion(x: Suggestion) -> dict:
    return {"id": x.pk, "steward_id": x.steward_id, "community_id": x.community_id, "text": x.text,
            "collected_on": x.collected_on, "status": x.status, "status_label": str(x.get_status_display()),
            "need_id": x.need_id, "case_id": x.case_id, "case_number": x.case.number if x.case_id else None,
            "decline_reason": x.decline_reason}


def _staff(request) -> None:
    if not sees_stewards_as_staff(request.user):
        raise Http404


def _fresh(request, pk: int) -> dict:
    return _steward(request.user, get_steward_for_user(request.user, pk))


# --- reading -----------------------------------------------------------------------------------------------------------

@router.get("", response=list[StewardOut], summary="楼门管家（本人范围内的社区）")
@paginate
def list_stewards(request, status: str = "", role: str = "", q: str = "", community_id: int | None = id_query()):
    _staff(request)
    return Presented(KeysFirst(selectors.stewards(request.user, community=community_id, status=status, role=role,
                                                  q=q[:200])),
                     lambda s: _steward(request.user, s))


@router.get("/mine", response=list[StewardOut], summary="我的楼门管家任职")
def mine(request):
    return [_steward(request.user, s) for s in selectors.my_posts(request.user)]


@router.get("/vacancies", response=list[VacancyOut], summary="空缺楼门（没有在任楼门管家的单元或楼栋），按楼门顺序分页")
@paginate
def list_vacancies(request, community_id: int = id_query(...)):
    _staff(request)
    community = get_object_or_404(communities_seen_by(request.user), pk=community_id)
    # a district's community holds thousands of entrances: one page of them is presented, the total counted in SQL
    return Presented(selectors.vacant_posts(community),
                     lambda n: {"post_id": n.pk, "post": selectors.post_label(n), "kind": n.kind})


@router.get("/evaluations/missing", response=list[MissingOut], summary="某月未评价的楼门管家（默认上月），按楼门顺序分页")
@paginate
def missing(request, month: str = "", community_id: int | None = id_query()):
    _staff(request)
    the_month = services.parse_month(month or selectors.previous_month(clock.today()))
    label = f"{the_month:%Y-%m}"
    # the month's sheet without an evaluation, as `?missing=1` of the sheet page: a page of keys, then its rows
    # (the total counted once until the chronicle's next entry: recording an evaluation is one)
    sheet = selectors.sheet_stewards(request.user, month=the_month, community=community_id, missing=True)
    return Presented(CountedUntilChange(KeysFirst(sheet), "stewards-sheet"),
                     lambda s: {"steward": _steward(request.user, s), "month": label})


@router.get("/suggestions", response=list[StewardSuggestionOut], summary="楼门管家收集的意见建议")
@paginate
def list_suggestions(request, status: str = "", q: str = "", community_id: int | None = id_query()):
    return Presented(selectors.suggestions(request.user, community=community_id, status=status, q=q[:200]),
                     _suggestion)


@router.get("/suggestions/{int:suggestion_id}", response=StewardSuggestionOut, summary="意见建议")
def get_suggestion(request, suggestion_id: int):
    return _suggestion(get_suggestion_for_user(request.user, suggestion_id))


@router.get("/{int:steward_id}", response=StewardOut, summary="楼门管家")
def get_steward(request, steward_id: int):
    return _fresh(request, steward_id)


@router.get("/{int:steward_id}/evaluations", response=list[EvaluationOut], summary="楼门管家的月度评价")
def list_evaluations(request, steward_id: int):
    return [_evaluation(e) for e in selectors.evaluations_of(get_steward_for_user(request.user, steward_id))]


@router.get("/{int:steward_id}/commendations", response=list[StewardCommendationOut], summary="楼门管家的表彰")
def list_commendations(request, steward_id: int):
    steward = get_steward_for_user(request.user, steward_id)
    return list(steward.commendations.order_by("-awarded_on", "-pk"))


# --- writing -------------------------------------------------------------------------------------------------------------

@router.post("", response={201: StewardOut}, summary="选任楼门管家（居民推荐、本人自荐或社区任命）")
def appoint(request, payload: AppointIn):
    post = get_object_or_404(RegionNode, pk=payload.post_id)
    community = services.community_of(post)
    if community is None or not may_run_stewards(request.user, community):
        raise Http404
    person = people_visible_to(request.user).filter(pk=payload.person_id).select_related("home").first()
    if person is None:
        raise Http404
    steward = services.appoint(actor=request.user, post=post, person=person, selection=payload.selection,
                               roles=payload.roles, started_on=payload.started_on,
                               selection_note=payload.selection_note)
    return Status(201, _fresh(request, steward.pk))


@router.post("/{int:steward_id}/roles", response=StewardOut, summary="调整楼门管家职责")
def set_roles(request, steward_id: int, payload: RolesIn):
    steward = get_steward_for_user(request.user, steward_id, write=True)
    services.set_roles(actor=request.user, steward=steward, roles=payload.roles)
    return _fresh(request, steward_id)


@router.post("/{int:steward_id}/evaluations", response={201: EvaluationOut},
             summary="月度评价（每人每月一次，不能评价未来月份）")
def evaluate(request, steward_id: int, payload: EvaluationIn):
    steward = get_steward_for_user(request.user, steward_id, write=True)
    evaluation = services.evaluate(actor=request.user, steward=steward, month=payload.month, grade=payload.grade,
                                   note=payload.note)
    return Status(201, _evaluation(evaluation))


@router.post("/{int:steward_id}/commendations", response={201: StewardCommendationOut}, summary="表彰楼门管家")
def commend(request, steward_id: int, payload: CommendIn):
    steward = get_steward_for_user(request.user, steward_id, write=True)
    return Status(201, services.commend(actor=request.user, steward=steward, title=payload.title,
                                        awarded_on=payload.awarded_on, reason=payload.reason,
                                        name_shown=payload.name_shown))


@router.post("/{int:steward_id}/retire", response=StewardOut, summary="光荣退休（该楼门成为空缺）")
def retire(request, steward_id: int, payload: RetireIn):
    steward = get_steward_for_user(request.user, steward_id, write=True)
    services.retire(actor=request.user, steward=steward, retired_on=payload.retired_on, reason=payload.reason)
    return _fresh(request, steward_id)


@router.post("/suggestions", response={201: StewardSuggestionOut},
             summary="提交收集到的意见建议（楼门管家本人；社区工作人员可代为登记）")
def submit_suggestion(request, payload: SuggestionIn):
    steward = None
    if payload.steward_id is not None:
        steward = get_steward_for_user(request.user, payload.steward_id)
    elif current_post_of(request.user) is None:
        raise Http404
    suggestion = services.submit_suggestion(actor=request.user, text=payload.text, steward=steward,
                                            collected_on=payload.collected_on)
    return Status(201, _suggestion(get_suggestion_for_user(request.user, suggestion.pk)))


@router.post("/suggestions/{int:suggestion_id}/need", response=StewardSuggestionOut, summary="意见建议转为需求")
def to_need(request, suggestion_id: int, payload: ToNeedIn):
    suggestion = get_suggestion_for_user(request.user, suggestion_id, write=True)
    category = get_object_or_404(Category, pk=payload.category_id)
    services.to_need(actor=request.user, suggestion=suggestion, title=payload.title, category=category,
                     channel=payload.channel)
    return _suggestion(get_suggestion_for_user(request.user, suggestion_id))


@router.post("/suggestions/{int:suggestion_id}/case", response=StewardSuggestionOut, summary="意见建议转为诉求（接诉即办）")
def to_case(request, suggestion_id: int, payload: ToCaseIn):
    suggestion = get_suggestion_for_user(request.user, suggestion_id, write=True)
    category = get_object_or_404(CaseCategory, pk=payload.category_id)
    services.to_case(actor=request.user, suggestion=suggestion, category=category, title=payload.title)
    return _suggestion(get_suggestion_for_user(request.user, suggestion_id))


@router.post("/suggestions/{int:suggestion_id}/decline", response=StewardSuggestionOut, summary="意见建议不予采纳")
def decline(request, suggestion_id: int, payload: DeclineIn):
    suggestion = get_suggestion_for_user(request.user, suggestion_id, write=True)
    services.decline(actor=request.user, suggestion=suggestion, reason=payload.reason)
    return _suggestion(get_suggestion_for_user(request.user, suggestion_id))


@router.post("/sweep", response=StewardsSweepOut, summary="立即提醒上月未完成的月度评价（系统管理员）")
def run_sweep(request):
    if not request.user.scope.everything:
        raise Http404
    return {"reminded": services.sweep()}
