"""Background work of the orders, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.orders.services import sweep_orders


@task()
def sweep_order_timeouts() -> dict[str, int]:
    """Escalate overdue orders once, close unconfirmed ones, refill menu places; safe to run any number of times."""
    return sweep_orders()
