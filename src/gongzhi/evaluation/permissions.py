"""Who sees and does what in 评约.

- Schemes: the district's staff set them; street and community staff below the district see them; a unit
  liaison sees the schemes their unit is assessed under; administrators see all.
- Assessments: community, street and district staff see those of the communities in their subtree; a unit
  liaison sees their own unit's; administrators see all. Grid workers, receivers and residents see none.
- Each stage is done by one role only: the unit's own liaison (自评), the community's staff (社区评议), the
  street's staff (街道总评), the district's staff (城区复核). Commendations, reminder notices and publication
  are the district's.
Rows out of scope are 404."""

from __future__ import annotations

from django.db.models import Q

from gongzhi.core.scope import ALL_ROWS, NO_ROWS, ancestor_paths, get_visible
from gongzhi.evaluation.models import STAGE_ORDER, Assessment, Scheme, Stage

EVALUATOR_ROLES = ("community_staff", "street_staff", "district_staff")
STAGE_ROLES = {Stage.COMMUNITY: "community_staff", Stage.STREET: "street_staff", Stage.DISTRICT: "district_staff"}


def _evaluator_paths(user) -> list[str]:
    return sorted({a.region.path for a in user.active_roles if a.role in EVALUATOR_ROLES and a.region})


def schemes_visible_to(user):
    scope = user.scope
    if scope.everything:
        return Scheme.objects.filter(ALL_ROWS)
    above = sorted({a for p in _evaluator_paths(user) for a in ancestor_paths(p)})
    below = [Q(district__path__startswith=p) for p in _evaluator_paths(user)]
    condition = Q(district__path__in=above) if above else NO_ROWS
    for q in below:
        condition |= q
    if scope.organisation_ids:
        condition |= Q(pk__in=Assessment.objects.filter(organisation_id__in=scope.organisation_ids)
                       .values("scheme_id"))
    return Scheme.objects.filter(condition)


def get_scheme_for_user(user, pk) -> Scheme:
    return get_visible(schemes_visible_to(user).select_related("district"), pk)


def assessments_visible_to(user):
    scope = user.scope
    if scope.everything:
        return Assessment.objects.filter(ALL_ROWS)
    condition = NO_ROWS
    for p in _evaluator_paths(user):
        condition |= Q(community__path__startswith=p)
    if scope.organisation_ids:
        condition |= Q(organisation_id__in=scope.organisation_ids)
    return Assessment.objects.filter(condition)


def get_assessment_for_user(user, pk) -> Assessment:
    return get_visible(assessments_visible_to(user).select_related(
            "scheme__district", "organisation__supervising_department", "community__parent"), pk)


def next_stage(assessment) -> Stage | None:
    """The stage that may happen next ('' → self-assessment), None once the district has re-checked."""
    done = STAGE_ORDER.index(Stage(assessment.stage)) + 1 if assessment.stage else 0
    return STAGE_ORDER[done] if done < len(STAGE_ORDER) else None


def may_act(user, assessment, stage) -> bool:
    """Whether `user` holds the one role that does `stage` for this assessment (whatever the current stage)."""
    if stage == Stage.SELF:
        return assessment.organisation_id in user.scope.organisation_ids
    return user.has_role_at(STAGE_ROLES[Stage(stage)], assessment.community.path)


def may_see_scheme_chronicle(user) -> bool:
    """A scheme's chronicle (who opened it, who decided) is for region staff; a unit's liaison sees the scheme."""
    return user.scope.is_region_staff


def sees_commendations_early(user) -> bool:
    """Evaluators (community, street, district staff) see the district's commendations as they are made; a
    unit's liaison only once the outcomes are published."""
    return user.scope.everything or any(a.role in EVALUATOR_ROLES for a in user.active_roles)


def may_create_scheme(user, district) -> bool:
    return district.kind == "district" and (user.scope.everything or user.has_role_at("district_staff", district.path))


def may_open(user, scheme) -> bool:
    return user.scope.everything or user.has_role_at("district_staff", scheme.district.path)


def may_decide_outcomes(user, scheme) -> bool:
    """Commendations, reminder notices and publication: the district's staff only."""
    return user.has_role_at("district_staff", scheme.district.path)


def creatable_districts(user):
    from gongzhi.regions.models import RegionNode

    districts = RegionNode.objects.filter(kind="district")
    if user.scope.everything:
        return districts.order_by("path")
    paths = [a.region.path for a in user.active_roles if a.role == "district_staff" and a.region]
    return districts.filter(path__in=paths).order_by("path")
