from django.urls import path

from gongzhi.lists import views

app_name = "lists"
urlpatterns = [
    # workbench
    path("workbench/lists/needs/", views.need_index, name="needs"),
    path("workbench/lists/needs/review/", views.need_queue, name="queue"),
    path("workbench/lists/needs/new/", views.need_new, name="need_new"),
    path("workbench/lists/needs/<int:pk>/", views.need_detail, name="need"),
    path("workbench/lists/needs/<int:pk>/review/", views.need_review, name="need_review"),
    path("workbench/lists/needs/<int:pk>/close/", views.need_close, name="need_close"),
    path("workbench/lists/needs/<int:pk>/claim/", views.need_claim, name="need_claim"),
    path("workbench/lists/resources/", views.resource_index, name="resources"),
    path("workbench/lists/resources/new/", views.resource_new, name="resource_new"),
    path("workbench/lists/resources/<int:pk>/", views.resource_detail, name="resource"),
    path("workbench/lists/resources/<int:pk>/withdraw/", views.resource_withdraw, name="resource_withdraw"),
    path("workbench/lists/resources/<int:pk>/claim/", views.resource_claim, name="resource_claim"),
    path("workbench/lists/activities/", views.activity_index, name="activities"),
    path("workbench/lists/activities/new/", views.activity_new, name="activity_new"),
    path("workbench/lists/activities/<int:pk>/", views.activity_detail, name="activity"),
    path("workbench/lists/claims/", views.claim_index, name="claims"),
    path("workbench/lists/claims/<int:pk>/fulfil/", views.claim_fulfil, name="claim_fulfil"),
    path("workbench/lists/claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    # resident shell
    path("m/needs/", views.resident_needs, name="m_needs"),
    path("m/needs/new/", views.resident_need_new, name="m_need_new"),
]
