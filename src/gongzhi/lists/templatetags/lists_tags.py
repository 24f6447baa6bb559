from django import template

register = template.Library()

BADGES = {
    "submitted": "badge-gold",
    "published": "badge-ok",
    "claimed": "badge-gold",
    "fulfilled": "badge-ok",
    "rejected": "badge-red",
}


@register.filter
def status_badge(status: str) -> str:
    """The badge class of a need, resource or claim status."""
    return BADGES.get(status, "")


@register.filter
def beneficiary_labels(codes) -> list[str]:
    from gongzhi.lists.models import Beneficiary

    names = dict(Beneficiary.choices)
    return [str(names.get(c, c)) for c in codes or []]


@register.simple_tag(takes_context=True)
def need_proposer(context, need):
    """提出方 of a need as the viewer may read it (lists.permissions.need_proposer)."""
    from gongzhi.lists.permissions import need_proposer as proposer

    return proposer(context["request"].user, need)
