"""Read queries of 服务阵地: the staff list, the resident's directory nearest first, the merchants' offers beside
their points, the 15-minute service circle of a community (per neighbourhood: what lies within a 15-minute walk, and
the gaps) and its figures. Each runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from gongzhi.chronicle.versions import cached
from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.core.scope import ancestor_paths
from gongzhi.partners.models import Offer, OfferStatus
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.servicepoints.geometry import (
    CIRCLE_RADIUS_M,
    EARTH_RADIUS_M,
    box_around,
    box_around_all,
    distance_m,
    walk_minutes,
)
from gongzhi.servicepoints.models import NeighbourhoodLocation, Offering, PointKind, ServicePoint
from gongzhi.servicepoints.permissions import points_visible_to, public_points

NEARBY_M = 3_000  # the resident's directory lists what lies within 3 km (a 40-minute walk)


@dataclass(frozen=True)
class CircleNeed:
    """One thing every home should have within 15 minutes: a kind of point, or an offering of any point."""

    code: str
    label: str
    kind: str = ""
    offering: str = ""

    def met_by(self, point: ServicePoint) -> bool:
        return point.kind == self.kind or (bool(self.offering) and self.offering in point.offerings)


def circle_needs() -> list[CircleNeed]:
    """红色驿站, a meal point (a canteen or any point serving meals), an elderly activity centre, day care."""
    labels = dict(PointKind.choices)
    return [
        CircleNeed("red_station", str(labels[PointKind.RED_STATION]), kind=PointKind.RED_STATION),
        CircleNeed("meals", _("助餐点"), kind=PointKind.CANTEEN, offering=Offering.MEALS),
        CircleNeed("elderly_centre", str(labels[PointKind.ELDERLY_CENTRE]), kind=PointKind.ELDERLY_CENTRE),
        CircleNeed("day_care", str(labels[PointKind.DAY_CARE]), kind=PointKind.DAY_CARE, offering=Offering.DAY_CARE),
    ]


# --- staff list ---------------------------------------------------------------------------------------------------

def staff_points(user, *, community=None, kind: str = "", active: str = "", q: str = "") -> QuerySet[ServicePoint]:
    qs = points_visible_to(user).filter(user.scope.in_regions("community__path"))
    pk = as_id(community)
    if pk is not None:
        qs = qs.filter(community_id=pk)
    elif community not in (None, ""):
        qs = qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    qs = search(qs, q, ("name", "address", "operator__name"))
    return qs.select_related("community", "operator").order_by("community__path", "kind", "name", "pk")


def directory(user, *, community=None, kind: str = "", q: str = "") -> QuerySet[ServicePoint]:
    """The points in use anybody logged in may look up."""
    qs = points_visible_to(user).filter(active=True)
    pk = as_id(community)
    if pk is not None:
        qs = qs.filter(community_id=pk)
    elif community not in (None, ""):
        qs = qs.none()
    if kind:
        qs = qs.filter(kind=kind)
    qs = search(qs, q, ("name", "address", "operator__name"))
    return qs.select_related("community", "operator").order_by("community__path", "kind", "name", "pk")


def offers_for(points) -> dict[int, list[Offer]]:
    """Published offers valid today of the organisations that run `points`, by organisation id (one query)."""
    operators = {p.operator_id for p in points if p.operator_id}
    if not operators:
        return {}
    today = clock.today()
    found: dict[int, list[Offer]] = {}
    for offer in (Offer.objects.filter(organisation_id__in=operators, status=OfferStatus.PUBLISHED,
                                       valid_from__lte=today)
                  .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today)).order_by("organisation_id", "pk")):
        found.setdefault(offer.organisation_id, []).append(offer)
    return found


def with_offers(points: list[ServicePoint]) -> list[ServicePoint]:
    offers = offers_for(points)
    for p in points:
        p.current_offers = offers.get(p.operator_id, []) if p.operator_id else []
    return points


# --- the resident's directory ---------------------------------------------------------------------------------------

@dataclass
class Nearby:
    point: ServicePoint
    metres: int
    minutes: int

    @property
    def in_circle(self) -> bool:
        return self.metres <= CIRCLE_RADIUS_M


def nearby(user, *, origin: NeighbourhoodLocation, kind: str = "", need: str = "",
           within_m: float = NEARBY_M) -> list[Nearby]:
    """Points in use within `within_m` of a neighbourhood, nearest first, with the walk and the offers beside
    them. `need` is an offering (助餐, 老年人就餐优惠 …)."""
    s, n, w, e = box_around(origin.lat, origin.lon, within_m)
    qs = points_visible_to(user).filter(active=True, lat__gte=s, lat__lte=n, lon__gte=w, lon__lte=e)
    if kind:
        qs = qs.filter(kind=kind)
    rows = []
    for p in qs.select_related("community", "operator"):
        if need and need not in p.offerings:
            continue
        metres = distance_m(origin.lat, origin.lon, p.lat, p.lon)
        if metres <= within_m:
            rows.append(Nearby(point=p, metres=round(metres), minutes=walk_minutes(metres)))
    rows.sort(key=lambda r: (r.metres, r.point.name))
    with_offers([r.point for r in rows])
    return rows


def home_neighbourhood(user) -> RegionNode | None:
    """The neighbourhood a resident lives in (from her home node or her resident role)."""
    paths = list(user.scope.home_paths)
    person = getattr(user, "person", None) if user.is_authenticated else None
    if not paths and person is not None:
        paths = [person.home.path]
    above = sorted({a for p in paths for a in ancestor_paths(p)})
    if not above:
        return None
    return RegionNode.objects.filter(kind=RegionKind.NEIGHBOURHOOD, path__in=above).order_by("path").first()


def location(pk: int) -> NeighbourhoodLocation:
    return NeighbourhoodLocation.objects.select_related("neighbourhood").get(pk=pk)


def located_choices(community: RegionNode) -> list[tuple[int, int, str]]:
    """(location id, neighbourhood id, neighbourhood name) of the community's located neighbourhoods, in order: a
    district's community holds thousands, and a choice list needs no model instances (4,000 took 240 ms)."""
    return list(NeighbourhoodLocation.objects.filter(neighbourhood__path__startswith=community.path)
                .order_by("neighbourhood__path").values_list("pk", "neighbourhood_id", "neighbourhood__name"))


