"""Request figures for `/metrics` (gongzhi.ops), kept in this process's memory, and the Prometheus text format they
are written in (by hand: a few lines, no client library).

Each gunicorn worker is its own process and counts only the requests it served: a scrape reaches one worker and
reads its counters (docs/deployment.md says how to scrape them all). Labels are the view's URL name
(`core:healthz`, `cases:detail`) and the status class (`2xx` … `5xx`), never a path: a path may hold a phone
number or an id, and the number of URL names is bounded, so the number of series is too."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

# Upper bounds (seconds) of the latency histogram's buckets; +Inf is added when written.
BUCKETS: tuple[float, ...] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNRESOLVED = "unresolved"  # a request no URL pattern matched (a 404, or a static file WhiteNoise answered)
STARTED_AT = time.time()


@dataclass
class _Series:
    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    count: int = 0
    total: float = 0.0


class RequestFigures:
    """Count and latency per (view, status class), safe across threads (gunicorn's gthread workers)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._series: dict[tuple[str, str], _Series] = {}

    def observe(self, view: str, status: str, seconds: float) -> None:
        with self._lock:
            series = self._series.get((view, status))
            if series is None:
                series = self._series[(view, status)] = _Series()
            series.count += 1
            series.total += seconds
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    series.buckets[index] += 1
                    break

    def reset(self) -> None:
        with self._lock:
            self._series.clear()

    def families(self) -> list[Family]:
        with self._lock:
            rows = sorted((key, _Series(list(s.buckets), s.count, s.total)) for key, s in self._series.items())
        requests = Family("gongzhi_http_requests_total", "counter",
                          "HTTP requests this process served, by URL name and status class.")
        latency = Family("gongzhi_http_request_duration_seconds", "histogram",
                         "Time from the first middleware to the response, by URL name and status class.")
        for (view, status), series in rows:
            labels = {"view": view, "status": status}
            requests.add(labels, series.count)
            cumulative = 0
            for bound, hits in zip(BUCKETS, series.buckets, strict=True):
                cumulative += hits
                latency.add({**labels, "le": number(bound)}, cumulative, suffix="_bucket")
            latency.add({**labels, "le": "+Inf"}, series.count, suffix="_bucket")
            latency.add(labels, series.total, suffix="_sum")
            latency.add(labels, series.count, suffix="_count")
        started = Family("gongzhi_process_start_time_seconds", "gauge",
                         "When this process started (Unix time): counters restart from zero with it.")
        started.add({}, STARTED_AT)
        return [requests, latency, started]


REQUESTS = RequestFigures()


def status_class(code: int) -> str:
    return f"{code // 100}xx" if 100 <= code < 600 else "other"


def view_label(request) -> str:
    """The URL name with its namespaces (`core:healthz`), or the view's dotted path when the pattern has no name."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNRESOLVED
    return match.view_name or UNRESOLVED


class RequestMetricsMiddleware:
    """Times every request from the top of the middleware stack and counts it under its URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        REQUESTS.observe(view_label(request), status_class(response.status_code), time.perf_counter() - started)
        return response


# --- the Prometheus text exposition format (version 0.0.4) -------------------------------------------------
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class Family:
    name: str
    kind: str  # counter, gauge, histogram
    help: str
    samples: list[tuple[str, dict[str, str], float]] = field(default_factory=list)

    def add(self, labels: dict[str, str], value: float, *, suffix: str = "") -> None:
        self.samples.append((suffix, labels, value))


def number(value: float) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(float(value))


def _label_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _lines(family: Family) -> Iterator[str]:
    yield f"# HELP {family.name} {family.help}"
    yield f"# TYPE {family.name} {family.kind}"
    for suffix, labels, value in family.samples:
        inside = ",".join(f'{key}="{_label_value(str(text))}"' for key, text in labels.items())
        yield f"{family.name}{suffix}{{{inside}}} {number(value)}" if inside else \
            f"{family.name}{suffix} {number(value)}"


def exposition(families: Iterable[Family]) -> str:
    return "".join(line + "\n" for family in families for line in _lines(family))
