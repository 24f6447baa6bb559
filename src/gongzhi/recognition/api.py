"""The recognition JSON API under /api/v1/recognition: a volunteer's record (staff in scope, herself), the
volunteers' hours, certificates (issue, revoke, requests, the public verification), honours (open a selection,
nominate, the committee's decision, publish, the public list).

Reads start from the scoped querysets of `permissions`; writes call the same services as the pages. Out of scope
is 404; refused input is 400 with a Chinese message. Figures and fields are those of the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.frozen import FrozenDocumentAltered, altered_page
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, Year, year_query
from gongzhi.people.models import Person, VolunteerTeam
from gongzhi.people.permissions import people_visible_to
from gongzhi.recognition import documents, services
from gongzhi.recognition.models import Certificate, CertificateRequest, HonourSelection
from gongzhi.recognition.permissions import (
    certificate_candidates,
    get_certificate_for_user,
    get_record_person_for_user,
    get_request_for_user,
    get_selection_for_user,
    issuing_communities,
    may_revoke,
    own_person,
    person_facts,
    public_certificate,
    public_nominee,
    requests_visible_to,
    sees_nominations_in_full,
    selections_visible_to,
)
from gongzhi.recognition.selectors import (
    board_honours,
    certificate_list,
    record,
    volunteer_hours,
    volunteer_rows,
)
from gongzhi.regions.models import RegionKind, RegionNode

router = Router(tags=["服务证明与表彰"])


# --- schemas ------------------------------------------------------------------------------------------------------

class RecognitionKindHours(Schema):
    kind: str
    label: str
    hours: Decimal


class RecognitionYear(Schema):
    year: int
    kinds: list[RecognitionKindHours]
    total: Decimal
    times: int


class RecognitionTeamHours(Schema):
    team_id: int | None
    team: str
    hours: Decimal
    times: int


class RecognitionActivity(Schema):
    activity_id: int
    title: str
    community: str
    first_on: dt.date
    last_on: dt.date
    hours: Decimal


class RecognitionHonour(Schema):
    year: int
    kind: str
    title: str
    node: str
    selection_id: int


class RecognitionPerson(Schema):
    id: int
    name: str
    id_number: str
    phone: str


class RecognitionRecordOut(Schema):
    person: RecognitionPerson
    total: Decimal
    kinds: list[RecognitionKindHours]
    by_year: list[RecognitionYear]
    by_team: list[RecognitionTeamHours]
    activities: list[RecognitionActivity]
    honours: list[RecognitionHonour]


class RecognitionTeamShare(Schema):
    team: str
    hours: Decimal


class RecognitionVolunteerOut(Schema):
    person_id: int
    name: str
    id_number: str
    phone: str
    service: Decimal
    duty: Decimal
    honour: Decimal
    total: Decimal
    times: int
    teams: list[RecognitionTeamShare]


class CertificateOut(Schema):
    id: int
    number: str
    person_id: int
    holder_name: str
    holder_id_masked: str
    community_id: int
    community_name: str
    period_start: dt.date
    period_end: dt.date
    hours_total: Decimal
    breakdown: dict
    content: str
    issued_at: dt.datetime
    issued_by: str
    content_hash: str
    verify_path: str
    pdf_path: str
    revoked: bool
    revoked_reason: str
    revoked_at: dt.datetime | None
    may_revoke: bool


class CertificateIssueIn(Schema):
    person_id: Id
    community_id: Id
    period_start: Day
    period_end: Day
    content: limits.text(limits.NOTE) = ""
    request_id: Id | None = None


class CertificateReasonIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)


class CertificateVerifyOut(Schema):
    genuine: bool
    number: str
    name: str | None = None
    hours: Decimal | None = None
    community: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    issued_on: dt.date | None = None
    revoked: bool | None = None
    message: str


class CertificateRequestIn(Schema):
    community_id: Id
    period_start: Day
    period_end: Day
    purpose: limits.text(limits.SHORT_TEXT) = ""


class CertificateRequestOut(Schema):
    id: int
    person_id: int
    person_name: str
    community_id: int
    community_name: str
    period_start: dt.date
    period_end: dt.date
    purpose: str
    status: str
    requested_at: dt.datetime
    certificate_id: int | None
    reason: str


class HonourNominationOut(Schema):
    id: int
    public_name: str
    name: str | None
    reason: str | None
    nominated_as: str
    status: str
    decision_reason: str


class HonourSelectionOut(Schema):
    id: int
    node_id: int
    node_name: str
    year: int
    kind: str
    kind_label: str
    status: str
    committee: str
    decided_on: dt.date | None
    published_at: dt.datetime | None


class HonourSelectionDetailOut(HonourSelectionOut):
    nominations: list[HonourNominationOut]


class HonourSelectionIn(Schema):
    node_id: Id
    year: Year
    kind: limits.text(limits.CODE)


class HonourNominationIn(Schema):
    reason: limits.text(limits.SHORT_TEXT)
    person_id: Id | None = None
    building_id: Id | None = None
    nominee_name: limits.text(limits.NAME) = ""
    team_id: Id | None = None


class HonourDecisionItemIn(Schema):
    nomination_id: Id
    decision: limits.text(limits.CODE)  # selected | not_selected
    reason: limits.text(limits.SHORT_TEXT)


class HonourDecisionIn(Schema):
    committee: limits.text(limits.SHORT_TEXT)
    decided_on: Day
    decisions: list[HonourDecisionItemIn]


class HonourBoardOut(Schema):
    selection_id: int
    node_name: str
    year: int
    kind: str
    kind_label: str
    decided_on: dt.date | None
    winners: list[str]


# --- presenting -----------------------------------------------------------------------------------------------------

def _record(user, person: Person) -> dict:
    return {"person": person_facts(user, person), **record(person)}


def _certificate(user, c: Certificate) -> dict:
    return {"id": c.pk, "number": c.number, "person_id": c.person_id, "holder_name": c.holder_name,
            "holder_id_masked": c.holder_id_masked, "community_id": c.community_id,
            "community_name": c.community_name, "period_start": c.period_start, "period_end": c.period_end,
            "hours_total": c.hours_total, "breakdown": c.breakdown, "content": c.content, "issued_at": c.issued_at,
            "issued_by": str(c.issued_by) if c.issued_by else "", "content_hash": c.content_hash,
            "verify_path": documents.verification_path(c), "pdf_path": f"/recognition/certificates/{c.pk}/pdf/",
            "revoked": c.revoked, "revoked_reason": c.revoked_reason, "revoked_at": c.revoked_at,
            "may_revoke": may_revoke(user, c)}


def _request(r: CertificateRequest) -> dict:
    return {"id": r.pk, "person_id": r.person_id, "person_name": r.person.name, "community_id": r.community_id,
            "community_name": r.community.name, "period_start": r.period_start, "period_end": r.period_end,
            "purpose": r.purpose, "status": r.status, "requested_at": r.requested_at,
            "certificate_id": r.certificate_id, "reason": r.reason}


def _selection(s: HonourSelection) -> dict:
    return {"id": s.pk, "node_id": s.node_id, "node_name": s.node.name, "year": s.year, "kind": s.kind,
            "kind_label": str(s.get_kind_display()), "status": s.status, "committee": s.committee,
            "decided_on": s.decided_on, "published_at": s.published_at}


def _selection_detail(user, s: HonourSelection) -> dict:
    full = sees_nominations_in_full(user, s)
    rows = []
    for n in s.nominations.select_related("person", "building__parent", "selection"):
        mine = n.nominated_by_id == user.pk
        rows.append({"id": n.pk, "public_name": public_nominee(n),
                     "name": (n.person.name if n.person else n.nominee_name) if full or mine else None,
                     "reason": n.reason if full or mine else None, "nominated_as": n.nominated_as,
                     "status": n.status, "decision_reason": n.decision_reason})
    return {**_selection(s), "nominations": rows}


def _community(pk: int) -> RegionNode:
    return get_object_or_404(RegionNode, pk=pk, kind=RegionKind.COMMUNITY)


# --- records -----------------------------------------------------------------------------------------------------

@router.get("/me/record", response=RecognitionRecordOut, summary="我的志愿服务记录（按年度、类别、队伍；活动；表彰）")
def my_record(request):
    person = own_person(request.user)
    if person is None:
        raise Http404
    return _record(request.user, person)


@router.get("/people/{int:person_id}/record", response=RecognitionRecordOut,
            summary="志愿者的服务记录（范围内工作人员、本人）")
def person_record(request, person_id: int):
    return _record(request.user, get_record_person_for_user(request.user, person_id))


@router.get("/volunteers", response=list[RecognitionVolunteerOut],
            summary="本辖区志愿者的已确认时长（按年度、类别、队伍；手机号、身份证号按角色隐去）")
def list_volunteers(request, year: int | None = year_query(None), q: str = ""):
    if not request.user.scope.is_region_staff:
        raise Http404
    rows = list(volunteer_hours(request.user, year=year, q=q[:50])[:500])
    return volunteer_rows(request.user, rows, year=year)


# --- certificates --------------------------------------------------------------------------------------------------

@router.get("/certificates", response=list[CertificateOut], summary="志愿服务时长证明（本人范围内）")
@paginate
def list_certificates(request, q: str = "", revoked: str = ""):
    return Presented(certificate_list(request.user, q=q, revoked=revoked),
                     lambda c: _certificate(request.user, c))


@router.get("/certificates/{int:certificate_id}", response=CertificateOut, summary="证明详情")
def get_certificate(request, certificate_id: int):
    return _certificate(request.user, get_certificate_for_user(request.user, certificate_id))


@router.get("/certificates/{int:certificate_id}/pdf", summary="下载证明 PDF（范围内工作人员、本人）",
            response={200: None})
def certificate_pdf(request, certificate_id: int):
    certificate = get_certificate_for_user(request.user, certificate_id)
    try:
        services.check_frozen(certificate)
    except FrozenDocumentAltered:
        return altered_page(request)
    content = documents.certificate_pdf(certificate, url=documents.verification_url(certificate, request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@router.post("/certificates", response={201: CertificateOut},
             summary="出具志愿服务时长证明（社区工作人员；可按证明申请出具）")
def issue_certificate(request, payload: CertificateIssueIn):
    user = request.user
    community = get_object_or_404(issuing_communities(user), pk=payload.community_id)
    person = certificate_candidates(user, community).filter(pk=payload.person_id).select_related("home").first()
    if person is None:
        raise Http404
    req = get_request_for_user(user, payload.request_id, write=True) if payload.request_id else None
    certificate = services.issue_certificate(actor=user, person=person, community=community,
                                             period_start=payload.period_start, period_end=payload.period_end,
                                             content=payload.content, request=req)
    return Status(201, _certificate(user, get_certificate_for_user(user, certificate.pk)))


@router.post("/certificates/{int:certificate_id}/revoke", response=CertificateOut, summary="作废证明（须说明原因）")
def revoke_certificate(request, certificate_id: int, payload: CertificateReasonIn):
    certificate = get_certificate_for_user(request.user, certificate_id, write=True)
    services.revoke_certificate(actor=request.user, certificate=certificate, reason=payload.reason)
    return _certificate(request.user, get_certificate_for_user(request.user, certificate_id))


@router.get("/verify/{number}", response={200: CertificateVerifyOut, 404: CertificateVerifyOut}, auth=None,
            summary="公开核验证明真伪（编号 + 内容摘要前缀 h；只返回隐去的姓名、时长、社区、日期、是否作废）")
def verify_certificate(request, number: str, h: str = ""):
    certificate = services.verify(number[: limits.CODE], h[:64])
    if certificate is None:
        return Status(404, {"genuine": False, "number": number[: limits.CODE],
                            "message": "未找到该证明，或证明内容与存档不符（不是真实证明）"})
    view = public_certificate(certificate)
    return {"genuine": True, **view, "message": "该证明已作废" if certificate.revoked else "证明真实有效"}


@router.get("/certificate-requests", response=list[CertificateRequestOut], summary="证明申请（本人的，或本社区待办的）")
@paginate
def list_requests(request, status: str = ""):
    qs = requests_visible_to(request.user).select_related("person", "community")
    if status:
        qs = qs.filter(status=status[:16])
    return Presented(qs, _request)


@router.post("/certificate-requests", response={201: CertificateRequestOut}, summary="志愿者申请时长证明")
def make_request(request, payload: CertificateRequestIn):
    req = services.request_certificate(actor=request.user, community=_community(payload.community_id),
                                       period_start=payload.period_start, period_end=payload.period_end,
                                       purpose=payload.purpose)
    return Status(201, _request(get_request_for_user(request.user, req.pk)))


@router.post("/certificate-requests/{int:request_id}/decline", response=CertificateRequestOut,
             summary="不予出具（须说明原因）")
def decline_request(request, request_id: int, payload: CertificateReasonIn):
    req = get_request_for_user(request.user, request_id, write=True)
    services.decline_request(actor=request.user, request=req, reason=payload.reason)
    return _request(get_request_for_user(request.user, request_id))


# --- honours -------------------------------------------------------------------------------------------------------

@router.get("/honours", response=list[HonourSelectionOut], summary="表彰评选（本辖区；居民：所在社区和街道）")
@paginate
def list_selections(request):
    return Presented(selections_visible_to(request.user).select_related("node"), _selection)


@router.get("/honours/board/{int:community_id}", response=list[HonourBoardOut], auth=None,
            summary="社区公开栏的表彰公示（公开，只含隐去的姓名、楼院）")
def honours_board(request, community_id: int):
    return [{"selection_id": h["selection"].pk, "node_name": h["selection"].node.name, "year": h["selection"].year,
             "kind": h["selection"].kind, "kind_label": str(h["selection"].get_kind_display()),
             "decided_on": h["selection"].decided_on, "winners": h["winners"]}
            for h in board_honours(_community(community_id))]


@router.get("/honours/{int:selection_id}", response=HonourSelectionDetailOut, summary="评选详情及推荐名单")
def get_selection(request, selection_id: int):
    return _selection_detail(request.user, get_selection_for_user(request.user, selection_id))


@router.post("/honours", response={201: HonourSelectionDetailOut}, summary="发起年度评选（社区或街道工作人员）")
def open_selection(request, payload: HonourSelectionIn):
    node = get_object_or_404(RegionNode, pk=payload.node_id, kind__in=[RegionKind.COMMUNITY, RegionKind.STREET])
    if not request.user.scope.covers(node.path):
        raise Http404
    selection = services.open_selection(actor=request.user, node=node, year=payload.year, kind=payload.kind)
    return Status(201, _selection_detail(request.user, get_selection_for_user(request.user, selection.pk)))


@router.post("/honours/{int:selection_id}/nominations", response={201: HonourSelectionDetailOut},
             summary="推荐（工作人员选辖区居民或楼栋；队长以队伍名义；居民填写姓名或选楼栋），须写推荐理由")
def nominate(request, selection_id: int, payload: HonourNominationIn):
    user = request.user
    selection = get_selection_for_user(user, selection_id)
    person = building = team = None
    if payload.person_id is not None:
        person = people_visible_to(user).filter(pk=payload.person_id).select_related("home").first()
        if person is None:
            raise Http404
    if payload.building_id is not None:
        building = RegionNode.objects.filter(pk=payload.building_id, kind=RegionKind.BUILDING).first()
        if building is None:
            raise Http404
    if payload.team_id is not None:
        team = VolunteerTeam.objects.filter(pk=payload.team_id).first()
        if team is None:
            raise Http404
    services.nominate(actor=user, selection=selection, reason=payload.reason, person=person, building=building,
                      nominee_name=payload.nominee_name, team=team)
    return Status(201, _selection_detail(user, get_selection_for_user(user, selection_id)))


@router.post("/honours/{int:selection_id}/decide", response=HonourSelectionDetailOut,
             summary="记录评审委员会的评定：每一项推荐当选或未当选及理由，委员名单和评定日期")
def decide(request, selection_id: int, payload: HonourDecisionIn):
    user = request.user
    selection = get_selection_for_user(user, selection_id, write=True)
    decisions = {d.nomination_id: (d.decision, d.reason) for d in payload.decisions}
    services.decide_selection(actor=user, selection=selection, committee=payload.committee,
                              decided_on=payload.decided_on, decisions=decisions)
    return _selection_detail(user, get_selection_for_user(user, selection_id))


@router.post("/honours/{int:selection_id}/publish", response=HonourSelectionDetailOut, summary="在社区公开栏公布评选结果")
def publish(request, selection_id: int):
    user = request.user
    selection = get_selection_for_user(user, selection_id, write=True)
    services.publish_selection(actor=user, selection=selection)
    return _selection_detail(user, get_selection_for_user(user, selection_id))
