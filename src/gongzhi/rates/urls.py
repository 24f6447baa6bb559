from django.urls import path

from gongzhi.rates import views

app_name = "rates"
urlpatterns = [
    # workbench
    path("workbench/rates/", views.league_table, name="league"),
    path("workbench/rates/export.xlsx", views.league_export, name="export"),
    path("workbench/rates/departments/<int:pk>/", views.department_detail, name="department"),
    path("workbench/rates/reviews/", views.reviews, name="reviews"),
    path("workbench/rates/reviews/request/<int:case_pk>/", views.review_request, name="review_request"),
    path("workbench/rates/reviews/<int:pk>/", views.review_decide, name="review_decide"),
    path("workbench/rates/weights/", views.weights, name="weights"),
    path("workbench/rates/weights/<int:region_pk>/clear/", views.weights_clear, name="weights_clear"),
    # public
    path("board/<int:community_id>/cases/", views.board_cases, name="board_cases"),
]
