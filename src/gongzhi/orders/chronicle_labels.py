"""Labels of the orders actions in the chronicle (see gongzhi/chronicle/labels.py)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.labels import register_actions

register_actions({
    "menu.built": _("生成服务菜单"), "menu.places_refilled": _("补充名额"), "menu_item.created": _("新增菜单项"),
    "menu_item.updated": _("修改菜单项"), "menu_item.published": _("上架菜单项"), "menu_item.withdrawn": _("下架菜单项"),
    "order.placed": _("居民点单"), "order.dispatched": _("派单"), "order.taken": _("接单"),
    "order.delivered": _("服务完成"), "order.confirmed": _("确认完成"), "order.rated": _("居民评价"),
    "order.cancelled": _("取消订单"), "order.escalated": _("超时督办"), "order.followed_up": _("差评回访"),
    "order_policy.updated": _("修改点单规则"),
})
