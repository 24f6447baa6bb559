"""The community's public board section: its service menu (what is offered, by whom, when, where, at what cost,
places left). No personal data: an in-service party member is shown as 在职党员."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import register_board_section
from gongzhi.orders.selectors import community_menu, menu_by_category


def menu_context(community) -> dict:
    items = list(community_menu(community))
    rows = [{"item": i, "provider": i.provider_label(public=True)} for i in items]
    return {"groups": [(category, [r for r in rows if r["item"].category_id == category.pk])
                       for category, _items in menu_by_category(items)], "count": len(items)}


def register() -> None:
    register_board_section("orders_menu", _("服务菜单"), "orders/board_menu.html", menu_context, order=30)
