"""The notification of the four-order loop: an order dispatched to a provider reaches whoever takes orders for it
(the unit's liaisons, the team's current members, the in-service party member)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.notifications.kinds import register_kind
from gongzhi.notifications.recipients import unit_liaisons
from gongzhi.notifications.services import notify
from gongzhi.orders.models import ProviderKind
from gongzhi.people.models import TeamMembership


def register() -> None:
    register_kind("order_dispatched", gettext_lazy("新派单"), order=20,
                  roles={"unit_liaison", "volunteer", "resident"},
                  description=gettext_lazy("社区把居民的点单派给您（或您所在的单位、队伍），请及时接单"),
                  sms_text=gettext_lazy("【共治】您有新的派单待接单，请登录共治查看。"))


def provider_users(order) -> tuple[list[int], str]:
    """Who takes the order for its provider, and the page where they take it."""
    if order.provider_kind == ProviderKind.ORGANISATION and order.organisation_id:
        return unit_liaisons(order.organisation_id), reverse("orders:provider") + "#mine"
    if order.provider_kind == ProviderKind.TEAM and order.team_id:
        users = (TeamMembership.objects.current().filter(team_id=order.team_id, volunteer__person__user__isnull=False)
                 .values_list("volunteer__person__user_id", flat=True))
        return sorted(set(users)), reverse("orders:m_hall")
    if order.provider_kind == ProviderKind.PARTY_MEMBER and order.party_member_id:
        user_id = order.party_member.person.user_id
        return ([user_id] if user_id else []), reverse("orders:m_hall")
    return [], ""


def dispatched(order) -> None:
    users, url = provider_users(order)
    notify(kind="order_dispatched", recipients=users,
           # a re-dispatch to another provider is a new event; to the same one it is not
           event_key=f"order:{order.pk}:{order.provider_kind}:{order.provider_key[1]}",
           title=_("新派单：%(title)s") % {"title": order.menu_item.title if order.menu_item_id else order.title},
           body=_("%(community)s · 请在接单时限内接单") % {"community": order.community.name}, url=url)
