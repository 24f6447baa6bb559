from django.urls import path

from gongzhi.cases import views

app_name = "cases"
urlpatterns = [
    # workbench
    path("workbench/cases/", views.case_list, name="list"),
    path("workbench/cases/new/", views.case_new, name="new"),
    path("workbench/cases/<int:pk>/", views.case_detail, name="case"),
    path("workbench/cases/<int:pk>/accept/", views.case_accept, name="accept"),
    path("workbench/cases/<int:pk>/reject/", views.case_reject, name="reject"),
    path("workbench/cases/<int:pk>/transfer/", views.case_transfer, name="transfer"),
    path("workbench/cases/<int:pk>/contact/", views.case_contact, name="contact"),
    path("workbench/cases/<int:pk>/whistle/", views.case_whistle, name="whistle"),
    path("workbench/cases/<int:pk>/meeting/", views.case_meeting, name="meeting"),
    path("workbench/cases/<int:pk>/resolve/", views.case_resolve, name="resolve"),
    path("workbench/cases/<int:pk>/close/", views.case_close, name="close"),
    path("workbench/cases/<int:pk>/public-wording/", views.case_public_wording, name="public_wording"),
    path("cases/photos/<int:pk>/", views.case_photo, name="photo"),
    path("workbench/cases/whistles/<int:pk>/report/", views.whistle_report, name="whistle_report"),
    path("workbench/cases/whistles/<int:pk>/complete/", views.whistle_complete, name="whistle_complete"),
    path("workbench/cases/whistles/<int:pk>/withdraw/", views.whistle_withdraw, name="whistle_withdraw"),
    path("workbench/cases/whistles/<int:pk>/score/", views.whistle_score, name="whistle_score"),
    path("workbench/whistle-inbox/", views.receiver_inbox, name="inbox"),
    path("workbench/whistle-inbox/badge/", views.inbox_badge, name="inbox_badge"),
    path("workbench/escalations/", views.escalation_list, name="escalations"),
    path("workbench/responsibilities/", views.responsibilities, name="responsibilities"),
    path("workbench/responsibilities/new/", views.responsibility_new, name="responsibility_new"),
    path("workbench/responsibilities/<int:pk>/", views.responsibility_edit, name="responsibility_edit"),
    path("workbench/responsibilities/<int:pk>/remove/", views.responsibility_remove,
         name="responsibility_remove"),
    path("workbench/case-categories/", views.category_list, name="categories"),
    path("workbench/case-categories/<int:pk>/", views.category_edit, name="category_edit"),
    # public
    path("board/responsibilities/", views.public_responsibility_index, name="public_responsibility_index"),
    path("board/responsibilities/<int:region_id>/", views.public_responsibilities, name="public_responsibilities"),
    # resident phone
    path("m/cases/", views.resident_cases, name="m_list"),
    path("m/cases/new/", views.resident_case_new, name="m_new"),
    path("m/cases/<int:pk>/", views.resident_case, name="m_case"),
    path("m/cases/<int:pk>/confirm/", views.resident_confirm, name="m_confirm"),
    path("m/cases/<int:pk>/reopen/", views.resident_reopen, name="m_reopen"),
    path("m/cases/<int:pk>/rate/", views.resident_rate, name="m_rate"),
]
