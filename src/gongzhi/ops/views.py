"""`/metrics`: Prometheus text for the monitoring system, behind a bearer token.

Without `GONGZHI_METRICS_TOKEN` the page does not exist (404, as for a wrong or missing token: the answer does not
tell a stranger that there is something to guess). What it shows: this process's request counts and latencies
(core.metrics), the task queue, and each periodic job's interval and latest run (ADR 0021)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt

from gongzhi.core.frozen import MISMATCHES
from gongzhi.core.metrics import CONTENT_TYPE, REQUESTS, Family, exposition
from gongzhi.core.registry import periodic_jobs
from gongzhi.ops.selectors import latest_job_runs, task_queue


def authorised(request) -> bool:
    token = getattr(settings, "GONGZHI_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    return bool(token) and constant_time_compare(given, f"Bearer {token}")


def queue_families() -> list[Family]:
    queue = task_queue()
    if queue is None:
        return []
    queued = Family("gongzhi_tasks_queued", "gauge", "Background tasks due now and not yet taken by a worker.")
    queued.add({}, queue.queued)
    oldest = Family("gongzhi_tasks_oldest_age_seconds", "gauge",
                    "Seconds the oldest waiting background task has waited (0 when none waits).")
    oldest.add({}, queue.oldest_age_s)
    return [queued, oldest]


def scheduler_families() -> list[Family]:
    runs = latest_job_runs()
    interval = Family("gongzhi_scheduler_job_interval_seconds", "gauge",
                      "How often `gongzhi scheduler` enqueues each periodic job.")
    enqueued = Family("gongzhi_scheduler_last_enqueued_timestamp_seconds", "gauge",
                      "When the scheduler last enqueued the job (Unix time).")
    finished = Family("gongzhi_scheduler_last_finished_timestamp_seconds", "gauge",
                      "When the task of the job's latest run finished (Unix time); absent while queued or running.")
    failed = Family("gongzhi_scheduler_last_run_failed", "gauge",
                    "1 when the task of the job's latest run failed, else 0.")
    for job in sorted(periodic_jobs(), key=lambda j: j.key):
        labels = {"periodic_job": job.key}
        interval.add(labels, job.every.total_seconds())
        run = runs.get(job.key)
        if run is None:
            continue
        enqueued.add(labels, run.enqueued_at.timestamp())
        if run.finished_at is not None:
            finished.add(labels, run.finished_at.timestamp())
        failed.add(labels, int(run.failed))
    return [interval, enqueued, finished, failed]


def frozen_document_families() -> list[Family]:
    mismatches = Family("gongzhi_frozen_document_mismatch_total", "counter",
                        "Downloads of a frozen document refused by this process because its stored file (or a "
                        "certificate's content) no longer matches the sha256 recorded when it was frozen.")
    for kind, count in MISMATCHES.counts().items():
        mismatches.add({"kind": kind}, count)
    return [mismatches]


@csrf_exempt  # changes nothing; a POST without a token must be the same 404 as any other request
def metrics(request):
    if not authorised(request):
        raise Http404
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    text = exposition([*REQUESTS.families(), *frozen_document_families(), *queue_families(), *scheduler_families()])
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
