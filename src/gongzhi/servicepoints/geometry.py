"""Distances on the ground and the walk they take (documented in docs/figures.md, "Service points").

Distance is the straight line over the earth's surface (haversine, mean radius 6,371,008.8 m) between two WGS-84
points — not a route along streets, so a real walk is somewhat longer. Walking speed is 4.5 km/h, the pace of an
older resident (75 m a minute): a 15-minute walk is a straight-line radius of 1,125 m."""

from __future__ import annotations

import math
from decimal import Decimal

EARTH_RADIUS_M = 6_371_008.8
WALK_KMH = Decimal("4.5")
WALK_M_PER_MIN = float(WALK_KMH) * 1000 / 60  # 75 m a minute
CIRCLE_MINUTES = 15
CIRCLE_RADIUS_M = WALK_M_PER_MIN * CIRCLE_MINUTES  # 1,125 m
M_PER_DEG_LAT = 111_320.0


def distance_m(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def walk_minutes(metres: float) -> int:
    """Whole minutes, rounded up (a 1 m walk is 1 minute; 1,125 m is 15)."""
    return max(1, math.ceil(round(metres, 6) / WALK_M_PER_MIN))


def box_around(lat, lon, metres: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(min_lat, max_lat, min_lon, max_lon) of a square that holds the circle of `metres` around a point: the cheap
    database filter before the exact distance."""
    dlat = metres / M_PER_DEG_LAT
    dlon = metres / (M_PER_DEG_LAT * max(0.01, math.cos(math.radians(float(lat)))))
    q = Decimal("0.000001")
    return (Decimal(float(lat) - dlat).quantize(q), Decimal(float(lat) + dlat).quantize(q),
            Decimal(float(lon) - dlon).quantize(q), Decimal(float(lon) + dlon).quantize(q))


def box_around_all(places, metres: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """The box that holds `box_around` of every (lat, lon) of `places` (not empty): the same four numbers, with the
    sums in floats and each edge rounded once (rounding keeps order, so the least of the rounded edges is the rounded
    least) — a district's community has thousands of neighbourhoods."""
    dlat = metres / M_PER_DEG_LAT
    lats, wests, easts = [], [], []
    for lat, lon in places:
        lat_f, lon_f = float(lat), float(lon)
        dlon = metres / (M_PER_DEG_LAT * max(0.01, math.cos(math.radians(lat_f))))
        lats.append(lat_f)
        wests.append(lon_f - dlon)
        easts.append(lon_f + dlon)
    q = Decimal("0.000001")
    return (Decimal(min(lats) - dlat).quantize(q), Decimal(max(lats) + dlat).quantize(q),
            Decimal(min(wests)).quantize(q), Decimal(max(easts)).quantize(q))
