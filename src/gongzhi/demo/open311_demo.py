"""Open311 in the demo district: service areas around the communities of 象山区 and 七星区 (plausible WGS84
centres in Guilin, about 450 m radius), one client standing for the city hotline, and a few requests it sent in
the last days, all through the open311 services (so they are ordinary cases of their communities).

The demo client's key is generated and thrown away: to try the API, issue a key with `gongzhi open311-key NAME`."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from gongzhi.cases.models import CaseCategory
from gongzhi.core import clock
from gongzhi.open311 import services
from gongzhi.open311.selectors import locate
from gongzhi.regions.models import RegionNode

TZ = ZoneInfo("Asia/Shanghai")

# community → (lat, long, radius in metres)
AREAS = {
    "五美社区": (25.2655, 110.2905, 450),
    "南门社区": (25.2710, 110.2860, 450),
    "文明社区": (25.2600, 110.2950, 450),
    "虹桥社区": (25.2560, 110.2880, 450),
    "崇善社区": (25.2760, 110.2900, 450),
    "三里店社区": (25.2630, 110.3020, 450),
    "文昌社区": (25.2690, 110.2990, 450),
    "龙隐社区": (25.2720, 110.3120, 500),
    "普陀社区": (25.2790, 110.3110, 500),
}

# (days ago, hour, service code, description, where: ("latlong", community) | ("address", text))
REQUESTS = [
    (3, 8, "road_lighting", "文化路与五美路交叉口路灯连续三晚不亮，夜间行人看不清路面。", ("latlong", "五美社区")),
    (2, 19, "sanitation", "南门花园北门垃圾桶已满两天，周边有异味。", ("address", "南门社区南门花园北门")),
    (1, 10, "noise", "崇善路沿街店铺音响声音过大，影响居民休息。", ("latlong", "崇善社区")),
]


def load(*, communities: list[RegionNode], rng: random.Random, today: dt.date) -> dict[str, int]:
    by_name = {c.name: c for c in communities}
    areas = 0
    for name, (lat, long, radius) in AREAS.items():
        if name in by_name:
            services.define_service_area(actor=None, community=by_name[name], lat=lat, long=long, radius_m=radius,
                                         name="演示范围")
            areas += 1
    client, _key = services.issue_client(actor=None, name="桂林12345政务服务便民热线（演示）")
    categories = {c.code: c for c in CaseCategory.objects.filter(active=True)}
    submitted = 0
    for days_ago, hour, code, description, (how, where) in REQUESTS:
        if code not in categories or (how == "latlong" and where not in by_name):
            continue
        coordinates = None
        address = ""
        if how == "latlong":
            lat, long, _radius = AREAS[where]
            # a point a little off the centre, well inside the area
            coordinates = (Decimal(f"{lat + rng.uniform(-0.001, 0.001):.6f}"),
                           Decimal(f"{long + rng.uniform(-0.001, 0.001):.6f}"))
        else:
            address = where
        location = locate(address_id="", address_string=address, coordinates=coordinates)
        moment = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, rng.randrange(60)), tzinfo=TZ)
        with clock.frozen(moment):
            services.submit_request(client=client, category=categories[code], location=location,
                                    description=description, address=address,
                                    lat=coordinates[0] if coordinates else None,
                                    long=coordinates[1] if coordinates else None)
        submitted += 1
    return {"service_areas": areas, "open311_clients": 1, "open311_requests": submitted}
