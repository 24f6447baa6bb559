"""A notification belongs to its recipient: anybody else gets 404, as for every out-of-scope object."""

from __future__ import annotations

from django.http import Http404

from gongzhi.notifications.models import Notification


def get_notification_for_user(user, pk) -> Notification:
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return Notification.objects.get(pk=pk, recipient=user)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def safe_target(url: str) -> str | None:
    """A notification's link is a path of this site; anything else is not followed."""
    if not url or "\x00" in url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    return url
