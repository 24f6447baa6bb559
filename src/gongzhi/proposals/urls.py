from django.urls import path

from gongzhi.proposals import views

app_name = "proposals"
urlpatterns = [
    path("workbench/proposals/", views.staff_list, name="list"),
    path("workbench/proposals/<int:pk>/", views.staff_detail, name="detail"),
    path("m/proposals/", views.m_list, name="m_list"),
    path("m/proposals/new/", views.m_new, name="m_new"),
    path("m/proposals/<int:pk>/", views.m_detail, name="m_detail"),
    path("m/proposals/<int:pk>/support/", views.m_support, name="m_support"),
]
