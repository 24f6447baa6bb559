import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = {"grid_worker", "community_staff", "street_staff", "district_staff", "system_admin"}


class OrdersConfig(AppConfig):
    name = "gongzhi.orders"
    label = "orders"
    verbose_name = _("点单服务")

    def ready(self) -> None:
        from gongzhi.core.registry import register_nav, register_resident_entry
        from gongzhi.orders import board, notices, stats, todos
        from gongzhi.orders.permissions import providers_for

        notices.register()
        stats.register()
        board.register()
        todos.register()
        from gongzhi.orders.models import Order
        from gongzhi.orders.permissions import order_text_access
        from gongzhi.people.permissions import register_text_access

        register_text_access(Order, order_text_access)
        register_nav("orders:board", _("派单调度"), "⇄", STAFF, order=40)
        register_nav("orders:menu", _("服务菜单"), "☵", STAFF | {"unit_liaison"}, order=41)
        register_nav("orders:provider", _("接单大厅"), "✋", {"unit_liaison"}, order=42)
        register_resident_entry("orders:m_menu", _("服务菜单"), "☵", hint=_("点单·预约服务"), order=10)
        register_resident_entry("orders:m_orders", _("我的订单"), "☑", hint=_("进度·确认·评价"), order=11)
        register_resident_entry("orders:m_hall", _("接单大厅"), "✋", hint=_("志愿者·党员接单"), order=12,
                                visible=lambda user: bool(providers_for(user)))

        # periodic work, enqueued by `gongzhi scheduler` (intervals and why: ADR 0021)
        from gongzhi.core.registry import register_periodic
        from gongzhi.orders.tasks import embed_dispatch_texts, sweep_order_timeouts

        register_periodic("orders_sweep", sweep_order_timeouts, every=dt.timedelta(minutes=5),
                          offset=dt.timedelta(minutes=1), label=_("点单超时巡检"))
        register_periodic("orders_embed", embed_dispatch_texts, every=dt.timedelta(minutes=5),
                          offset=dt.timedelta(minutes=3), label=_("派单文本预先语义编码"))
