"""What waits in 评约 (registered with `core.registry.register_todos`): for each scheme whose outcomes are not
published yet, the assessments whose next stage is the user's — the count from `selectors.waiting_by_scheme`, the
list the scheme's page filtered by `turn` (the same `selectors.my_turn`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.evaluation.models import Stage
from gongzhi.evaluation.permissions import STAGE_ROLES
from gongzhi.evaluation.selectors import waiting_by_scheme

LABELS = {Stage.SELF: _("待自评的单位考评"), Stage.COMMUNITY: _("待社区评议的单位考评"),
          Stage.STREET: _("待街道总评的单位考评"), Stage.DISTRICT: _("待城区复核的单位考评")}


def _stages(user) -> list[Stage]:
    """The stages the user does: a unit's liaison the self-assessment, each evaluator role its review."""
    stages = [Stage.SELF] if user.scope.organisation_ids and user.has_role("unit_liaison") else []
    return stages + [stage for stage, role in STAGE_ROLES.items() if user.has_role(role)]


def evaluation_todos(user) -> list[Todo]:
    """One line per stage the user does and scheme still open (its outcomes unpublished), zero included."""
    found = []
    for stage in _stages(user):
        for scheme in waiting_by_scheme(user, stage):
            label = format_lazy(_("{label}（{year}年度）"), label=LABELS[stage], year=scheme.year)
            found.append(Todo(f"evaluation.{stage}", label, scheme.waiting,
                              f"{reverse('evaluation:scheme', args=[scheme.pk])}?turn={stage}", Urgency.WAITING, "★"))
    return found


def register() -> None:
    register_todos("evaluation.stages", evaluation_todos, order=45)
