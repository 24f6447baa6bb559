"""The three rates (响应率、解决率、满意率), the on-time rate, average times, the community's score of a
department and the composite score — for a set of departments, communities or streets and a period, computed
from recorded facts only. docs/rates.md defines every figure; this module is that page in code.

Each table is a constant number of queries whatever the number of lines or rows: one list of subjects, one
grouped aggregate with conditional `Count(..., filter=Q(...))`, one list of timestamps for the average times
(working time on each category's calendar is arithmetic in Python, not SQL), one query for the calendars and
one for the weights."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import BooleanField, Count, DateTimeField, F, Q, Sum, Value, When
from django.db.models import Case as SqlCase
from django.db.models.functions import Coalesce, Least

from gongzhi.cases.models import Case, CaseStatus, Satisfaction, WhistleStatus
from gongzhi.core import clock
from gongzhi.core.scope import ancestor_paths
from gongzhi.rates.models import DEFAULT_WEIGHTS, RateWeights, RatingReview, ReviewStatus
from gongzhi.rates.periods import Period
from gongzhi.rates.permissions import (
    cases_in_scope,
    departments_for_table,
    nodes_for_table,
    reviews_visible_to,
    whistles_in_scope,
)
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.worktime.models import Calendar
from gongzhi.worktime.services import day_length, working_time_between

# 满意 and 基本满意 count as satisfied; only 不满意 can be sent for review (docs/rates.md, "Satisfied").
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASIC)
RESOLVED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
SORT_KEYS = ("composite", "response", "resolution", "satisfaction", "on_time", "avg_response_hours",
             "avg_resolution_days", "avg_score", "received", "name")


# --- values -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator; an empty denominator has no value ("—")."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def __str__(self) -> str:
        return f"{self.numerator}/{self.denominator}"


EMPTY = Rate(0, 0)


@dataclass
class Line:
    """One line of the league table: a department, a community or a street."""

    kind: str  # department | community | street
    subject: object
    parent_name: str = ""
    received: int = 0  # whistles received (departments) / cases reported (communities, streets) in the period
    response: Rate = EMPTY
    resolution: Rate = EMPTY
    satisfaction: Rate = EMPTY
    on_time: Rate = EMPTY
    ratings: dict = field(default_factory=lambda: {"satisfied": 0, "basic": 0, "unsatisfied": 0, "excluded": 0})
    avg_response_hours: float | None = None
    avg_resolution_days: float | None = None
    avg_score: float | None = None
    scored: int = 0
    weights: tuple[int, int, int] = DEFAULT_WEIGHTS
    composite: float | None = None
    rank: int | None = None

    @property
    def pk(self) -> int:
        return self.subject.pk

    @property
    def name(self) -> str:
        return self.subject.name


def composite(rates, weights) -> float | None:
    """The weighted sum (0–100) of the rates that have a value; the weights of those without one ("—") are
    left out and the remaining weights re-normalised to 100%. None when no weighted rate has a value."""
    used = [(Fraction(r), w) for r, w in zip(rates, weights, strict=True) if r is not None]
    total = sum(w for _r, w in used)
    if not used or total == 0:
        return None
    return float(100 * sum(r * w for r, w in used) / total)


# --- weights ----------------------------------------------------------------------------------------------

def weights_table() -> dict[str, tuple[int, int, int]]:
    """{region path: (response, resolution, satisfaction)} of every node with its own weights (one query)."""
    return {path: (a, b, c) for path, a, b, c in
            RateWeights.objects.values_list("region__path", "response", "resolution", "satisfaction")}


def weights_for(path: str, table: dict[str, tuple[int, int, int]]) -> tuple[int, int, int]:
    """The weights of the node at `path`: its own, else its nearest ancestor's, else the default 30/35/35."""
    for p in reversed(ancestor_paths(path)):
        if p in table:
            return table[p]
    return DEFAULT_WEIGHTS


# --- shared expressions -----------------------------------------------------------------------------------

