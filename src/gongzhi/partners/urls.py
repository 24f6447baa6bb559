from django.urls import path

from gongzhi.partners import views

app_name = "partners"
urlpatterns = [
    path("workbench/partners/", views.partner_list, name="list"),
    path("workbench/partners/apply/", views.apply, name="apply"),
    path("workbench/partners/<int:pk>/", views.partner_detail, name="detail"),
    path("workbench/partners/projects/", views.projects, name="projects"),
    path("workbench/partners/projects/<int:pk>/publish/", views.project_action, {"action": "publish"},
         name="project_publish"),
    path("workbench/partners/projects/<int:pk>/close/", views.project_action, {"action": "close"},
         name="project_close"),
    path("workbench/partners/alliances/", views.alliances, name="alliances"),
    path("workbench/partners/alliances/<int:pk>/", views.alliance_detail, name="alliance"),
    path("workbench/partners/members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("workbench/partners/offers/", views.offer_list, name="offers"),
    path("workbench/partners/offers/<int:pk>/publish/", views.offer_action, {"action": "publish"},
         name="offer_publish"),
    path("workbench/partners/offers/<int:pk>/withdraw/", views.offer_action, {"action": "withdraw"},
         name="offer_withdraw"),
    # resident shell
    path("m/partners/offers/", views.m_offers, name="m_offers"),
]
