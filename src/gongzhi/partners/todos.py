"""What waits in 社区合伙人 (registered with `core.registry.register_todos`): applications for the community's staff
to review and partners' projects for them to publish (社区审核后公开). Each count comes from the selector of the list
its link opens, with the same filter. Alliance offers are published by the merchant (or the alliance's staff) without
a review, so nothing of theirs waits for anybody."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import Todo, Urgency, register_todos
from gongzhi.partners.permissions import reviews_somewhere
from gongzhi.partners.selectors import to_publish, to_review


def staff_todos(user) -> list[Todo]:
    """Community staff: partner applications to review, draft projects to publish."""
    if not reviews_somewhere(user):
        return []
    return [Todo("partners.applied", _("待审核的合伙申请"), to_review(user).count(),
                 f"{reverse('partners:list')}?review=1", Urgency.WAITING, "♢"),
            Todo("partners.projects", _("待公开的合伙项目"), to_publish(user).count(),
                 f"{reverse('partners:projects')}?review=1", Urgency.WAITING, "♢")]


def register() -> None:
    register_todos("partners.staff", staff_todos, order=41)
