"""The one authentication backend: every way in (the login page, /admin/login/, any API login, `authenticate()`
from code) passes through the login throttle here, so no door is left unthrottled (docs/adr/0009)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from gongzhi.accounts.services import login_allowed, note_login
from gongzhi.core.security import client_address

THROTTLED = "_gongzhi_login_throttled"


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if not username or password is None:
            return None
        address = client_address(request)
        if not login_allowed(username, address):
            if request is not None:
                setattr(request, THROTTLED, True)
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        note_login(username, address, succeeded=user is not None)
        return user

    def get_user(self, user_id):
        """The signed-in user of a request, with her person record and its home node in the same query: the
        resident's pages all ask for them first (where she lives, her community's menu)."""
        try:
            user = get_user_model()._default_manager.select_related("person__home").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def was_throttled(request) -> bool:
    return bool(getattr(request, THROTTLED, False))
