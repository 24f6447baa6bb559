"""Where a page sends the user after a form: back to the page the form came from when it named one (`next`), else a
sensible default. One check for every `next`, so a mistyped or hostile value never turns a saved action into a 500
or an open redirect."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None = None) -> str | None:
    """`value` (or the request's `next`) when it is a path or URL of this site, else None."""
    target = value if value is not None else (request.POST.get("next") or request.GET.get("next") or "")
    if not target or "\x00" in target or not target.startswith("/") or target.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return None
    return target


def redirect_back(request, default: str, *args, **kwargs):
    """Back to `next` when it is safe, else to `default` (a URL name with its arguments, or a path)."""
    target = safe_next(request)
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect(default, *args, **kwargs)