def _in(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lt": period.end})


def _excluded_cases():
    return RatingReview.objects.filter(status=ReviewStatus.EXCLUDED).values("case_id")


def _rating_aggregates(prefix: str, period: Period, *, distinct: bool) -> dict:
    """Conditional counts of the ratings given in the period (rated_at), by level, and of excluded ones.
    `prefix` reaches the case ("case__" from a whistle, "" from a case)."""
    key = f"{prefix}pk" if prefix else "pk"
    rated = _in(f"{prefix}rated_at", period) & ~Q(**{f"{prefix}satisfaction": ""})
    excluded = Q(**{f"{prefix}pk__in": _excluded_cases()})

    def count(condition):
        return Count(key, distinct=distinct, filter=condition)

    return {
        "sat_satisfied": count(rated & ~excluded & Q(**{f"{prefix}satisfaction": Satisfaction.SATISFIED})),
        "sat_basic": count(rated & ~excluded & Q(**{f"{prefix}satisfaction": Satisfaction.BASIC})),
        "sat_unsatisfied": count(rated & ~excluded & Q(**{f"{prefix}satisfaction": Satisfaction.UNSATISFIED})),
        "sat_excluded": count(rated & excluded),
    }


def satisfaction_rate(row: dict) -> Rate:
    """满意率 of an aggregate row: satisfied or basically satisfied over the ratings that count (docs/rates.md)."""
    rated = row["sat_satisfied"] + row["sat_basic"] + row["sat_unsatisfied"]
    return Rate(row["sat_satisfied"] + row["sat_basic"], rated)


def _apply_ratings(line: Line, row: dict) -> None:
    line.ratings = {"satisfied": row["sat_satisfied"], "basic": row["sat_basic"],
                    "unsatisfied": row["sat_unsatisfied"], "excluded": row["sat_excluded"]}
    line.satisfaction = satisfaction_rate(row)


class _Calendars:
    """The calendars of the rows' categories, read once (one query), with their day lengths."""

    def __init__(self, ids):
        self.by_id = Calendar.objects.in_bulk(set(ids))
        self.days = {pk: day_length(c) for pk, c in self.by_id.items()}

    def hours(self, calendar_id: int, start: dt.datetime, end: dt.datetime) -> float:
        return working_time_between(self.by_id[calendar_id], start, end).total_seconds() / 3600

    def days_between(self, calendar_id: int, start: dt.datetime, end: dt.datetime) -> float:
        return working_time_between(self.by_id[calendar_id], start, end) / self.days[calendar_id]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _finish(lines: list[Line], table: dict, path_of) -> list[Line]:
    for line in lines:
        line.weights = weights_for(path_of(line.subject), table)
        line.composite = composite([line.response.value, line.resolution.value, line.satisfaction.value],
                                   line.weights)
    _rank(lines)
    return lines


def _rank(lines: list[Line]) -> None:
    """Competition ranking (1, 2, 2, 4) by composite score; lines without a composite are not ranked."""
    scored = sorted((ln for ln in lines if ln.composite is not None), key=lambda ln: -ln.composite)
    previous, rank = None, 0
    for position, line in enumerate(scored, start=1):
        value = round(line.composite, 6)
        if value != previous:
            rank, previous = position, value
        line.rank = rank


# --- departments ------------------------------------------------------------------------------------------

def _done_at():
    return SqlCase(When(status=WhistleStatus.DONE, then=F("done_at")), default=None, output_field=DateTimeField())


def _whistle_rows(whistles, period: Period, as_of: dt.datetime):
    """Active (not withdrawn) whistles with `done` (completion time of a done whistle) and `decided` (when
    the department's action is assessed: its completion, or its deadline if it was not done by then)."""
    return (whistles.exclude(status=WhistleStatus.WITHDRAWN)
            .annotate(done=_done_at())
            .annotate(decided=Least(Coalesce("done", "act_due_at"), F("act_due_at"))))


def _whistle_conditions(period: Period, as_of: dt.datetime) -> dict[str, Q]:
    blown = _in("blown_at", period)
    respond = blown & (Q(reported_at__isnull=False) | Q(respond_due_at__lte=as_of))
    resolve = _in("decided", period) & Q(decided__lte=as_of)
    return {"blown": blown, "respond": respond, "resolve": resolve}


def department_figures(whistles, period: Period, *, as_of: dt.datetime | None = None, with_times: bool = True
                       ) -> dict[int, dict]:
    """{department id: figures} over `whistles` (a scoped Whistle queryset) — two queries (three with the
    times' calendars)."""
    as_of = as_of or clock.now()
    rows = _whistle_rows(whistles, period, as_of)
    c = _whistle_conditions(period, as_of)
    scored = _in("scored_at", period) & Q(score__isnull=False)
    touching = c["blown"] | c["resolve"] | scored | _in("case__rated_at", period)
    aggregates = (rows.filter(touching).values("department_id").order_by("department_id").annotate(
        received=Count("pk", filter=c["blown"]),
        resp_den=Count("pk", filter=c["respond"]),
        resp_num=Count("pk", filter=c["respond"] & Q(reported_at__lte=F("respond_due_at"))),
        res_den=Count("pk", filter=c["resolve"]),
        res_num=Count("pk", filter=c["resolve"] & Q(done__isnull=False)),
        on_time=Count("pk", filter=c["resolve"] & Q(done__lte=F("act_due_at"))),
        scored=Count("pk", filter=scored),
        score_sum=Sum("score", filter=scored),
        **_rating_aggregates("case__", period, distinct=True),
    ))
    figures = {row["department_id"]: dict(row) for row in aggregates}
    if with_times and figures:
        times = list(rows.filter((c["respond"] & Q(reported_at__isnull=False))
                                 | (c["resolve"] & Q(done__isnull=False)))
                     .values_list("department_id", "blown_at", "reported_at", "done", "decided",
                                  "case__category__calendar_id"))
        calendars = _Calendars(r[5] for r in times)
        response, resolution = defaultdict(list), defaultdict(list)
        for dept, blown_at, reported_at, done, decided, calendar_id in times:
            if reported_at is not None and period.start <= blown_at < period.end:
                response[dept].append(calendars.hours(calendar_id, blown_at, reported_at))
            if done is not None and period.start <= decided < period.end and decided <= as_of:
                resolution[dept].append(calendars.days_between(calendar_id, blown_at, done))
        for dept, row in figures.items():
            row["avg_response_hours"] = _mean(response[dept])
            row["avg_resolution_days"] = _mean(resolution[dept])
    return figures


def _department_line(department, row: dict | None) -> Line:
    line = Line("department", department, parent_name=department.home.name)
    if row is None:
        return line
    line.received = row["received"]
    line.response = Rate(row["resp_num"], row["resp_den"])
    line.resolution = Rate(row["res_num"], row["res_den"])
    line.on_time = Rate(row["on_time"], row["res_num"])
    line.scored = row["scored"]
    line.avg_score = row["score_sum"] / row["scored"] if row["scored"] else None
    line.avg_response_hours = row.get("avg_response_hours")
    line.avg_resolution_days = row.get("avg_resolution_days")
    _apply_ratings(line, row)
    return line


def department_lines(user, period: Period, *, departments=None, as_of: dt.datetime | None = None) -> list[Line]:
    """The department tab: one line per department the viewer may see (`departments` narrows it), computed
    over the whistles the viewer sees."""
    qs = departments_for_table(user) if departments is None else departments
    subjects = list(qs.select_related("home").order_by("home__path", "name"))
    whistles = whistles_in_scope(user).filter(department__in=qs.values("pk"))
    figures = department_figures(whistles, period, as_of=as_of)
    lines = [_department_line(d, figures.get(d.pk)) for d in subjects]
    return _finish(lines, weights_table(), lambda d: d.home.path)


# --- communities and streets ------------------------------------------------------------------------------

def _resolved_at():
    return SqlCase(When(status__in=RESOLVED_STATUSES, then=F("resolved_at")), default=None,
                   output_field=DateTimeField())


def _case_rows(cases):
    """Cases with `resolved` (resolution time of a case now resolved or closed), `first_contact` (the recorded
    contact with the resident or the resolution, whichever came first) and `decided` (resolution if on time,
    else the deadline)."""
    return (cases.annotate(resolved=_resolved_at())
            .annotate(first_contact=Least(Coalesce("contacted_at", "resolved"), Coalesce("resolved", "contacted_at")),
                      decided=Least(Coalesce("resolved", "due_at"), F("due_at"))))


def _case_conditions(period: Period, as_of: dt.datetime) -> dict[str, Q]:
    reported = _in("reported_at", period)
    live = ~Q(status=CaseStatus.REJECTED)
    respond = (reported & live & Q(contact_due_at__isnull=False)
               & (Q(first_contact__isnull=False) | Q(contact_due_at__lte=as_of)))
    resolve = live & Q(due_at__isnull=False) & _in("decided", period) & Q(decided__lte=as_of)
    return {"reported": reported, "respond": respond, "resolve": resolve}


def _case_aggregates(period: Period, as_of: dt.datetime) -> dict:
    c = _case_conditions(period, as_of)
    return {
        "received": Count("pk", filter=c["reported"]),
        "resp_den": Count("pk", filter=c["respond"]),
        "resp_num": Count("pk", filter=c["respond"] & Q(first_contact__lte=F("contact_due_at"))),
        "res_den": Count("pk", filter=c["resolve"]),
        "res_num": Count("pk", filter=c["resolve"] & Q(resolved__isnull=False)),
        "on_time": Count("pk", filter=c["resolve"] & Q(resolved__lte=F("due_at"))),
        **_rating_aggregates("", period, distinct=False),
    }


def area_figures(cases, period: Period, *, group: str | None, as_of: dt.datetime | None = None,
                 with_times: bool = True) -> dict:
    """Figures over `cases` grouped by `group` ("community_id", "community__parent_id"), or for all of them
    (`group` None: returns the one figures dict)."""
    as_of = as_of or clock.now()
    rows = _case_rows(cases)
    c = _case_conditions(period, as_of)
    touching = c["reported"] | c["resolve"] | _in("rated_at", period)
    rows_in = rows.filter(touching)
    if group is None:
        figures = {None: rows_in.aggregate(**_case_aggregates(period, as_of))}
    else:
        figures = {row[group]: dict(row) for row in
                   rows_in.values(group).order_by(group).annotate(**_case_aggregates(period, as_of))}
    if with_times and any(f["received"] or f["res_den"] for f in figures.values()):
        key = group or "pk"
        times = list(rows.filter((c["respond"] & Q(first_contact__isnull=False))
                                 | (c["resolve"] & Q(resolved__isnull=False)))
                     .values_list(key, "reported_at", "first_contact", "resolved", "decided",
                                  "category__calendar_id"))
        calendars = _Calendars(r[5] for r in times)
        response, resolution = defaultdict(list), defaultdict(list)
        for subject, reported_at, first_contact, resolved, decided, calendar_id in times:
            subject = subject if group else None
            if first_contact is not None and period.start <= reported_at < period.end:
                response[subject].append(calendars.hours(calendar_id, reported_at, first_contact))
            if resolved is not None and decided is not None and period.start <= decided < period.end \
                    and decided <= as_of:
                resolution[subject].append(calendars.days_between(calendar_id, reported_at, resolved))
        for subject, row in figures.items():
            row["avg_response_hours"] = _mean(response[subject])
            row["avg_resolution_days"] = _mean(resolution[subject])
    return figures if group else figures[None]


def _area_line(kind: str, node: RegionNode, row: dict | None) -> Line:
    line = Line(kind, node, parent_name=node.parent.name if node.parent_id else "")
    if row is None:
        return line
    line.received = row["received"]
    line.response = Rate(row["resp_num"], row["resp_den"])
    line.resolution = Rate(row["res_num"], row["res_den"])
    line.on_time = Rate(row["on_time"], row["res_num"])
    line.avg_response_hours = row.get("avg_response_hours")
    line.avg_resolution_days = row.get("avg_resolution_days")
    _apply_ratings(line, row)
    return line


def community_lines(user, period: Period, *, as_of: dt.datetime | None = None) -> list[Line]:
    nodes = nodes_for_table(user, RegionKind.COMMUNITY)
    subjects = list(nodes.select_related("parent").order_by("path"))
    cases = cases_in_scope(user).filter(community__in=nodes.values("pk"))
    figures = area_figures(cases, period, group="community_id", as_of=as_of)
    lines = [_area_line("community", n, figures.get(n.pk)) for n in subjects]
    return _finish(lines, weights_table(), lambda n: n.path)


def street_lines(user, period: Period, *, as_of: dt.datetime | None = None) -> list[Line]:
    nodes = nodes_for_table(user, RegionKind.STREET)
    subjects = list(nodes.select_related("parent").order_by("path"))
    cases = cases_in_scope(user).filter(community__parent__in=nodes.values("pk"))
    figures = area_figures(cases, period, group="community__parent_id", as_of=as_of)
    lines = [_area_line("street", n, figures.get(n.pk)) for n in subjects]
    return _finish(lines, weights_table(), lambda n: n.path)


def node_figures(node: RegionNode, period: Period, *, as_of: dt.datetime | None = None,
                 with_times: bool = True) -> Line:
    """The area line of any region node (its subtree's cases), unscoped: public statistics and the
    dashboard figures."""
    cases = Case.objects.filter(community__path__startswith=node.path)
    row = area_figures(cases, period, group=None, as_of=as_of, with_times=with_times)
    line = _area_line(node.kind, node, row)
    line.weights = weights_for(node.path, weights_table())
    line.composite = composite([line.response.value, line.resolution.value, line.satisfaction.value], line.weights)
    return line


def league(user, tab: str, period: Period, *, sort: str = "composite", descending: bool = True,
           as_of: dt.datetime | None = None) -> list[Line]:
    """The lines of one tab, sorted (lines without a value last whatever the direction)."""
    compute = {"departments": department_lines, "communities": community_lines, "streets": street_lines}[tab]
    lines = compute(user, period, as_of=as_of)
    return sort_lines(lines, sort, descending)


def _sort_value(line: Line, key: str):
    if key == "name":
        return line.name
    value = getattr(line, key)
    return value.value if isinstance(value, Rate) else value


def sort_lines(lines: list[Line], key: str, descending: bool = True) -> list[Line]:
    key = key if key in SORT_KEYS else "composite"
    present = [ln for ln in lines if _sort_value(ln, key) is not None]
    missing = [ln for ln in lines if _sort_value(ln, key) is None]
    present.sort(key=lambda ln: _sort_value(ln, key), reverse=descending)
    return present + missing


# --- the whistles behind a department's figures -----------------------------------------------------------

def department_whistles(user, department, period: Period, *, as_of: dt.datetime | None = None):
    """The visible whistles of `department` that count in one of its figures for the period, each annotated
    with what it counts in (in_response, responded_on_time, in_resolution, done_by_due, rated_in_period,
    rating_excluded)."""
    as_of = as_of or clock.now()
    c = _whistle_conditions(period, as_of)
    scored = _in("scored_at", period) & Q(score__isnull=False)
    rated = _in("case__rated_at", period) & ~Q(case__satisfaction="")
    excluded = Q(case_id__in=_excluded_cases())
    rows = _whistle_rows(whistles_in_scope(user).filter(department=department), period, as_of)
    return (rows.filter(c["blown"] | c["resolve"] | scored | rated)
            .annotate(in_response=_flag(c["respond"]),
                      responded_on_time=_flag(c["respond"] & Q(reported_at__lte=F("respond_due_at"))),
                      in_resolution=_flag(c["resolve"]),
                      done_by_due=_flag(c["resolve"] & Q(done__lte=F("act_due_at"))),
                      scored_in_period=_flag(scored),
                      rated_in_period=_flag(rated),
                      rating_excluded=_flag(rated & excluded))
            .select_related("case__community", "case__category")
            .order_by("-blown_at", "-pk"))


def _flag(condition: Q):
    return SqlCase(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


# --- public statistics of one community -------------------------------------------------------------------

def status_counts(community: RegionNode, period: Period) -> list[dict]:
    """Cases reported in the period by category and status (one query): [{category, total, by_status}]."""
    rows = (Case.objects.filter(community=community).filter(_in("reported_at", period))
            .values("category__name", "category__order", "status").annotate(n=Count("pk"))
            .order_by("category__order", "category__name", "status"))
    table: dict[str, dict] = {}
    for row in rows:
        entry = table.setdefault(row["category__name"], {"category": row["category__name"], "total": 0,
                                                         "by_status": defaultdict(int)})
        entry["total"] += row["n"]
        entry["by_status"][row["status"]] += row["n"]
    return list(table.values())


def resolved_examples(community: RegionNode, period: Period, *, limit: int = 10):
    """Requests (not disputes) of the community resolved in the period, newest first — for the public page,
    which shows only their category, place (neighbourhood level), description and result, scrubbed."""
    return (Case.objects.filter(community=community, status__in=RESOLVED_STATUSES, kind="request")
            .exclude(public_description="").filter(_in("resolved_at", period))
            .select_related("category", "community", "place__parent__parent", "reporter")
            .order_by("-resolved_at", "-pk")[:limit])


def cases_with_unsatisfied_ratings(user):
    """Closed cases rated 不满意 in the viewer's subtrees that have neither an open nor an excluding review."""
    reviewed = RatingReview.objects.filter(status__in=[ReviewStatus.PENDING, ReviewStatus.EXCLUDED]).values("case_id")
    return (cases_in_scope(user).filter(status=CaseStatus.CLOSED, satisfaction=Satisfaction.UNSATISFIED)
            .exclude(pk__in=reviewed).select_related("community", "category").order_by("-rated_at", "-pk"))


def review_list(user, status: str = ""):
    qs = reviews_visible_to(user).select_related("case__community", "case__category", "requested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-requested_at", "-pk")
