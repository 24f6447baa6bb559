from django import template
from django.utils.translation import gettext as _

register = template.Library()

BADGES = {
    "open": "badge-gold",
    "dispatched": "badge-gold",
    "taken": "",
    "delivered": "badge-gold",
    "confirmed": "badge-ok",
    "rated": "badge-ok",
    "cancelled": "badge-red",
}


@register.filter
def order_badge(status: str) -> str:
    """The badge class of an order status."""
    return BADGES.get(status, "")


@register.filter
def stars(rating) -> str:
    if not rating:
        return ""
    return "★" * int(rating) + "☆" * (5 - int(rating))


@register.filter
def places(item) -> str:
    """剩余 3 个名额 / 名额已满 / 不限名额."""
    if item.capacity is None:
        return _("不限名额")
    if (item.places_left or 0) <= 0:
        return _("本期名额已满")
    return _("剩余 %(n)d 个名额") % {"n": item.places_left}


@register.filter
def cost_label(item) -> str:
    if item.cost == "semi_free":
        return f"{_('半公益')} · {item.price_note}" if item.price_note else _("半公益")
    return _("免费")


# The timeline's system notes were written in Chinese when the step happened ("派单给…", "4 星"); a reader of the
# English interface gets them in English. Each pattern is the Chinese text the services write; a note that matches
# none (a provider's or resident's own words) is shown as it was typed.
def _system_notes():
    import re

    from django.utils.translation import gettext as _

    return [
        (re.compile(r"派单给(?P<p>.+)"), lambda m: _("派单给%(p)s") % {"p": m["p"]}),
        (re.compile(r"(?P<n>[1-5]) 星(?P<low>，低评价已提交社区回访)?"),
         lambda m: _("%(n)d 星") % {"n": int(m["n"])} + (_("，低评价已提交社区回访") if m["low"] else "")),
        (re.compile(r"社区回访：(?P<n>.*)", re.S), lambda m: _("社区回访：%(n)s") % {"n": m["n"]}),
        (re.compile(r"居民确认服务完成"), lambda m: _("居民确认服务完成")),
        (re.compile(r"超时未接单，已提交社区督办"), lambda m: _("超时未接单，已提交社区督办")),
        (re.compile(r"(?P<p>.+)接单"), lambda m: _("%(p)s接单") % {"p": m["p"]}),
        (re.compile(r"线上点单|电话|网格员代点|服务窗口"), lambda m: str(_channel_labels()[m[0]])),
    ]


def _channel_labels() -> dict:
    from django.utils import translation

    from gongzhi.orders.models import Channel

    with translation.override("zh-hans"):
        return {str(c.label): c.label for c in Channel}


@register.filter
def event_note(note: str) -> str:
    """An order timeline note in the reader's language (see _system_notes)."""
    if not note:
        return ""
    for pattern, say in _system_notes():
        m = pattern.fullmatch(note)
        if m:
            return say(m)
    return note
