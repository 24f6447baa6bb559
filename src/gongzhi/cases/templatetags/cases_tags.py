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
    note = _system_note(event.action, event.note)
    return _("%(label)s：%(note)s") % {"label": label, "note": note} if event.action in PREFIXED else note


# The notes the services write in Chinese when a step happens ("向…吹哨", "首问责任人：…"): a reader of the English
# interface gets them in English; free text typed by people (results, reasons) stays as typed.
_SYSTEM_NOTES = {
    "reported": (r"通过“(?P<c>.+)”反映", "通过“%(c)s”反映"),
    "accepted": (r"首问责任人：(?P<o>.+)", "首问责任人：%(o)s"),
    "whistled": (r"向(?P<d>.+)吹哨", "向%(d)s吹哨"),
    "whistle_reported": (r"(?P<d>.+)已报到", "%(d)s已报到"),
    "whistle_done": (r"(?P<d>[^：]+)办结：(?P<a>.*)", "%(d)s办结：%(a)s"),
    "whistle_withdrawn": (r"撤回对(?P<d>.+?)的吹哨：(?P<r>.*)", "撤回对%(d)s的吹哨：%(r)s"),
    "whistle_scored": (r"为(?P<d>.+)赋分 (?P<s>\d+)", "为%(d)s赋分 %(s)d"),
    "meeting": (r"召开协调会：(?P<p>.*)", "召开协调会：%(p)s"),
    "transferred": (r"责任移交给 (?P<u>[^：]+)：(?P<r>.*)", "责任移交给 %(u)s：%(r)s"),
}


def _system_note(action: str, note: str) -> str:
    import re

    if action == "rated":  # the satisfaction's label
        return str(_satisfaction_by_chinese_label().get(note, note))
    if action == "reported":
        channels = _channel_by_chinese_label()
        found = re.fullmatch(_SYSTEM_NOTES["reported"][0], note, re.S)
        if found:
            return _("通过“%(c)s”反映") % {"c": channels.get(found["c"], found["c"])}
    if action in _SYSTEM_NOTES:
        pattern, message = _SYSTEM_NOTES[action]
        found = re.fullmatch(pattern, note, re.S)
        if found:
            values = {k: int(v) if k == "s" else v for k, v in found.groupdict().items()}
            return _(message) % values  # each message is a literal of the services, translated there
    return note


def _channel_by_chinese_label() -> dict:
    from django.utils import translation

    from gongzhi.cases.models import CaseChannel

    with translation.override("zh-hans"):
        return {str(c.label): c.label for c in CaseChannel}


def _satisfaction_by_chinese_label() -> dict:
    from django.utils import translation

    from gongzhi.cases.models import Satisfaction

    with translation.override("zh-hans"):
        return {str(s.label): s.label for s in Satisfaction}
