"""The drawn map of a community's 15-minute service circle: neighbourhoods and points placed from their coordinates
on a local flat projection (metres east and north of the map's centre — plenty exact over a few kilometres), the
circle of a 15-minute walk around each neighbourhood, a scale bar and north. Rendered as inline SVG by the template;
no map tiles, nothing fetched from anywhere."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongzhi.servicepoints.geometry import CIRCLE_RADIUS_M, M_PER_DEG_LAT
from gongzhi.servicepoints.models import PointKind
from gongzhi.servicepoints.selectors import Circle

WIDTH = 760
MARGIN = 24
COLOURS = {
    PointKind.RED_STATION: "#c0392b", PointKind.CANTEEN: "#e67e22", PointKind.ELDERLY_CENTRE: "#8e44ad",
    PointKind.DAY_CARE: "#16a085", PointKind.UNIT_POINT: "#2c6fbb", PointKind.MERCHANT: "#7f8c8d",
}
SHAPES = {PointKind.RED_STATION: "star", PointKind.CANTEEN: "square", PointKind.DAY_CARE: "diamond"}


@dataclass
class Marker:
    x: float
    y: float
    label: str
    colour: str = "#333"
    shape: str = "circle"
    gaps: str = ""
    pk: int | None = None
    polygon: str = ""  # a star's corners


@dataclass
class Drawing:
    width: int
    height: int
    radius_px: float
    neighbourhoods: list[Marker]
    points: list[Marker]
    scale_px: float
    scale_label: str
    legend: list[tuple[str, str, str]]  # (label, colour, shape)


def _star(x: float, y: float, r: float) -> str:
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        pts.append(f"{x + rr * math.cos(a):.1f},{y + rr * math.sin(a):.1f}")
    return " ".join(pts)


def draw(circle: Circle) -> Drawing | None:
    located = circle.located
    if not located:
        return None
    lats = [float(r.location.lat) for r in located] + [float(p.lat) for p in circle.points]
    lons = [float(r.location.lon) for r in located] + [float(p.lon) for p in circle.points]
    lat0, lon0 = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    m_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians(lat0))

    def metres(lat, lon) -> tuple[float, float]:
        return (float(lon) - lon0) * m_per_deg_lon, (float(lat) - lat0) * M_PER_DEG_LAT

    # the extent: every neighbourhood with its whole circle, every point drawn
    xs, ys = [], []
    for r in located:
        x, y = metres(r.location.lat, r.location.lon)
        xs += [x - CIRCLE_RADIUS_M, x + CIRCLE_RADIUS_M]
        ys += [y - CIRCLE_RADIUS_M, y + CIRCLE_RADIUS_M]
    for p in circle.points:
        x, y = metres(p.lat, p.lon)
        xs.append(x)
        ys.append(y)
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    scale = (WIDTH - 2 * MARGIN) / max(1.0, east - west)  # px per metre
    height = int((north - south) * scale + 2 * MARGIN + 40)

    def px(lat, lon) -> tuple[float, float]:
        x, y = metres(lat, lon)
        return round(MARGIN + (x - west) * scale, 1), round(MARGIN + (north - y) * scale, 1)

    neighbourhoods = []
    for r in circle.rows:
        if r.location is None:
            continue
        x, y = px(r.location.lat, r.location.lon)
        neighbourhoods.append(Marker(x, y, r.neighbourhood.name, gaps="、".join(g.label for g in r.gaps),
                                     colour="#c0392b" if r.gaps else "#1e8449", pk=r.neighbourhood.pk))
    kinds = dict(PointKind.choices)
    points = []
    for p in circle.points:
        x, y = px(p.lat, p.lon)
        shape = SHAPES.get(p.kind, "circle")
        m = Marker(x, y, p.name, COLOURS[p.kind], shape, pk=p.pk)
        if shape == "star":
            m.polygon = _star(x, y, 11)
        points.append(m)
    bar_m = 500 if (east - west) > 1500 else 200
    legend = [(str(kinds[k]), COLOURS[k], SHAPES.get(k, "circle")) for k in PointKind.values]
    return Drawing(width=WIDTH, height=height, radius_px=round(CIRCLE_RADIUS_M * scale, 1),
                   neighbourhoods=neighbourhoods, points=points, scale_px=round(bar_m * scale, 1),
                   scale_label=_("%(m)s 米") % {"m": bar_m}, legend=legend)
