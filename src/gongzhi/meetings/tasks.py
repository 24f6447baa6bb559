"""Background work of joint meetings, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.meetings.services import sweep_overdue


@task()
def sweep_meeting_tasks() -> int:
    """Remind the owners of overdue tasks, once each; safe to run any number of times."""
    return sweep_overdue()
