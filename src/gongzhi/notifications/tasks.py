"""Background work of notifications, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.notifications.services import deliver_due, sweep_deliveries


@task()
def deliver_notifications() -> dict:
    """Send the e-mails, SMS and WeChat messages that are due (enqueued after each notify's commit)."""
    return deliver_due()


@task()
def sweep_notification_deliveries() -> dict:
    """Retry failed deliveries whose back-off has passed and hand back those a dead worker left half-sent."""
    return sweep_deliveries()
