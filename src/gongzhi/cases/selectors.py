"""Read queries of 接诉即办 / 吹哨报到: lists with filters, the timeline, whom to whistle, the 权责清单 tree
and its counts, the receiver inbox and the escalations a user supervises. Every list starts from the scoped
querysets of `permissions.py`."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q

from gongzhi.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseCategory,
    CaseEvent,
    CaseStatus,
    Escalation,
    MatterKind,
    Responsibility,
    Whistle,
    WhistleStatus,
)
from gongzhi.core import clock
from gongzhi.core.listing import as_id, search
from gongzhi.core.scope import ancestor_paths
from gongzhi.organisations.models import Department

SEARCH_FIELDS = ("number", "title", "search_key", "address")
ACTIVE_WHISTLE = (WhistleStatus.SENT, WhistleStatus.REPORTED)


# --- where a case is -----------------------------------------------------------------------------------------

def place_chain(case: Case) -> list:
    """The case's place from its community down to what the resident recorded (社区 · 小区 · 栋 · 单元), one query;
    every 小区 has a 3栋, so staff need the whole chain to find it."""
    from gongzhi.core.scope import ancestor_paths
    from gongzhi.regions.models import RegionNode

    if case.place_id is None or not case.place.path.startswith(case.community.path):
        return [case.community]
    paths = [p for p in ancestor_paths(case.place.path) if p.startswith(case.community.path)]
    return list(RegionNode.objects.filter(path__in=paths).order_by("depth"))


# --- timeline -----------------------------------------------------------------------------------------------

def timeline(case: Case, *, public_only: bool = False) -> list[CaseEvent]:
    qs = CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
    if public_only:
        qs = qs.filter(public=True)
    return list(qs)


# --- lists --------------------------------------------------------------------------------------------------

SOON = dt.timedelta(hours=24)  # 即将超时: a deadline within the next day


def late_whistle(now: dt.datetime) -> Q:
    """A whistle past its report deadline (still unreported) or its action deadline (still active)."""
    return Q(status=WhistleStatus.SENT, respond_due_at__lt=now) | Q(status__in=ACTIVE_WHISTLE, act_due_at__lt=now)


def overdue_condition(now: dt.datetime) -> Q:
    """A case is overdue when it is still open past its resolution deadline, or one of its active whistles is
    past its report or action deadline."""
    late_whistles = Whistle.objects.filter(case=OuterRef("pk")).filter(late_whistle(now))
    return Q(status__in=OPEN_STATUSES, due_at__lt=now) | Q(Exists(late_whistles))


def due_soon_condition(now: dt.datetime) -> Q:
    """即将超时: an open case that is not overdue yet but whose resolution deadline, or a deadline of one of its
    active whistles, falls within `SOON`."""
    until = now + SOON
    soon_whistles = Whistle.objects.filter(case=OuterRef("pk")).filter(
        Q(status=WhistleStatus.SENT, respond_due_at__gte=now, respond_due_at__lt=until)
        | Q(status__in=ACTIVE_WHISTLE, act_due_at__gte=now, act_due_at__lt=until))
    soon = Q(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lt=until) | Q(Exists(soon_whistles))
    return Q(status__in=OPEN_STATUSES) & soon & ~overdue_condition(now)


def filter_cases(qs, *, q: str = "", status: str = "", category: str = "", channel: str = "", overdue: bool = False,
                 department: str = "", mine_user=None, escalated: bool = False, soon: bool = False):
    # A NUL character would reach PostgreSQL as a text parameter and fail there (a 500).
    q, status, category, channel = ((v or "").replace("\x00", "") for v in (q, status, category, channel))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if channel:
        qs = qs.filter(channel=channel)
    if overdue:
        qs = qs.filter(overdue_condition(clock.now()))
    if soon:
        qs = qs.filter(due_soon_condition(clock.now()))
    if department:
        department_id = as_id(department)
        qs = qs.filter(pk__in=Whistle.objects.filter(department_id=department_id).exclude(
            status=WhistleStatus.WITHDRAWN).values("case_id")) if department_id else qs.none()
    if mine_user is not None:
        qs = qs.filter(owner=mine_user)
    if escalated:
        qs = qs.filter(Exists(Escalation.objects.filter(case=OuterRef("pk"))))
    return search(qs, q, SEARCH_FIELDS)


def annotate_list(qs):
    """What a list row shows, in a fixed number of queries: category, community, owner, active whistle and
    escalation counts, and whether any step is overdue."""
    now = clock.now()
    return (qs.select_related("category", "community", "owner")
            .annotate(active_whistles=Count("whistles", filter=Q(whistles__status__in=ACTIVE_WHISTLE), distinct=True),
                      escalation_count=Count("escalations", distinct=True))
            .annotate(is_overdue=ExpressionWrapper(Q(overdue_condition(now)), output_field=BooleanField())))


# --- 权责清单 -------------------------------------------------------------------------------------------------

@dataclass
class Node:
    line: Responsibility
    children: list[Node] = field(default_factory=list)


@dataclass
class KindSummary:
    kind: str
    label: str
    levels: list[int]  # lines at level 1, 2, 3

    @property
    def total(self) -> int:
        return sum(self.levels)

    @property
    def description(self) -> str:
        """'4 类 13 项 32 子项' / '17 项' — items counted as the leaves of a flat list."""
        parts = [(n, unit) for n, unit in zip(self.levels, ("类", "项", "子项"), strict=True) if n]
        if len(parts) == 1:
            return f"{parts[0][0]} 项"
        return " ".join(f"{n} {unit}" for n, unit in parts)


def responsibility_counts(region) -> list[KindSummary]:
    """Per kind, the number of lines at each level — one aggregate query."""
    rows = (Responsibility.objects.filter(region=region).values("kind", "level").annotate(n=Count("pk"))
            .order_by())
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        counts[row["kind"]][row["level"] - 1] = row["n"]
    return [KindSummary(kind, str(label), counts[kind]) for kind, label in MatterKind.choices if kind in counts]


def responsibility_tree(region, *, kind: str | None = None) -> list[dict]:
    """[{kind, label, roots: [level-1 nodes with their children]}] in kind order, from one query plus two
    prefetches."""
    qs = (Responsibility.objects.filter(region=region)
          .prefetch_related(Prefetch("departments", queryset=Department.objects.only("pk", "name")),
                            Prefetch("case_categories", queryset=CaseCategory.objects.only("pk", "name", "code")))
          .order_by("kind", "level", "order", "pk"))
    if kind:
        qs = qs.filter(kind=kind)
    nodes = {line.pk: Node(line) for line in qs}
    roots: dict[str, list[Node]] = defaultdict(list)
    for node in nodes.values():
        parent = nodes.get(node.line.parent_id)
        if parent is not None:
            parent.children.append(node)
        else:
            roots[node.line.kind].append(node)
    return [{"kind": k, "label": label, "roots": roots[k]} for k, label in MatterKind.choices if k in roots]


def list_regions():
    """Regions that own a 权责清单 (for the public index)."""
    from gongzhi.regions.models import RegionNode

    return RegionNode.objects.filter(Exists(Responsibility.objects.filter(region=OuterRef("pk")))).order_by("path")


# --- whom to whistle ----------------------------------------------------------------------------------------

@dataclass
class Suggestion:
    department: Department
    kinds: list[str]
    lines: list[str]
    whistled: bool = False


@dataclass
class Advice:
    autonomous: list[str]  # titles of autonomous matters covering the category: the community handles it
    suggestions: list[Suggestion]

    @property
    def community_handles_it(self) -> bool:
        return bool(self.autonomous)


def whistle_advice(case: Case) -> Advice:
    """Departments linked to the case category's responsibilities in the case's region or above, with the
    matter kind; whistleable ones only (placed at the community or above)."""
    chain = ancestor_paths(case.community.path)
    lines = list(Responsibility.objects.filter(region__path__in=chain, case_categories=case.category_id)
                 .exclude(kind=MatterKind.REMOVED).prefetch_related("departments__home").order_by("level", "pk"))
    autonomous = [line.title for line in lines if line.kind == MatterKind.AUTONOMOUS]
    whistled = set(Whistle.objects.filter(case=case, status__in=ACTIVE_WHISTLE).values_list("department_id", flat=True))
    found: dict[int, Suggestion] = {}
    for line in lines:
        for department in line.departments.all():
            if department.home.path not in chain:
                continue
            s = found.setdefault(department.pk, Suggestion(department, [], [], department.pk in whistled))
            label = str(MatterKind(line.kind).label)
            if label not in s.kinds:
                s.kinds.append(label)
            s.lines.append(line.title)
    order = Counter({pk: len(s.lines) for pk, s in found.items()})
    return Advice(autonomous, sorted(found.values(), key=lambda s: (-order[s.department.pk], s.department.name)))


# --- inbox and supervision ----------------------------------------------------------------------------------

def inbox(user, *, state: str = "open"):
    """The receiver's whistles: open ones (sent or reported) first by their next deadline, late ones ("overdue"),
    those of one status, or all."""
    from gongzhi.cases.permissions import receiver_whistles

    qs = receiver_whistles(user).select_related("case", "case__community", "case__category", "department")
    if state == "open":
        qs = qs.filter(status__in=ACTIVE_WHISTLE).order_by("respond_due_at", "pk")
    elif state == "overdue":
        qs = qs.filter(late_whistle(clock.now())).order_by("respond_due_at", "pk")
    elif state in WhistleStatus.values:
        qs = qs.filter(status=state).order_by("-blown_at", "-pk")
    else:
        qs = qs.order_by("-blown_at", "-pk")
    return qs


def inbox_counts(user) -> dict[str, int]:
    from gongzhi.cases.permissions import receiver_whistles

    now = clock.now()
    return receiver_whistles(user).aggregate(
        waiting=Count("pk", filter=Q(status=WhistleStatus.SENT)),
        working=Count("pk", filter=Q(status=WhistleStatus.REPORTED)),
        overdue=Count("pk", filter=late_whistle(now)),
    )


def escalations_visible_to(user):
    """Escalations of the cases in the user's region subtrees (street / district staff see theirs, community
    staff see those about their community)."""
    return Escalation.objects.filter(user.scope.in_regions("case__community__path"))


def status_counts(qs) -> dict[str, int]:
    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(CaseStatus.values, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    return counts
