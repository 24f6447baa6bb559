"""Background work of the space platform, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.spaces.services import sweep


@task()
def sweep_spaces() -> dict:
    """Occurrences undecided when their time comes lapse and free their slot; safe to run any number of times."""
    return {"lapsed": sweep().lapsed}
