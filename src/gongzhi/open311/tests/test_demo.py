"""The demo hook draws service areas and leaves a few hotline requests, all through the services."""

import datetime as dt
import random

from gongzhi.cases.models import Case, CaseChannel
from gongzhi.demo import open311_demo
from gongzhi.open311.models import ServiceArea
from gongzhi.open311.selectors import locate


def test_demo_load(world, cats):
    counts = open311_demo.load(communities=[world.wumei, world.nanmen, world.cuizhu], rng=random.Random(7),
                               today=dt.date(2026, 5, 15))
    assert counts == {"service_areas": 2, "open311_clients": 1, "open311_requests": 2}
    assert set(ServiceArea.objects.values_list("community__name", flat=True)) == {"五美社区", "南门社区"}
    made = {c.community.name: c for c in Case.objects.filter(channel=CaseChannel.OPEN311)}
    assert set(made) == {"五美社区", "南门社区"}
    assert made["南门社区"].place == world.nanmen_garden
    centre = open311_demo.AREAS["五美社区"]
    assert locate(address_id="", address_string="", coordinates=(centre[0], centre[1])).community == world.wumei
