from django.urls import path

from gongzhi.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_index, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("teams/", views.team_index, name="teams"),
    path("teams/new/", views.team_new, name="team_new"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/join/", views.team_join, name="team_join"),
    path("teams/<int:pk>/leave/", views.team_leave, name="team_leave"),
    path("teams/<int:pk>/captain/", views.team_captain, name="team_captain"),
    path("register/", views.person_register, name="register"),
    path("register/buildings/", views.building_options, name="building_options"),
]