# --- the 15-minute service circle ------------------------------------------------------------------------------------

@dataclass
class Reach:
    need: CircleNeed
    point: ServicePoint | None
    metres: int | None
    minutes: int | None


@dataclass
class NeighbourhoodCircle:
    neighbourhood: RegionNode
    location: NeighbourhoodLocation | None
    reaches: list[Reach] = field(default_factory=list)

    @cached_property
    def gaps(self) -> list[CircleNeed]:
        return [r.need for r in self.reaches if r.point is None or r.metres is None
                or r.metres > CIRCLE_RADIUS_M]

    @property
    def complete(self) -> bool:
        return self.location is not None and not self.gaps


@dataclass
class Circle:
    community: RegionNode
    needs: list[CircleNeed]
    rows: list[NeighbourhoodCircle]
    points: list[ServicePoint]  # the points in use that lie near the community (drawn on the map)

    @cached_property
    def located(self) -> list[NeighbourhoodCircle]:
        return [r for r in self.rows if r.location is not None]

    @property
    def unlocated(self) -> list[NeighbourhoodCircle]:
        return [r for r in self.rows if r.location is None]

    def covered(self, code: str) -> int:
        return sum(1 for r in self.located if code not in {g.code for g in r.gaps})

    @property
    def complete_count(self) -> int:
        return sum(1 for r in self.located if r.complete)

    @property
    def summary(self) -> list[dict]:
        return [{"need": n, "covered": self.covered(n.code), "of": len(self.located)} for n in self.needs]


def _points_near(places, radius: float) -> list[ServicePoint]:
    """The points in use inside the box that holds the circle of `radius` around every (lat, lon) of `places`
    (one query)."""
    if not places:
        return []
    s, n, w, e = box_around_all(places, radius)
    return list(public_points().filter(lat__gte=s, lat__lte=n, lon__gte=w, lon__lte=e)
                .select_related("community", "operator").order_by("kind", "name", "pk"))


def _metres(p1: float, cos1: float, lon1: float, p2: float, cos2: float, lon2: float) -> float:
    """distance_m, from latitudes in radians with their cosines worked out once and longitudes in degrees."""
    a = math.sin((p2 - p1) / 2) ** 2 + cos1 * cos2 * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def _reaches(location: NeighbourhoodLocation, points: list[ServicePoint], needs: list[CircleNeed],
             meeting: list[list[tuple[ServicePoint, float, float, float]]] | None = None) -> list[Reach]:
    """`meeting`: for each need, the points meeting it with their latitude in radians, its cosine and their
    longitude (worked out once for a whole community's neighbourhoods: the same sums as distance_m, fewer)."""
    if meeting is None:
        meeting = _meeting(points, needs)
    p1, lon1 = math.radians(float(location.lat)), float(location.lon)
    cos1 = math.cos(p1)
    found = []
    for need, candidates in zip(needs, meeting, strict=True):
        best, best_m = None, None
        for p, p2, cos2, lon2 in candidates:
            metres = _metres(p1, cos1, lon1, p2, cos2, lon2)
            if best_m is None or metres < best_m:
                best, best_m = p, metres
        found.append(Reach(need=need, point=best, metres=round(best_m) if best_m is not None else None,
                           minutes=walk_minutes(best_m) if best_m is not None else None))
    return found


