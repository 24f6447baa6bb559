"""The figures micro-wishes register: posted, fulfilled, fulfilment rate and average days from the wall to
confirmation — queries over recorded facts, per region subtree and year."""

import pytest

from gongzhi.core import clock
from gongzhi.core.registry import compute_stats
from gongzhi.wishes import services
from gongzhi.wishes.tests.conftest import approved, at, fulfilled, post


def _stats(node, year=None) -> dict:
    return {s["key"]: s["value"] for s in compute_stats(node, year) if s["key"].startswith("wishes_")}


def test_the_figures_of_a_community_street_and_year(world):
    with clock.frozen(at(2026, 3, 1, 9)):
        first = fulfilled(world, "一")  # on the wall 1 March 9:00
    with clock.frozen(at(2026, 3, 4, 21)):
        services.confirm_fulfilment(actor=world.resident, wish=first)  # 3.5 days later
    with clock.frozen(at(2026, 4, 1, 9)):
        second = fulfilled(world, "二")
    with clock.frozen(at(2026, 4, 2, 9)):
        services.confirm_fulfilment(actor=world.resident, wish=second)  # 1 day later
        approved(world, "三")  # on the wall, not fulfilled
        rejected = post(world, "四")
        services.review_wish(actor=world.wumei_staff, wish=rejected, decision="reject", reason="不属于心愿范围")
    assert _stats(world.wumei, 2026) == {"wishes_posted": 4, "wishes_fulfilled": 2, "wishes_rate": pytest.approx(2 / 3),
                                         "wishes_days": 2.2}  # (3.5 + 1) / 2 = 2.25
    assert _stats(world.xiangshan_street) == _stats(world.wumei, 2026)
    assert _stats(world.nanmen) == {"wishes_posted": 0, "wishes_fulfilled": 0, "wishes_rate": None,
                                    "wishes_days": None}
    assert _stats(world.wumei, 2025)["wishes_posted"] == 0
