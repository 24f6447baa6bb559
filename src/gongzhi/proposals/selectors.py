"""居民提议: read queries, each starting from the scoped queryset."""

from __future__ import annotations

from django.db.models import QuerySet

from gongzhi.core import clock
from gongzhi.core.listing import search
from gongzhi.proposals.models import Proposal, ProposalStatus, Support
from gongzhi.proposals.permissions import proposals_visible_to


def staff_list(user, *, status: str = "", overdue: bool = False, q: str = "") -> QuerySet[Proposal]:
    qs = proposals_visible_to(user).select_related("community", "author")
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=ProposalStatus.OPEN, answer_due__lt=clock.today())
    return search(qs, q, ("title", "problem", "suggestion"))


def community_list(user) -> QuerySet[Proposal]:
    return proposals_visible_to(user).select_related("community").order_by("status", "-support_count", "-pk")


def supported_by(person, proposals) -> set[int]:
    if person is None:
        return set()
    return set(Support.objects.filter(person=person, proposal_id__in=[p.pk for p in proposals])
               .values_list("proposal_id", flat=True))


def answered_in(community, limit: int = 10) -> list[Proposal]:
    return list(Proposal.objects.filter(community=community, status=ProposalStatus.ANSWERED)
                .order_by("-answered_at")[:limit])


def agenda_meetings(user, proposal):
    """The joint meetings the proposal can go on: scheduled (no minutes yet), of its community or its street,
    that the user sees; soonest first."""
    from gongzhi.meetings.models import MeetingStatus
    from gongzhi.meetings.permissions import meetings_visible_to

    bodies = [proposal.community_id] + ([proposal.community.parent_id] if proposal.community.parent_id else [])
    return (meetings_visible_to(user).filter(status=MeetingStatus.SCHEDULED, community_id__in=bodies)
            .select_related("community").order_by("starts_at", "pk"))
