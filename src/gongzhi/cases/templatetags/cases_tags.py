"""Badges and deadline labels of the case pages."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core import clock

register = template.Library()

BADGES = {
    "submitted": "badge-gold",
    "accepted": "badge-blue",
    "whistled": "badge-red",
    "resolved": "badge-gold",
    "closed": "badge-ok",
    "rejected": "",
    "sent": "badge-red",
    "reported": "badge-blue",
    "done": "badge-ok",
    "withdrawn": "",
    "satisfied": "badge-ok",
    "basic": "badge-gold",
    "unsatisfied": "badge-red",
    "street": "badge-gold",
    "district": "badge-red",
}


@register.filter
def case_badge(status: str) -> str:
    return BADGES.get(status, "")


@register.filter
def due_label(due, now=None) -> str:
    """'还剩 2 小时 10 分' / '已超时 1 天 3 小时' for a deadline."""
    if due is None:
        return ""
    now = now or clock.now()
    delta = due - now
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        span = _("%(d)d 天 %(h)d 小时") % {"d": days, "h": hours}
    elif hours:
        span = _("%(h)d 小时 %(m)d 分") % {"h": hours, "m": minutes}
    else:
        span = _("%(m)d 分钟") % {"m": minutes}
    return _("还剩 %(s)s") % {"s": span} if delta.total_seconds() >= 0 else _("已超时 %(s)s") % {"s": span}


@register.filter
def local(value, fmt: str = "Y-m-d H:i") -> str:
    from django.utils.dateformat import format as date_format

    return date_format(timezone.localtime(value), fmt) if value else ""


EVENT_LABELS = {
    "reported": gettext_lazy("反映诉求"), "accepted": gettext_lazy("受理"), "contacted": gettext_lazy("联系诉求人"),
    "transferred": gettext_lazy("移交首问责任"), "rejected": gettext_lazy("不予受理"), "whistled": gettext_lazy("吹哨"),
    "whistle_reported": gettext_lazy("部门报到"), "whistle_done": gettext_lazy("部门办结"), "whistle_withdrawn": gettext_lazy("撤回吹哨"),
    "whistle_scored": gettext_lazy("吹哨满意度赋分"), "meeting": gettext_lazy("协调会"), "resolved": gettext_lazy("办结"),
    "confirmed": gettext_lazy("居民确认办结"), "reopened": gettext_lazy("居民提出异议"),
    "closed_unconfirmed": gettext_lazy("居民逾期未确认，关闭"), "rated": gettext_lazy("居民评价"), "escalated": gettext_lazy("超时督办"),
}
# Events whose note is the free text of the step (the result, the reason …): shown after the step's label.
PREFIXED = {"rejected", "resolved", "reopened", "closed_unconfirmed", "contacted", "rated"}


@register.filter
def event_text(event) -> str:
    """What a timeline entry says: its own note, or the step's name, or both."""
    label = str(EVENT_LABELS.get(event.action, event.action))
    if not event.note:
        return label
    return f"{label}：{event.note}" if event.action in PREFIXED else event.note
