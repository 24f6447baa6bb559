"""The figures registered for the dashboard and the public board, and the demo's reviews."""

import random

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.demo import rates_demo
from gongzhi.rates.models import RatingReview
from gongzhi.rates.tests.conftest import AS_OF


def test_the_three_rates_are_registered_figures(rw):
    with clock.frozen(AS_OF):
        stats = {s["key"]: s for s in compute_stats(rw.w.xiangshan, 2026)}
    # 2026 up to 1 July in 象山区: June's 6/8, 7/8, 4/6 plus May's C6 and C12 (both contacted in time), C12's
    # resolution (5/14) and rating (满意, 5/25): response 8/10, resolution 8/9, satisfaction 5/7
    assert stats["rate_response"]["value"] == pytest.approx(8 / 10)
    assert stats["rate_resolution"]["value"] == pytest.approx(8 / 9)
    assert stats["rate_satisfaction"]["value"] == pytest.approx(5 / 7)
    assert stats["rate_response"]["percent"] is True


def test_the_dashboard_shows_them(rw, client_for):
    with clock.frozen(AS_OF):
        html = client_for(rw.w.district_staff).get(reverse("core:workbench")).content.decode()
    assert "本年度响应率" in html and "80.0%" in html


def test_the_demo_sends_unreviewed_unsatisfied_ratings_for_review(rw):
    actors = rates_demo.Actors(admin=rw.w.admin, community_staff=rw.w.wumei_staff, street_staff=rw.w.street_staff,
                               district_staff=rw.w.district_staff)
    communities = [rw.w.wumei, rw.w.nanmen]
    with clock.frozen(AS_OF):
        counts = rates_demo.load(communities=communities, actors=actors, rng=random.Random(1), today=AS_OF.date())
        # only 南门's C10 was never reviewed (C2 and C7 were): sent by the street's staff, excluded by the district
        assert counts == {"rating_reviews": 1, "ratings_excluded": 1, "ratings_kept": 0}
        review = RatingReview.objects.get(case=rw.c10)
        assert review.status == "excluded" and review.requested_by == rw.w.street_staff
        assert rates_demo.load(communities=communities, actors=actors, rng=random.Random(1),
                               today=AS_OF.date())["rating_reviews"] == 0
