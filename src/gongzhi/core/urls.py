from django.urls import path

from gongzhi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
    path("m/", views.resident_home, name="resident_home"),
    path("m/community/", views.resident_community, name="resident_community"),
    path("m/me/", views.resident_me, name="resident_me"),
    path("board/", views.board_index, name="board_index"),
    path("board/<int:community_id>/", views.board, name="board"),
    path("healthz", views.healthz, name="healthz"),
]
