"""Background work goes through Django's task interface with the ORM-backed backend: enqueued rows are
durable (they survive a restart of the web process) and a worker runs them."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from gongzhi.chronicle.services import record
from gongzhi.chronicle.tasks import verify_chronicle


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection between tasks
def test_a_task_is_stored_then_run_by_the_worker():
    record(("test.subject", "1"), "test.happened")
    result = verify_chronicle.enqueue()
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == "READY"
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == {"ok": True, "checked": 1, "first_bad_seq": None}
