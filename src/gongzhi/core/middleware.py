"""Request checks that hold for every page and every API operation alike."""

from __future__ import annotations

import time

from django.core.exceptions import SuspiciousOperation


class NulCharacter(SuspiciousOperation):
    """A NUL byte in a query string or a form: PostgreSQL cannot store or compare it (DataError), and no person
    types one. Django answers 400 (the branded page, or JSON under /api/)."""


OWN_CHECKS = ("/open311/",)  # GeoReport answers its own error format and cleans NULs from what it stores


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(OWN_CHECKS):
            return self.get_response(request)
        if "\x00" in request.path or any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise NulCharacter("NUL character in the query string")
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith("application/x-www-form-urlencoded") and any(
                "\x00" in value for values in request.POST.lists() for value in values[1]):
            raise NulCharacter("NUL character in the form")
        if content_type.startswith("application/json") and b"\\u0000" in request.body:
            raise NulCharacter("NUL character in the JSON body")
        return self.get_response(request)


class SlidingSessionMiddleware:
    """A sliding session without a database write on every request: a signed-in session is renewed (saved, so its
    expiry moves SESSION_COOKIE_AGE ahead) at most once every RENEW_EVERY seconds. A resident typing a long report
    slowly, or a grid worker between visits, stays signed in; SESSION_COOKIE_AGE of inactivity (less at most
    RENEW_EVERY) ends it. Listed after SessionMiddleware, so it runs before the session is saved."""

    RENEW_EVERY = 10 * 60
    KEY = "_gz_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def signed_in(cls, sender, request, user, **kwargs) -> None:
        """Signing in saves a fresh session: it counts as its first renewal."""
        if request is not None and hasattr(request, "session"):
            request.session[cls.KEY] = int(time.time())

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= self.RENEW_EVERY:
                session[self.KEY] = now
        return response
