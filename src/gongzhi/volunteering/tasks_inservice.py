"""Background work of in-service party members, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.volunteering.services.inservice import sweep_lapses


@task()
def sweep_inservice_lapses() -> int:
    """Record registrations that lapsed (no renewal within six months); safe to run any number of times."""
    return sweep_lapses()
