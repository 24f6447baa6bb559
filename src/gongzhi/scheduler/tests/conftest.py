import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def at(*parts: int) -> dt.datetime:
    """A moment in the project's time zone (Beijing time unless GONGZHI_TIME_ZONE says otherwise)."""
    return dt.datetime(*parts, tzinfo=timezone.get_default_timezone())  # type: ignore[arg-type, misc]


def enqueued_paths() -> list[str]:
    return list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", flat=True))
