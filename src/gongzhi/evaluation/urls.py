from django.urls import path

from gongzhi.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.scheme_index, name="schemes"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("<int:pk>/", views.scheme_detail, name="scheme"),
    path("<int:pk>/open/", views.scheme_open, name="open"),
    path("<int:pk>/notices/", views.scheme_notices, name="notices"),
    path("<int:pk>/publish/", views.scheme_publish, name="publish"),
    path("<int:pk>/commend/", views.scheme_commend, name="commend"),
    path("commendations/<int:pk>/withdraw/", views.commendation_withdraw, name="withdraw"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/report/", views.assessment_report, name="report"),
]
