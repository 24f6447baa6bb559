"""Background work of 楼门管家, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.stewards.services import sweep


@task()
def sweep_stewards() -> dict:
    """Remind communities whose last month's evaluations are missing; once per community and month."""
    return {"reminded": sweep()}
