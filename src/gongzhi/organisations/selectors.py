"""Read queries over units and departments, starting from the scoped querysets."""

from __future__ import annotations

from gongzhi.core.listing import search
from gongzhi.organisations.permissions import departments_visible_to, organisations_visible_to

SEARCH_FIELDS = ("name", "short_name", "search_key")


ANY_PARTNER = "any"


def organisation_list(user, *, q: str = "", kind: str = "", partner_type: str = ""):
    qs = organisations_visible_to(user).select_related("home", "supervising_department")
    qs = search(qs, q, SEARCH_FIELDS)
    if kind:
        qs = qs.filter(kind=kind)
    if partner_type == ANY_PARTNER:  # every community partner, whatever its type
        qs = qs.exclude(partner_type="")
    elif partner_type:
        qs = qs.filter(partner_type=partner_type)
    return qs.order_by("home__path", "name")


def department_list(user, *, q: str = "", kind: str = ""):
    qs = departments_visible_to(user).select_related("home")
    qs = search(qs, q, ("name", "search_key"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("home__path", "name")
