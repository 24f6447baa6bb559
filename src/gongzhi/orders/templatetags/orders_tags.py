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
