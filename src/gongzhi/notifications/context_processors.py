"""The bell in both shells' headers: the inbox's address and the unread count, counted only if a page shows it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property


class Bell:
    def __init__(self, user):
        self.user = user
        self.url = reverse("notifications:inbox")

    @cached_property
    def unread(self) -> int:
        from gongzhi.notifications.selectors import unread_count

        return unread_count(self.user)


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": Bell(user)}
