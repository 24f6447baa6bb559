"""人才储备库 JSON API under /api/v1/talent: the staff's searchable pool, one entry, adding (with consent), changing,
withdrawing, the suggestions for a need or for wanted skills, and the resident's own registration.

Reads start from `permissions.talents_visible_to`; writes call the same services as the pages. Out of scope is 404;
a refused change is 400 with a Chinese message. Names and phones as on the pages (`permissions.shown_talent`)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id, id_query
from gongzhi.lists.permissions import get_need_for_user
from gongzhi.people.permissions import people_visible_to
from gongzhi.talent import selectors, services
from gongzhi.talent.models import Talent
from gongzhi.talent.permissions import (
    communities_seen_by,
    get_talent_for_user,
    may_keep_pool,
    own_person,
    sees_talent_as_staff,
    shown_talent,
)

router = Router(tags=["人才储备库"])
SKILLS, TIMES = Query([]), Query([])  # ?skill=medical&skill=care
LIMIT = Query(10, ge=1, le=100)


class TalentOut(Schema):
    id: int
    community_id: int
    community_name: str
    person_id: int
    name: str
    phone: str
    skills: list[str]
    skill_labels: list[str]
    skills_note: str
    availability: list[str]
    availability_labels: list[str]
    source: str
    active: bool
    consent_at: dt.datetime
    registered_at: dt.datetime


class TalentFieldsIn(Schema):
    skills: list[limits.text(limits.CODE)] = []
    skills_note: limits.text(limits.SHORT_TEXT) = ""
    availability: list[limits.text(limits.CODE)] = []


class TalentAddIn(TalentFieldsIn):
    person_id: Id
    consent: bool = False
    consent_note: limits.text(limits.SHORT_TEXT) = ""


class TalentSelfIn(TalentFieldsIn):
    consent: bool = False


class TalentChangeIn(Schema):
    skills: list[limits.text(limits.CODE)] | None = None
    skills_note: limits.text(limits.SHORT_TEXT) | None = None
    availability: list[limits.text(limits.CODE)] | None = None


class TalentSuggestionOut(Schema):
    talent: TalentOut
    score: int
    matched_skills: list[str]
    matched_availability: list[str]
    reasons: list[str]


def _talent(user, t: Talent) -> dict:
    shown = shown_talent(user, t)
    return {"id": t.pk, "community_id": t.community_id, "community_name": t.community.name, "person_id": t.person_id,
            "name": shown.name, "phone": shown.phone, "skills": t.skills, "skill_labels": t.skill_labels,
            "skills_note": t.skills_note, "availability": t.availability,
            "availability_labels": t.availability_labels, "source": t.source, "active": t.active,
            "consent_at": t.consent_at, "registered_at": t.registered_at}


def _staff(request) -> None:
    if not sees_talent_as_staff(request.user):
        raise Http404


@router.get("", response=list[TalentOut], summary="人才储备库（姓名、拼音首字母、特长检索）")
@paginate
def list_talent(request, q: str = "", skill: str = "", availability: str = "", active: str = "1",
                community_id: int | None = id_query()):
    _staff(request)
    return Presented(selectors.pool(request.user, q=q[:200], skill=skill, availability=availability,
                                    community=community_id, active=active),
                     lambda t: _talent(request.user, t))


@router.get("/mine", response=list[TalentOut], summary="我的人才储备登记")
def my_entries(request):
    return [_talent(request.user, t) for t in selectors.mine(request.user)]


@router.post("/mine", response={201: TalentOut}, summary="居民本人加入人才储备库（须勾选同意）")
def register_self(request, payload: TalentSelfIn):
    person = own_person(request.user)
    if person is None:
        raise Http404
    talent = services.register_talent(actor=request.user, person=person, skills=payload.skills,
                                       skills_note=payload.skills_note, availability=payload.availability,
                                       consent=payload.consent)
    return Status(201, _talent(request.user, get_talent_for_user(request.user, talent.pk)))


@router.get("/suggest", response=list[TalentSuggestionOut],
            summary="推荐人选：为需求（need_id）或所需特长、时间推荐本社区人才储备库中的居民")
def suggest(request, community_id: int | None = id_query(), need_id: int | None = id_query(),
            skill: list[str] = SKILLS, availability: list[str] = TIMES, limit: int = LIMIT):
    _staff(request)
    need = get_need_for_user(request.user, need_id) if need_id is not None else None
    pk = community_id or (need.community_id if need is not None else None)
    if pk is None:
        raise Http404
    community = get_object_or_404(communities_seen_by(request.user), pk=pk)
    found = selectors.suggest(community=community, skills=skill, availability=availability, need=need, limit=limit)
    return [{"talent": _talent(request.user, s.talent), "score": s.score, "matched_skills": s.matched_skills,
             "matched_availability": s.matched_availability, "reasons": s.reasons} for s in found]


@router.get("/{int:talent_id}", response=TalentOut, summary="人才储备登记")
def get_talent(request, talent_id: int):
    return _talent(request.user, get_talent_for_user(request.user, talent_id))


@router.post("", response={201: TalentOut}, summary="社区登记居民加入人才储备库（须确认居民已同意）")
def add_talent(request, payload: TalentAddIn):
    person = people_visible_to(request.user).filter(pk=payload.person_id).select_related("home").first()
    if person is None:
        raise Http404
    community = services.community_of(person)
    if community is None or not may_keep_pool(request.user, community):
        raise Http404
    talent = services.register_talent(actor=request.user, person=person, skills=payload.skills,
                                       skills_note=payload.skills_note, availability=payload.availability,
                                       consent=payload.consent, consent_note=payload.consent_note)
    return Status(201, _talent(request.user, get_talent_for_user(request.user, talent.pk)))


@router.post("/{int:talent_id}", response=TalentOut, summary="修改特长和可服务时间")
def change_talent(request, talent_id: int, payload: TalentChangeIn):
    talent = get_talent_for_user(request.user, talent_id, write=True)
    services.change_talent(actor=request.user, talent=talent, skills=payload.skills,
                           skills_note=payload.skills_note, availability=payload.availability)
    return _talent(request.user, get_talent_for_user(request.user, talent_id))


@router.post("/{int:talent_id}/withdraw", response=TalentOut, summary="退出人才储备库")
def withdraw_talent(request, talent_id: int):
    talent = get_talent_for_user(request.user, talent_id, write=True)
    services.withdraw_talent(actor=request.user, talent=talent)
    return _talent(request.user, get_talent_for_user(request.user, talent_id))

