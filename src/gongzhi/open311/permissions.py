"""Who may write through Open311: a client holding an active key, at most GONGZHI_OPEN311_POSTS_PER_MINUTE (60)
requests a minute. Reading is public, as the spec says (and the read side shows no personal data).

A missing, unknown or revoked key is 403 (the spec's code for api_key errors). Too many requests is 429 with a
Retry-After header and the error body in the spec's format: GeoReport v2 names no code for it, and 429 tells
generic HTTP clients and proxies to back off, which 400 would not."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.open311.formats import Open311Error
from gongzhi.open311.models import ApiClient
from gongzhi.open311.services import hash_key

WINDOW_SECONDS = 60


def posts_per_minute() -> int:
    return int(getattr(settings, "GONGZHI_OPEN311_POSTS_PER_MINUTE", 60))


def client_for_key(key: str) -> ApiClient:
    key = (key or "").strip()
    if not key:
        raise Open311Error(403, _("缺少 api_key：提交诉求需要平台签发的 api_key。"))
    client = ApiClient.objects.filter(key_hash=hash_key(key[:200])).first() if len(key) <= 200 else None
    if client is None:
        raise Open311Error(403, _("api_key 无效，无法提交诉求。"))
    if not client.active:
        raise Open311Error(403, _("api_key 已停用，无法提交诉求。"))
    return client


def check_rate(client: ApiClient) -> None:
    """Fixed one-minute windows counted in the cache (shared between workers when the cache is Redis)."""
    window = int(clock.now().timestamp()) // WINDOW_SECONDS
    key = f"open311:posts:{client.pk}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    if count > posts_per_minute():
        retry = WINDOW_SECONDS - int(clock.now().timestamp()) % WINDOW_SECONDS
        raise Open311Error(429, _("提交过于频繁：每个 api_key 每分钟最多提交 %(n)d 条诉求，请 %(s)d 秒后重试。")
                           % {"n": posts_per_minute(), "s": retry}, headers={"Retry-After": str(retry)})
