from django.urls import path

from gongzhi.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_index, name="list"),
    path("new/", views.contract_new, name="new"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/commitments/new/", views.commitment_new, name="commitment_new"),
    path("<int:pk>/agree/", views.contract_agree, name="agree"),
    path("<int:pk>/sign/", views.contract_sign, name="sign"),
    path("<int:pk>/officer/", views.contract_officer, name="officer"),
    path("<int:pk>/amend/", views.contract_amend, name="amend"),
    path("<int:pk>/document.pdf", views.contract_document, name="document"),
    path("projects/", views.project_index, name="projects"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/remove/", views.commitment_remove, name="commitment_remove"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("reminders/", views.reminder_index, name="reminders"),
    path("meetings/", views.meeting_index, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("board/", views.publication_index, name="publications"),
    path("report/", views.report, name="report"),
]

public_urlpatterns = [
    path("<int:pk>/", views.publication_page, name="publication"),
    path("<int:pk>/document.pdf", views.publication_pdf, name="publication_pdf"),
]
