"""Background work of resident proposals, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.proposals.services import sweep


@task()
def sweep_proposals() -> dict:
    """Remind once of every proposal past its answer date; safe to run any number of times."""
    result = sweep()
    return {"overdue": result.overdue, "reminded": result.reminded}
