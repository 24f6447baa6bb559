"""/metrics: Prometheus text behind a bearer token; URL names in the labels, never paths."""

from __future__ import annotations

import re

import pytest
from django_tasks_db.models import DBTaskResult

from gongzhi.core import clock
from gongzhi.core.metrics import BUCKETS, REQUESTS, Family, exposition
from gongzhi.core.registry import periodic_jobs
from gongzhi.scheduler import services
from gongzhi.scheduler.models import ScheduledRun
from gongzhi.scheduler.tests.conftest import at

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-token-for-tests"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
SAMPLE = re.compile(r'^[a-z_:][a-z0-9_:]*(\{([a-z_]+="([^"\\\n]|\\.)*",?)*\})? -?[0-9.e+\-]+$|^[a-z_:]+.* \+Inf$')


@pytest.fixture(autouse=True)
def _token(settings):
    settings.GONGZHI_METRICS_TOKEN = TOKEN
    REQUESTS.reset()


def samples(text: str) -> dict[str, float]:
    found = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name, value = line.rsplit(" ", 1)
        found[name] = float(value)
    return found


def test_it_requires_the_token(client, settings):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404  # not a bearer header
    assert client.post("/metrics").status_code == 404
    settings.GONGZHI_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_it_is_404_for_everyone_without_a_configured_token(client, settings):
    settings.GONGZHI_METRICS_TOKEN = ""
    assert client.get("/metrics", **AUTH).status_code == 404


def test_it_counts_requests_per_url_name_and_status_class(client):
    for _ in range(3):
        client.get("/healthz")
    client.get("/board/")
    response = client.get("/metrics", **AUTH)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")
    found = samples(response.content.decode())
    assert found['gongzhi_http_requests_total{view="core:healthz",status="2xx"}'] == 3
    assert found['gongzhi_http_requests_total{view="core:board_index",status="2xx"}'] == 1
    assert found['gongzhi_http_request_duration_seconds_count{view="core:healthz",status="2xx"}'] == 3
    assert found['gongzhi_http_request_duration_seconds_bucket{view="core:healthz",status="2xx",le="+Inf"}'] == 3
    assert found['gongzhi_http_request_duration_seconds_sum{view="core:healthz",status="2xx"}'] > 0
    bounds = [found[f'gongzhi_http_request_duration_seconds_bucket{{view="core:healthz",status="2xx",le="{b!r}"}}']
              for b in BUCKETS]
    assert bounds == sorted(bounds)  # cumulative


def test_paths_never_become_labels(client):
    client.get("/workbench/people/13812345678/")  # signed out: a redirect to the login page
    client.get("/no/such/page/13812345678/")
    text = client.get("/metrics", **AUTH).content.decode()
    assert "13812345678" not in text and "/no/such" not in text
    assert 'gongzhi_http_requests_total{view="unresolved",status="4xx"} 1' in text


def test_every_line_is_valid_exposition_text(client):
    client.get("/healthz")
    text = client.get("/metrics", **AUTH).content.decode()
    assert text.endswith("\n")
    for line in text.splitlines():
        assert line.startswith(("# HELP ", "# TYPE ")) or SAMPLE.match(line), line


def test_it_reports_the_task_queue(client):
    services.enqueue_due()
    waiting = DBTaskResult.objects.count()
    found = samples(client.get("/metrics", **AUTH).content.decode())
    assert found["gongzhi_tasks_queued"] == waiting > 0
    assert found["gongzhi_tasks_oldest_age_seconds"] >= 0


def test_it_reports_each_periodic_job_s_latest_run(client, django_assert_max_num_queries):
    with clock.frozen(at(2026, 5, 11, 10, 0, 30)):
        services.enqueue_due()
    with clock.frozen(at(2026, 5, 11, 10, 5, 30)):
        services.enqueue_due()  # cases_sweep's next slot
    latest = ScheduledRun.objects.filter(job="cases_sweep").order_by("-slot").first()
    DBTaskResult.objects.filter(id=latest.task_result_id).update(status="FAILED", finished_at=at(2026, 5, 11, 10, 6))
    with django_assert_max_num_queries(6):  # the queue, the jobs' latest runs, their tasks (+ savepoints)
        text = client.get("/metrics", **AUTH).content.decode()
    found = samples(text)
    assert found['gongzhi_scheduler_job_interval_seconds{periodic_job="cases_sweep"}'] == 300
    assert found['gongzhi_scheduler_last_enqueued_timestamp_seconds{periodic_job="cases_sweep"}'] == \
        at(2026, 5, 11, 10, 5, 30).timestamp()
    assert found['gongzhi_scheduler_last_finished_timestamp_seconds{periodic_job="cases_sweep"}'] == \
        at(2026, 5, 11, 10, 6).timestamp()
    assert found['gongzhi_scheduler_last_run_failed{periodic_job="cases_sweep"}'] == 1
    assert found['gongzhi_scheduler_last_run_failed{periodic_job="verify_chronicle"}'] == 0
    assert 'gongzhi_scheduler_last_finished_timestamp_seconds{periodic_job="verify_chronicle"}' not in found  # still queued
    assert {f'gongzhi_scheduler_job_interval_seconds{{periodic_job="{job.key}"}}' for job in periodic_jobs()} <= set(found)


def test_label_values_are_escaped():
    family = Family("x_total", "counter", "help")
    family.add({"view": 'a"b\\c\nd'}, 1)
    assert exposition([family]).splitlines()[-1] == 'x_total{view="a\\"b\\\\c\\nd"} 1'


def test_the_health_check_and_metrics_answer_plain_http_behind_https(client, settings):
    """With GONGZHI_HTTPS=1 every page redirects to https, but a load balancer's health check and Prometheus reach
    the app server directly over the private network."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/board/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics", **AUTH).status_code == 200
    assert client.get("/metrics").status_code == 404
