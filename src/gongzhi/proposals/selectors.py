"""居民提议: read queries, each starting from the scoped queryset."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.listing import search
from gongzhi.proposals.models import Proposal, ProposalStatus, Support
from gongzhi.proposals.permissions import answered_by, proposals_visible_to

# The staff list's filters: `?overdue=1` past the answer limit, `?overdue=soon` due today (the limit ends tonight);
# `?answer=1` the proposals the user answers for (their community staff's).
OVERDUE_CHOICES = (("1", _("已超期")), ("soon", _("今天到期")))
ANSWER_CHOICES = (("1", _("待我答复")),)


def overdue_condition(today: dt.date) -> Q:
    return Q(status=ProposalStatus.OPEN, answer_due__lt=today)


def due_today_condition(today: dt.date) -> Q:
    return Q(status=ProposalStatus.OPEN, answer_due=today)


def to_answer(user) -> QuerySet[Proposal]:
    """Open proposals of the communities the user answers for."""
    return proposals_visible_to(user).filter(answered_by(user), status=ProposalStatus.OPEN)


def staff_list(user, *, status: str = "", overdue: bool = False, soon: bool = False, answer: bool = False,
               q: str = "") -> QuerySet[Proposal]:
    qs = (to_answer(user) if answer else proposals_visible_to(user)).select_related("community", "author")
    if status in ProposalStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_condition(clock.today()))
    elif soon:
        qs = qs.filter(due_today_condition(clock.today()))
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
