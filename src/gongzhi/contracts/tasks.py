"""Background work of the contract lifecycle, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.contracts.services import sweep_reminders


@task()
def sweep_contract_reminders() -> int:
    """Create the day's approaching/overdue reminders; safe to run any number of times."""
    return sweep_reminders()