def _meeting(points: list[ServicePoint], needs: list[CircleNeed]) -> list[list[tuple[ServicePoint, float, float,
                                                                                       float]]]:
    found = []
    for need in needs:
        candidates = []
        for p in points:
            if need.met_by(p):
                p2 = math.radians(float(p.lat))
                candidates.append((p, p2, math.cos(p2), float(p.lon)))
        found.append(candidates)
    return found


def circle_part(found: Circle, rows: list[NeighbourhoodCircle]) -> Circle:
    """The part of a community's circle that one page shows and draws: `rows`, and the points near them (a
    district's community may hold thousands of neighbourhoods; the summary stays the whole circle's)."""
    located = [r.location for r in rows if r.location is not None]
    if not located:
        return Circle(community=found.community, needs=found.needs, rows=rows, points=[])
    s, n, w, e = box_around_all([(loc.lat, loc.lon) for loc in located], CIRCLE_RADIUS_M * 1.5)  # as _points_near
    near = [p for p in found.points if s <= p.lat <= n and w <= p.lon <= e]
    return Circle(community=found.community, needs=found.needs, rows=rows, points=near)


def circle(community: RegionNode) -> Circle:
    """Every neighbourhood of the community, with the nearest point meeting each need and the walk to it (three
    queries). Points of neighbouring communities count: a circle knows no boundary."""
    needs = circle_needs()
    # only the columns the circle uses: a district's community holds thousands of neighbourhoods
    neighbourhoods = list(RegionNode.objects.filter(path__startswith=community.path, kind=RegionKind.NEIGHBOURHOOD)
                          .only("pk", "name", "path", "kind", "parent_id").order_by("path"))
    locations = {loc.neighbourhood_id: loc for loc in NeighbourhoodLocation.objects.filter(
        neighbourhood__path__startswith=community.path).only("pk", "neighbourhood_id", "lat", "lon")}
    points = _points_near([(loc.lat, loc.lon) for loc in locations.values()], CIRCLE_RADIUS_M * 1.5)
    meeting = _meeting(points, needs)
    rows = []
    for nb in neighbourhoods:
        loc = locations.get(nb.pk)
        rows.append(NeighbourhoodCircle(neighbourhood=nb, location=loc,
                                        reaches=_reaches(loc, points, needs, meeting) if loc is not None else []))
    return Circle(community=community, needs=needs, rows=rows, points=points)


@dataclass(frozen=True)
class CircleSummary:
    """The whole circle's figures (a page's 概况): per need, the located neighbourhoods that have it within a 15-minute
    walk; those that have everything; the located ones and all of them (`neighbourhoods`)."""

    needs: list[CircleNeed]
    covered: dict[str, int]
    complete: int
    located: int
    neighbourhoods: int

    @property
    def unlocated(self) -> int:
        return self.neighbourhoods - self.located

    @property
    def by_need(self) -> list[dict]:
        return [{"need": n, "covered": self.covered[n.code], "of": self.located} for n in self.needs]


