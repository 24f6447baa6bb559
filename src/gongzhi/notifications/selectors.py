"""Reads of the inbox: a user's own notifications only (nobody reads another's inbox, not even an administrator
through the pages or the API)."""

from __future__ import annotations

from gongzhi.core.shared_cache import remembered
from gongzhi.notifications.models import Notification

# The bell on every signed-in page: kept in the shared cache, forgotten by the services that notify and mark read.
UNREAD = "unread"


def inbox(user, *, unread: bool = False):
    qs = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(user) -> int:
    return remembered(UNREAD, user.pk, lambda: Notification.objects.filter(recipient=user, read_at__isnull=True)
                      .count())
