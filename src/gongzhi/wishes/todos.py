"""What waits in 微心愿 (registered with `core.registry.register_todos`): each count comes from the selector of the
list its link opens, with the same filter."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.wishes.models import WishStatus
from gongzhi.wishes.selectors import my_wishes, review_queue, wish_list


def staff_todos(user) -> list[Todo]:
    """Community staff (who review, and release overdue claims): wishes waiting for review, claims past their
    deadline in their communities."""
    if not (user.scope.everything or user.has_role("community_staff")):
        return []
    url = reverse("wishes:list")
    return [Todo("wishes.overdue", _("认领逾期的心愿"), wish_list(user, overdue="1").count(), f"{url}?overdue=1",
                 Urgency.OVERDUE, "♡"),
            Todo("wishes.review", _("待审核的心愿"), review_queue(user).count(), reverse("wishes:queue"),
                 Urgency.WAITING, "♡")]


def liaison_todos(user) -> list[Todo]:
    """A unit's liaison: the wishes the unit (or they) claimed and did not fulfil by the deadline."""
    if not user.scope.organisation_ids or not user.has_role("unit_liaison"):
        return []
    n = wish_list(user, mine="1", overdue="1").count()
    return [Todo("wishes.mine_overdue", _("本单位认领逾期的心愿"), n, f"{reverse('wishes:list')}?mine=1&overdue=1",
                 Urgency.OVERDUE, "♡")]


def resident_todos(user) -> list[Todo]:
    """A resident: her wishes a claimant says are fulfilled, waiting for her confirmation."""
    if not user.scope.person_ids:
        return []
    n = my_wishes(user, status=WishStatus.FULFILLED).count()
    return [Todo("wishes.m_fulfilled", _("待我确认的心愿"), n, f"{reverse('wishes:m_list')}?status=fulfilled",
                 Urgency.WAITING, "♡")] if n else []


def register() -> None:
    register_todos("wishes.staff", staff_todos, order=25)
    register_todos("wishes.liaison", liaison_todos, order=26)
    register_todos("wishes.resident", resident_todos, shell="resident", order=25)
