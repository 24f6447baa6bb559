"""Overdue steps raised to the street and the district (超时督办), exactly once each.

The rule (every deadline was computed when its step started and is stored; the second level counts one more
of the same limit from the first deadline, on the same calendar):

| step | what is overdue | street (街道督办) | district (城区督办) |
| --- | --- | --- | --- |
| respond | a whistle not reported (报到) | after respond_due_at | after respond_due_at + one response limit |
| act | a whistled department's part not done | after act_due_at | after act_due_at + one resolution limit |
| case | a case not resolved | after due_at | — |
| contact | the resident not contacted | after contact_due_at | — |

A step that is done in time, or a whistle withdrawn, never escalates; a step done late after its street
escalation stops before the district one. Recipients are the street staff of the case's street and the
district staff whose region covers it (at the moment of escalation).

`sweep_deadlines` reads everything from the database, so running it twice, in two workers at once, or again
after a restart creates nothing new: one escalation per (whistle | case, step, level) is a database
constraint, and each one is created inside its own savepoint that treats the constraint's IntegrityError as
"someone else already did it"."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.accounts.models import RoleAssignment
from gongzhi.cases import notices
from gongzhi.cases.models import (
    Case,
    CaseStatus,
    Escalation,
    EscalationLevel,
    EscalationStep,
    Whistle,
    WhistleStatus,
)
from gongzhi.cases.permissions import street_and_district_paths
from gongzhi.cases.services.common import event
from gongzhi.chronicle.services import record
from gongzhi.core import clock
from gongzhi.core.scope import ancestor_paths
from gongzhi.regions.models import RegionNode
from gongzhi.worktime.limits import deadline

LEVEL_ROLES: dict[str, str] = {EscalationLevel.STREET: "street_staff", EscalationLevel.DISTRICT: "district_staff"}


def second_deadline(whistle_or_case, step: str) -> dt.datetime | None:
    """When an overdue step goes on to the district (None for steps that stop at the street)."""
    if step == EscalationStep.RESPOND:
        category = whistle_or_case.case.category
        return deadline(category.calendar, whistle_or_case.respond_due_at, category.response_limit)
    if step == EscalationStep.ACT:
        category = whistle_or_case.case.category
        return deadline(category.calendar, whistle_or_case.act_due_at, category.resolution_limit)
    return None


def _recipients(level: str, community_path: str):
    from django.contrib.auth import get_user_model

    user_ids = RoleAssignment.objects.filter(role=LEVEL_ROLES[level], active=True,
                                             region__path__in=ancestor_paths(community_path)).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True)


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _escalate(*, case: Case, whistle: Whistle | None, step: str, level: str, due_at: dt.datetime, now: dt.datetime,
              regions: dict[str, RegionNode]) -> Escalation | None:
    street_path, district_path = street_and_district_paths(case.community.path)
    to_region = regions.get(street_path if level == EscalationLevel.STREET else district_path)
    if to_region is None:
        return None
    subject = whistle.department.name if whistle is not None else _("首问责任人")
    message = _("%(case)s（%(community)s）：%(who)s%(step)s，期限 %(due)s") % {
        "case": case.number, "community": case.community.name, "who": subject,
        "step": EscalationStep(step).label, "due": _local(due_at)}
    with transaction.atomic():
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(case=case, whistle=whistle, step=step, level=level,
                                                       to_region=to_region, due_at=due_at, created_at=now,
                                                       message=message[:300])
        except IntegrityError:
            return None  # another sweep got there first
        escalation.recipients.set(_recipients(level, case.community.path))
        notices.escalated(escalation)
        event(case, "escalated", None, note=f"{EscalationLevel(level).label}：{message}"[:500], public=False)
        record(case, "case.escalated", None, {"escalation": escalation.pk, "step": step, "level": level,
                                              "whistle": whistle.pk if whistle else None})
    return escalation


def sweep_deadlines(*, now: dt.datetime | None = None) -> int:
    """Create the escalations that are due at `now` (default: the clock); returns how many were created."""
    now = now or clock.now()
    existing_whistle = set(Escalation.objects.filter(whistle__isnull=False)
                           .filter(whistle__status__in=[WhistleStatus.SENT, WhistleStatus.REPORTED])
                           .values_list("whistle_id", "step", "level"))
    existing_case = set(Escalation.objects.filter(whistle__isnull=True, case__status__in=[
        CaseStatus.ACCEPTED, CaseStatus.WHISTLED]).values_list("case_id", "step", "level"))
    due: list[dict] = []

    whistles = (Whistle.objects.filter(status__in=[WhistleStatus.SENT, WhistleStatus.REPORTED], act_due_at__lt=now)
                | Whistle.objects.filter(status=WhistleStatus.SENT, respond_due_at__lt=now))
    for whistle in whistles.select_related("case__community", "case__category__calendar", "department"):
        steps = [(EscalationStep.ACT, whistle.act_due_at)]
        if whistle.status == WhistleStatus.SENT:
            steps.append((EscalationStep.RESPOND, whistle.respond_due_at))
        for step, due_at in steps:
            if due_at >= now:
                continue
            levels = [EscalationLevel.STREET]
            second = second_deadline(whistle, step)
            if second is not None and second < now:
                levels.append(EscalationLevel.DISTRICT)
            for level in levels:
                if (whistle.pk, step, level) not in existing_whistle:
                    due.append({"case": whistle.case, "whistle": whistle, "step": step, "level": level,
                                "due_at": due_at})

    open_cases = Case.objects.filter(status__in=[CaseStatus.ACCEPTED, CaseStatus.WHISTLED]).select_related("community")
    for case in open_cases.filter(due_at__lt=now):
        if (case.pk, EscalationStep.CASE, EscalationLevel.STREET) not in existing_case:
            due.append({"case": case, "whistle": None, "step": EscalationStep.CASE, "level": EscalationLevel.STREET,
                        "due_at": case.due_at})
    for case in open_cases.filter(contacted_at__isnull=True, contact_due_at__lt=now):
        if (case.pk, EscalationStep.CONTACT, EscalationLevel.STREET) not in existing_case:
            due.append({"case": case, "whistle": None, "step": EscalationStep.CONTACT,
                        "level": EscalationLevel.STREET, "due_at": case.contact_due_at})
    if not due:
        return 0
    paths = {p for item in due for p in street_and_district_paths(item["case"].community.path)}
    regions = {node.path: node for node in RegionNode.objects.filter(path__in=paths)}
    created = 0
    for item in due:
        if _escalate(now=now, regions=regions, **item) is not None:
            created += 1
    return created
