"""三率考评 JSON API under /api/v1/rates: the league table (scoped like the page), the review of unsatisfied
ratings (list, request, decide) and the composite's weights. Out of scope is 404; bad input or a refused state
change is 400 with a message."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core import clock, limits
from gongzhi.core.listing import Presented
from gongzhi.core.schemas import Id
from gongzhi.rates import periods, services
from gongzhi.rates.models import ReviewStatus
from gongzhi.rates.permissions import (
    get_rated_case_for_user,
    get_review_for_user,
    may_decide_review,
    may_handle_reviews,
    may_request_review,
    tabs_for,
    weight_regions,
)
from gongzhi.rates.selectors import SORT_KEYS, Line, Rate, league, review_list, weights_table

router = Router(tags=["三率考评"])


# --- schemas ----------------------------------------------------------------------------------------------

class RateOut(Schema):
    numerator: int
    denominator: int
    value: float | None


class LineOut(Schema):
    id: int
    name: str
    parent: str
    rank: int | None
    received: int
    response: RateOut
    resolution: RateOut
    satisfaction: RateOut
    on_time: RateOut
    ratings: dict[str, int]
    avg_response_hours: float | None
    avg_resolution_days: float | None
    avg_score: float | None
    scored: int
    weights: list[int]
    composite: float | None


class LeagueOut(Schema):
    tab: str
    period: str
    period_label: str
    start: dt.datetime
    end: dt.datetime
    as_of: dt.datetime
    lines: list[LineOut]


class ReviewOut(Schema):
    id: int
    case_id: int
    case_number: str
    community_id: int
    status: str
    reason: str
    requested_by: str
    requested_at: dt.datetime
    ground: str
    decision_note: str
    decided_by: str | None
    decided_at: dt.datetime | None


class RateReviewIn(Schema):
    case_id: Id
    reason: limits.text(1000)


class DecisionIn(Schema):
    decision: limits.text(limits.CODE)
    ground: limits.text(limits.CODE) = ""
    note: limits.text(1000) = ""


class WeightsIn(Schema):
    region_id: Id
    response: int
    resolution: int
    satisfaction: int


class WeightsOut(Schema):
    region_id: int
    response: int
    resolution: int
    satisfaction: int


def _rate(rate: Rate) -> dict:
    return {"numerator": rate.numerator, "denominator": rate.denominator, "value": rate.value}


def _line(line: Line) -> dict:
    return {"id": line.pk, "name": line.name, "parent": line.parent_name, "rank": line.rank,
            "received": line.received, "response": _rate(line.response), "resolution": _rate(line.resolution),
            "satisfaction": _rate(line.satisfaction), "on_time": _rate(line.on_time), "ratings": line.ratings,
            "avg_response_hours": line.avg_response_hours, "avg_resolution_days": line.avg_resolution_days,
            "avg_score": line.avg_score, "scored": line.scored, "weights": list(line.weights),
            "composite": line.composite}


def _review(review) -> dict:
    return {"id": review.pk, "case_id": review.case_id, "case_number": review.case.number,
            "community_id": review.case.community_id, "status": review.status, "reason": review.reason,
            "requested_by": str(review.requested_by), "requested_at": review.requested_at, "ground": review.ground,
            "decision_note": review.decision_note,
            "decided_by": str(review.decided_by) if review.decided_by_id else None, "decided_at": review.decided_at}


# --- league -----------------------------------------------------------------------------------------------

@router.get("/league", response=LeagueOut)
def league_table(request, tab: str = "", period: str = "", start: str = "", end: str = "", sort: str = "composite",
                 direction: str = "desc"):
    """The league table of one tab (departments, communities, streets) for a period: `period` = 2026, 2026-Q2 or
    2026-05, or `start` and `end` dates (both included); the current month by default."""
    tabs = tabs_for(request.user)
    if not tabs:
        raise Http404
    tab = tab or tabs[0]
    if tab not in tabs:
        raise Http404
    if sort not in SORT_KEYS:
        raise ValidationError({"sort": f"sort: {', '.join(SORT_KEYS)}"})
    chosen = periods.parse(period, first=start or None, last=end or None)
    as_of = clock.now()
    lines = league(request.user, tab, chosen, sort=sort, descending=direction != "asc", as_of=as_of)
    return {"tab": tab, "period": chosen.key, "period_label": chosen.label, "start": chosen.start,
            "end": chosen.end, "as_of": as_of, "lines": [_line(ln) for ln in lines]}


# --- reviews ----------------------------------------------------------------------------------------------

@router.get("/reviews", response=list[ReviewOut])
@paginate
def reviews(request, status: str = ""):
    if not may_handle_reviews(request.user):
        raise Http404
    if status and status not in ReviewStatus.values:
        raise ValidationError({"status": "status: " + ", ".join(ReviewStatus.values)})
    return Presented(review_list(request.user, status), _review)


@router.post("/reviews", response={201: ReviewOut})
def request_review(request, payload: RateReviewIn):
    if not may_handle_reviews(request.user):
        raise Http404
    case = get_rated_case_for_user(request.user, payload.case_id)
    if not may_request_review(request.user, case):
        raise Http404
    review = services.request_review(actor=request.user, case=case, reason=payload.reason)
    return Status(201, _review(review))


@router.get("/reviews/{review_id}", response=ReviewOut)
def review_detail(request, review_id: int):
    return _review(get_review_for_user(request.user, review_id))


@router.post("/reviews/{review_id}/decide", response=ReviewOut)
def decide_review(request, review_id: int, payload: DecisionIn):
    review = get_review_for_user(request.user, review_id)
    if not may_decide_review(request.user, review):
        raise Http404
    review = services.decide_review(actor=request.user, review=review, decision=payload.decision,
                                    ground=payload.ground, note=payload.note)
    return _review(review)


# --- weights ----------------------------------------------------------------------------------------------

@router.get("/weights", response=list[WeightsOut])
def weights(request):
    """The weights set on the nodes the user may set weights for."""
    regions = {r.path: r.pk for r in weight_regions(request.user)}
    return [{"region_id": regions[path], "response": a, "resolution": b, "satisfaction": c}
            for path, (a, b, c) in sorted(weights_table().items()) if path in regions]


@router.put("/weights", response=WeightsOut)
def set_weights(request, payload: WeightsIn):
    region = weight_regions(request.user).filter(pk=payload.region_id).first()
    if region is None:
        raise Http404
    saved = services.set_weights(actor=request.user, region=region, response=payload.response,
                                 resolution=payload.resolution, satisfaction=payload.satisfaction)
    return {"region_id": region.pk, "response": saved.response, "resolution": saved.resolution,
            "satisfaction": saved.satisfaction}
