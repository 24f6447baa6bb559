"""What waits in 居民提议 (registered with `core.registry.register_todos`): the proposals the community's staff are to
answer within the answer limit (`models.ANSWER_DAYS`), the late ones first, then those due today. Each count comes
from the selector of the staff list its link opens, with the same filter."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.proposals.permissions import answers_somewhere
from gongzhi.proposals.selectors import due_today_condition, overdue_condition, to_answer


def staff_todos(user) -> list[Todo]:
    """Community staff: proposals past the answer limit, due today (the limit ends tonight), and all to answer."""
    if not answers_somewhere(user):
        return []
    today = clock.today()
    counts = to_answer(user).aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_condition(today)),
                                       soon=Count("pk", filter=due_today_condition(today)))
    url = f"{reverse('proposals:list')}?answer=1"
    return [Todo("proposals.overdue", _("超期未答复的居民提议"), counts["overdue"], f"{url}&overdue=1", Urgency.OVERDUE,
                 "✎"),
            Todo("proposals.soon", _("今天到期的居民提议"), counts["soon"], f"{url}&overdue=soon", Urgency.SOON, "✎"),
            Todo("proposals.open", _("待答复的居民提议"), counts["open"], f"{url}&status=open", Urgency.WAITING, "✎")]


def register() -> None:
    register_todos("proposals.staff", staff_todos, order=42)
