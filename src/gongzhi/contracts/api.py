"""JSON API of the contract lifecycle: one endpoint per action, the same services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.contracts import permissions as perms
from gongzhi.contracts import selectors, services
from gongzhi.contracts.models import Milestone
from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Day, Id, Moment, id_query, year_query
from gongzhi.lists.models import Need, Resource
from gongzhi.organisations.models import Organisation
from gongzhi.regions.permissions import get_node_for_user

router = Router(tags=["contracts"])


def _units(ids) -> list[Organisation]:
    units = list(Organisation.objects.filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise Http404
    return units


class ContractPartyOut(Schema):
    organisation_id: int
    organisation: str
    representative: str
    agreed: bool


class CommitmentOut(Schema):
    id: int
    area: str
    title: str
    content: str
    deadline: dt.date
    target_services: int
    target_person_times: int
    target_note: str
    undertaker_ids: list[int]
    services: int | None = None
    person_times: int | None = None
    completed: bool | None = None


class ContractOut(Schema):
    id: int
    number: str
    title: str
    community_id: int
    year: int
    term_start: dt.date
    term_end: dt.date
    status: str
    version: int
    previous_id: int | None
    document_sha256: str
    parties: list[ContractPartyOut]


class ContractDetailOut(ContractOut):
    commitments: list[CommitmentOut]


def _contract_out(c, *, commitments: bool = False) -> dict:
    out = {
        "id": c.pk, "number": c.number, "title": c.title, "community_id": c.community_id, "year": c.year,
        "term_start": c.term_start, "term_end": c.term_end, "status": c.status, "version": c.version,
        "previous_id": c.previous_id, "document_sha256": c.document_sha256,
        "parties": [{"organisation_id": p.organisation_id, "organisation": p.organisation.name,
                     "representative": p.representative, "agreed": p.agreed_at is not None}
                    for p in c.parties.all()],
    }
    if commitments:
        out["commitments"] = [_commitment_out(m) for m in selectors.with_progress(c.commitments.all())
                              .prefetch_related("undertakers")]
    return out


def _commitment_out(m) -> dict:
    out = {f: getattr(m, f) for f in ("id", "area", "title", "content", "deadline", "target_services",
                                      "target_person_times", "target_note")}
    out["undertaker_ids"] = [u.pk for u in m.undertakers.all()]
    if hasattr(m, "services"):
        out.update(services=m.services, person_times=m.person_times_done, completed=selectors.is_completed(m))
    return out


@router.get("", response=list[ContractOut], summary="共建契约（本人范围内）")
@paginate
def list_contracts(request, year: int | None = None, status: str = ""):
    qs = perms.contracts_visible_to(request.user).prefetch_related("parties__organisation")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return Presented(qs.order_by("-year", "number"), _contract_out)


@router.get("/{int:contract_id}", response=ContractDetailOut, summary="契约详情与履约进度")
def get_contract(request, contract_id: int):
    return _contract_out(perms.get_contract_for_user(request.user, contract_id), commitments=True)


class ContractMeetingIn(Schema):
    community_id: Id
    title: limits.text(120)
    starts_at: Moment
    place: limits.text(120)
    unit_ids: list[Id]
    need_ids: list[Id] = []
    resource_ids: list[Id] = []
    agenda: limits.text(limits.DESCRIPTION) = ""
    attendees: limits.text(limits.NOTE) = ""


class ContractMeetingOut(Schema):
    id: int
    title: str
    community_id: int
    starts_at: dt.datetime
    status: str
    notes: str


@router.post("/meetings", response={201: ContractMeetingOut}, summary="商约：召集商谈会（街道）")
def convene_meeting(request, payload: ContractMeetingIn):
    community = get_node_for_user(request.user, payload.community_id)
    meeting = services.convene_meeting(actor=request.user, community=community, title=payload.title,
                    starts_at=payload.starts_at, place=payload.place, units=_units(payload.unit_ids),
                    needs=Need.objects.filter(pk__in=payload.need_ids),
                    resources=Resource.objects.filter(pk__in=payload.resource_ids), agenda=payload.agenda,
                    attendees=payload.attendees)
    return Status(201, meeting)


class MinutesIn(Schema):
    notes: limits.text(limits.MINUTES)


@router.post("/meetings/{int:meeting_id}/minutes", response=ContractMeetingOut, summary="商约：记录讨论纪要")
def meeting_minutes(request, meeting_id: int, payload: MinutesIn):
    meeting = perms.get_meeting_for_user(request.user, meeting_id)
    return services.record_meeting_minutes(actor=request.user, meeting=meeting, notes=payload.notes)


class DraftIn(Schema):
    community_id: Id
    title: limits.text(120)
    year: int
    term_start: Day
    term_end: Day
    unit_ids: list[Id]
    meeting_id: Id | None = None


@router.post("", response={201: ContractOut}, summary="商约：起草契约")
def draft_contract(request, payload: DraftIn):
    community = get_node_for_user(request.user, payload.community_id)
    meeting = perms.get_meeting_for_user(request.user, payload.meeting_id) if payload.meeting_id else None
    contract = services.draft_contract(actor=request.user, community=community, title=payload.title,
                     year=payload.year, term_start=payload.term_start, term_end=payload.term_end,
                     units=_units(payload.unit_ids), meeting=meeting)
    return Status(201, _contract_out(contract))


class CommitmentIn(Schema):
    area: limits.text(limits.CODE)
    title: limits.text(120)
    content: limits.text(limits.DESCRIPTION)
    deadline: Day
    undertaker_ids: list[Id]
    beneficiaries: list[limits.text(limits.CODE)] = []
    unit_duties: limits.text(limits.NOTE) = ""
    community_duties: limits.text(limits.NOTE) = ""
    rights: limits.text(limits.NOTE) = ""
    unit_liaison: limits.text(50) = ""
    community_liaison: limits.text(50) = ""
    target_services: int = 0
    target_person_times: int = 0
    target_note: limits.text(200) = ""
    need_ids: list[Id] = []
    resource_ids: list[Id] = []
    milestones: list[tuple[limits.text(120), dt.date]] = []


@router.post("/{int:contract_id}/commitments", response={201: CommitmentOut}, summary="签约：添加承诺事项（草案）")
def add_commitment(request, contract_id: int, payload: CommitmentIn):
    contract = perms.get_contract_for_user(request.user, contract_id)
    data = payload.dict(exclude={"undertaker_ids", "need_ids", "resource_ids", "milestones"})
    commitment = services.add_commitment(actor=request.user, contract=contract,
                       undertakers=_units(payload.undertaker_ids), needs=Need.objects.filter(pk__in=payload.need_ids),
                       resources=Resource.objects.filter(pk__in=payload.resource_ids), milestones=payload.milestones,
                       **data)
    return Status(201, _commitment_out(commitment))


@router.delete("/commitments/{int:commitment_id}", response={204: None}, summary="签约：删除承诺事项（草案）")
def remove_commitment(request, commitment_id: int):
    commitment = perms.get_commitment_for_user(request.user, commitment_id)
    services.remove_commitment(actor=request.user, commitment=commitment)
    return Status(204, None)


class AgreeIn(Schema):
    organisation_id: Id
    representative: limits.text(50)


@router.post("/{int:contract_id}/agree", response=ContractOut, summary="商约：单位确认商定内容")
def agree(request, contract_id: int, payload: AgreeIn):
    contract = perms.get_contract_for_user(request.user, contract_id)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id)
    services.record_agreement(actor=request.user, contract=contract, organisation=organisation,
          representative=payload.representative)
    return _contract_out(perms.get_contract_for_user(request.user, contract_id))


class OfficerIn(Schema):
    organisation_id: Id
    officer_id: Id


@router.post("/{int:contract_id}/officers", response=ContractOut, summary="履约：城区选派单位联络员（推动履约、接收提醒）")
def appoint_officer(request, contract_id: int, payload: OfficerIn):
    from gongzhi.accounts.models import User

    contract = perms.get_contract_for_user(request.user, contract_id)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id)
    officer = get_object_or_404(User, pk=payload.officer_id)
    services.appoint_liaison_officer(actor=request.user, contract=contract, organisation=organisation,
          officer=officer)
    return _contract_out(perms.get_contract_for_user(request.user, contract_id))


@router.post("/{int:contract_id}/sign", response=ContractOut, summary="签约：签订契约（文本冻结，生成契约书PDF）")
def sign(request, contract_id: int):
    contract = perms.get_contract_for_user(request.user, contract_id)
    return _contract_out(services.sign_contract(actor=request.user, contract=contract))


class AmendIn(Schema):
    reason: limits.text(300)


@router.post("/{int:contract_id}/amend", response={201: ContractOut}, summary="签约：发起修订（新版本草案）")
def amend(request, contract_id: int, payload: AmendIn):
    contract = perms.get_contract_for_user(request.user, contract_id)
    return Status(201, _contract_out(services.amend_contract(actor=request.user, contract=contract,
                                            reason=payload.reason)))


class FulfilmentOut(Schema):
    id: int
    commitment_id: int
    date: dt.date
    content: str
    person_times: int
    volunteer_hours: Decimal
    unusual_reason: str
    organisation_id: int | None
    evidence: list[str]


@router.post("/commitments/{int:commitment_id}/fulfilments", response={201: FulfilmentOut},
             summary="履约：登记履约记录（可附照片或PDF佐证）")
def record_fulfilment(request, commitment_id: int, date: Form[dt.date], content: Form[limits.text(limits.NOTE)],
                      person_times: Form[int], volunteer_hours: Form[Decimal] = Decimal("0"),
                      organisation_id: Form[int | None] = None, evidence: File[list[UploadedFile]] = None,
                      confirm_unusual: Form[bool] = False, unusual_reason: str = Form("", max_length=limits.UNUSUAL_REASON_LENGTH)):
    """Figures are held to the bounds of `core.limits` (400 with a message per field); figures above the usual
    range need `confirm_unusual=true` and an `unusual_reason`."""
    commitment = perms.get_commitment_for_user(request.user, commitment_id)
    organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
    f = services.record_fulfilment(actor=request.user, commitment=commitment, date=date, content=content,
              person_times=person_times, volunteer_hours=volunteer_hours, organisation=organisation,
              evidence=evidence or [], confirm_unusual=confirm_unusual, unusual_reason=unusual_reason)
    return Status(201, {"id": f.pk, "commitment_id": commitment.pk, "date": f.date, "content": f.content,
                        "person_times": f.person_times, "volunteer_hours": f.volunteer_hours,
                        "unusual_reason": f.unusual_reason, "organisation_id": f.organisation_id,
                        "evidence": [e.original_name for e in f.evidence.all()]})


@router.post("/milestones/{int:milestone_id}/done", response={204: None}, summary="履约：实施步骤完成")
def milestone_done(request, milestone_id: int, on: dt.date | None = None):
    milestone = get_object_or_404(Milestone.objects.filter(commitment__in=perms.commitments_visible_to(request.user)),
                                  pk=milestone_id)
    from gongzhi.core import clock

    services.complete_milestone(actor=request.user, milestone=milestone, on=on or clock.today())
    return Status(204, None)


class PublishIn(Schema):
    community_id: Id
    year: int = Field(ge=2000, le=2100)
    period: int = Field(ge=0, le=4)


class PublicationOut(Schema):
    id: int
    community_id: int
    year: int
    period: int
    title: str
    sha256: str
    published_at: dt.datetime
    snapshot: dict


@router.post("/publications", response={201: PublicationOut}, summary="履约：公开栏公示（年初 0，季度 1–4），发布后冻结")
def publish(request, payload: PublishIn):
    community = get_node_for_user(request.user, payload.community_id)
    return Status(201, services.publish(actor=request.user, community=community, year=payload.year,
                             period=payload.period))


@router.get("/publications/{int:publication_id}", response=PublicationOut, auth=None, summary="公开栏公示（公开）")
def get_publication(request, publication_id: int):
    from gongzhi.contracts.models import Publication

    return get_object_or_404(Publication, pk=publication_id)


class FiguresOut(Schema):
    node_id: int
    year: int
    participating_units: int
    contracts: int
    committed_items: int
    completed_items: int
    services_held: int
    person_times: int
    volunteer_hours: Decimal


@router.get("/report/figures", response=FiguresOut, summary="统计：任一区划、年度的契约化共建情况")
def report_figures(request, node_id: int = id_query(...), year: int = year_query()):
    node = get_node_for_user(request.user, node_id)
    f = selectors.figures(path=node.path, year=year)
    return {"node_id": node.pk, "year": year, **f.__dict__}


