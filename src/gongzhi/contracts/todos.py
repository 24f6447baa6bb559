"""What waits in 契约化共建 (registered with `core.registry.register_todos`): each count comes from the selector of
the list its link opens (项目清单, 共建契约, 商谈会), with the same filter."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.contracts import selectors
from gongzhi.contracts.permissions import COMMUNITY_SIDE, ORGANISERS
from gongzhi.core import clock
from gongzhi.core.registry import Todo, Urgency, register_todos


def liaison_todos(user) -> list[Todo]:
    """A unit's liaison: the commitments the unit undertook, late or due within two weeks and not completed, and
    the draft contracts waiting for the unit's agreement (商定)."""
    if not user.scope.organisation_ids or not user.has_role("unit_liaison"):
        return []
    today = clock.today()
    counts = selectors.projects(user, mine=True, today=today).aggregate(
        overdue=Count("pk", filter=selectors.due_condition("overdue", today)),
        soon=Count("pk", filter=selectors.due_condition("soon", today)))
    agree = selectors.contracts(user, step="agree").count()
    projects, contracts = reverse("contracts:projects"), reverse("contracts:list")
    return [Todo("contracts.overdue", _("逾期未完成的承诺事项"), counts["overdue"], f"{projects}?mine=1&due=overdue",
                 Urgency.OVERDUE, "✍"),
            # two weeks (the reminders' 即将到期) is not the home page's "within 24 hours": it waits, unflagged
            Todo("contracts.soon", _("14天内到期的承诺事项"), counts["soon"], f"{projects}?mine=1&due=soon",
                 Urgency.WAITING, "✍"),
            Todo("contracts.agree", _("待本单位确认的契约"), agree, f"{contracts}?step=agree", Urgency.WAITING, "✍")]


def staff_todos(user) -> list[Todo]:
    """The community side (community, street, district staff): drafts every unit agreed to, to sign, and held
    negotiation meetings to draft a contract from; the street and the district, who convene them: meetings held
    whose minutes are not recorded yet."""
    if not (user.scope.everything or user.has_role(*COMMUNITY_SIDE)):
        return []
    now = clock.now()
    meetings = selectors.negotiation_meetings(user, now=now).aggregate(
        minutes=Count("pk", filter=selectors.meeting_step_condition("minutes", now)),
        draft=Count("pk", filter=selectors.meeting_step_condition("draft", now)))
    url = reverse("contracts:meetings")
    found = [Todo("contracts.sign", _("待签订的契约"), selectors.contracts(user, step="sign").count(),
                  f"{reverse('contracts:list')}?step=sign", Urgency.WAITING, "✍"),
             Todo("contracts.draft", _("待起草契约的商谈会"), meetings["draft"], f"{url}?step=draft", Urgency.WAITING,
                  "✍")]
    if user.scope.everything or user.has_role(*ORGANISERS):
        found.append(Todo("contracts.minutes", _("待记录纪要的商谈会"), meetings["minutes"], f"{url}?step=minutes",
                          Urgency.WAITING, "✍"))
    return found


def register() -> None:
    register_todos("contracts.liaison", liaison_todos, order=40)
    register_todos("contracts.staff", staff_todos, order=40)
