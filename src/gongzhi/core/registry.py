"""How apps plug into the dashboard figures and the public board without a central module importing
them all (Decidim's `register_stat`). Each app registers in its `AppConfig.ready()`.

A statistic is computed for one region node (its subtree) and, where it makes sense, a year; it must
be a query over recorded facts. A board section renders a public fragment for one community and must
never include personal data.

Periodic work (the sweeps) is registered here too, with its interval: `gongzhi scheduler` enqueues each job once
per slot (ADR 0021)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from gongzhi.core import clock


@dataclass(frozen=True)
class Stat:
    key: str
    label: str | Promise
    compute: Callable[[Any, int | None], int | float | None]  # (region node, year) -> figure
    unit: str | Promise = ""
    percent: bool = False
    order: int = 100
    link: Callable[[Any], str | None] | None = None  # (region node) -> the workbench list this figure counts


@dataclass(frozen=True)
class BoardSection:
    key: str
    label: str | Promise
    template: str
    context: Callable[[Any], dict]  # (community node) -> template context, public data only
    order: int = 100


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    icon: str
    roles: frozenset[str] | None  # None: every workbench user
    order: int = 100


@dataclass(frozen=True)
class ResidentEntry:
    url_name: str
    label: str | Promise
    icon: str
    hint: str | Promise = ""
    order: int = 100
    visible: Callable[[Any], bool] | None = None  # (user) -> shown? None: every resident


class Urgency:
    """The order of a to-do list: what is late, then what falls due soon, then what simply waits."""
    OVERDUE = 0
    SOON = 1
    WAITING = 2


@dataclass(frozen=True)
class Todo:
    """One line of a person's to-do list: how many things of one kind wait for them, and the list that holds
    exactly those things (the count and the list are one query, by construction and by test)."""
    key: str
    label: str | Promise
    count: int
    url: str
    urgency: int = Urgency.WAITING
    icon: str = ""

    @property
    def tone(self) -> str:
        """The line's look: 'none' when nothing waits, else overdue / soon / waiting."""
        if not self.count:
            return "none"
        return {Urgency.OVERDUE: "overdue", Urgency.SOON: "soon"}.get(self.urgency, "waiting")


@dataclass(frozen=True)
class TodoSource:
    key: str
    items: Callable[[Any], list[Todo]]  # (user) -> the user's to-dos of this app; [] when none are theirs
    shell: str = "workbench"  # "workbench" (the staff's home) or "resident" (the phone shell's home)
    order: int = 100


@dataclass(frozen=True)
class PageSection:
    page: str
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]  # (record, user) -> template context, or None: not for this user
    order: int = 100


