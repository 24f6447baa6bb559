from django import template

from gongzhi.wishes.models import WishStatus

register = template.Library()

BADGES = {
    WishStatus.SUBMITTED: "badge-gold",
    WishStatus.OPEN: "badge-red",
    WishStatus.CLAIMED: "badge-gold",
    WishStatus.OVERDUE: "badge-red",
    WishStatus.FULFILLED: "badge-gold",
    WishStatus.CONFIRMED: "badge-ok",
}


@register.filter
def wish_badge(status: str) -> str:
    """The badge class of a wish status."""
    return BADGES.get(status, "")
