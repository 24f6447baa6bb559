from django.urls import path

from gongzhi.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("workbench/dashboard/", views.staff, name="staff"),
    path("workbench/dashboard/data/", views.staff_data, name="staff_data"),
    path("board/dashboard/<int:node_id>/", views.public, name="public"),
    path("board/dashboard/<int:node_id>/data/", views.public_data, name="public_data"),
]
