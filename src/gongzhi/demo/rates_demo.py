"""The demo's reviews of unsatisfied ratings (不满意评价复核), written through the rates services on the days the
people would have acted (the clock is moved to each step): the oldest 不满意 ratings of the given communities
that were never reviewed are sent for review by the community's staff (五美社区: the demo account 黄敏;
elsewhere the street's staff), and 象山区's staff decide the first (excluded: the unit did its duty) and the
second (kept); the rest stay pending, so the street's and the district's review queue is not empty.

Run it after the cases demo (it needs closed, rated cases). The league table and the public pages read
everything else from the cases themselves."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongzhi.cases.models import Case, CaseStatus, Satisfaction
from gongzhi.core import clock
from gongzhi.rates import services
from gongzhi.regions.models import RegionNode

REASONS = [
    "居民诉求涉及装修损失赔偿，超出本次诉求处理范围",
    "承办部门已按时到场处置并反馈，居民对政策规定不认可",
    "居民要求的整体改造不属于本次诉求内容",
    "问题已解决，居民因其他事项给出不满意评价",
]


@dataclass(frozen=True)
class Actors:
    admin: object
    community_staff: object  # 五美社区
    street_staff: object  # 象山街道
    district_staff: object  # 象山区


def load(*, communities: list[RegionNode], actors: Actors, rng: random.Random, today: dt.date,
         limit: int = 4) -> dict[str, int]:
    counts = {"rating_reviews": 0, "ratings_excluded": 0, "ratings_kept": 0}
    cases = list(Case.objects.filter(community__in=communities, status=CaseStatus.CLOSED,
                                     satisfaction=Satisfaction.UNSATISFIED, rating_reviews__isnull=True)
                 .select_related("community", "category").order_by("rated_at", "pk")[:limit])
    now = clock.now()
    for index, case in enumerate(cases):
        requester = actors.community_staff if case.community.name == "五美社区" else actors.street_staff
        asked_at = min(case.rated_at + dt.timedelta(days=1), now)
        with clock.frozen(asked_at):
            review = services.request_review(actor=requester, case=case, reason=REASONS[rng.randrange(len(REASONS))])
        counts["rating_reviews"] += 1
        if index > 1:
            continue
        with clock.frozen(min(asked_at + dt.timedelta(days=2), now)):
            if index == 0:
                services.decide_review(actor=actors.district_staff, review=review, decision="exclude",
                                       ground="duty_done", note="经核实，承办部门已按时到场处置并答复，已履职尽责")
                counts["ratings_excluded"] += 1
            else:
                services.decide_review(actor=actors.district_staff, review=review, decision="keep",
                                       note="处置确有拖延，维持居民评价")
                counts["ratings_kept"] += 1
    return counts
