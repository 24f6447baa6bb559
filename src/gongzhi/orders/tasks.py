"""Background work of the orders, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.orders.services import sweep_orders
from gongzhi.orders.suggestions import embed_ahead


@task()
def sweep_order_timeouts() -> dict[str, int]:
    """Escalate overdue orders once, close unconfirmed ones, refill menu places; safe to run any number of times."""
    return sweep_orders()


@task()
def embed_dispatch_texts() -> dict[str, int]:
    """Embed ahead the texts dispatch will rank (open free-text orders, active menu items): suggestions.embed_ahead."""
    return embed_ahead()
