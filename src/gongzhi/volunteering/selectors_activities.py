"""Read queries of the activities' pages and API: counts per activity in the list's own query (constant in
rows)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from gongzhi.volunteering.models import HoursEntry, HoursStatus, SignUp, SignUpStatus


def _count_of(model, status_field: str, status: str, *, link: str = "activity"):
    rows = (model.objects.filter(**{link: OuterRef("pk"), status_field: status}).order_by()
            .values(link).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(qs):
    """Places taken, waiting and hours pending per activity, in the same query (constant in rows)."""
    return qs.annotate(signed_n=_count_of(SignUp, "status", SignUpStatus.SIGNED),
                       waiting_n=_count_of(SignUp, "status", SignUpStatus.WAITING),
                       pending_n=_count_of(HoursEntry, "status", HoursStatus.PENDING))
