"""Background work of the duty rosters, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.volunteering.services.rosters import DEFAULT_WEEKS, sweep_rosters


@task()
def sweep_roster_shifts(weeks: int = DEFAULT_WEEKS) -> dict[str, int]:
    """Make the rosters' missing shifts of the coming weeks; safe to run any number of times."""
    return sweep_rosters(weeks=weeks)
