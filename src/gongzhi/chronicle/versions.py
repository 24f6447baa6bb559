"""Versions of what the chronicle knows about a region, for caching public pages (ADR 0019).

Every service writes its change and its chronicle entry in one transaction; `record` also moves the region versions
of the subject's node and its ancestors (`bump`). A page about a community — its public board, its service menu —
is cached under `version_for(community.path)`: the last entry about anything in the community's subtree, about one of
its ancestors themselves (the street's or the district's own lists), or about nothing regional. Any such change gives
the next request a new key, so the page is rebuilt; a change elsewhere (another community) leaves it cached.
One query per request."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.utils import translation

from gongzhi.chronicle.models import RegionVersion
from gongzhi.core import clock
from gongzhi.core.scope import ancestor_paths

log = logging.getLogger(__name__)

# The longest a cached page lives even without a change: what a page shows may also move with time alone (an offer
# that expires today, a vote that closes at 18:00), and a unit's new name is recorded where the unit lives.
TTL_SECONDS = 300


def bump(path: str, seq: int) -> None:
    """Called by `record` while it holds the chronicle's head lock: entry `seq` is about a subject at `path`."""
    above = ["", *(p for p in ancestor_paths(path) if p != path)] if path else []
    if above:
        RegionVersion.objects.bulk_create([RegionVersion(path=p, subtree_seq=seq) for p in above],
                                          update_conflicts=True, unique_fields=["path"],
                                          update_fields=["subtree_seq"])
    RegionVersion.objects.bulk_create([RegionVersion(path=path, subtree_seq=seq, own_seq=seq)],
                                      update_conflicts=True, unique_fields=["path"],
                                      update_fields=["subtree_seq", "own_seq"])


def version_for(path: str) -> int:
    """The last entry that can change a page about the node at `path` (see the module's docstring); for "" (a page
    about the whole city, e.g. Open311's list of requests) the last entry of all."""
    return Versions(path).of(path)


class Versions:
    """The versions along one node's line — the node, its ancestors and the city — read in one query, so a page
    about the node and one about any of its ancestors (a resident's building and her community) share it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._rows = {row.path: (row.subtree_seq, row.own_seq) for row in RegionVersion.objects.filter(
            path__in=["", *ancestor_paths(path)]).only("path", "subtree_seq", "own_seq")}

    def of(self, path: str) -> int:
        """`version_for(path)` for the node itself or one of its ancestors."""
        if not self.path.startswith(path):
            raise ValueError(f"{path!r} is not on the line of {self.path!r}")
        version = 0
        for above in ["", *ancestor_paths(path)]:
            subtree, own = self._rows.get(above, (0, 0))
            version = max(version, subtree if above == path else own)
        return version


def cached(name: str, path: str, build, *, extra: str = "", versions: Versions | None = None):
    """`build()`'s text (or any value), cached per page `name`, node `path`, its version (from `versions` when the
    request read them already), the language, the day and `extra` (e.g. a query string). Only for what anyone may
    see: never put a user's own data in a shared entry. A cache that does not answer (Redis down) costs speed,
    never the page."""
    digest = hashlib.sha256(extra.encode()).hexdigest()[:16] if extra else ""
    version = versions.of(path) if versions is not None else version_for(path)
    key = ":".join(["gz", name, path, str(version), translation.get_language() or "",
                    clock.today().isoformat(), digest])
    try:
        text = cache.get(key)
    except Exception:
        log.warning("cache unavailable for %s", name, exc_info=True)
        return build()
    if text is None:
        text = build()
        try:
            cache.set(key, text, TTL_SECONDS)
        except Exception:
            log.warning("cache unavailable for %s", name, exc_info=True)
    return text
