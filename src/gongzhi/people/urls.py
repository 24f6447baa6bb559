from django.urls import path

from gongzhi.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_index, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("teams/", views.team_index, name="teams"),
    path("register/", views.person_register, name="register"),
    path("register/buildings/", views.building_options, name="building_options"),
]
