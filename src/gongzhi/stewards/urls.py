from django.urls import path

from gongzhi.stewards import views

app_name = "stewards"
urlpatterns = [
    path("workbench/stewards/", views.index, name="index"),
    path("workbench/stewards/vacancies/", views.vacancies, name="vacancies"),
    path("workbench/stewards/appoint/<int:post_pk>/", views.appoint, name="appoint"),
    path("workbench/stewards/evaluations/", views.evaluations, name="evaluations"),
    path("workbench/stewards/suggestions/", views.suggestions, name="suggestions"),
    path("workbench/stewards/suggestions/<int:pk>/", views.suggestion_detail, name="suggestion"),
    path("workbench/stewards/<int:pk>/", views.detail, name="detail"),
    path("m/stewards/", views.m_home, name="m_home"),
]
