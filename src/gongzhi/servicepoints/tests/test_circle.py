"""The 15-minute service circle: distances, walking minutes, the gaps per neighbourhood and the figures."""

import pytest

from gongzhi.core.registry import compute_stats
from gongzhi.servicepoints import selectors, services
from gongzhi.servicepoints.geometry import CIRCLE_RADIUS_M, distance_m, walk_minutes


def test_the_walk_is_straight_line_at_4_5_km_an_hour():
    assert CIRCLE_RADIUS_M == 1125
    assert walk_minutes(1125) == 15 and walk_minutes(1126) == 16 and walk_minutes(1) == 1
    # one minute of latitude is one nautical mile (1,852 m), give or take the earth's flattening
    assert distance_m(25, 110, 25 + 1 / 60, 110) == pytest.approx(1853, abs=3)


def test_each_neighbourhood_has_its_nearest_points_and_gaps(world, sp):
    c = selectors.circle(world.wumei)
    rows = {r.neighbourhood.name: r for r in c.rows}
    assert [g.code for g in rows["五美小区"].gaps] == ["elderly_centre"]
    meals = next(x for x in rows["五美小区"].reaches if x.need.code == "meals")
    assert meals.point == sp.canteen and 300 < meals.metres < 450 and meals.minutes == 5
    assert c.covered("meals") == 2 and c.complete_count == 0
    # 南门花园 lies in another community: not in 五美's circle, but in 南门's, with every gap
    nanmen = selectors.circle(world.nanmen)
    assert [g.code for g in nanmen.rows[0].gaps] == ["red_station", "meals", "elderly_centre", "day_care"]


def test_a_point_of_the_next_community_closes_a_gap(world, sp):
    services.create_point(actor=world.nanmen_staff, community=world.nanmen, kind="elderly_centre",
                          name="南门老年活动中心", address="南门路8号", lat="25.2660", lon="110.2920",
                          offerings=["activities", "reading"], opens_at="08:00", closes_at="21:00")
    c = selectors.circle(world.wumei)
    assert c.complete_count == 2 and all(r.complete for r in c.located)


def test_a_closed_point_leaves_a_gap(world, sp):
    services.set_point_active(actor=world.wumei_staff, point=sp.canteen, active=False, reason="停业整顿")
    c = selectors.circle(world.wumei)
    assert c.covered("meals") == 0


def test_figures_are_queries_over_the_coordinates(world, sp, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        f = selectors.figures(world.xiangshan.path)
    assert f == {"located": 3, "complete": 0, "with_red_station": 2, "with_meals": 2, "with_elderly_centre": 0,
                 "with_day_care": 2, "points": 3, "red_stations": 1, "meal_points": 1}
    stats = {s["key"]: s["value"] for s in compute_stats(world.wumei)}
    assert stats["servicepoints_meals_within_15"] == 2 and stats["servicepoints_points"] == 3
