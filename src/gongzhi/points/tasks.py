"""Background work of points, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.points.services import sweep


@task()
def sweep_points() -> dict:
    """Credit confirmed hours and reverse declined or superseded ones; safe to run any number of times."""
    result = sweep()
    return {"credited": result.credited, "reversed": result.reversed, "skipped": result.skipped}
