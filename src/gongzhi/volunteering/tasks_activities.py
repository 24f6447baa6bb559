"""Background work of volunteer activities, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.volunteering.services.activities import sweep_unclosed_checkins


@task()
def sweep_activity_checkins() -> int:
    """Close the check-ins left open after their activity ended; safe to run any number of times."""
    return sweep_unclosed_checkins()
