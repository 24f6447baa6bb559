"""HTTP-level protections that know no app: the Content-Security-Policy every response carries, and which
address a request came from (behind a trusted reverse proxy, the right-most untrusted X-Forwarded-For hop).

The policy allows scripts and stylesheets from this site only. An inline `<script>` or `<style>` the
templates need carries the per-request nonce (`{{ request.csp_nonce }}`); inline event handlers
(`onclick=`) are refused, so behaviour lives in static files (`gongzhi/behaviours.js`). `style="…"`
attributes remain allowed (style-src-attr): they cannot run code."""

from __future__ import annotations

import ipaddress
import secrets

from django.conf import settings

POLICY = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
          "style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class ContentSecurityPolicyMiddleware:
    """Gives each request a fresh nonce and sends the policy with every response that has none yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY.format(nonce=request.csp_nonce)
        return response


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, proxies) -> bool:
    return any(address in network for network in proxies)


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or — when REMOTE_ADDR is one of GONGZHI_TRUSTED_PROXIES — the
    right-most X-Forwarded-For hop that is not itself a trusted proxy. Hops left of that one are whatever the
    client chose to send and are never believed."""
    if request is None:
        return None
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    proxies = getattr(settings, "GONGZHI_TRUSTED_PROXIES", [])
    if not proxies or not _trusted(remote, proxies):
        return str(remote)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    last_trusted = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # garbage where a proxy should have written an address: stop at the last good hop
            return str(last_trusted)
        if not _trusted(address, proxies):
            return str(address)
        last_trusted = address
    return str(last_trusted)
