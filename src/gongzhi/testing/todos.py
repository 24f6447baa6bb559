"""The to-do lists' promise, as a test helper: every count on a home page's to-do list is the number of rows on
the page its link opens, for that user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.urls import resolve

from gongzhi.core.registry import todos_for

Counter = Callable[[Any, str], int]  # (response, the link's #fragment) -> rows the list shows


def listed(response, url: str, counters: dict[str, Counter] | None = None) -> int:
    """How many rows the list at `url` shows: its paginator's total (`page` in the context) where it pages, else
    what a counter of `counters` (by URL name) or of this module says."""
    parts = urlsplit(url)
    name = resolve(parts.path).view_name
    ctx = response.context
    if counters and name in counters:
        return counters[name](response, parts.fragment)
    if name == "orders:provider":
        return ctx["pool"].paginator.count if parts.fragment == "pool" else len(ctx["mine"])
    if name == "orders:m_orders":
        return len(ctx["active"]) + len(ctx["done"])
    if name == "cases:m_list":
        return len(ctx["mine"])
    return ctx["page"].paginator.count


def check_todos(client, user, shell: str = "workbench", counters: dict[str, Counter] | None = None) -> dict[str, int]:
    """Open every to-do's link as `user` and compare; returns {key: count} for the test's own expectations.
    `counters` tells how to count the rows of a list that does not page (by URL name)."""
    found = {}
    for todo in todos_for(user, shell):
        response = client.get(todo.url)
        assert response.status_code == 200, (todo.key, todo.url, response.status_code)
        assert listed(response, todo.url, counters) == todo.count, (todo.key, todo.url, todo.count)
        found[todo.key] = todo.count
    return found
