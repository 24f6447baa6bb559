from django.urls import path

from gongzhi.recognition import views

app_name = "recognition"
urlpatterns = [
    # workbench
    path("workbench/recognition/", views.volunteers, name="volunteers"),
    path("workbench/recognition/volunteers.xlsx", views.volunteers_export, name="volunteers_export"),
    path("workbench/recognition/people/<int:pk>/", views.person_record, name="record"),
    path("workbench/recognition/certificates/", views.certificates, name="certificates"),
    path("workbench/recognition/certificates.xlsx", views.certificates_export, name="certificates_export"),
    path("workbench/recognition/certificates/new/", views.certificate_new, name="certificate_new"),
    path("workbench/recognition/certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("workbench/recognition/certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("workbench/recognition/requests/", views.requests_list, name="requests"),
    path("workbench/recognition/requests/<int:pk>/decline/", views.request_decline, name="request_decline"),
    path("workbench/recognition/honours/", views.honours, name="honours"),
    path("workbench/recognition/honours/new/", views.honour_new, name="honour_new"),
    path("workbench/recognition/honours/<int:pk>/", views.honour_detail, name="honour"),
    path("workbench/recognition/honours/<int:pk>/nominate/", views.honour_nominate, name="honour_nominate"),
    path("workbench/recognition/honours/<int:pk>/decide/", views.honour_decide, name="honour_decide"),
    path("workbench/recognition/honours/<int:pk>/publish/", views.honour_publish, name="honour_publish"),
    # the certificate's download (staff in scope and the holder)
    path("recognition/certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    # the volunteer's phone
    path("m/recognition/", views.m_record, name="m_record"),
    path("m/recognition/request/", views.m_request, name="m_request"),
    path("m/recognition/honours/", views.m_honours, name="m_honours"),
    path("m/recognition/honours/<int:pk>/nominate/", views.m_nominate, name="m_nominate"),
    # public verification (no login)
    path("verify/certificates/<str:number>/", views.verify, name="verify"),
]
