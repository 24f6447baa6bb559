from django.urls import path

from gongzhi.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_index, name="list"),
    path("new/", views.organisation_register, name="register"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("departments/", views.department_index, name="departments"),
    path("departments/<int:pk>/", views.department_detail, name="department"),
]
