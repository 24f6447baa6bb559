"""Read queries of 楼门管家: the posts of a community (entrances, or buildings without entrances), the vacancies,
the stewards list, the month's evaluations with the missing ones, suggestions, figures and the board's
commendations. Lists load what they show in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongzhi.core.listing import as_id, search
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.stewards.models import (
    Commendation,
    Evaluation,
    Steward,
    StewardStatus,
    Suggestion,
    SuggestionStatus,
)
from gongzhi.stewards.permissions import own_person, run_by, stewards_visible_to, suggestions_visible_to

POST_KINDS = (RegionKind.BUILDING, RegionKind.ENTRANCE)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def post_label(post: RegionNode) -> str:
    """五美小区 1栋 2单元 (staff pages only; load with select_related("post__parent__parent"))."""
    parts = [post.name]
    node = post.parent
    while node is not None and node.kind in (RegionKind.BUILDING, RegionKind.NEIGHBOURHOOD):
        parts.insert(0, node.name)
        node = node.parent if node.kind == RegionKind.BUILDING else None
    return " ".join(parts)


def neighbourhood_of(post: RegionNode) -> RegionNode | None:
    node: RegionNode | None = post
    while node is not None and node.kind != RegionKind.NEIGHBOURHOOD:
        node = node.parent
    return node


def is_post(node: RegionNode) -> bool:
    """An entrance, or a building with no entrance under it."""
    if node.kind == RegionKind.ENTRANCE:
        return True
    return node.kind == RegionKind.BUILDING and not RegionNode.objects.filter(parent=node,
                                                                              kind=RegionKind.ENTRANCE).exists()


def posts_of(community: RegionNode) -> list[dict]:
    """Every post of the community, in path order: {"node", "label"} — one query."""
    nodes = list(RegionNode.objects.filter(path__startswith=community.path,
                                           kind__in=[RegionKind.NEIGHBOURHOOD, *POST_KINDS]).order_by("path"))
    by_pk = {n.pk: n for n in nodes}
    with_entrances = {n.parent_id for n in nodes if n.kind == RegionKind.ENTRANCE}
    out = []
    for n in nodes:
        if n.kind == RegionKind.ENTRANCE or (n.kind == RegionKind.BUILDING and n.pk not in with_entrances):
            parts, parent = [n.name], by_pk.get(n.parent_id)
            while parent is not None:
                parts.insert(0, parent.name)
                parent = by_pk.get(parent.parent_id)
            out.append({"node": n, "label": " ".join(parts)})
    return out


def _posts(community: RegionNode) -> QuerySet[RegionNode]:
    """The community's posts (entrances, and buildings with no entrance under them) in path order."""
    entrances = RegionNode.objects.filter(parent=OuterRef("pk"), kind=RegionKind.ENTRANCE)
    return (RegionNode.objects.filter(path__startswith=community.path)
            .filter(Q(kind=RegionKind.ENTRANCE) | Q(kind=RegionKind.BUILDING) & ~Exists(entrances))
            .order_by("path"))


def vacant_posts(community: RegionNode) -> QuerySet[RegionNode]:
    """Posts without a current steward, in path order, loaded for post_label: a queryset, so that a page of them is
    one query (a district's community holds thousands of entrances)."""
    held = Steward.objects.filter(community=community, status=StewardStatus.CURRENT, post=OuterRef("pk"))
    return _posts(community).filter(~Exists(held)).select_related("parent__parent")


def vacancies(community: RegionNode) -> list[dict]:
    """Posts without a current steward: {"node", "label"} (one query)."""
    return [{"node": n, "label": post_label(n)} for n in vacant_posts(community)]


def _community(qs, community, field: str = "community_id") -> QuerySet:
    pk = as_id(community.pk if isinstance(community, RegionNode) else community)
    if pk is not None:
        return qs.filter(**{field: pk})
    return qs.none() if community not in (None, "") else qs


def stewards(user, *, community=None, status: str = "", role: str = "", q: str = "",
             commended: str = "") -> QuerySet[Steward]:
    """`commended` "1": only those commended at least once (each one's page lists the commendations)."""
    qs = _community(stewards_visible_to(user), community)
    if commended == "1":
        qs = qs.filter(Exists(Commendation.objects.filter(steward=OuterRef("pk"))))
    if status in StewardStatus.values:
        qs = qs.filter(status=status)
    if role:
        qs = qs.filter(roles__icontains=f'"{role}"')
    qs = search(qs, q, ("person__name", "person__search_key", "post__name", "post__parent__name"))
    return qs.select_related("community", "person__home", "post__parent__parent").order_by(
        "community__path", "status", "post__path", "-started_on")


