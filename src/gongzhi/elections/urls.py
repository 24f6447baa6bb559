from django.urls import path

from gongzhi.elections import views

app_name = "elections"
urlpatterns = [
    path("workbench/elections/", views.staff_list, name="list"),
    path("workbench/elections/<int:pk>/", views.staff_detail, name="detail"),
    path("workbench/elections/candidates/<int:pk>/decide/", views.decide, name="decide"),
    path("workbench/elections/candidates/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("workbench/elections/problems/<int:pk>/case/", views.to_case, name="to_case"),
    path("m/elections/", views.m_list, name="m_list"),
    path("m/elections/<int:pk>/", views.m_detail, name="m_detail"),
]
