from django.urls import path

from gongzhi.portal import views

# The entry points keep the `core:` namespace they have always had ("core:workbench", "core:board" …): settings
# (LOGIN_REDIRECT_URL), the shell templates and the apps' links name them, and the namespace names the place in
# the site, not the Python package that renders it.
app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
    path("m/", views.resident_home, name="resident_home"),
    path("m/community/", views.resident_community, name="resident_community"),
    path("m/me/", views.resident_me, name="resident_me"),
    path("board/", views.board_index, name="board_index"),
    path("board/<int:community_id>/", views.board, name="board"),
    path("healthz", views.healthz, name="healthz"),
]
