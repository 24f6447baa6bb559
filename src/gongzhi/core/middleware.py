"""Request checks that hold for every page and every API operation alike."""

from __future__ import annotations

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
