"""Background work of micro-wishes, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.wishes.services import sweep_overdue_claims


@task()
def sweep_overdue_wishes() -> int:
    """Mark claims past their deadline as overdue; safe to run any number of times."""
    return sweep_overdue_claims()
