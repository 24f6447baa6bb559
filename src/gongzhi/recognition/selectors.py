"""Read queries of recognition: a volunteer's record (confirmed hours by year, kind and team; activities served;
honours), the volunteers' hours of a community for the list and the export, the figures.

Only confirmed hours count (`volunteering.models.COUNTED`). Every function here runs a fixed number of queries,
whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from gongzhi.core.numbers import tenths
from gongzhi.people.models import Person
from gongzhi.recognition.models import (
    Certificate,
    HonourSelection,
    Nomination,
    NominationStatus,
    SelectionStatus,
)
from gongzhi.recognition.permissions import certificates_visible_to, person_facts, public_nominee
from gongzhi.volunteering.models import COUNTED, HoursEntry, HoursKind

ZERO = Decimal("0.0")
KINDS = [HoursKind.SERVICE, HoursKind.DUTY, HoursKind.HONOUR]


def confirmed_hours(**filters) -> QuerySet[HoursEntry]:
    return HoursEntry.objects.filter(status__in=COUNTED, **filters)


def kind_rows(totals: dict[str, Decimal]) -> list[dict]:
    return [{"kind": k.value, "label": str(k.label), "hours": tenths(totals.get(k.value))} for k in KINDS]


def record(person: Person) -> dict:
    """The volunteer's record: totals, per year (with kinds), per team, the activities served, honours."""
    entries = confirmed_hours(person=person)
    per_year_kind = (entries.annotate(y=ExtractYear("served_on")).values("y", "kind")
                     .annotate(h=Sum("hours"), n=Count("pk")).order_by("-y", "kind"))
    years: dict[int, dict[str, Decimal]] = defaultdict(dict)
    times: dict[int, int] = defaultdict(int)
    for row in per_year_kind:
        years[row["y"]][row["kind"]] = tenths(row["h"])
        times[row["y"]] += row["n"]
    by_year = [{"year": y, "kinds": kind_rows(k), "total": tenths(sum(k.values(), ZERO)), "times": times[y]}
               for y, k in sorted(years.items(), reverse=True)]
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for k in years.values():
        for kind, h in k.items():
            totals[kind] += h
    by_team = [{"team_id": row["team_id"], "team": row["team__name"] or "", "hours": tenths(row["h"]), "times": row["n"]}
               for row in entries.values("team_id", "team__name").annotate(h=Sum("hours"), n=Count("pk"))
               .order_by("-h", "team__name")]
    activities = [{"activity_id": row["activity_id"], "title": row["activity__title"],
                   "community": row["community__name"], "first_on": row["first"], "last_on": row["last"],
                   "hours": tenths(row["h"])}
                  for row in entries.filter(activity__isnull=False)
                  .values("activity_id", "activity__title", "community__name")
                  .annotate(h=Sum("hours"), first=Min("served_on"), last=Max("served_on")).order_by("-last", "-h")]
    return {
        "total": tenths(sum(totals.values(), ZERO)), "kinds": kind_rows(totals), "by_year": by_year, "by_team": by_team,
        "activities": activities, "honours": honours_of(person),
    }


def honours_of(person: Person) -> list[dict]:
    rows = (Nomination.objects.filter(person=person, status=NominationStatus.SELECTED,
                                      selection__status=SelectionStatus.PUBLISHED)
            .select_related("selection__node").order_by("-selection__year", "pk"))
    return [{"year": n.selection.year, "kind": n.selection.kind, "title": str(n.selection.get_kind_display()),
             "node": n.selection.node.name, "selection_id": n.selection_id} for n in rows]


def period_hours(person: Person, community, start: dt.date, end: dt.date) -> dict:
    """What a certificate states: the confirmed hours the community recorded for the person in the period."""
    entries = confirmed_hours(person=person, community=community, served_on__gte=start, served_on__lte=end)
    kinds = {row["kind"]: tenths(row["h"]) for row in entries.values("kind").annotate(h=Sum("hours")).order_by()}
    teams = [{"team": row["team__name"] or "", "hours": str(tenths(row["h"]))}
             for row in entries.values("team__name").annotate(h=Sum("hours")).order_by("-h", "team__name")]
    activities = [{"title": row["activity__title"] or row["content"] or "", "hours": str(tenths(row["h"]))}
                  for row in entries.values("activity__title", "content").annotate(h=Sum("hours"))
                  .order_by("-h", "activity__title", "content")[:20]]
    total = tenths(sum(kinds.values(), ZERO))
    count = entries.count()
    return {"total": total, "count": count,
            "kinds": [{"kind": r["kind"], "label": r["label"], "hours": str(r["hours"])} for r in kind_rows(kinds)],
            "teams": teams, "activities": activities}


