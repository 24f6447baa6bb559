from django.urls import path

from gongzhi.wishes import views

app_name = "wishes"
urlpatterns = [
    # workbench
    path("workbench/wishes/", views.wish_index, name="list"),
    path("workbench/wishes/review/", views.wish_queue, name="queue"),
    path("workbench/wishes/new/", views.wish_new, name="new"),
    path("workbench/wishes/policy/", views.wish_policy, name="policy"),
    path("workbench/wishes/<int:pk>/", views.wish_detail, name="detail"),
    path("workbench/wishes/<int:pk>/review/", views.wish_review, name="review"),
    path("workbench/wishes/<int:pk>/wording/", views.wish_reword, name="reword"),
    path("workbench/wishes/<int:pk>/days/", views.wish_days, name="days"),
    path("workbench/wishes/<int:pk>/release/", views.wish_release, name="release"),
    path("workbench/wishes/<int:pk>/confirm/", views.wish_confirm, name="confirm"),
    path("workbench/wishes/<int:pk>/withdraw/", views.wish_withdraw, name="withdraw"),
    path("workbench/wishes/<int:pk>/claim/", views.wish_claim, name="claim"),
    path("workbench/wishes/<int:pk>/fulfil/", views.wish_fulfil, name="fulfil"),
    path("workbench/wishes/<int:pk>/give-up/", views.wish_give_up, name="give_up"),
    # shared
    path("wishes/<int:pk>/claim/", views.claim_entry, name="claim_entry"),
    path("wishes/photos/<int:pk>/", views.photo, name="photo"),
    # resident shell
    path("m/wishes/", views.m_list, name="m_list"),
    path("m/wishes/new/", views.m_new, name="m_new"),
    path("m/wishes/claimed/", views.m_claimed, name="m_claimed"),
    path("m/wishes/<int:pk>/", views.m_detail, name="m_detail"),
    path("m/wishes/<int:pk>/confirm/", views.m_confirm, name="m_confirm"),
    path("m/wishes/<int:pk>/thank/", views.m_thank, name="m_thank"),
    path("m/wishes/<int:pk>/withdraw/", views.m_withdraw, name="m_withdraw"),
    path("m/wishes/<int:pk>/claim/", views.m_claim, name="m_claim"),
    path("m/wishes/<int:pk>/fulfil/", views.m_fulfil, name="m_fulfil"),
    path("m/wishes/<int:pk>/give-up/", views.m_give_up, name="m_give_up"),
    # the public wish wall (no login)
    path("board/<int:community_id>/wishes/", views.wall_page, name="wall"),
]
