"""居民提议 JSON API under /api/v1/proposals: the community's proposals (authors' names only for staff in scope, as
on the pages), submit, support, answer, agenda note. Reads start from the scoped queryset; writes call the same
services as the pages; 404 out of scope, 400 with a Chinese message for refused input."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import limits
from gongzhi.core.listing import Presented
from gongzhi.proposals import selectors, services
from gongzhi.proposals.models import Proposal
from gongzhi.proposals.permissions import get_proposal_for_user, sees_proposals_as_staff, shows_author

router = Router(tags=["居民提议"])


class ResidentProposalOut(Schema):
    id: int
    community_id: int
    community_name: str
    title: str
    problem: str
    suggestion: str
    status: str
    status_label: str
    author_name: str | None
    support_count: int
    submitted_at: dt.datetime
    answer_due: dt.date
    overdue: bool
    answer: str
    answered_at: dt.datetime | None
    agenda_note: str
    agenda_item_id: int | None = None


class ResidentProposalIn(Schema):
    title: limits.text(60)
    problem: limits.text(limits.NOTE)
    suggestion: limits.text(limits.NOTE)


class ResidentProposalAnswerIn(Schema):
    answer: limits.text(limits.NOTE)


class ResidentProposalAgendaIn(Schema):
    meeting_id: int
    note: limits.text(limits.SHORT_TEXT) = ""


def _out(user, p: Proposal) -> dict:
    return {"id": p.pk, "community_id": p.community_id, "community_name": p.community.name, "title": p.title,
            "problem": p.problem, "suggestion": p.suggestion, "status": p.status,
            "status_label": p.get_status_display(), "author_name": p.author.name if shows_author(user, p) else None,
            "support_count": p.support_count, "submitted_at": p.submitted_at, "answer_due": p.answer_due,
            "overdue": services.is_overdue(p), "answer": p.answer, "answered_at": p.answered_at,
            "agenda_note": p.agenda_note, "agenda_item_id": p.agenda_item_id}


@router.get("/", response=list[ResidentProposalOut], summary="居民提议（工作人员：辖区；居民：本社区，不显示提议人）")
@paginate
def list_proposals(request, status: str = "", overdue: bool = False, q: str = ""):
    if sees_proposals_as_staff(request.user):
        qs = selectors.staff_list(request.user, status=status, overdue=overdue, q=q)
    else:
        qs = selectors.community_list(request.user).select_related("author")
    return Presented(qs, lambda p: _out(request.user, p))


@router.get("/{int:proposal_id}", response=ResidentProposalOut, summary="一条居民提议")
def get_proposal(request, proposal_id: int):
    return _out(request.user, get_proposal_for_user(request.user, proposal_id))


@router.post("/", response={201: ResidentProposalOut}, summary="提出居民提议（向本人居住的社区；15天内答复）")
def submit(request, payload: ResidentProposalIn):
    proposal = services.submit_proposal(actor=request.user, **payload.dict())
    return Status(201, _out(request.user, get_proposal_for_user(request.user, proposal.pk)))


@router.post("/{int:proposal_id}/support", response=ResidentProposalOut, summary="支持提议（每人一次）")
def support(request, proposal_id: int):
    proposal = services.support_proposal(actor=request.user, proposal=get_proposal_for_user(request.user, proposal_id))
    return _out(request.user, get_proposal_for_user(request.user, proposal.pk))


@router.post("/{int:proposal_id}/answer", response=ResidentProposalOut, summary="社区答复（公开发布）")
def answer(request, proposal_id: int, payload: ResidentProposalAnswerIn):
    proposal = get_proposal_for_user(request.user, proposal_id, write=True)
    services.answer_proposal(actor=request.user, proposal=proposal, answer=payload.answer)
    return _out(request.user, get_proposal_for_user(request.user, proposal_id))


@router.post("/{int:proposal_id}/agenda", response=ResidentProposalOut,
             summary="列入联席会议议程（本社区或所在街道尚未记录纪要的会议）")
def agenda(request, proposal_id: int, payload: ResidentProposalAgendaIn):
    from gongzhi.meetings.permissions import get_meeting_for_user

    proposal = get_proposal_for_user(request.user, proposal_id, write=True)
    meeting = get_meeting_for_user(request.user, payload.meeting_id)
    services.put_on_agenda(actor=request.user, proposal=proposal, meeting=meeting, note=payload.note)
    return _out(request.user, get_proposal_for_user(request.user, proposal_id))


@router.post("/sweep", summary="超期提醒（管理员；与 proposals_sweep 命令相同）")
def run_sweep(request):
    if not request.user.scope.everything:
        raise Http404
    result = services.sweep()
    return {"overdue": result.overdue, "reminded": result.reminded}
