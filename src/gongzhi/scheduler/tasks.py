"""Background work of the scheduler, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.scheduler.services import fail_orphaned_tasks, prune_runs


@task()
def prune_scheduled_runs() -> int:
    """Delete the scheduler's runs past their retention; safe to run any number of times."""
    return prune_runs()


@task()
def fail_lost_tasks() -> int:
    """Mark failed the tasks a dead worker left running (scheduler.services.fail_orphaned_tasks)."""
    return fail_orphaned_tasks()
