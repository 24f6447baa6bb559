from django.urls import path

from gongzhi.reports import views

app_name = "reports"
urlpatterns = [
    path("workbench/reports/", views.report_list, name="list"),
    path("workbench/reports/<int:pk>/", views.detail, name="detail"),
    path("workbench/reports/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("workbench/reports/<int:pk>/publish/", views.publish, name="publish"),
    path("workbench/reports/<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("board/reports/<int:pk>.pdf", views.public_pdf, name="public_pdf"),
]
