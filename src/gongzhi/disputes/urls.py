from django.urls import path

from gongzhi.disputes import views

app_name = "disputes"
urlpatterns = [
    path("workbench/disputes/", views.dispute_index, name="list"),
    path("workbench/disputes/follow-ups/", views.follow_up_index, name="follow_ups"),
    path("workbench/disputes/ledger.xlsx", views.ledger, name="ledger"),
    path("workbench/disputes/new/", views.dispute_new, name="new"),
    path("workbench/disputes/<int:pk>/", views.dispute_detail, name="detail"),
    path("workbench/disputes/<int:pk>/parties/new/", views.party_new, name="party_new"),
    path("workbench/disputes/<int:pk>/sessions/new/", views.session_new, name="session_new"),
    path("workbench/disputes/<int:pk>/outcome/", views.outcome_new, name="outcome"),
    path("workbench/disputes/<int:pk>/follow-ups/new/", views.follow_up_new, name="follow_up_new"),
    path("workbench/disputes/<int:pk>/follow-ups/schedule/", views.follow_up_schedule, name="follow_up_schedule"),
    path("workbench/disputes/<int:pk>/close/", views.dispute_close, name="close"),
    path("workbench/disputes/<int:pk>/reopen/", views.dispute_reopen, name="reopen"),
    path("workbench/disputes/<int:pk>/risk/", views.dispute_risk, name="risk"),
]