def served_communities(person: Person):
    """The communities that recorded confirmed hours for the person (where she may ask for a certificate)."""
    from gongzhi.regions.models import RegionNode

    return RegionNode.objects.filter(pk__in=confirmed_hours(person=person).values("community_id")).order_by("path")


# --- lists ---------------------------------------------------------------------------------------------------------

def volunteer_hours(user, *, year: int | None = None, q: str = ""):
    """One row per person who served in the user's communities: hours by kind (confirmed) and in total."""
    entries = confirmed_hours().filter(user.scope.in_regions("community__path"))
    if year:
        entries = entries.filter(served_on__year=year)
    if q:
        entries = entries.filter(Q(person__name__icontains=q[:50]) | Q(team__name__icontains=q[:50]))
    sums = {f"h_{k.value}": Sum("hours", filter=Q(kind=k.value)) for k in KINDS}
    return (entries.values("person_id", "person__name").annotate(total=Sum("hours"), times=Count("pk"), **sums)
            .order_by("-total", "person__name", "person_id"))


def team_hours_of(user, person_ids: list[int], *, year: int | None = None) -> dict[int, list[dict]]:
    """Hours per team of the listed people (one query for the whole page)."""
    entries = confirmed_hours(person_id__in=person_ids).filter(user.scope.in_regions("community__path"))
    if year:
        entries = entries.filter(served_on__year=year)
    teams: dict[int, list[dict]] = defaultdict(list)
    for row in entries.values("person_id", "team__name").annotate(h=Sum("hours")).order_by("person_id", "-h"):
        teams[row["person_id"]].append({"team": row["team__name"] or "", "hours": tenths(row["h"])})
    return teams


def certificate_list(user, *, q: str = "", revoked: str = ""):
    qs = certificates_visible_to(user).select_related("community", "issued_by", "person")
    if q:
        qs = qs.filter(Q(number__icontains=q[:50]) | Q(holder_name__icontains=q[:50]))
    if revoked == "1":
        qs = qs.filter(revoked=True)
    elif revoked == "0":
        qs = qs.filter(revoked=False)
    return qs


def volunteer_rows(user, rows: list[dict], *, year: int | None) -> list[dict]:
    """The list page's and the export's rows: hours by kind, teams, the person's name and masked numbers."""
    ids = [r["person_id"] for r in rows]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("home")}
    teams = team_hours_of(user, ids, year=year)
    out = []
    for r in rows:
        facts = person_facts(user, people[r["person_id"]])
        out.append({**facts, "person_id": r["person_id"], "total": tenths(r["total"]), "times": r["times"],
                    **{k.value: tenths(r[f"h_{k.value}"]) for k in KINDS}, "teams": teams.get(r["person_id"], [])})
    return out


# --- the board ---------------------------------------------------------------------------------------------------

def board_honours(community) -> list[dict]:
    """Published selections of the community and of the street above it, newest year first, with the selected
    nominees' public names."""
    nodes = [community.pk] + ([community.parent_id] if community.parent_id else [])
    selections = list(HonourSelection.objects.filter(node_id__in=nodes, status=SelectionStatus.PUBLISHED)
                      .select_related("node").order_by("-year", "kind", "node__path")[:12])
    winners = defaultdict(list)
    for n in (Nomination.objects.filter(selection__in=selections, status=NominationStatus.SELECTED)
              .select_related("selection", "person", "building__parent").order_by("pk")):
        winners[n.selection_id].append(public_nominee(n))
    return [{"selection": s, "winners": winners[s.pk]} for s in selections]


# --- figures -------------------------------------------------------------------------------------------------------

def figures(*, path: str, year: int | None) -> dict:
    certificates = Certificate.objects.filter(community__path__startswith=path, revoked=False)
    if year:
        certificates = certificates.filter(issued_at__year=year)
    honours = Nomination.objects.filter(status=NominationStatus.SELECTED, selection__status=SelectionStatus.PUBLISHED,
                                        selection__node__path__startswith=path)
    if year:
        honours = honours.filter(selection__year=year)
    return {"certificates": certificates.count(), "honours": honours.count()}
