"""The 15-minute service circle: distances, walking minutes, the gaps per neighbourhood and the figures."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.core.registry import compute_stats
from gongzhi.servicepoints import selectors, services
from gongzhi.servicepoints.geometry import (
    CIRCLE_RADIUS_M,
    box_around,
    box_around_all,
    distance_m,
    walk_minutes,
)


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


def _as_shown(found: selectors.Circle) -> list:
    return [(r.neighbourhood.pk, r.location and (r.location.lat, r.location.lon),
             [(x.need.code, x.point and x.point.pk, x.metres, x.minutes) for x in r.reaches], [g.code for g in r.gaps])
            for r in found.rows]


def _summary_of(found: selectors.Circle) -> tuple:
    return ({n.code: found.covered(n.code) for n in found.needs}, found.complete_count, len(found.located),
            len(found.rows))


def _summary(community) -> tuple:
    page = selectors.CommunityCircle(community)
    s = page.summary(page.neighbourhoods.count())
    return s.covered, s.complete, s.located, s.neighbourhoods


@pytest.mark.parametrize("community", ["wumei", "nanmen", "xiangshan_street"])
def test_the_pages_show_the_rows_and_summary_of_the_whole_circle(world, sp, community):
    """CommunityCircle (the pages: one page of rows, the summary cached) against circle() (every row worked out)."""
    node = getattr(world, community)
    whole = selectors.circle(node)
    page = selectors.CommunityCircle(node)
    assert list(page.neighbourhoods) == [r.neighbourhood for r in whole.rows]
    assert page.located_neighbourhoods[:] == [r.neighbourhood for r in whole.located]
    assert page.located_neighbourhoods.count() == len(whole.located)
    shown = page.part(list(page.neighbourhoods))
    assert _as_shown(shown) == _as_shown(whole)
    assert [p.pk for p in shown.points] == [p.pk for p in selectors.circle_part(whole, whole.rows).points]
    one = page.part(list(page.neighbourhoods[:1]))
    assert _as_shown(one) == _as_shown(whole)[:1]
    assert _summary(node) == _summary_of(whole)


def test_the_cached_summary_follows_every_change_it_is_made_of(world, sp):
    """Cached, yet a point opened next door, a point closed or moved, and a neighbourhood located each show at once."""
    assert _summary(world.wumei) == _summary_of(selectors.circle(world.wumei))
    steps = [
        lambda: services.create_point(actor=world.nanmen_staff, community=world.nanmen, kind="elderly_centre",
                                      name="南门老年活动中心", address="南门路8号", lat="25.2660", lon="110.2920",
                                      offerings=["activities"], opens_at="08:00", closes_at="21:00"),
        lambda: services.set_point_active(actor=world.wumei_staff, point=sp.canteen, active=False, reason="停业整顿"),
        lambda: services.change_point(actor=world.wumei_staff, point=sp.red_station, lat="25.2400"),
        lambda: services.set_neighbourhood_location(actor=world.admin, neighbourhood=world.wenhua_li, lat="25.2300",
                                                    lon="110.2960"),
    ]
    seen = {repr(_summary(world.wumei))}
    for step in steps:
        step()
        now = _summary(world.wumei)
        assert now == _summary_of(selectors.circle(world.wumei))
        seen.add(repr(now))
    assert len(seen) == 5  # every step changed the figures, and the cache showed each change


def test_the_summary_is_worked_out_once(world, sp, django_assert_num_queries, monkeypatch):
    page = selectors.CommunityCircle(world.wumei)
    first = page.summary(2)
    monkeypatch.setattr(selectors.CommunityCircle, "_figures", lambda self: pytest.fail("worked out again"))
    with django_assert_num_queries(1):  # the community's version
        assert selectors.CommunityCircle.summary(page, 2) == first


@given(st.lists(st.tuples(st.decimals(min_value=-89, max_value=89, places=6),
                          st.decimals(min_value=-179, max_value=179, places=6)), min_size=1, max_size=30),
       st.sampled_from([CIRCLE_RADIUS_M, CIRCLE_RADIUS_M * 1.5, 3000.0]))
def test_the_box_around_all_places_is_the_box_holding_each_ones_box(places, metres):
    boxes = [box_around(lat, lon, metres) for lat, lon in places]
    assert box_around_all(places, metres) == (min(b[0] for b in boxes), max(b[1] for b in boxes),
                                              min(b[2] for b in boxes), max(b[3] for b in boxes))