class NodesInOrder:
    """Region nodes known by id, in order, for a paginator: their number without a query, a page of them in one
    (with the columns the circle uses)."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        keys = self.ids[index]
        rows = RegionNode.objects.only("pk", "name", "path", "kind", "parent_id").in_bulk(keys)
        return [rows[k] for k in keys if k in rows]


class CommunityCircle:
    """A community's circle as its pages show it: the neighbourhoods as a queryset to page through (`neighbourhoods`,
    `located_neighbourhoods`), the rows of one page (`part`), and the whole circle's summary (`summary`). The same
    rows and figures as `circle(community)`, without working out every neighbourhood's reaches on every request: a
    district's community holds thousands of neighbourhoods. Two queries here (where the located neighbourhoods lie,
    the points near them); the summary is cached under what it is made of (see `summary`)."""

    def __init__(self, community: RegionNode):
        self.community = community
        self.needs = circle_needs()
        # (neighbourhood id, is a neighbourhood, location id, lat, lon): tuples, not thousands of model instances;
        # the box of the points is drawn around every location under the community, as circle() draws it
        locations = list(NeighbourhoodLocation.objects.filter(neighbourhood__path__startswith=community.path)
                         .order_by("neighbourhood__path")
                         .values_list("neighbourhood_id", "neighbourhood__kind", "pk", "lat", "lon"))
        self._where = {nid: (pk, lat, lon) for nid, kind, pk, lat, lon in locations
                       if kind == RegionKind.NEIGHBOURHOOD}  # in path order
        self.points = _points_near([(lat, lon) for *_, lat, lon in locations], CIRCLE_RADIUS_M * 1.5)
        self._meeting = _meeting(self.points, self.needs)

    @property
    def neighbourhoods(self) -> QuerySet[RegionNode]:
        """Every neighbourhood of the community in path order (the rows of circle())."""
        return (RegionNode.objects.filter(path__startswith=self.community.path, kind=RegionKind.NEIGHBOURHOOD)
                .only("pk", "name", "path", "kind", "parent_id").order_by("path"))

    @property
    def located_neighbourhoods(self) -> NodesInOrder:
        """Those with coordinates (circle().located), known already: counted without a query."""
        return NodesInOrder(list(self._where))

    def _location(self, neighbourhood_id: int) -> NeighbourhoodLocation | None:
        found = self._where.get(neighbourhood_id)
        if found is None:
            return None
        pk, lat, lon = found
        return NeighbourhoodLocation(pk=pk, neighbourhood_id=neighbourhood_id, lat=lat, lon=lon)

    def part(self, neighbourhoods) -> Circle:
        """The rows of `neighbourhoods` (a page of them) with their reaches, and the points near them (no query)."""
        rows = []
        for nb in neighbourhoods:
            loc = self._location(nb.pk)
            rows.append(NeighbourhoodCircle(neighbourhood=nb, location=loc, reaches=_reaches(
                loc, self.points, self.needs, self._meeting) if loc is not None else []))
        return circle_part(Circle(community=self.community, needs=self.needs, rows=rows, points=self.points), rows)

    def summary(self, neighbourhoods: int) -> CircleSummary:
        """The whole circle's figures, `neighbourhoods` the number of them (the paginator counted it). Cached
        (chronicle.versions.cached) under the community's version — a neighbourhood added, located or moved is
        chronicled in the community's subtree (ADR 0019) — and a digest of the kind, offerings and place of every
        point in use near it, which may lie in the next community or street: a point opened, closed, moved or
        changed anywhere near gives a new key. Worked out once, not on each request (one query on a hit)."""
        made_of = repr([(p.pk, p.kind, sorted(p.offerings), p.lat, p.lon) for p in self.points])
        figures = cached("servicepoints.circle_summary", self.community.path, self._figures, extra=made_of)
        return CircleSummary(needs=self.needs, covered=figures["covered"], complete=figures["complete"],
                             located=figures["located"], neighbourhoods=neighbourhoods)

    def _figures(self) -> dict:
        """Which needs each located neighbourhood has within the circle: a point counts when its walk, rounded to
        the metre as a row shows it, is at most the radius; only points within that distance in latitude are measured
        (the distance over the earth is at least the difference in latitude), so thousands of neighbourhoods take
        milliseconds, not the nearest point of every need for each."""
        reach = (CIRCLE_RADIUS_M + 0.5) / EARTH_RADIUS_M * 1.01  # radians of latitude, with room for rounding
        by_lat = [sorted(((p2, cos2, lon2) for _p, p2, cos2, lon2 in candidates), key=lambda c: c[0])
                  for candidates in self._meeting]
        lats = [[c[0] for c in candidates] for candidates in by_lat]
        covered = {n.code: 0 for n in self.needs}
        complete = 0
        for _pk, lat, lon in self._where.values():
            p1, lon1 = math.radians(float(lat)), float(lon)
            cos1 = math.cos(p1)
            gaps = 0
            for need, candidates, keys in zip(self.needs, by_lat, lats, strict=True):
                near = candidates[bisect_left(keys, p1 - reach):bisect_right(keys, p1 + reach)]
                if any(round(_metres(p1, cos1, lon1, p2, cos2, lon2)) <= CIRCLE_RADIUS_M for p2, cos2, lon2 in near):
                    covered[need.code] += 1
                else:
                    gaps += 1
            complete += gaps == 0
        return {"covered": covered, "complete": complete, "located": len(self._where)}


def figures(path: str) -> dict[str, int]:
    """The circle's figures for a subtree (docs/figures.md, "Service points"): neighbourhoods with coordinates,
    those with each need within a 15-minute walk and with all of them, and the points in use (three queries)."""
    needs = circle_needs()
    locations = list(NeighbourhoodLocation.objects.filter(neighbourhood__path__startswith=path))
    points = _points_near([(loc.lat, loc.lon) for loc in locations], CIRCLE_RADIUS_M * 1.5)
    meeting = _meeting(points, needs)
    result = {"located": len(locations), "complete": 0, **{f"with_{n.code}": 0 for n in needs}}
    for loc in locations:
        gaps = 0
        for reach in _reaches(loc, points, needs, meeting):
            if reach.metres is not None and reach.metres <= CIRCLE_RADIUS_M:
                result[f"with_{reach.need.code}"] += 1
            else:
                gaps += 1
        result["complete"] += gaps == 0
    result.update(public_points().filter(community__path__startswith=path).aggregate(
        points=Count("pk"), red_stations=Count("pk", filter=Q(kind=PointKind.RED_STATION)),
        meal_points=Count("pk", filter=Q(kind=PointKind.CANTEEN))))
    return result
