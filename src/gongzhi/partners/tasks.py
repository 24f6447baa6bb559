"""Background work of partners, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.partners.services import sweep


@task()
def sweep_partners() -> dict:
    """End the partnerships whose agreement ran out; safe to run any number of times."""
    return {"ended": sweep()}