def slot_epoch() -> dt.datetime:
    """Where every job's slots are counted from: midnight of Monday 3 January 2000 in the project's time zone, so
    that a daily job's `offset` reads as a local time of day (03:00 is `timedelta(hours=3)`) and a weekly job's
    as a time of the week from Monday. Zones with summer time shift such a job by their daylight hour;
    Asia/Shanghai has none."""
    from django.conf import settings

    return dt.datetime(2000, 1, 3, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class PeriodicJob:
    """A task the scheduler enqueues once per slot: slot n covers [epoch + offset + n·every, … + every)."""
    key: str
    task: Any  # a django_tasks Task, enqueued without arguments
    every: dt.timedelta
    offset: dt.timedelta
    label: str | Promise

    def slot(self, at: dt.datetime) -> dt.datetime:
        """The start of the slot `at` falls in: floor((at - epoch - offset) / every)."""
        start = slot_epoch() + self.offset
        return start + ((at - start) // self.every) * self.every


_stats: dict[str, Stat] = {}
_board: dict[str, BoardSection] = {}
_nav: dict[str, NavEntry] = {}
_resident: dict[str, ResidentEntry] = {}
_pages: dict[str, dict[str, PageSection]] = {}
_todos: dict[str, TodoSource] = {}
_periodic: dict[str, PeriodicJob] = {}


def register_stat(key: str, label, compute, *, unit="", percent=False, order=100, link=None) -> None:
    """A figure for the dashboard and the board. `link(node)` may give the workbench list whose rows the figure
    counts (for staff whose whole scope is that node: the list shows the rows they see)."""
    _stats[key] = Stat(key, label, compute, unit, percent, order, link)


def list_link(url_name: str, query: str = "") -> Callable[[Any], str]:
    """A figure's `link=`: the list page `url_name` with a fixed filter (`query`, without "?"), whatever the node
    (the list shows the rows the viewer sees)."""
    from django.urls import reverse

    def link(node) -> str:
        url = reverse(url_name)
        return f"{url}?{query}" if query else url

    return link


def register_board_section(key: str, label, template: str, context, *, order=100) -> None:
    _board[key] = BoardSection(key, label, template, context, order)


def register_nav(url_name: str, label, icon: str, roles=None, *, order=100) -> None:
    """A workbench side-navigation entry (after the foundation's own entries, by order)."""
    _nav[url_name] = NavEntry(url_name, label, icon, frozenset(roles) if roles is not None else None, order)


def register_resident_entry(url_name: str, label, icon: str, *, hint="", order=100, visible=None) -> None:
    """A shortcut on the resident's phone home page (点单, 微心愿, 我要反映 …); `visible(user)` limits it to some
    users (e.g. 接单大厅 to those who can take orders)."""
    _resident[url_name] = ResidentEntry(url_name, label, icon, hint, order, visible)


def register_page_section(page: str, key: str, template: str, context, *, order=100) -> None:
    """A section that an app higher in the layers adds to a record page of an app below it, which cannot import it
    (spaces: the services a partner gives in exchange for space, on `partners.partner`; talent: residents of the
    talent pool to invite, on `people.team`). `context(record, user)` returns the template's context, or None when
    the section is not for that user."""
    _pages.setdefault(page, {})[key] = PageSection(page, key, template, context, order)


def register_todos(key: str, items, *, shell: str = "workbench", order: int = 100) -> None:
    """What waits for a user in one app (Decidim's notifications' sibling): `items(user)` returns the `Todo`s
    that are theirs — one per kind of waiting thing, a zero count included when the kind is theirs — so that a
    home page can start with them. Cheap: one or two aggregate queries per source."""
    _todos[key] = TodoSource(key, items, shell, order)


def register_periodic(key: str, task, *, every: dt.timedelta, offset: dt.timedelta = dt.timedelta(0),
                      label: str | Promise = "") -> None:
    """Periodic work of an app (a sweep): `gongzhi scheduler` enqueues `task` (no arguments) once in every slot of
    length `every`, slots starting `offset` after local midnight of the slot epoch (see `slot_epoch`). The task must
    be safe to run twice and late: after downtime the scheduler enqueues the current slot once, missed ones never.
    The key names the job in `gongzhi scheduler --list` and in the scheduler's rows (for a sweep that has a command,
    the command's name)."""
    if every <= dt.timedelta(0):
        raise ValueError(f"periodic job {key}: `every` must be positive")
    if not dt.timedelta(0) <= offset < every:
        raise ValueError(f"periodic job {key}: `offset` must lie in [0, every)")
    if len(key) > 100:
        raise ValueError(f"periodic job {key}: keys are at most 100 characters")
    _periodic[key] = PeriodicJob(key, task, every, offset, label or key)


def periodic_jobs() -> list[PeriodicJob]:
    """Every registered periodic job, the most frequent first."""
    return sorted(_periodic.values(), key=lambda j: (j.every, j.offset, j.key))


def todos_for(user, shell: str = "workbench") -> list[Todo]:
    """Every to-do of `user` on `shell`: the late first, then those due soon, then the waiting; within each, the
    sources' order. Kinds with nothing waiting come last (the page folds them under one line)."""
    found = []
    for source in sorted(_todos.values(), key=lambda s: (s.order, s.key)):
        if source.shell == shell:
            found.extend((source.order, n, item) for n, item in enumerate(source.items(user)))
    found.sort(key=lambda t: (t[2].count == 0, t[2].urgency, t[0], t[1]))
    return [item for _, _, item in found]


def page_sections(page: str, record, user) -> list[tuple[str, dict]]:
    """(template, context) of every section registered for `page` that is for `user`, in order."""
    found = []
    for s in sorted(_pages.get(page, {}).values(), key=lambda s: (s.order, s.key)):
        ctx = s.context(record, user)
        if ctx is not None:
            found.append((s.template, ctx))
    return found


def render_page_sections(page: str, request, record, name: str) -> list[str]:
    """The sections of `page`, rendered for `request.user`; each template gets its context as top-level variables
    and as `ctx` (as the public board passes it), and the record under `name`."""
    from django.template.loader import render_to_string

    return [render_to_string(template, {**ctx, "ctx": ctx, name: record}, request=request)
            for template, ctx in page_sections(page, record, request.user)]


def nav_entries() -> list[NavEntry]:
    return sorted(_nav.values(), key=lambda e: (e.order, e.url_name))


def resident_entries(user=None) -> list[ResidentEntry]:
    entries = sorted(_resident.values(), key=lambda e: (e.order, e.url_name))
    return [e for e in entries if e.visible is None or (user is not None and e.visible(user))]


def stats() -> list[Stat]:
    return sorted(_stats.values(), key=lambda s: (s.order, s.key))


def board_sections() -> list[BoardSection]:
    return sorted(_board.values(), key=lambda s: (s.order, s.key))


_memo: ContextVar[dict | None] = ContextVar("gongzhi_stats_memo", default=None)


def shared(key, compute: Callable[[], Any]):
    """Within one compute_stats() call, work several figures share (one report, many tiles) is done once."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def compute_stats(node, year: int | None = None, *, links: bool = False, keys=None) -> list[dict]:
    """Every figure for `node` (or only those in `keys`); with `links`, each figure's list where it has one (the
    workbench, for a user whose whole scope is `node`, so that the list holds exactly the rows counted)."""
    token = _memo.set({})
    try:
        return [
            {"key": s.key, "label": s.label, "value": s.compute(node, year), "unit": s.unit, "percent": s.percent,
             "url": s.link(node) if links and s.link else None}
            for s in stats() if keys is None or s.key in keys
        ]
    finally:
        _memo.reset(token)


# The night's snapshot of the figures (reports registers how to read it: core imports no app). Workbench pages that
# show every figure of a district read it instead of counting over 600,000 residents on each visit.
_snapshot_reader: Callable[[Any, int], tuple[dict, dt.datetime] | None] | None = None


def register_figures_snapshot(reader: Callable[[Any, int], tuple[dict, dt.datetime] | None]) -> None:
    """`reader(node, year)` gives the latest snapshot's values and when it was taken, or None."""
    global _snapshot_reader
    _snapshot_reader = reader


def snapshot_stats(node, *, links: bool = False) -> tuple[list[dict], dt.datetime | None]:
    """Every figure of `node` for this year, as compute_stats gives them: from the night's snapshot when there is
    one (a figure the snapshot lacks, registered since, is computed now), else computed now; and when the snapshot
    was taken (None: computed now)."""
    year = clock.today().year
    snap = _snapshot_reader(node, year) if _snapshot_reader is not None else None
    if snap is None:
        return compute_stats(node, year, links=links), None
    values, taken_at = snap
    lacking = {s.key for s in stats()} - set(values)
    live = {s["key"]: s["value"] for s in compute_stats(node, year, keys=lacking)} if lacking else {}
    return [{"key": s.key, "label": s.label, "value": values[s.key] if s.key in values else live[s.key],
             "unit": s.unit, "percent": s.percent, "url": s.link(node) if links and s.link else None}
            for s in stats()], taken_at
