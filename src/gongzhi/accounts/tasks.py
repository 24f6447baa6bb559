"""Background work of accounts, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.accounts.services import prune_login_attempts


@task()
def prune_old_login_attempts() -> int:
    """Delete login attempts past their retention; safe to run any number of times."""
    return prune_login_attempts()
