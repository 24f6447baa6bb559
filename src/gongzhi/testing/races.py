"""Real concurrent requests for the PostgreSQL race tests: `race(n, work)` starts n threads that wait at one barrier,
then each calls `work(i)` on its own database connection; returns each thread's outcome ("ok" or the Chinese
message of the ValidationError that refused it)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import connections


def race(n: int, work: Callable[[int], object]) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i):
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes
