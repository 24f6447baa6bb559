"""Read queries of the activities' pages and API: counts per activity in the list's own query (constant in
rows)."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongzhi.core.listing import search
from gongzhi.lists.models import Activity
from gongzhi.volunteering.models import HoursEntry, HoursStatus, SignUp, SignUpStatus
from gongzhi.volunteering.permissions_activities import organised_activities, organising

# `?hours=` of the organiser's activity list: the activities the user organises with hours waiting for their
# confirmation, and of those the ones with a check-in closed automatically at the end (flagged: to check first).
HOURS_CHOICES = (("pending", _("有待我确认的时长")), ("flagged", _("自动签退待核对")))


def has_pending_hours(*, flagged: bool = False) -> Exists:
    rows = HoursEntry.objects.filter(activity=OuterRef("pk"), status=HoursStatus.PENDING)
    return Exists(rows.filter(flagged=True) if flagged else rows)


def organiser_list(user, *, hours: str = "", q: str = "") -> QuerySet[Activity]:
    """The activities of the organiser's list (`hours`: "pending" / "flagged" as above; anything else is ignored),
    not yet annotated."""
    qs = organised_activities(user)
    if hours in ("pending", "flagged"):
        qs = qs.filter(organising(user)).filter(has_pending_hours(flagged=hours == "flagged"))
    return search(qs, q, ("title",))


def _count_of(model, status_field: str, status: str, *, link: str = "activity"):
    rows = (model.objects.filter(**{link: OuterRef("pk"), status_field: status}).order_by()
            .values(link).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(qs):
    """Places taken, waiting and hours pending per activity, in the same query (constant in rows)."""
    return qs.annotate(signed_n=_count_of(SignUp, "status", SignUpStatus.SIGNED),
                       waiting_n=_count_of(SignUp, "status", SignUpStatus.WAITING),
                       pending_n=_count_of(HoursEntry, "status", HoursStatus.PENDING))
