"""Read queries of 评约: scheme and assessment lists (a fixed number of queries whatever the rows), one
assessment's stage-by-stage score table, and the published outcomes of a community for its public board."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongzhi.core.listing import search
from gongzhi.core.scope import NO_ROWS, ancestor_paths
from gongzhi.evaluation.models import (
    STAGE_ORDER,
    Assessment,
    Commendation,
    CommendationKind,
    Notice,
    Scheme,
    Stage,
)
from gongzhi.evaluation.permissions import (
    STAGE_ROLES,
    assessments_visible_to,
    schemes_visible_to,
    sees_commendations_early,
)

PENDING = "pending"  # filter value: not yet self-assessed


def _count(qs):
    return Coalesce(Subquery(qs.values("scheme").annotate(c=Count("pk")).values("c")[:1],
                             output_field=IntegerField()), Value(0))


def scheme_list(user, *, q: str = "", year: str = ""):
    """The schemes the user sees, with the number of assessments they see and how many are final."""
    visible = assessments_visible_to(user).filter(scheme=OuterRef("pk"))
    qs = (schemes_visible_to(user).select_related("district")
          .annotate(units=_count(visible), finals=_count(visible.filter(stage=Stage.DISTRICT)))
          .order_by("-year", "district__path"))
    if year and str(year).isdigit():
        qs = qs.filter(year=int(year))
    return search(qs, q, ("title", "district__name"))


# 待我办理: the assessments whose next stage is one the user does (`permissions.may_act`'s rule, as a filter).
TURN_CHOICES = [(Stage.SELF, _("待我自评")), (Stage.COMMUNITY, _("待我评议")), (Stage.STREET, _("待我总评")),
                (Stage.DISTRICT, _("待我复核"))]


def my_turn(user, stage: str) -> Q | None:
    """Assessments waiting for `stage` (the one before it done) that the user does: the self-assessment of their
    own units, the review by the community, street or district staff of the communities under their role. None
    for an unknown stage (no filter)."""
    if stage == Stage.SELF:
        units = sorted(user.scope.organisation_ids)
        return Q(stage="", organisation_id__in=units) if units else NO_ROWS
    if stage not in STAGE_ROLES:
        return None
    role = STAGE_ROLES[Stage(stage)]
    paths = sorted({a.region.path for a in user.active_roles if a.role == role and a.region})
    if not paths:
        return NO_ROWS
    before = STAGE_ORDER[STAGE_ORDER.index(Stage(stage)) - 1]
    return Q(stage=before) & reduce(or_, [Q(community__path__startswith=p) for p in paths])


def assessment_list(user, scheme, *, q: str = "", stage: str = "", turn: str = ""):
    qs = (assessments_visible_to(user).filter(scheme=scheme)
          .select_related("organisation", "community", "scheme")
          .annotate(has_notice=Exists(Notice.objects.filter(assessment=OuterRef("pk"))))
          .order_by("community__path", "organisation__name", "pk"))
    if stage == PENDING:
        qs = qs.filter(stage="")
    elif stage in Stage.values:
        qs = qs.filter(stage=stage)
    condition = my_turn(user, turn)
    if condition is not None:
        qs = qs.filter(condition)
    return search(qs, q, ("organisation__name", "organisation__search_key"))


def waiting_by_scheme(user, stage: str):
    """The schemes whose outcomes are not published yet that the user sees, each with `waiting`: how many of its
    assessments `assessment_list(..., turn=stage)` lists. One query."""
    mine = assessments_visible_to(user).filter(my_turn(user, stage) or NO_ROWS).values("pk")
    return (schemes_visible_to(user).filter(outcomes_published_at__isnull=True)
            .annotate(waiting=Count("assessments", filter=Q(assessments__pk__in=mine)))
            .order_by("-year", "district__path"))


def progress(assessment) -> list[dict]:
    """The progress row of the table (自评 ✓ 社区 ✓ 街道 … 复核): one cell per stage."""
    done = STAGE_ORDER.index(Stage(assessment.stage)) + 1 if assessment.stage else 0
    return [{"stage": s, "label": s.label, "done": i < done, "next": i == done} for i, s in enumerate(STAGE_ORDER)]


@dataclass
class StageTable:
    stages: list  # StageResult in stage order
    rows: list[dict]  # per indicator: {"indicator", "scores": [Decimal|None per stage in `stages`]}


def stage_table(assessment) -> StageTable:
    results = {r.stage: r for r in assessment.results.select_related("actor").prefetch_related("scores")}
    stages = [results[s] for s in STAGE_ORDER if s in results]
    indicators = list(assessment.scheme.indicators.all())
    by_stage = {r.stage: {s.indicator_id: s.score for s in r.scores.all()} for r in stages}
    rows = [{"indicator": i, "scores": [by_stage[r.stage].get(i.pk) for r in stages]} for i in indicators]
    return StageTable(stages=stages, rows=rows)


def notices_for(user, scheme):
    return (Notice.objects.filter(assessment__in=assessments_visible_to(user).filter(scheme=scheme))
            .select_related("assessment__organisation", "issued_by").order_by("assessment__organisation__name"))


def commendations_for(user, scheme):
    """The district's choices: evaluators in scope see them as they are made, a unit's liaison once published."""
    qs = scheme.commendations.select_related("organisation", "commitment").order_by("kind", "pk")
    return qs if sees_commendations_early(user) or scheme.outcomes_published_at is not None else qs.none()


# --- the public board ----------------------------------------------------------------------------------

@dataclass
class PublishedOutcome:
    scheme: Scheme
    grades: list = field(default_factory=list)  # [{"organisation": name, "grade": label, "grade_code", "score"}]
    commendations: dict = field(default_factory=dict)  # kind label -> [{"name", "unit", "citation"}]


def published_outcomes(community) -> list[PublishedOutcome]:
    """Per published scheme of the community's district: the final grades of the community's units and the
    commendations of those units and of the community's projects. Names of units, projects and (as entered)
    advanced individuals only — never a contact detail. Three queries."""
    schemes = list(Scheme.objects.filter(outcomes_published_at__isnull=False,
                                         district__path__in=ancestor_paths(community.path)).order_by("-year"))
    if not schemes:
        return []
    outcomes = {s.pk: PublishedOutcome(scheme=s) for s in schemes}
    units: set[tuple[int, int]] = set()
    for a in (Assessment.objects.filter(scheme__in=schemes, community=community, stage=Stage.DISTRICT)
              .select_related("organisation").order_by("-final_score", "organisation__name")):
        units.add((a.scheme_id, a.organisation_id))
        outcomes[a.scheme_id].grades.append({"organisation": a.organisation.name, "grade": a.get_grade_display(),
                                             "grade_code": a.grade, "score": a.final_score or Decimal(0)})
    kinds = dict(CommendationKind.choices)
    for c in (Commendation.objects.filter(scheme__in=schemes)
              .filter(Q(organisation__isnull=False) | Q(commitment__contract__community=community))
              .select_related("organisation", "commitment__contract").order_by("kind", "pk")):
        if c.kind == CommendationKind.INFLUENTIAL_PROJECT:
            if c.commitment.contract.community_id != community.pk:
                continue
            item = {"name": c.commitment.title, "unit": "", "citation": c.citation}
        else:
            if (c.scheme_id, c.organisation_id) not in units:
                continue
            name = c.individual if c.kind == CommendationKind.ADVANCED_INDIVIDUAL else c.organisation.name
            unit = c.organisation.name if c.kind == CommendationKind.ADVANCED_INDIVIDUAL else ""
            item = {"name": name, "unit": unit, "citation": c.citation}
        outcomes[c.scheme_id].commendations.setdefault(str(kinds[c.kind]), []).append(item)
    return [o for o in outcomes.values() if o.grades or o.commendations]
