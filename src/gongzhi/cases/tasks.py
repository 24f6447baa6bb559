"""Background work of 接诉即办 / 吹哨报到, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.cases.services import sweep_deadlines


@task()
def sweep_case_deadlines() -> int:
    """Escalate overdue steps to the street and the district. It re-reads every deadline from the database and
    each escalation exists at most once (a database constraint), so it is safe to run any number of times — in
    two workers at once, or again after a restart."""
    return sweep_deadlines()
