from django.urls import path

from gongzhi.talent import views

app_name = "talent"
urlpatterns = [
    path("workbench/talent/", views.pool, name="pool"),
    path("workbench/talent/suggest/", views.suggest, name="suggest"),
    path("workbench/talent/<int:pk>/", views.detail, name="detail"),
    path("workbench/talent/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("m/talent/", views.m_home, name="m_home"),
    path("m/talent/withdraw/", views.m_withdraw, name="m_withdraw"),
]