def serving_in(month: dt.date) -> Q:
    """Stewards in office at some point of `month`."""
    return Q(started_on__lte=month_end(month)) & (Q(retired_on__isnull=True) | Q(retired_on__gte=month))


def sheet_stewards(user, *, month: dt.date, community=None, missing: bool = False) -> QuerySet[Steward]:
    """The stewards of the month's sheet (in office in `month`, in the user's scope), in post order; `missing`:
    only those not evaluated for `month`. A queryset, so that a page of the sheet loads one page of rows."""
    qs = _community(stewards_visible_to(user), community).filter(serving_in(month))
    if missing:
        qs = qs.filter(~Exists(Evaluation.objects.filter(steward=OuterRef("pk"), month=month)))
    return (qs.select_related("community", "person__home", "post__parent__parent")
            .order_by("community__path", "post__path", "pk"))


def with_evaluations(stewards, month: dt.date) -> list[dict]:
    """Each steward with the month's evaluation or None (missing): one query."""
    stewards = list(stewards)
    found = {e.steward_id: e for e in Evaluation.objects.filter(steward__in=[s.pk for s in stewards], month=month)
             .select_related("evaluated_by")}
    return [{"steward": s, "evaluation": found.get(s.pk)} for s in stewards]


def month_sheet(user, *, month: dt.date, community=None) -> list[dict]:
    """Every steward in office in `month` (in the user's scope), with the month's evaluation or None (missing):
    two queries."""
    return with_evaluations(sheet_stewards(user, month=month, community=community), month)


def missing_evaluations(community: RegionNode, month: dt.date) -> QuerySet[Steward]:
    return (Steward.objects.filter(community=community).filter(serving_in(month))
            .exclude(evaluations__month=month))


def evaluations_of(steward: Steward) -> QuerySet[Evaluation]:
    return steward.evaluations.select_related("evaluated_by").order_by("-month")


# `?handle=1` of the suggestion list: the suggestions waiting for the user's answer (turn into a need or a case, or
# decline), those of the communities whose stewards the user runs.
HANDLE_CHOICES = (("1", _("待我处理")),)


def to_handle(user) -> QuerySet[Suggestion]:
    return suggestions_visible_to(user).filter(run_by(user), status=SuggestionStatus.NEW)


def suggestions(user, *, community=None, status: str = "", q: str = "", handle: str = "") -> QuerySet[Suggestion]:
    """`handle`: "1" the suggestions waiting for the user's answer; anything else is ignored."""
    qs = _community(to_handle(user) if handle == "1" else suggestions_visible_to(user), community)
    if status:
        qs = qs.filter(status=status)
    qs = search(qs, q, ("text", "steward__person__name"))
    return qs.select_related("community", "steward__person__home", "steward__post__parent__parent", "need",
                             "case").order_by("-submitted_at", "-pk")


def my_posts(user) -> list[Steward]:
    person = own_person(user)
    if person is None:
        return []
    return list(Steward.objects.filter(person=person).select_related("community", "post__parent__parent")
                .order_by("status", "-started_on"))


def stewards_of_home(user) -> list[Steward]:
    """For a resident's phone: the current stewards of the building (or entrance) she lives in."""
    person = own_person(user)
    if person is None:
        return []
    home = person.home
    building = home if home.kind == RegionKind.BUILDING else (home.parent if home.kind == RegionKind.ENTRANCE
                                                              else None)
    if building is None:
        return []
    return list(Steward.objects.filter(status=StewardStatus.CURRENT, post__path__startswith=building.path)
                .select_related("person__home", "post__parent__parent").order_by("post__path"))


# --- figures and the board -----------------------------------------------------------------------------------------

def figures(*, path: str, year: int | None = None) -> dict[str, int]:
    current = Steward.objects.filter(community__path__startswith=path, status=StewardStatus.CURRENT).count()
    commended = Commendation.objects.filter(steward__community__path__startswith=path)
    if year is not None:
        commended = commended.filter(awarded_on__year=year)
    return {"current": current, "commendations": commended.count()}


def board_commendations(community: RegionNode, *, limit: int = 20) -> list[dict]:
    """Public: the date, the title, the name the community chose to publish and the neighbourhood — nothing else."""
    rows = (Commendation.objects.filter(steward__community=community)
            .select_related("steward__post__parent__parent").order_by("-awarded_on", "-pk")[:limit])
    out = []
    for c in rows:
        neighbourhood = neighbourhood_of(c.steward.post)
        out.append({"awarded_on": c.awarded_on, "title": c.title, "name": c.public_name,
                    "neighbourhood": neighbourhood.name if neighbourhood is not None else ""})
    return out


def board_figures(community: RegionNode) -> dict[str, int]:
    posts = _posts(community).count()
    current = Steward.objects.filter(community=community, status=StewardStatus.CURRENT).count()
    return {"posts": posts, "current": current}
