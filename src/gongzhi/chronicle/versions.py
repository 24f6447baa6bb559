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
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q
from django.utils import translation

from gongzhi.chronicle.models import RegionVersion
from gongzhi.core import clock
from gongzhi.core.listing import KeysFirst
from gongzhi.core.scope import ancestor_paths

log = logging.getLogger(__name__)

# The longest a cached page lives even without a change: what a page shows may also move with time alone (an offer
# that expires today, a vote that closes at 18:00), and a unit's new name is recorded where the unit lives.
TTL_SECONDS = 300


# While a bulk load holds the chronicle's head (`chronicle.services.held_head`), the bumps of its entries wait here,
# {path: [subtree_seq, own_seq]}, and are written once at its end, or as soon as something asks for a version.
_deferred: ContextVar[dict[str, list[int]] | None] = ContextVar("deferred_bumps", default=None)


def bump(path: str, seq: int) -> None:
    """Called by `record` while it holds the chronicle's head lock: entry `seq` is about a subject at `path`."""
    above = ["", *(p for p in ancestor_paths(path) if p != path)] if path else []
    deferred = _deferred.get()
    if deferred is not None:
        for p in above:
            deferred.setdefault(p, [0, 0])[0] = seq
        deferred.setdefault(path, [0, 0])[:] = [seq, seq]
        return
    if above:
        RegionVersion.objects.bulk_create([RegionVersion(path=p, subtree_seq=seq) for p in above],
                                          update_conflicts=True, unique_fields=["path"],
                                          update_fields=["subtree_seq"])
    RegionVersion.objects.bulk_create([RegionVersion(path=path, subtree_seq=seq, own_seq=seq)],
                                      update_conflicts=True, unique_fields=["path"],
                                      update_fields=["subtree_seq", "own_seq"])


@contextmanager
def deferred_bumps() -> Iterator[None]:
    """Inside: `bump` only notes what it would write; on leaving without an error, the rows are written at once (the
    same rows, one statement for the ancestors and one for the subjects' own nodes)."""
    token = _deferred.set({})
    try:
        yield
        write_deferred()
    finally:
        _deferred.reset(token)


def write_deferred() -> None:
    deferred = _deferred.get()
    if not deferred:
        return
    ancestors = [RegionVersion(path=p, subtree_seq=sub) for p, (sub, own) in deferred.items() if not own]
    subjects = [RegionVersion(path=p, subtree_seq=sub, own_seq=own) for p, (sub, own) in deferred.items() if own]
    deferred.clear()
    if ancestors:
        RegionVersion.objects.bulk_create(ancestors, update_conflicts=True, unique_fields=["path"],
                                          update_fields=["subtree_seq"])
    if subjects:
        RegionVersion.objects.bulk_create(subjects, update_conflicts=True, unique_fields=["path"],
                                          update_fields=["subtree_seq", "own_seq"])


def version_for(path: str) -> int:
    """The last entry that can change a page about the node at `path` (see the module's docstring); for "" (a page
    about the whole city, e.g. Open311's list of requests) the last entry of all."""
    return Versions(path).of(path)


class Versions:
    """The versions along one node's line — the node, its ancestors and the city — read in one query, so a page
    about the node and one about any of its ancestors (a resident's building and her community) share it."""

    def __init__(self, path: str) -> None:
        write_deferred()  # a bulk load that reads a cached page sees its own changes
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


class CountedUntilChange:
    """A list's queryset for a paginator (the workbench's `paginate`, the API's `Presented`) whose total is cached
    until the chronicle's next entry anywhere (the version of "", ADR 0019) instead of counted on every request: a
    district's 650,000 residents take a scan of the table to count, the page of 25 rows an index walk. The total is
    a number, the same for whoever runs the same query (the scope is part of the query, so part of the key); a
    change that adds, moves or removes a row is chronicled, so the next request counts afresh. The rows themselves
    are always read live."""

    def __init__(self, queryset, name: str):
        self.queryset, self.name = queryset, name

    def count(self) -> int:
        try:
            sql, params = self.queryset.query.sql_with_params()
        except EmptyResultSet:  # a scope of no rows (`none()`, an empty `__in`): nothing to count
            return 0
        return int(cached(f"count:{self.name}", "", lambda: str(self.queryset.count()), extra=f"{sql}|{params!r}"))

    def __len__(self) -> int:
        return self.count()

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered

    def __getitem__(self, index):
        return self.queryset[index]


class CountedByLeadUntilChange:
    """A list's queryset for a paginator (the workbench's `paginate`, the API's `Presented`) whose ordering leads with
    a column of few values — the community an in-service member registered with — when sorting the whole scope is the
    cost (a district's 9,500 members joined to their names to keep 25). The number of rows for each value of that
    column is counted once until the chronicle's next entry anywhere, as CountedUntilChange counts a total (the counts
    add up to the total); a slice then reads, live, only the rows of the values it falls in: their keys in the
    queryset's order, then those rows (core.listing.KeysFirst). Every row shown is one of the queryset's: a count made
    stale by a change the chronicle missed could shift a page, never show a row out of scope."""

    def __init__(self, queryset, name: str):
        lead = queryset.query.order_by[0] if queryset.query.order_by else None
        if not isinstance(lead, str) or lead.startswith(("-", "?")):
            raise ValueError("the queryset must be ordered first by a field name, ascending")
        self.queryset, self.name, self.lead = queryset, name, lead
        self._groups: list[tuple[object, int]] | None = None

    def groups(self) -> list[tuple[object, int]]:
        """(value of the lead column, its rows) in the queryset's order (NULL where the database puts it)."""
        if self._groups is None:
            counted = self.queryset.order_by(self.lead).values_list(self.lead).annotate(n=Count("pk"))
            try:
                sql, params = counted.query.sql_with_params()
            except EmptyResultSet:  # a scope of no rows (`none()`, an empty `__in`): nothing to count
                self._groups = []
                return self._groups
            self._groups = cached(f"groups:{self.name}", "", lambda: [(value, n) for value, n in counted],
                                  extra=f"{sql}|{params!r}")
        return self._groups

    def count(self) -> int:
        return sum(n for _, n in self.groups())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop is not None and index.stop < 0):
            raise ValueError("only forward slices")
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        chosen, first, seen = [], 0, 0
        for value, n in self.groups():
            if seen + n > start and seen < stop:
                if not chosen:
                    first = seen
                chosen.append(value)
            seen += n
        if not chosen:
            return []
        values = [v for v in chosen if v is not None]
        conditions = ([Q(**{f"{self.lead}__in": values})] if values else []) + (
            [Q(**{f"{self.lead}__isnull": True})] if None in chosen else [])
        return KeysFirst(self.queryset.filter(reduce(or_, conditions)))[start - first:stop - first]
