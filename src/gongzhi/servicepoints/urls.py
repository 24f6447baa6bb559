from django.urls import path

from gongzhi.servicepoints import views

app_name = "servicepoints"
urlpatterns = [
    # workbench
    path("workbench/servicepoints/", views.points, name="points"),
    path("workbench/servicepoints/<int:pk>/", views.point_detail, name="point"),
    path("workbench/servicepoints/<int:pk>/active/", views.point_active, name="point_active"),
    path("workbench/servicepoints/neighbourhoods/", views.neighbourhoods, name="neighbourhoods"),
    path("workbench/servicepoints/neighbourhoods/<int:pk>/", views.neighbourhood_locate, name="locate"),
    path("workbench/servicepoints/circle/", views.circle, name="circle"),
    # resident shell
    path("m/servicepoints/", views.m_directory, name="m_directory"),
    path("m/servicepoints/<int:pk>/", views.m_point, name="m_point"),
    path("m/servicepoints/circle/", views.m_circle, name="m_circle"),
]
