"""Points arrive as soon as hours are confirmed: when an hours entry is saved confirmed (or declined or superseded
after payment), its credit (or reversal) is posted once the volunteering transaction commits.

The volunteering app sits below points and cannot call it, so points listen for saves of `HoursEntry`. This is a
convenience, not the guarantee: entries changed by a queryset update send no signal, and a failure here is logged
and left to `gongzhi points_sweep`, which credits and reverses everything it finds (the same idempotent services,
the same unique keys)."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _post(entry_id: int) -> None:
    from gongzhi.points import services
    from gongzhi.volunteering.models import HoursEntry, HoursStatus

    entry = HoursEntry.objects.select_related("community", "person").filter(pk=entry_id).first()
    if entry is None:
        return
    try:
        if entry.status == HoursStatus.CONFIRMED:
            services.credit_hours(entry=entry)
        elif entry.status in services.REVERSED_STATUSES:
            services.reverse_hours(entry=entry)
    except services.AlreadyPosted:
        pass
    except Exception:  # never break the organiser's confirmation: the sweep will post it
        logger.exception("points for hours entry %s left to the sweep", entry_id)


def hours_saved(sender, instance, **kwargs) -> None:
    from gongzhi.volunteering.models import HoursStatus

    if instance.status in (HoursStatus.CONFIRMED, HoursStatus.DECLINED, HoursStatus.SUPERSEDED):
        transaction.on_commit(lambda: _post(instance.pk))


def connect() -> None:
    from django.db.models.signals import post_save

    from gongzhi.volunteering.models import HoursEntry

    post_save.connect(hours_saved, sender=HoursEntry, dispatch_uid="points.hours_saved")
