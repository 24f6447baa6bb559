"""A user's own values (the bell's unread count) kept in the shared cache and forgotten after the commit of a change
(docs/adr/0025-per-user-values-in-a-shared-cache.md).

Each (name, user) has a random token under a fixed key; the value is stored under the token. A request reads the
token *before* it reads the database, and the service that changes the value deletes the token *after* its commit,
so a value built from the old rows is only ever stored under the old token, which no later request asks for: never
stale after a change, even when a request reads the old rows while the change commits. The token is random, not a
counter, so an evicted token can never come back and meet an old value.

Only with a cache every process shares (settings.GONGZHI_SHARED_CACHE: Redis, or files under var/cache on one
machine); otherwise `remembered` simply builds. A cache that does not answer costs speed, never the value. Values
expire after TTL_SECONDS in any case, the ceiling for a change that reached the database but not the cache (the
cache was down when it was forgotten)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

log = logging.getLogger(__name__)

ALIAS = "shared"
TTL_SECONDS = 300
TOKEN_TTL_SECONDS = 24 * 60 * 60


def _token_key(name: str, user_id: int) -> str:
    return f"gz:user:{name}:{user_id}"


def remembered(name: str, user_id: int, build: Callable[[], Any]) -> Any:
    """`build()`'s value for this user, from the shared cache when it was built since the last change."""
    if not settings.GONGZHI_SHARED_CACHE or user_id is None:
        return build()
    cache = caches[ALIAS]
    token_key = _token_key(name, user_id)
    try:
        token = cache.get(token_key)
        if token is None:
            token = secrets.token_hex(8)
            if not cache.add(token_key, token, TOKEN_TTL_SECONDS):
                return build()  # another request made one just now: it will be cached next time
        key = f"{token_key}:{token}"
        found = cache.get(key)
    except Exception:
        log.warning("shared cache unavailable for %s", name, exc_info=True)
        return build()
    if found is not None:
        return found
    value = build()
    try:
        cache.set(key, value, TTL_SECONDS)
    except Exception:
        log.warning("shared cache unavailable for %s", name, exc_info=True)
    return value


def forget(name: str, user_ids: Iterable[int]) -> None:
    """Call inside the transaction that changes the users' value, after the change: their tokens are deleted now
    (for the rest of this transaction's own requests) and again once it commits (at once outside a transaction), so
    the next request after the commit builds anew."""
    if not settings.GONGZHI_SHARED_CACHE:
        return
    keys = [_token_key(name, uid) for uid in {int(u) for u in user_ids}]
    if not keys:
        return

    def delete() -> None:
        try:
            caches[ALIAS].delete_many(keys)
        except Exception:
            log.warning("shared cache unavailable: %s values of %d users live until they expire", name, len(keys),
                        exc_info=True)

    delete()
    transaction.on_commit(delete)
