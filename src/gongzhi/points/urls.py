from django.urls import path

from gongzhi.points import views

app_name = "points"
urlpatterns = [
    # workbench
    path("workbench/points/", views.ledger, name="ledger"),
    path("workbench/points/accounts/", views.accounts, name="accounts"),
    path("workbench/points/accounts/<int:pk>/", views.account_detail, name="account"),
    path("workbench/points/rules/", views.rules, name="rules"),
    path("workbench/points/deeds/", views.deeds, name="deeds"),
    path("workbench/points/items/", views.items, name="items"),
    path("workbench/points/items/<int:pk>/", views.item_detail, name="item"),
    path("workbench/points/redemptions/", views.redemptions, name="redemptions"),
    path("workbench/points/redemptions/<int:pk>/pickup/", views.confirm_pickup, name="pickup"),
    path("workbench/points/redemptions/<int:pk>/cancel/", views.cancel, name="cancel"),
    # shared
    path("points/items/<int:pk>/photo/", views.item_photo, name="item_photo"),
    # resident shell
    path("m/points/", views.m_home, name="m_home"),
    path("m/points/shop/", views.m_shop, name="m_shop"),
    path("m/points/shop/<int:pk>/", views.m_item, name="m_item"),
    path("m/points/redemptions/", views.m_redemptions, name="m_redemptions"),
    path("m/points/redemptions/<int:pk>/cancel/", views.m_cancel, name="m_cancel"),
]
