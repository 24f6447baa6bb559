from django.urls import path

from gongzhi.orders.views import resident, staff

app_name = "orders"
urlpatterns = [
    # workbench: the dispatch board and its pages under workbench/orders/; the menu apart (workbench/service-menu/)
    # so that the side navigation marks one entry at a time
    path("workbench/orders/", staff.board, name="board"),
    path("workbench/orders/new/", staff.new, name="new"),
    path("workbench/orders/batch/", staff.batch, name="batch"),
    path("workbench/orders/hall/", staff.provider, name="provider"),
    path("workbench/orders/policy/", staff.policy, name="policy"),
    path("workbench/service-menu/", staff.menu, name="menu"),
    path("workbench/service-menu/new/", staff.item_new, name="item_new"),
    path("workbench/service-menu/build/", staff.menu_build, name="menu_build"),
    path("workbench/service-menu/<int:pk>/edit/", staff.item_edit, name="item_edit"),
    path("workbench/service-menu/<int:pk>/withdraw/", staff.item_withdraw, name="item_withdraw"),
    path("workbench/service-menu/<int:pk>/publish/", staff.item_publish, name="item_publish"),
    path("workbench/orders/<int:pk>/", staff.detail, name="detail"),
    path("workbench/orders/<int:pk>/dispatch/", staff.dispatch, name="dispatch"),
    path("workbench/orders/<int:pk>/take/", staff.take, name="take"),
    path("workbench/orders/<int:pk>/deliver/", staff.deliver, name="deliver"),
    path("workbench/orders/<int:pk>/confirm/", staff.confirm, name="confirm"),
    path("workbench/orders/<int:pk>/cancel/", staff.cancel, name="cancel"),
    path("workbench/orders/<int:pk>/follow-up/", staff.follow_up, name="follow_up"),
    # resident shell
    path("m/orders/", resident.my_orders, name="m_orders"),
    path("m/orders/menu/", resident.menu, name="m_menu"),
    path("m/orders/menu/<int:pk>/", resident.item, name="m_item"),
    path("m/orders/help/", resident.help_form, name="m_help"),
    path("m/orders/hall/", resident.hall, name="m_hall"),
    path("m/orders/<int:pk>/", resident.order, name="m_order"),
    path("m/orders/<int:pk>/status/", resident.order_status, name="m_status"),
    path("m/orders/<int:pk>/take/", resident.take, name="m_take"),
    path("m/orders/<int:pk>/deliver/", resident.deliver, name="m_deliver"),
    path("m/orders/<int:pk>/confirm/", resident.confirm, name="m_confirm"),
    path("m/orders/<int:pk>/rate/", resident.rate, name="m_rate"),
    path("m/orders/<int:pk>/cancel/", resident.cancel, name="m_cancel"),
]
